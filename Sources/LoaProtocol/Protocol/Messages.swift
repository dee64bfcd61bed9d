import Foundation
import LoaCore

/// Protocol v1 (docs/protocol.md): every message from the source system is a signed envelope
/// around the message's JSON text, so the signature covers exactly the bytes that are parsed.
public enum UplinkProtocol {
  public static let version = 1
  /// Larger envelopes are refused before they are parsed.
  public static let maxEnvelopeBytes = 64 * 1024
  public static let prefix = "loa/v1"
}

/// `{"v": 1, "kid": "tinh-79-2026", "sig": "base64 Ed25519 over the UTF-8 of msg", "msg": "{…}"}`
public struct Envelope: Codable, Sendable, Equatable {
  static let fields: Set = ["v", "kid", "sig", "msg"]
  public var v: Int
  public var kid: String
  public var sig: String
  public var msg: String
  public init(v: Int = UplinkProtocol.version, kid: String, sig: String, msg: String) {
    self.v = v
    self.kid = kid
    self.sig = sig
    self.msg = msg
  }
}

/// Who a message is for: a whole province, a commune, a hamlet, or one box.
public struct Target: Codable, Sendable, Equatable {
  static let fields: Set = ["province", "commune", "hamlet", "box"]
  public var province: String
  public var commune: String?
  public var hamlet: String?
  public var box: String?
  public init(province: String, commune: String? = nil, hamlet: String? = nil, box: String? = nil) {
    self.province = province
    self.commune = commune
    self.hamlet = hamlet
    self.box = box
  }

  /// The topic a sender publishes on to reach this target (one publish for the whole set).
  public var topic: String {
    var parts = [UplinkProtocol.prefix, province]
    for p in [commune, hamlet, box] {
      guard let p else { break }
      parts.append(p)
    }
    return parts.joined(separator: "/") + "/in"
  }

  /// Parses `79`, `79/26734`, `79/26734/ap-3`, `79/26734/ap-3/loa-01`.
  public init?(path: String) {
    let p = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard (1...4).contains(p.count), p.allSatisfy(BoxIdentity.isValidPart) else { return nil }
    self.init(
      province: p[0], commune: p.count > 1 ? p[1] : nil, hamlet: p.count > 2 ? p[2] : nil, box: p.count > 3 ? p[3] : nil
    )
  }
}

/// The content of a job: text to speak, a file to download, a stream to relay, or a live
/// broadcast (a stream aired until it ends, at most `duration_s`).
public struct UplinkContent: Codable, Sendable, Equatable {
  public var text: String?
  public var voice: String?
  public var mediaURL: String?
  public var sha256: String?
  public var relay: String?
  public var live: String?
  /// A live broadcast may be joined by a box that comes online after it began (default: no).
  public var lateJoin: Bool?
  public var durationSeconds: Double?
  enum CodingKeys: String, CodingKey, CaseIterable {
    case text, voice, sha256, relay, live
    case lateJoin = "late_join"
    case mediaURL = "media_url"
    case durationSeconds = "duration_s"
  }
  public init(
    text: String? = nil, voice: String? = nil, mediaURL: String? = nil, sha256: String? = nil,
    relay: String? = nil, durationSeconds: Double? = nil
  ) {
    self.text = text
    self.voice = voice
    self.mediaURL = mediaURL
    self.sha256 = sha256
    self.relay = relay
    self.durationSeconds = durationSeconds
  }
}

/// An audio file a schedule names: where the box downloads it, and the SHA-256 it must have.
public struct MediaFile: Codable, Sendable, Equatable {
  public var url: String
  public var sha256: String
  public init(url: String, sha256: String) {
    self.url = url
    self.sha256 = sha256
  }
}

/// A message from the source system (inside an envelope).
public struct UplinkMessage: Codable, Sendable, Equatable {
  /// `job`, `update`, `cancel`, `command` or `cap`.
  public var type: MessageType
  /// UUID; a job's id becomes the Loa job id (so a job delivered twice is stored once).
  public var id: String
  public var issuer: String
  public var issuedAt: Date
  public var target: Target
  // job
  public var bulletinClass: String?
  public var title: String?
  public var language: String?
  public var notBefore: Date?
  public var expiresAt: Date?
  public var repeatCount: Int?
  public var content: UplinkContent?
  /// The province's labels: field 1–6 (*lĩnh vực*), origin (default `province-system`), author
  /// (*tác giả*), news source (*nguồn tin*); with `language` above.
  public var field: Int?
  public var origin: String?
  public var author: String?
  public var newsSource: String?
  // cancel
  public var refersTo: String?
  // command: `volume` (with level), `stop`, `status`, `reload_schedule`
  public var command: BoxCommand?
  public var level: Int?
  // cap: a CAP 1.2 alert, the XML document as text
  public var cap: String?
  // receipt: the box's as-run log (`log`), the batch stored (`batch`) and its last row id
  public var log: String?
  public var batch: String?
  public var lastRow: Int64?
  // schedule: the schedule file (TOML) and the text files it names, by relative path; and the
  // audio files it names, by relative path, each to download and check by its SHA-256
  public var schedule: String?
  public var texts: [String: String]?
  public var media: [String: MediaFile]?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case type, id, issuer, target, title, language, content, command, level, cap, field, origin, author, log, batch
    case schedule, texts, media
    case lastRow = "last_row"
    case newsSource = "news_source"
    case issuedAt = "issued_at"
    case bulletinClass = "class"
    case notBefore = "not_before"
    case expiresAt = "expires_at"
    case repeatCount = "repeat"
    case refersTo = "refers_to"
  }

  public init(
    type: MessageType, id: String = UUID().uuidString.lowercased(), issuer: String, issuedAt: Date = Date(),
    target: Target
  ) {
    self.type = type
    self.id = id
    self.issuer = issuer
    self.issuedAt = issuedAt
    self.target = target
  }
}

/// What the box says about every message it received (`…/ack`).
public struct Ack: Codable, Sendable, Equatable {
  public enum Outcome: String, Codable, Sendable {
    case accepted, rejected, duplicate, aired, expired, failed, cancelled
    case queuedForApproval = "queued_for_approval"
    /// The job's content has started on the speakers (after its chime); not final.
    case onAir = "on_air"
  }
  public var v = UplinkProtocol.version
  public var type = "ack"
  public var box: String
  public var ref: String
  public var outcome: Outcome
  public var reason: String?
  public var detail: String?
  public var jobId: String?
  public var at: Date
  enum CodingKeys: String, CodingKey {
    case v, type, box, ref, outcome, reason, detail, at
    case jobId = "job_id"
  }
  public init(
    box: String, ref: String, outcome: Outcome, reason: String? = nil, detail: String? = nil, jobId: String? = nil,
    at: Date = Date()
  ) {
    self.box = box
    self.ref = ref
    self.outcome = outcome
    self.reason = reason
    self.detail = detail
    self.jobId = jobId
    self.at = at
  }
}

/// The box's place in the province, and its topics.
public struct BoxIdentity: Sendable, Equatable {
  public var province: String
  public var commune: String
  public var hamlet: String
  public var box: String

  public init(province: String, commune: String, hamlet: String, box: String) throws(LoaError) {
    for (name, v) in [("province", province), ("commune", commune), ("hamlet", hamlet), ("box", box)]
    where !Self.isValidPart(v) {
      throw LoaError(
        .config, "uplink.\(name) '\(v)' must be 1–64 letters, digits, '-' or '_' (it is part of MQTT topics)")
    }
    self.province = province
    self.commune = commune
    self.hamlet = hamlet
    self.box = box
  }

  static func isValidPart(_ s: String) -> Bool {
    !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
  }

  /// The four topics a box listens on: province, commune, hamlet, itself.
  public var inboundTopics: [String] {
    [
      Target(province: province).topic, Target(province: province, commune: commune).topic,
      Target(province: province, commune: commune, hamlet: hamlet).topic,
      Target(province: province, commune: commune, hamlet: hamlet, box: box).topic,
    ]
  }

  public func outbound(_ leaf: String) -> String {
    "\(UplinkProtocol.prefix)/\(province)/\(commune)/\(hamlet)/\(box)/\(leaf)"
  }

  /// Whether a message's target includes this box.
  public func isTargeted(by t: Target) -> Bool {
    t.province == province && (t.commune.map { $0 == commune } ?? (t.hamlet == nil && t.box == nil))
      && (t.hamlet.map { $0 == hamlet } ?? (t.box == nil)) && (t.box.map { $0 == box } ?? true)
  }
}

/// JSON for the uplink: ISO 8601 with fractional seconds, like the control API.
public enum UplinkJSON {
  public static func encoder() -> JSONEncoder { Wire.encoder() }
  public static func decoder() -> JSONDecoder { Wire.decoder() }
}

/// The box's last will on `…/status` (retained): what the broker publishes when the box's
/// connection is lost without a goodbye. It names the box and where it is, and since when this run
/// was up; when it went silent is when the station received this.
public struct LastWill: Codable, Sendable, Equatable {
  public var v = UplinkProtocol.version
  public var type = "status"
  public var online = false
  public var province: String
  public var commune: String
  public var hamlet: String
  public var box: String
  /// When this run of the daemon connected for the first time.
  public var since: Date
  public var version: String
  /// The schedule version the box ran when it connected.
  public var scheduleVersion: Int64?
  enum CodingKeys: String, CodingKey {
    case v, type, online, province, commune, hamlet, box, since, version
    case scheduleVersion = "schedule_version"
  }

  public init(identity: BoxIdentity, since: Date, version: String) {
    province = identity.province
    commune = identity.commune
    hamlet = identity.hamlet
    box = identity.box
    self.since = since
    self.version = version
  }
}
