import Foundation

/// What kind of audio an airing was.
public enum AiringKind: String, Codable, Sendable, CaseIterable {
  case speech, file, relay, chime, program
  /// A live broadcast from the commune office (`loa live`): a stream with an open end.
  case live

  /// As the officer's log and reports name it.
  public var vietnameseName: String {
    switch self {
    case .speech: "đọc văn bản"
    case .file: "tệp âm thanh"
    case .relay: "tiếp sóng"
    case .chime: "nhạc hiệu"
    case .program: "chương trình"
    case .live: "trực tiếp"
    }
  }
}

/// How an airing ended.
public enum AiringOutcome: String, Codable, Sendable, CaseIterable {
  case completed, preempted, failed, cancelled, expired
  /// A scheduled airing that did not air because its time passed (clock step, restart, power cut).
  case missed
  /// A scheduled airing that did not start within its tolerance because something else was on air.
  case skipped

  /// As the officer's log and reports name it.
  public var vietnameseName: String {
    switch self {
    case .completed: "phát xong"
    case .preempted: "bị ngắt"
    case .failed: "lỗi"
    case .cancelled: "đã hủy"
    case .expired: "hết hạn"
    case .missed: "lỡ giờ"
    case .skipped: "bỏ qua"
    }
  }
}

/// One row of the as-run (airtime) log: what actually reached the sound device.
///
/// Rows are appended, never edited. `durationSeconds` comes from the number of
/// frames the device played, not from wall-clock time. Its JSON form (the API,
/// `loa log --json`) uses the log's field names below.
public struct AsRunRecord: Codable, Sendable, Equatable, Identifiable {
  public var id: Int64?
  public var jobId: String
  public var bulletinClass: BulletinClass
  public var source: JobSource
  public var kind: AiringKind
  public var title: String
  public var textSHA256: String?
  public var voice: String?
  public var scheduledAt: Date?
  /// First frame handed to the device. Nil when nothing was written.
  public var startedAt: Date?
  /// Last frame played (after drain), or the instant playback was cut.
  public var endedAt: Date?
  public var durationSeconds: Double?
  public var outcome: AiringOutcome
  public var preemptedBy: String?
  /// As-run row id of the airing this one resumes.
  public var resumedFrom: Int64?
  public var operatorName: String?
  /// Which repetition of the job this was (1-based).
  public var repetition: Int
  /// Error text for `failed` (for example the ALSA error).
  public var error: String?
  /// For relays: the stream URL.
  public var url: String?
  /// What else happened during the airing, in Vietnamese (dead air, fallback, amplifier warm-up,
  /// the device lost and found again, a recording that could not be written).
  public var note: String?
  /// Dead air during the airing (below the threshold past the limit), seconds.
  public var deadAirSeconds: Double?
  /// Fallback audio aired instead of a dead or silent source, seconds.
  public var fallbackSeconds: Double?
  /// The off-air recording of this airing, relative to the state folder's `recordings/`.
  public var recording: String?
  /// When the row was written (set by the store; a row that never aired is placed in time by it).
  public var loggedAt: Date?
  /// The job's field (1–6), language, origin, author and news source; nil is "không rõ".
  public var field: BulletinField?
  public var language: String?
  public var origin: BulletinOrigin?
  public var author: String?
  public var newsSource: String?

  public var info: BulletinInfo {
    get { BulletinInfo(field: field, language: language, origin: origin, author: author, newsSource: newsSource) }
    set {
      field = newValue.field
      language = newValue.language
      origin = newValue.origin
      author = newValue.author
      newsSource = newValue.newsSource
    }
  }

  enum CodingKeys: String, CodingKey {
    case id, source, kind, title, voice, outcome, repetition, error, url, note, recording
    case field, language, origin, author
    case newsSource = "news_source"
    case deadAirSeconds = "dead_air_s"
    case fallbackSeconds = "fallback_s"
    case jobId = "job_id"
    case bulletinClass = "class"
    case textSHA256 = "text_sha256"
    case scheduledAt = "scheduled_at"
    case startedAt = "started_at"
    case endedAt = "ended_at"
    case durationSeconds = "duration_s"
    case preemptedBy = "preempted_by"
    case resumedFrom = "resumed_from"
    case operatorName = "operator"
    case loggedAt = "logged_at"
  }

  /// When the airing happened for logs and reports: its start, or when it was logged if it never
  /// aired (expired, cancelled, failed before a frame).
  public var placedAt: Date? { startedAt ?? loggedAt ?? endedAt ?? scheduledAt }

  public init(
    id: Int64? = nil, jobId: String, bulletinClass: BulletinClass, source: JobSource,
    kind: AiringKind, title: String, textSHA256: String? = nil, voice: String? = nil,
    scheduledAt: Date? = nil, startedAt: Date? = nil, endedAt: Date? = nil,
    durationSeconds: Double? = nil, outcome: AiringOutcome, preemptedBy: String? = nil,
    resumedFrom: Int64? = nil, operatorName: String? = nil, repetition: Int = 1,
    error: String? = nil, url: String? = nil, note: String? = nil, deadAirSeconds: Double? = nil,
    fallbackSeconds: Double? = nil, recording: String? = nil, info: BulletinInfo = .unknown
  ) {
    self.field = info.field
    self.language = info.language
    self.origin = info.origin
    self.author = info.author
    self.newsSource = info.newsSource
    self.url = url
    self.note = note
    self.deadAirSeconds = deadAirSeconds
    self.fallbackSeconds = fallbackSeconds
    self.recording = recording
    self.id = id
    self.jobId = jobId
    self.bulletinClass = bulletinClass
    self.source = source
    self.kind = kind
    self.title = title
    self.textSHA256 = textSHA256
    self.voice = voice
    self.scheduledAt = scheduledAt
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.durationSeconds = durationSeconds
    self.outcome = outcome
    self.preemptedBy = preemptedBy
    self.resumedFrom = resumedFrom
    self.operatorName = operatorName
    self.repetition = repetition
    self.error = error
  }
}

/// What became of one job the province's system sent (the reports' received / approved / aired /
/// expired / rejected counts).
public struct ProvinceJobFate: Sendable, Equatable {
  public var id: String
  public var bulletinClass: BulletinClass
  public var status: JobStatus
  public var approved: Bool
  public init(id: String, bulletinClass: BulletinClass, status: JobStatus, approved: Bool) {
    self.id = id
    self.bulletinClass = bulletinClass
    self.status = status
    self.approved = approved
  }
}
