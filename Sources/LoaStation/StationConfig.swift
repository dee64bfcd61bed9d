import Foundation
import LoaCore
import LoaProtocol
import LoaStationWire
import LoaTLS
import LoaTOML
import TOMLKit

/// `loa-station serve --config station.toml` (deploy/station.toml): the area the station serves,
/// its broker, the key it signs with, where it keeps its database and where its API listens.
public struct StationConfig: Sendable {
  /// Shown in the console and the API (`Trạm truyền thanh xã …`).
  public var name = "Trạm truyền thanh"
  public var province = ""
  /// Nil: the whole province (a province's station).
  public var commune: String?
  public var stateDir = StationPaths.defaultStateDir
  public var listenHost = "127.0.0.1"
  public var listenPort = 8790
  /// How boxes reach the station's HTTP (files sent with `loa play --to`), e.g.
  /// `http://10.0.0.2:8790`; default: the listen address, unless it is a wildcard.
  public var publicURL: String?
  /// HTTPS on the listener: a PEM certificate chain and its key (mode 600). Nil: plain HTTP
  /// (loopback, or behind a proxy that does TLS).
  public var tlsCert: String?
  public var tlsKey: String?
  /// How often boxes send a heartbeat; a box silent for three of them is reported as lost.
  public var heartbeatSeconds = 60.0
  public var brokerHost = "127.0.0.1"
  public var brokerPort = 1883
  public var brokerTLS = false
  public var clientId: String?
  /// `[broker] share`: stations of one group split the boxes' messages between them (MQTT shared
  /// subscriptions, `$share/GROUP/…`), storing into one PostgreSQL database.
  public var shareGroup: String?
  public var username: String?
  public var password: String?
  public var caFile: String?
  public var certFile: String?
  public var keyFile: String?
  /// The key the station signs receipts and jobs with (a commune's or the province's key, as the
  /// boxes trust it), and its id.
  public var signingKid = ""
  public var signingKeyFile = ""
  /// What a box enrolled here is told: the broker as the boxes reach it (default: the station's),
  /// and more trusted keys (the province's), as `[[uplink.key]]` lines for its config.
  public var enrollBroker: String?
  public var enrollKeys: [(id: String, publicKey: String, role: String, scope: String)] = []
  /// How long an enrolment code stays valid.
  public var enrollCodeHours = 168.0
  /// `[enroll] ca_file`: the CA that signed the broker's certificate, handed to each box with its
  /// config (`broker-ca.crt` beside it), and its PEM text.
  public var enrollCAFile: String?
  public var enrollCAPEM: String?
  /// `[enroll] password_file`: the mosquitto password file the station keeps, one account per box;
  /// `reload_command` has the broker read it again (e.g. `["systemctl", "reload", "mosquitto"]`).
  public var enrollPasswordFile: String?
  public var enrollReloadCommand: [String] = []
  /// `[live]`: the Icecast server live broadcasts go through (nil: no `loa live`).
  public var live: LiveSettings?
  /// `[province]`: the link to the province's source system (nil: none).
  public var provinceLink: ProvinceSettings?
  /// Unknown settings, named for the log.
  public var warnings: [String] = []

  public init() {}

  public var listen: String { "\(listenHost):\(listenPort)" }
  public var databasePath: String { (stateDir as NSString).appendingPathComponent("station.sqlite") }
  /// `[station] database`: a PostgreSQL URL a province's stations share; nil: SQLite in `state_dir`.
  public var databaseURL: String?

  public static func load(_ path: String) throws(LoaError) -> StationConfig {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoaError(.config, "cannot read the station config '\(path)' (không đọc được tệp cấu hình trạm)")
    }
    return try parse(try decodeUTF8Strictly([UInt8](data), what: "station config '\(path)'"), origin: path)
  }

  public static func parse(_ text: String, origin: String) throws(LoaError) -> StationConfig {
    let root: TOMLTable
    do { root = try TOMLText.parse(text) } catch {
      throw LoaError(.config, "\(origin):\(error.line):\(error.column): \(error.description)")
    }
    var c = StationConfig()
    var reader = TableReader(table: root, origin: origin, section: nil)
    var sawStation = false
    try reader.section("station") { r throws(LoaError) in
      sawStation = true
      if let v = try r.string("name") { c.name = v }
      guard let p = try r.string("province") else { throw r.fail("province", "is required (the province code)") }
      c.province = p
      c.commune = try r.string("commune")
      for (key, v) in [("province", c.province), ("commune", c.commune)] {
        if let v, Target(path: v) == nil || v.contains("/") {
          throw r.fail(key, "'\(v)' must be 1–64 letters, digits, '-' or '_' (it is part of MQTT topics)")
        }
      }
      if let v = try r.string("state_dir") { c.stateDir = v }
      if let v = try r.string("database") {
        guard let u = URLComponents(string: v), ["postgres", "postgresql"].contains(u.scheme ?? ""),
          u.host?.isEmpty == false
        else {
          throw r.fail("database", "must be postgres://USER:PASSWORD@HOST:PORT/DATABASE (leave it out for SQLite)")
        }
        c.databaseURL = v
      }
      if let v = try r.string("listen") {
        guard let (h, p) = Self.hostPort(v) else { throw r.fail("listen", "must be HOST:PORT, got '\(v)'") }
        (c.listenHost, c.listenPort) = (h, p)
      }
      if let v = try r.double("heartbeat_seconds", 5...3600) { c.heartbeatSeconds = v }
      c.tlsCert = try r.string("tls_cert")
      c.tlsKey = try r.string("tls_key")
      if (c.tlsCert == nil) != (c.tlsKey == nil) {
        throw r.fail("tls_cert", "and 'tls_key' go together (HTTPS needs both)")
      }
      if let v = try r.string("public_url") {
        guard let u = URLComponents(string: v), ["http", "https"].contains(u.scheme ?? ""), u.host?.isEmpty == false
        else { throw r.fail("public_url", "must be http(s)://HOST[:PORT], got '\(v)'") }
        c.publicURL = v.hasSuffix("/") ? String(v.dropLast()) : v
      } else if !["0.0.0.0", "::", "[::]"].contains(c.listenHost) {
        c.publicURL = "\(c.tlsCert == nil ? "http" : "https")://\(c.listenHost):\(c.listenPort)"
      }
    }
    guard sawStation else { throw LoaError(.config, "\(origin): needs a [station] section with 'province'") }
    try reader.section("broker") { r throws(LoaError) in
      if let v = try r.string("url") {
        guard let u = URLComponents(string: v), let scheme = u.scheme, ["mqtt", "mqtts"].contains(scheme),
          let host = u.host, !host.isEmpty
        else { throw r.fail("url", "must be mqtt://HOST[:PORT] or mqtts://HOST[:PORT], got '\(v)'") }
        c.brokerHost = host
        c.brokerTLS = scheme == "mqtts"
        c.brokerPort = u.port ?? (c.brokerTLS ? 8883 : 1883)
      }
      c.clientId = try r.string("client_id")
      if let g = try r.string("share") {
        guard !g.isEmpty, g.count <= 64,
          g.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
          throw r.fail("share", "'\(g)' must be 1–64 letters, digits, '-' or '_' (an MQTT shared subscription group)")
        }
        c.shareGroup = g
      }
      c.username = try r.string("username")
      c.password = try r.string("password")
      c.caFile = try r.string("ca_file")
      c.certFile = try r.string("cert_file")
      c.keyFile = try r.string("key_file")
    }
    try reader.section("signing") { r throws(LoaError) in
      guard let kid = try r.string("kid"), let file = try r.string("key_file") else {
        throw r.fail("kid", "and 'key_file' are required: the key the boxes trust for this station")
      }
      c.signingKid = kid
      c.signingKeyFile = file
    }
    try reader.section("enroll") { r throws(LoaError) in
      if let v = try r.string("broker") {
        guard let u = URLComponents(string: v), ["mqtt", "mqtts"].contains(u.scheme ?? ""), u.host?.isEmpty == false
        else { throw r.fail("broker", "must be mqtt://HOST[:PORT] or mqtts://HOST[:PORT], got '\(v)'") }
        c.enrollBroker = v
      }
      if let v = try r.double("code_hours", 1...2160) { c.enrollCodeHours = v }
      if let f = try r.string("ca_file") {
        guard let data = FileManager.default.contents(atPath: f) else {
          throw r.fail("ca_file", "cannot read '\(f)' (the CA of the broker's certificate, PEM)")
        }
        guard let pem = String(data: data, encoding: .utf8), pem.contains("-----BEGIN CERTIFICATE-----"),
          data.count <= 64 * 1024
        else { throw r.fail("ca_file", "'\(f)' is not a PEM certificate (-----BEGIN CERTIFICATE-----)") }
        c.enrollCAFile = f
        c.enrollCAPEM = pem
      }
      if let f = try r.string("password_file") {
        guard !f.isEmpty, f.hasPrefix("/") else {
          throw r.fail("password_file", "must be an absolute path (mosquitto's password_file), got '\(f)'")
        }
        c.enrollPasswordFile = f
      }
      if let v = try r.strings("reload_command") {
        guard let first = v.first, first.hasPrefix("/") || !first.contains("/") else {
          throw r.fail(
            "reload_command", "is a command and its arguments, e.g. [\"systemctl\", \"reload\", \"mosquitto\"]")
        }
        c.enrollReloadCommand = v
      }
      if !c.enrollReloadCommand.isEmpty && c.enrollPasswordFile == nil {
        throw r.fail("reload_command", "goes with 'password_file' (the file whose change the broker must read)")
      }
      try r.tables("key") { k throws(LoaError) in
        guard let id = try k.string("id"), let pk = try k.string("public_key"), let role = try k.string("role"),
          let scope = try k.string("scope")
        else { throw k.fail("id", "each [[enroll.key]] needs id, public_key, role and scope") }
        guard TrustedKey.Role(rawValue: role) != nil else { throw k.fail("role", "must be province or commune") }
        _ = try TrustedKey(id: id, publicKeyBase64: pk, role: .province, scope: scope)
        c.enrollKeys.append((id, pk, role, scope))
      }
    }
    try reader.section("live") { r throws(LoaError) in
      var l = LiveSettings()
      guard let ice = try r.string("icecast"), let u = URLComponents(string: ice),
        u.scheme == "http" || u.scheme == "https",
        u.host?.isEmpty == false
      else { throw r.fail("icecast", "is required: the Icecast server as http(s)://HOST:PORT") }
      l.icecast = ice.hasSuffix("/") ? String(ice.dropLast()) : ice
      if let v = try r.string("listen_url") { l.listenURL = v.hasSuffix("/") ? String(v.dropLast()) : v }
      if let v = try r.string("source_user") { l.sourceUser = v }
      guard let pw = try r.string("source_password"), !pw.isEmpty else {
        throw r.fail("source_password", "is required (Icecast's source password)")
      }
      l.sourcePassword = pw
      if let v = try r.double("max_minutes", 1...360) { l.defaultMaxSeconds = v * 60 }
      c.live = l
    }
    try reader.section("province") { r throws(LoaError) in
      var p = ProvinceSettings()
      if let v = try r.string("system") {
        guard v == "thongtinnguon" else {
          throw r.fail("system", "'\(v.prefix(40))' is not a province system Loa knows (thongtinnguon)")
        }
        p.system = v
      }
      guard let api = try r.string("api") else { throw r.fail("api", "is required (the province's API base URL)") }
      guard let u = URLComponents(string: api), ["http", "https"].contains(u.scheme ?? ""), u.host?.isEmpty == false
      else { throw r.fail("api", "must be an http(s) URL, got '\(api.prefix(120))'") }
      p.api = api.hasSuffix("/") ? api : api + "/"
      guard let cred = try r.string("credentials_file") else {
        throw r.fail("credentials_file", "is required (username/password in a file of mode 600)")
      }
      p.credentialsFile = cred
      guard let sid = try r.string("nguon_id") else { throw r.fail("nguon_id", "is required (the area code)") }
      p.sourceId = sid
      p.sourceName = try r.string("ten_nguon") ?? c.name
      p.targetId = try r.string("dich_id")
      p.targetName = try r.string("ten_dich")
      if let v = try r.string("vendor_code") { p.vendorCode = v }
      if let v = try r.string("vendor_name") { p.vendorName = v }
      if let v = try r.string("device_type") { p.deviceType = v }
      if let v = try r.string("cluster_id") {
        guard v.contains("{box}") else { throw r.fail("cluster_id", "must contain {box} (it names one cluster)") }
        p.clusterId = v
      }
      if let v = try r.double("ping_seconds", 5...3600) { p.pingSeconds = v }
      if let v = try r.double("timeout_seconds", 1...120) { p.timeoutSeconds = v }
      if let v = try r.int("ping_concurrency", 1...64) { p.pingConcurrency = v }
      if let v = try r.int("backlog_max", 100...10_000_000) { p.backlogMax = v }
      if let v = try r.string("media_url") {
        guard v.contains("{MediaId}"),
          let u = URLComponents(string: v.replacingOccurrences(of: "{MediaId}", with: "x")),
          ["http", "https"].contains(u.scheme ?? "")
        else { throw r.fail("media_url", "must be an http(s) URL containing {MediaId}") }
        p.mediaURLTemplate = v
      }
      for (key, path) in [
        ("login_path", \ProvinceSettings.loginPath), ("status_path", \.statusPath), ("airing_path", \.airingPath),
        ("schedule_added_path", \.scheduleAddedPath), ("schedule_cancelled_path", \.scheduleCancelledPath),
      ] {
        if let v = try r.string(key) { p[keyPath: path] = v.hasPrefix("/") ? String(v.dropFirst()) : v }
      }
      if let v = try r.string("inbound_path") {
        guard v.hasPrefix("/"), v.count > 1, !v.hasPrefix("/v1"), !v.hasPrefix("/media") else {
          throw r.fail("inbound_path", "must start with '/' and not be one of the station's own (/v1, /media)")
        }
        p.inboundPath = v.hasSuffix("/") ? String(v.dropLast()) : v
      }
      guard let kid = try r.string("kid"), let key = try r.string("key_file") else {
        throw r.fail(
          "kid", "and 'key_file' are required: the key the boxes trust as the province's, for what the province sends")
      }
      p.signingKid = kid
      p.signingKeyFile = key
      c.provinceLink = p
    }
    guard !c.signingKid.isEmpty else {
      throw LoaError(.config, "\(origin): needs a [signing] section (kid, key_file): receipts and jobs are signed")
    }
    c.warnings = reader.warnings + reader.unknownKeys()
    return c
  }

  static func hostPort(_ s: String) -> (String, Int)? {
    guard let i = s.lastIndex(of: ":"), let p = Int(s[s.index(after: i)...]), (1...65535).contains(p) else {
      return nil
    }
    let h = String(s[..<i])
    return h.isEmpty ? nil : (h, p)
  }

  /// The signing key, read from a file only its owner may read (mode 600 or stricter).
  public func signer() throws(LoaError) -> Signer {
    try Self.signer(kid: signingKid, keyFile: signingKeyFile, setting: "signing.key_file")
  }

  static func signer(kid: String, keyFile: String, setting: String) throws(LoaError) -> Signer {
    try ownerOnly(keyFile, setting: setting)
    let text: String
    do { text = try String(contentsOfFile: keyFile, encoding: .utf8) } catch {
      throw LoaError(.config, "\(setting) '\(keyFile)' cannot be read: \(error.localizedDescription)")
    }
    return try Signer(kid: kid, privateKeyBase64: text)
  }

  /// A secret's file must be readable by its owner only (`SecretFile`).
  static func ownerOnly(_ path: String, setting: String) throws(LoaError) {
    try SecretFile.ownerOnly(path, setting: setting)
  }

}
