import Foundation
import LoaCore
import LoaProtocol
import LoaStationWire

/// Enrolment: the station issues a box id and the box's config; the station then knows the box
/// before it has ever spoken (`loa fleet` shows it as never connected, a delivery expects it).
public struct Enroller: Sendable {
  public let config: StationConfig
  public let store: StationStore
  public let signer: Signer
  /// Per-box broker accounts, when the station keeps the broker's password file.
  public let accounts: BrokerAccounts?

  public init(config: StationConfig, store: StationStore, signer: Signer) {
    self.config = config
    self.store = store
    self.signer = signer
    accounts = config.enrollPasswordFile.map {
      BrokerAccounts(passwordFile: $0, reloadCommand: config.enrollReloadCommand)
    }
  }

  /// The name of the broker's CA beside the box's config (its `ca_file`, relative to the config).
  public static let caFileName = "broker-ca.crt"

  /// The files that go beside every box's config.
  public var files: [String: String] {
    config.enrollCAPEM.map { [Self.caFileName: $0] } ?? [:]
  }

  /// Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I/L).
  static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

  public func enrol(_ r: StationWire.EnrolRequest, now: Date = Date()) throws(LoaError) -> StationWire.Enrolment {
    guard let commune = config.commune else {
      throw LoaError(.badTarget, "a province's station does not enrol boxes; the commune's station does")
    }
    let hamlet = r.hamlet.trimmingCharacters(in: .whitespaces)
    guard (try? BoxIdentity(province: config.province, commune: commune, hamlet: hamlet, box: "x")) != nil else {
      throw LoaError(
        .badTarget, "hamlet code '\(hamlet.prefix(64))' must be 1–64 letters, digits, '-' or '_' (mã thôn/ấp)")
    }
    if let n = r.name, n.count > 100 { throw LoaError(.badMetadata, "the name is longer than 100 characters") }
    let known = try store.knownBoxes()
    let box: String
    if let b = r.box?.trimmingCharacters(in: .whitespaces) {
      guard (try? BoxIdentity(province: config.province, commune: commune, hamlet: hamlet, box: b)) != nil else {
        throw LoaError(.badTarget, "box id '\(b.prefix(64))' must be 1–64 letters, digits, '-' or '_'")
      }
      guard !known.contains(where: { $0.identity.box == b }) else {
        throw LoaError(.badTarget, "box id '\(b)' is already in use in this commune (mã cụm loa đã có)")
      }
      box = b
    } else {
      let used = Set(known.map(\.identity.box))
      box = (1...999).lazy.map { String(format: "%@-%02d", hamlet, $0) }.first { !used.contains($0) } ?? hamlet + "-x"
    }
    let identity = try BoxIdentity(province: config.province, commune: commune, hamlet: hamlet, box: box)
    let code = String((0..<8).map { _ in Self.alphabet.randomElement()! })
    let expires = now.addingTimeInterval(config.enrollCodeHours * 3600)
    // Its own broker account first: a failure there leaves no half-enrolled box.
    var login: (user: String, password: String)? = nil
    if let accounts {
      let l = (user: BrokerAccounts.userName(identity), password: BrokerAccounts.newPassword())
      try accounts.set(user: l.user, password: l.password)
      login = l
    }
    let text = boxConfig(identity, name: r.name, login: login)
    try store.enrol(identity, name: r.name, code: code, config: text, at: now, expires: expires)
    return StationWire.Enrolment(
      box: box, hamlet: hamlet, name: r.name, code: code, expiresAt: expires, config: text, files: files)
  }

  /// The box's config: its place, the broker (its CA and the box's own account), the keys it
  /// trusts (this station's first).
  func boxConfig(_ i: BoxIdentity, name: String?, login: (user: String, password: String)? = nil) -> String {
    let broker =
      config.enrollBroker ?? "\(config.brokerTLS ? "mqtts" : "mqtt")://\(config.brokerHost):\(config.brokerPort)"
    var s = """
      # Loa box \(i.box)\(name.map { " — \($0)" } ?? "") (thôn/ấp \(i.hamlet)), enrolled by \(config.name).
      # Written by `loa enroll`; see deploy/loa.toml for every other setting.

      [uplink]
      broker = "\(broker)"
      province = "\(i.province)"
      commune = "\(i.commune)"
      hamlet = "\(i.hamlet)"
      box = "\(i.box)"
      \(config.enrollCAPEM == nil ? "" : "ca_file = \"\(Self.caFileName)\"   # beside this file\n")\
      \(login.map { "username = \"\($0.user)\"\npassword = \"\($0.password)\"\n" } ?? "")
      [[uplink.key]]
      id = "\(signer.kid)"
      public_key = "\(signer.publicKeyBase64)"
      role = "commune"
      scope = "\(i.commune)"

      """
    for k in config.enrollKeys {
      s += """

        [[uplink.key]]
        id = "\(k.id)"
        public_key = "\(k.publicKey)"
        role = "\(k.role)"
        scope = "\(k.scope)"

        """
    }
    return s
  }
}

extension StationStore {
  func enrol(_ i: BoxIdentity, name: String?, code: String, config: String, at: Date, expires: Date) throws(LoaError) {
    do {
      try database.write { db in
        try db.execute(
          sql: """
            INSERT INTO boxes (key, province, commune, hamlet, box, name, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Self.key(i), i.province, i.commune, i.hamlet, i.box, name, at])
        try db.execute(
          sql: "INSERT INTO enrolments (code, box_key, config, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
          arguments: [code, Self.key(i), config, at, expires])
      }
    } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }

  /// The config behind a code, once; an unknown, used or expired code says which.
  public func redeem(code: String, now: Date = Date()) throws(LoaError) -> String {
    do {
      return try database.write { db -> String in
        guard let r = try db.fetchOne(sql: "SELECT * FROM enrolments WHERE code = ?", arguments: [code]) else {
          throw LoaError(.unknownCode, "no enrolment code '\(code.prefix(16))' at this station (mã không đúng)")
        }
        if let used: Date = r["used_at"] {
          throw LoaError(
            .codeUsed, "code \(code) was already used at \(LocalTime.format(used)); enrol the box again (mã đã dùng)")
        }
        if (r["expires_at"] as Date) <= now {
          throw LoaError(.codeUsed, "code \(code) expired; enrol the box again (mã đã hết hạn)")
        }
        // The config holds the box's broker password: once fetched, the station forgets it.
        try db.execute(
          sql: "UPDATE enrolments SET used_at = ?, config = '' WHERE code = ?", arguments: [now, code])
        return r["config"]
      }
    } catch let e as LoaError {
      throw e
    } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }
}
