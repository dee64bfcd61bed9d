import Foundation
import LoaCore

/// Why a message was refused (the `reason` of a `rejected` ack; counted in `loa status`).
public struct Rejection: Error, Sendable, Equatable {
  /// The uplink's own reasons (docs/protocol.md). A job the box's own checks refuse carries the
  /// check's code instead (`LoaError.Code`: `unknown_voice`, `storage`, …).
  public enum Reason: String, Sendable, CaseIterable {
    case badEnvelope = "bad_envelope"
    case badMessage = "bad_message"
    case badSignature = "bad_signature"
    case busy
    case capForbiddenXML = "cap_forbidden_xml"
    case capInvalid = "cap_invalid"
    case capMalformed = "cap_malformed"
    case capNotActual = "cap_not_actual"
    case expired
    case future
    case jobNotFound = "job_not_found"
    case notAllowed = "not_allowed"
    case stale
    case tooLarge = "too_large"
    case unknownCommand = "unknown_command"
    case unknownField = "unknown_field"
    case unknownKey = "unknown_key"
    case unknownType = "unknown_type"
    case unsupported
    case unsupportedVersion = "unsupported_version"
    case wrongTarget = "wrong_target"
  }

  /// As written on the wire: a `Reason` or a `LoaError.Code`.
  public var reason: String
  public var detail: String
  /// The message id, when it could be read.
  public var ref: String?

  public init(_ reason: Reason, _ detail: String, ref: String? = nil) {
    self.reason = reason.rawValue
    self.detail = detail
    self.ref = ref
  }

  /// A job or command the box's own checks refused.
  public init(_ error: LoaError, ref: String?) {
    self.reason = error.code.rawValue
    self.detail = error.message
    self.ref = ref
  }
}

/// Checks an envelope: size, version, key, signature, then the message: type, id, time window,
/// target, role. What passes is safe to act on; nothing here touches the store.
public struct Gatekeeper: Sendable {
  public var identity: BoxIdentity
  public var keys: [String: TrustedKey]
  /// How far in the future `issued_at` may be (clock skew between the province and the box).
  public var maxSkew: TimeInterval = 300
  /// How old `issued_at` may be: older messages are replays (or far too late to matter).
  public var maxAge: TimeInterval = 24 * 3600

  public init(identity: BoxIdentity, keys: [TrustedKey]) {
    self.identity = identity
    self.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
  }

  public func check(_ payload: Data, now: Date) -> Result<(UplinkMessage, TrustedKey), Rejection> {
    guard payload.count <= UplinkProtocol.maxEnvelopeBytes else {
      return .failure(
        Rejection(.tooLarge, "message of \(payload.count) bytes; the limit is \(UplinkProtocol.maxEnvelopeBytes)"))
    }
    // Strict first: a key twice or a key the protocol does not define is refused, so no reader
    // of the same bytes can see another message than the box does (docs/protocol.md).
    let envShape: StrictJSON.Shape
    do { envShape = try StrictJSON.shape(of: payload) } catch {
      return .failure(Rejection(.badEnvelope, "the envelope is not strict JSON: \(error.message)"))
    }
    let extraEnv = StrictJSON.unknownKeys(envShape, known: Envelope.fields)
    guard extraEnv.isEmpty else {
      return .failure(
        Rejection(.unknownField, "the envelope has fields protocol v1 does not define: \(list(extraEnv))"))
    }
    guard let obj = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else {
      return .failure(Rejection(.badEnvelope, "not a JSON object"))
    }
    if let v = obj["v"] as? Int, v != UplinkProtocol.version {
      return .failure(
        Rejection(.unsupportedVersion, "protocol version \(v); this box speaks \(UplinkProtocol.version)"))
    }
    let env: Envelope
    do { env = try JSONDecoder().decode(Envelope.self, from: payload) } catch {
      return .failure(Rejection(.badEnvelope, "an envelope needs v, kid, sig and msg (strings, v a number)"))
    }
    guard let key = keys[env.kid] else {
      return .failure(Rejection(.unknownKey, "key '\(env.kid.prefix(64))' is not trusted by this box"))
    }
    guard let sig = Data(base64Encoded: env.sig), key.key.isValidSignature(sig, for: Data(env.msg.utf8)) else {
      return .failure(Rejection(.badSignature, "the signature does not match key '\(env.kid)'"))
    }
    // Signed: from here on the sender is known and the id can be acknowledged.
    if let problem = Self.strictMessage(Data(env.msg.utf8)) {
      return .failure(problem)
    }
    let m: UplinkMessage
    do { m = try UplinkJSON.decoder().decode(UplinkMessage.self, from: Data(env.msg.utf8)) } catch {
      return .failure(Rejection(.badMessage, "the message does not parse: \(describe(error))"))
    }
    let ref = m.id
    guard UUID(uuidString: m.id) != nil else {
      return .failure(Rejection(.badMessage, "'id' must be a UUID, got '\(m.id.prefix(64))'", ref: ref))
    }
    if case .other(let t) = m.type {
      return .failure(Rejection(.unknownType, "unknown message type '\(t.prefix(32))'", ref: ref))
    }
    if m.issuedAt > now.addingTimeInterval(maxSkew) {
      return .failure(
        Rejection(
          .future,
          "issued_at is \(Int(m.issuedAt.timeIntervalSince(now))) s ahead of this box's clock "
            + "(\(LocalTime.format(now)) on the box: if that is wrong, fix the box's clock)", ref: ref))
    }
    if m.issuedAt < now.addingTimeInterval(-maxAge) {
      return .failure(
        Rejection(
          .stale,
          "issued_at is \(Int(now.timeIntervalSince(m.issuedAt))) s behind this box's clock, older than "
            + "\(Int(maxAge / 3600)) h (a replay, or a wrong clock on the box: check it)", ref: ref))
    }
    if let e = m.expiresAt, e <= now {
      return .failure(Rejection(.expired, "the message expired at \(LocalTime.format(e))", ref: ref))
    }
    guard identity.isTargeted(by: m.target) else {
      return .failure(Rejection(.wrongTarget, "this box is not in target \(m.target.topic)", ref: ref))
    }
    if m.type == .receipt {
      guard m.target.box == identity.box else {
        return .failure(Rejection(.wrongTarget, "a receipt names one box; \(m.target.topic) is not this box", ref: ref))
      }
      guard let log = m.log, !log.isEmpty, let batch = m.batch, AsRunBatch.range(batch) != nil, let last = m.lastRow,
        AsRunBatch.range(batch)?.last == last
      else {
        return .failure(
          Rejection(.badMessage, "a receipt needs 'log', 'batch' (FIRST-LAST) and 'last_row' (= LAST)", ref: ref))
      }
    }
    if let r = allowed(m, key) { return .failure(Rejection(.notAllowed, r, ref: ref)) }
    return .success((m, key))
  }

  /// The signed message read strictly: one meaning for every reader, nothing v1 does not define.
  static func strictMessage(_ msg: Data) -> Rejection? {
    let shape: StrictJSON.Shape
    do { shape = try StrictJSON.shape(of: msg) } catch {
      return Rejection(.badMessage, "the message is not strict JSON: \(error.message)")
    }
    var extra = StrictJSON.unknownKeys(shape, known: Set(UplinkMessage.CodingKeys.allCases.map(\.rawValue)))
    if let t = shape["target"] { extra += StrictJSON.unknownKeys(t, known: Target.fields).map { "target." + $0 } }
    if let c = shape["content"] {
      extra += StrictJSON.unknownKeys(c, known: Set(UplinkContent.CodingKeys.allCases.map(\.rawValue)))
        .map { "content." + $0 }
    }
    guard extra.isEmpty else {
      let id = (try? JSONSerialization.jsonObject(with: msg) as? [String: Any])?["id"] as? String
      return Rejection(
        .unknownField, "the message has fields protocol v1 does not define: \(list(extra))", ref: id)
    }
    return nil
  }

  /// What a key's role forbids, if anything.
  func allowed(_ m: UplinkMessage, _ key: TrustedKey) -> String? {
    switch key.role {
    case .province:
      return key.scope == m.target.province ? nil : "key '\(key.id)' speaks for province \(key.scope) only"
    case .commune:
      guard m.target.province == identity.province, m.target.commune == key.scope else {
        return "key '\(key.id)' may only target its own commune (\(key.scope))"
      }
      // The commune runs its own loudspeakers (volume, stop, a status now); the schedule and
      // anything else stay the province's.
      if m.type == .command, ![.volume, .stop, .status, .approve, .endLive].contains(m.command) {
        return "key '\(key.id)' (commune) may only send the commands volume, stop, status, approve and end_live"
      }
      if m.type == .cap { return "key '\(key.id)' (commune) may not send CAP alerts" }
      if m.type.carriesJob, let c = m.bulletinClass, c.lowercased() == "emergency" {
        return "key '\(key.id)' (commune) may not send emergency bulletins"
      }
      return nil
    }
  }

  func describe(_ error: any Error) -> String {
    guard let e = error as? DecodingError else { return "\(error)" }
    switch e {
    case .keyNotFound(let k, _): return "'\(k.stringValue)' is missing"
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
      return "'\(c.codingPath.map(\.stringValue).joined(separator: "."))': \(c.debugDescription)"
    @unknown default: return "\(error)"
    }
  }
}

func list(_ keys: [String]) -> String {
  keys.prefix(5).map { "'\($0.prefix(40))'" }.joined(separator: ", ") + (keys.count > 5 ? " …" : "")
}
