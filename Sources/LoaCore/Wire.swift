import Foundation

/// JSON shapes of the control API, shared by the daemon and the CLI (`docs/api.md`).
public enum Wire {
  public static func encoder() -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    e.dateEncodingStrategy = .custom { date, encoder in
      var c = encoder.singleValueContainer()
      try c.encode(LocalTime.iso(date))
    }
    return e
  }

  public static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.dateDecodingStrategy = .custom { decoder in
      let c = try decoder.singleValueContainer()
      let s = try c.decode(String.self)
      guard let date = LocalTime.parseISO(s) else {
        throw DecodingError.dataCorruptedError(
          in: c, debugDescription: "'\(s)' is not an ISO 8601 instant (e.g. 2026-11-23T10:00:00Z)")
      }
      return date
    }
    return d
  }

  /// `{"error": {"code": ..., "message": ...}}`
  /// `POST /v1/media`: the id a job refers to (`"media"`) and the bytes stored.
  public struct MediaUpload: Codable, Sendable, Equatable {
    public var media: String
    public var bytes: Int64
    public init(media: String, bytes: Int64) {
      self.media = media
      self.bytes = bytes
    }
  }

  /// `GET /v1/health`.
  public struct Health: Codable, Sendable, Equatable {
    /// The player thread is alive (it answered within 30 s).
    public var ok: Bool
    public var version: String
    public var player: Bool?
    /// The sound device is open (it is closed while idle on some setups: not a failure).
    public var deviceOpen: Bool?
    enum CodingKeys: String, CodingKey {
      case ok, version, player
      case deviceOpen = "device_open"
    }
    public init(ok: Bool, version: String, player: Bool? = nil, deviceOpen: Bool? = nil) {
      self.ok = ok
      self.version = version
      self.player = player
      self.deviceOpen = deviceOpen
    }
  }

  public struct ErrorBody: Codable, Sendable {
    public struct Inner: Codable, Sendable {
      public var code: String
      public var message: String
    }
    public var error: Inner
    public init(code: String, message: String) { error = Inner(code: code, message: message) }
  }

  public struct JobView: Codable, Sendable, Equatable {
    public var id: String
    public var bulletinClass: BulletinClass
    public var source: JobSource
    public var kind: AiringKind
    public var title: String
    public var text: String?
    public var textSHA256: String?
    public var voice: String?
    public var file: String?
    public var relay: String?
    public var durationSeconds: Double?
    public var repeatCount: Int
    public var notBefore: Date?
    public var expiresAt: Date?
    public var createdAt: Date
    public var operatorName: String?
    public var status: JobStatus
    public var position: Double
    public var resumeSentence: Int?
    public var lastError: String?
    public var field: BulletinField?
    public var language: String?
    public var origin: BulletinOrigin?
    public var author: String?
    public var newsSource: String?

    enum CodingKeys: String, CodingKey {
      case id, source, kind, title, text, voice, file, status, position, relay, field, language, origin, author
      case newsSource = "news_source"
      case durationSeconds = "duration_s"
      case bulletinClass = "class"
      case textSHA256 = "text_sha256"
      case repeatCount = "repeat"
      case notBefore = "not_before"
      case expiresAt = "expires_at"
      case createdAt = "created_at"
      case operatorName = "operator"
      case resumeSentence = "resume_sentence"
      case lastError = "last_error"
    }

    public init(_ j: Job) {
      id = j.id
      bulletinClass = j.bulletinClass
      source = j.source
      kind = j.content.kind
      title = j.title
      text = j.text
      textSHA256 = j.text.map { LoaCore.textSHA256($0) }
      voice = j.voice
      if case .file(let p) = j.content { file = p }
      if case .relay(let u, let d) = j.content {
        relay = u
        durationSeconds = d
      }
      if case .live(let u, let d) = j.content {
        relay = u
        durationSeconds = d
      }
      repeatCount = j.repeatCount
      notBefore = j.notBefore
      expiresAt = j.expiresAt
      createdAt = j.createdAt
      operatorName = j.operatorName
      status = j.status
      position = j.position
      resumeSentence = j.resume?.sentence
      lastError = j.lastError
      field = j.info.field
      language = j.info.language
      origin = j.info.origin
      author = j.info.author
      newsSource = j.info.newsSource
    }
  }

  public struct OnAirView: Codable, Sendable {
    public var job: JobView
    public var segment: String
    public var repetition: Int
    public var startedAt: Date?
    enum CodingKeys: String, CodingKey {
      case job, segment, repetition
      case startedAt = "started_at"
    }
    public init(job: JobView, segment: String, repetition: Int, startedAt: Date?) {
      self.job = job
      self.segment = segment
      self.repetition = repetition
      self.startedAt = startedAt
    }
  }

  public struct QueueView: Codable, Sendable {
    public var onAir: OnAirView?
    public var queued: [JobView]
    enum CodingKeys: String, CodingKey {
      case queued
      case onAir = "on_air"
    }
    public init(onAir: OnAirView?, queued: [JobView]) {
      self.onAir = onAir
      self.queued = queued
    }
  }

  public struct StatusView: Codable, Sendable {
    public var version: String
    public var startedAt: Date
    public var uptimeSeconds: Double
    public var onAir: OnAirView?
    public var queuedCount: Int
    public var device: String
    public var deviceOpen: Bool
    public var lastError: String?
    public var underruns: Int
    public var airingsCompleted: Int
    public var airingsFailed: Int
    public var stateDir: String
    public var voices: [String]
    /// Volume, amplifier, output level and dead air, recordings.
    public var box: BoxView?
    /// The uplink to the province, when one is configured.
    public var uplink: UplinkView?
    /// What went wrong with the box's storage (a damaged database moved aside, as-run rows that
    /// could not be written), until an officer clears it.
    public var storageAlarm: String?
    /// The clock went back behind the latest time the box has seen (the box's weak point: no
    /// battery-backed clock on most boards).
    public var clockWarning: String?
    /// When the last run that did not stop cleanly (power cut, kill, crash) was last seen alive.
    public var lastUncleanStop: Date?
    /// Paused (`loa pause`, or the province's "tạm dừng"): only emergencies air.
    public var paused: PausedView?
    enum CodingKeys: String, CodingKey {
      case version, device, underruns, voices, box, uplink, paused
      case lastUncleanStop = "last_unclean_stop"
      case storageAlarm = "storage_alarm"
      case clockWarning = "clock_warning"
      case startedAt = "started_at"
      case uptimeSeconds = "uptime_s"
      case onAir = "on_air"
      case queuedCount = "queued_count"
      case deviceOpen = "device_open"
      case lastError = "last_error"
      case airingsCompleted = "airings_completed"
      case airingsFailed = "airings_failed"
      case stateDir = "state_dir"
    }
    public init(
      version: String, startedAt: Date, uptimeSeconds: Double, onAir: OnAirView?, queuedCount: Int,
      device: String, deviceOpen: Bool, lastError: String?, underruns: Int, airingsCompleted: Int,
      airingsFailed: Int, stateDir: String, voices: [String], box: BoxView? = nil, uplink: UplinkView? = nil
    ) {
      self.box = box
      self.uplink = uplink
      self.version = version
      self.startedAt = startedAt
      self.uptimeSeconds = uptimeSeconds
      self.onAir = onAir
      self.queuedCount = queuedCount
      self.device = device
      self.deviceOpen = deviceOpen
      self.lastError = lastError
      self.underruns = underruns
      self.airingsCompleted = airingsCompleted
      self.airingsFailed = airingsFailed
      self.stateDir = stateDir
      self.voices = voices
    }
  }

  /// Who paused the box, and since when.
  public struct PausedView: Codable, Sendable, Equatable {
    public var by: String?
    public var since: Date
    public init(by: String?, since: Date) {
      self.by = by
      self.since = since
    }
  }

  /// The box around the audio, in `loa status`.
  public struct BoxView: Codable, Sendable, Equatable {
    public var volume: Int?
    public var volumeMode: String?
    public var emergencyMinimumVolume: Int?
    public var volumeError: String?
    /// What switches the amplifier, or nil when nothing is configured.
    public var amplifier: String?
    public var amplifierOn: Bool
    public var amplifierWarmUpSeconds: Double?
    public var amplifierError: String?
    public var levelDBFS: Double?
    public var deadAirThresholdDBFS: Double
    public var deadAirLimitSeconds: Double
    public var deadAirEvents: Int
    public var lastDeadAirAt: Date?
    public var lastDeadAirTitle: String?
    public var deviceRecoveries: Int
    public var recordings: Bool
    public var recordingsKeepDays: Int?
    public var recordingsBytes: Int64?
    enum CodingKeys: String, CodingKey {
      case volume, amplifier, recordings
      case volumeMode = "volume_mode"
      case emergencyMinimumVolume = "emergency_minimum_volume"
      case volumeError = "volume_error"
      case amplifierOn = "amplifier_on"
      case amplifierWarmUpSeconds = "amplifier_warm_up_s"
      case amplifierError = "amplifier_error"
      case levelDBFS = "level_dbfs"
      case deadAirThresholdDBFS = "dead_air_threshold_dbfs"
      case deadAirLimitSeconds = "dead_air_limit_s"
      case deadAirEvents = "dead_air_events"
      case lastDeadAirAt = "last_dead_air_at"
      case lastDeadAirTitle = "last_dead_air_title"
      case deviceRecoveries = "device_recoveries"
      case recordingsKeepDays = "recordings_keep_days"
      case recordingsBytes = "recordings_bytes"
    }
    public init(
      volume: Int?, volumeMode: String?, emergencyMinimumVolume: Int?, volumeError: String?, amplifier: String?,
      amplifierOn: Bool, amplifierWarmUpSeconds: Double?, amplifierError: String?, levelDBFS: Double?,
      deadAirThresholdDBFS: Double, deadAirLimitSeconds: Double, deadAirEvents: Int, lastDeadAirAt: Date?,
      lastDeadAirTitle: String?, deviceRecoveries: Int, recordings: Bool, recordingsKeepDays: Int?,
      recordingsBytes: Int64?
    ) {
      self.volume = volume
      self.volumeMode = volumeMode
      self.emergencyMinimumVolume = emergencyMinimumVolume
      self.volumeError = volumeError
      self.amplifier = amplifier
      self.amplifierOn = amplifierOn
      self.amplifierWarmUpSeconds = amplifierWarmUpSeconds
      self.amplifierError = amplifierError
      self.levelDBFS = levelDBFS
      self.deadAirThresholdDBFS = deadAirThresholdDBFS
      self.deadAirLimitSeconds = deadAirLimitSeconds
      self.deadAirEvents = deadAirEvents
      self.lastDeadAirAt = lastDeadAirAt
      self.lastDeadAirTitle = lastDeadAirTitle
      self.deviceRecoveries = deviceRecoveries
      self.recordings = recordings
      self.recordingsKeepDays = recordingsKeepDays
      self.recordingsBytes = recordingsBytes
    }
  }

  /// The uplink in `loa status`.
  public struct UplinkView: Codable, Sendable, Equatable {
    public var broker: String
    public var box: String
    public var connected: Bool
    public var lastError: String?
    public var received: Int
    public var accepted: Int
    public var duplicates: Int
    public var rejected: [String: Int]
    public var asRunUploaded: Int
    /// As-run rows no station has confirmed storing yet (kept on the box until one does).
    public var asRunWaiting: Int
    /// When a station last confirmed a batch; nil: never in this run.
    public var lastReceipt: Date?
    enum CodingKeys: String, CodingKey {
      case broker, box, connected, received, accepted, duplicates, rejected
      case lastError = "last_error"
      case asRunUploaded = "asrun_uploaded"
      case asRunWaiting = "asrun_waiting"
      case lastReceipt = "last_receipt"
    }
    public init(
      broker: String, box: String, connected: Bool, lastError: String?, received: Int, accepted: Int, duplicates: Int,
      rejected: [String: Int], asRunUploaded: Int, asRunWaiting: Int = 0, lastReceipt: Date? = nil
    ) {
      self.asRunWaiting = asRunWaiting
      self.lastReceipt = lastReceipt
      self.broker = broker
      self.box = box
      self.connected = connected
      self.lastError = lastError
      self.received = received
      self.accepted = accepted
      self.duplicates = duplicates
      self.rejected = rejected
      self.asRunUploaded = asRunUploaded
    }
  }

  /// Body of `PUT /v1/volume`.
  public struct VolumeBody: Codable, Sendable {
    public var level: Int
    public var operatorName: String?
    enum CodingKeys: String, CodingKey {
      case level
      case operatorName = "operator"
    }
    public init(level: Int, operatorName: String? = nil) {
      self.level = level
      self.operatorName = operatorName
    }
  }

  /// `GET /v1/volume`.
  public struct VolumeView: Codable, Sendable, Equatable {
    public var level: Int
    public var mode: String
    public var emergencyMinimum: Int?
    enum CodingKeys: String, CodingKey {
      case level, mode
      case emergencyMinimum = "emergency_minimum"
    }
    public init(level: Int, mode: String, emergencyMinimum: Int?) {
      self.level = level
      self.mode = mode
      self.emergencyMinimum = emergencyMinimum
    }
  }

  /// One as-run row with the field names of the log (`loa log --json`).
  public typealias AsRunView = AsRunRecord

  public struct AsRunPage: Codable, Sendable {
    public var rows: [AsRunView]
    public init(rows: [AsRunView]) { self.rows = rows }
  }

  /// Body of cancel and stop.
  public struct OperatorBody: Codable, Sendable {
    public var operatorName: String?
    enum CodingKeys: String, CodingKey { case operatorName = "operator" }
    public init(operatorName: String?) { self.operatorName = operatorName }
  }

  /// Body of schedule check and apply: the file's text, and the files its relative paths name —
  /// text files inline (`texts`), audio files sent first through `POST /v1/media` (`media`: path →
  /// media id). With either, the daemon reads nothing from `base_dir` (the officer's folder, which
  /// it may not be able to see); without them, `base_dir` is a folder on the box.
  public struct ScheduleBody: Codable, Sendable {
    public var text: String
    public var baseDir: String
    public var operatorName: String?
    public var texts: [String: String]?
    public var media: [String: String]?
    enum CodingKeys: String, CodingKey {
      case text, texts, media
      case baseDir = "base_dir"
      case operatorName = "operator"
    }
    public init(text: String, baseDir: String, operatorName: String?) {
      self.text = text
      self.baseDir = baseDir
      self.operatorName = operatorName
    }
  }

  public struct ProblemView: Codable, Sendable, Equatable {
    public var line: Int?
    public var column: Int?
    public var severity: String
    public var message: String
    public init(_ p: ScheduleProblem) {
      line = p.line
      column = p.column
      severity = p.severity.rawValue
      message = p.message
    }
    public var problem: ScheduleProblem {
      ScheduleProblem(message, line: line, column: column, severity: severity == "warning" ? .warning : .error)
    }
  }

  public struct ScheduleResult: Codable, Sendable {
    public var ok: Bool
    public var version: Int64?
    public var withdrawn: Int?
    public var problems: [ProblemView]
    public init(ok: Bool, version: Int64? = nil, withdrawn: Int? = nil, problems: [ProblemView]) {
      self.ok = ok
      self.version = version
      self.withdrawn = withdrawn
      self.problems = problems
    }
  }

  /// Body of inbox approve: when (`at`) or with which programme (`program`); neither means now.
  public struct ApproveBody: Codable, Sendable {
    public var at: Date?
    public var program: String?
    public var operatorName: String?
    enum CodingKeys: String, CodingKey {
      case at, program
      case operatorName = "operator"
    }
    public init(at: Date? = nil, program: String? = nil, operatorName: String? = nil) {
      self.at = at
      self.program = program
      self.operatorName = operatorName
    }
  }

  public struct RejectBody: Codable, Sendable {
    public var reason: String?
    public var operatorName: String?
    enum CodingKeys: String, CodingKey {
      case reason
      case operatorName = "operator"
    }
    public init(reason: String? = nil, operatorName: String? = nil) {
      self.reason = reason
      self.operatorName = operatorName
    }
  }

  /// Body of move: before another job, or to the front when `before` is absent.
  public struct MoveBody: Codable, Sendable {
    public var before: String?
    public init(before: String?) { self.before = before }
  }

  public struct VoiceView: Codable, Sendable {
    public var name: String
    public var aliases: [String]
    public var description: String
    public init(name: String, aliases: [String], description: String) {
      self.name = name
      self.aliases = aliases
      self.description = description
    }
  }
}
