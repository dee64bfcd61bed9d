import Foundation

/// Where a job came from.
public enum JobSource: String, Codable, Sendable, CaseIterable {
  case cli, api, uplink, schedule
}

/// What a job airs.
public enum JobContent: Codable, Sendable, Equatable {
  /// Text to be spoken with a voice profile.
  case speech(text: String, voice: String)
  /// An audio file stored in the daemon's media folder.
  case file(path: String)
  /// A scheduled programme: ordered items.
  case program(Program)
  /// A live stream relayed for a fixed time.
  case relay(url: String, seconds: Double)
  /// A live broadcast (`loa live`): the stream airs until it ends (the officer ends it) or for at
  /// most `maxSeconds`; a stream lost mid-way ends the airing as failed.
  case live(url: String, maxSeconds: Double)

  public var kind: AiringKind {
    switch self {
    case .speech: .speech
    case .file: .file
    case .program: .program
    case .relay: .relay
    case .live: .live
    }
  }
}

/// Life cycle of a job in the inbox.
public enum JobStatus: String, Codable, Sendable, CaseIterable {
  case queued, playing, completed, failed, cancelled, expired
  /// Pushed by the source system as `normal`: waits for the commune officer to place it.
  case inbox
  /// Refused by the officer from the inbox.
  case rejected
  /// Scheduled, and its start time passed while nothing could air it.
  case missed
  /// Scheduled, and something else was on air past its tolerance.
  case skipped

  public var isFinal: Bool {
    switch self {
    case .queued, .playing, .inbox: false
    default: true
    }
  }
}

/// Where a pre-empted or interrupted job picks up again.
public struct ResumePoint: Codable, Sendable, Equatable {
  /// 1-based repetition the job was in.
  public var repetition: Int
  /// For speech: index of the sentence to restart from.
  public var sentence: Int
  /// For files: frame (in the file's own rate) to restart from.
  public var frame: Int
  /// Whether the attention chime was already aired.
  public var chimeDone: Bool
  /// For programmes: index of the item to restart from.
  public var item: Int
  /// As-run row id of the airing that was interrupted.
  public var interruptedRow: Int64?

  public init(
    repetition: Int = 1, sentence: Int = 0, frame: Int = 0, chimeDone: Bool = false,
    interruptedRow: Int64? = nil, item: Int = 0
  ) {
    self.item = item
    self.repetition = repetition
    self.sentence = sentence
    self.frame = frame
    self.chimeDone = chimeDone
    self.interruptedRow = interruptedRow
  }

  public static let start = ResumePoint()

  enum CodingKeys: String, CodingKey { case repetition, sentence, frame, chimeDone, interruptedRow, item }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    repetition = try c.decode(Int.self, forKey: .repetition)
    sentence = try c.decode(Int.self, forKey: .sentence)
    frame = try c.decode(Int.self, forKey: .frame)
    chimeDone = try c.decode(Bool.self, forKey: .chimeDone)
    interruptedRow = try c.decodeIfPresent(Int64.self, forKey: .interruptedRow)
    item = try c.decodeIfPresent(Int.self, forKey: .item) ?? 0
  }
}

/// A job: one bulletin or file to air, with its class and window.
public struct Job: Codable, Sendable, Equatable, Identifiable {
  public var id: String
  public var bulletinClass: BulletinClass
  public var source: JobSource
  public var title: String
  public var content: JobContent
  public var repeatCount: Int
  public var notBefore: Date?
  public var expiresAt: Date?
  public var createdAt: Date
  public var operatorName: String?
  public var status: JobStatus
  /// Order within a class; lower airs first. Arrival order unless an officer moves it.
  public var position: Double
  public var resume: ResumePoint?
  /// Times the daemon was restarted while this job was on air.
  public var crashRetries: Int
  public var lastError: String?
  /// Scheduled airings: how the start behaves, when the slot ends, and the airing's identity.
  public var startPolicy: StartPolicy?
  public var slotEnd: Date?
  public var airingKey: String?
  /// Field, language, origin, author, news source (unknown where nil).
  public var info: BulletinInfo

  public init(
    id: String = UUID().uuidString.lowercased(), bulletinClass: BulletinClass,
    source: JobSource, title: String, content: JobContent, repeatCount: Int = 1,
    notBefore: Date? = nil, expiresAt: Date? = nil, createdAt: Date,
    operatorName: String? = nil, status: JobStatus = .queued, position: Double = 0,
    resume: ResumePoint? = nil, crashRetries: Int = 0, lastError: String? = nil,
    startPolicy: StartPolicy? = nil, slotEnd: Date? = nil, airingKey: String? = nil, info: BulletinInfo = .unknown
  ) {
    self.info = info
    self.startPolicy = startPolicy
    self.slotEnd = slotEnd
    self.airingKey = airingKey
    self.id = id
    self.bulletinClass = bulletinClass
    self.source = source
    self.title = title
    self.content = content
    self.repeatCount = repeatCount
    self.notBefore = notBefore
    self.expiresAt = expiresAt
    self.createdAt = createdAt
    self.operatorName = operatorName
    self.status = status
    self.position = position
    self.resume = resume
    self.crashRetries = crashRetries
    self.lastError = lastError
  }

  /// Whether the job may start at `now`.
  public func isDue(at now: Date) -> Bool {
    guard let notBefore else { return true }
    return notBefore <= now
  }

  /// A scheduled airing that has not started expires at the end of its tolerance
  /// (`expiresAt`); once started (resume point or crash retry), at the end of its slot.
  public func isExpired(at now: Date) -> Bool {
    if startPolicy != nil, resume != nil || crashRetries > 0, let slotEnd { return slotEnd <= now }
    guard let expiresAt else { return false }
    return expiresAt <= now
  }

  /// Place on the ladder: emergency > priority > a due scheduled programme > normal.
  public var rank: Int {
    // From the class's own rank (the one place the Thông tư 39 order is written): normal 10,
    // a due scheduled programme 15, priority 20, emergency 30.
    (bulletinClass.rank + 1) * 10 + (bulletinClass == .normal && startPolicy != nil ? 5 : 0)
  }

  /// The ladder: by rank; scheduled airings of one rank by their start; then arrival order (or
  /// where an officer moved them). The store and the player both order with this.
  public static func ladderOrder(_ jobs: [Job]) -> [Job] {
    jobs.sorted {
      if $0.rank != $1.rank { return $0.rank > $1.rank }
      if $0.isScheduled && $1.isScheduled, let a = $0.notBefore, let b = $1.notBefore, a != b { return a < b }
      return $0.position < $1.position
    }
  }

  public var isScheduled: Bool { startPolicy != nil }

  public var text: String? {
    if case .speech(let text, _) = content { return text }
    return nil
  }

  public var voice: String? {
    if case .speech(_, let voice) = content { return voice }
    return nil
  }
}
