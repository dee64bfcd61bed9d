import Foundation

/// A problem found in a schedule file, with where it is when known.
public struct ScheduleProblem: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable, Codable { case error, warning }
  public var message: String
  public var line: Int?
  public var column: Int?
  public var severity: Severity

  public init(_ message: String, line: Int? = nil, column: Int? = nil, severity: Severity = .error) {
    self.message = message
    self.line = line
    self.column = column
    self.severity = severity
  }

  /// `FILE:LINE:COLUMN: lỗi: message` (compiler style, so editors can jump to it).
  public func formatted(file: String) -> String {
    var loc = file
    if let line {
      loc += ":\(line)"
      if let column { loc += ":\(column)" }
    }
    let tag = severity == .error ? "lỗi (error)" : "cảnh báo (warning)"
    return "\(loc): \(tag): \(message)"
  }

  public var description: String { formatted(file: "schedule") }
}

/// One thing a programme airs, in order.
public enum ProgramItem: Codable, Sendable, Equatable {
  /// The attention chime.
  case chime
  /// Text spoken with a voice profile, `repeat` times.
  case speech(title: String, text: String, voice: String, repeat: Int)
  /// An audio file (absolute path once the schedule is installed).
  case file(title: String, path: String)
  /// A live stream for a fixed time (VOV, the provincial station).
  case relay(title: String, url: String, seconds: Int)
  /// Silence.
  case silence(seconds: Int)

  public var kind: String {
    switch self {
    case .chime: "chime"
    case .speech: "speech"
    case .file: "file"
    case .relay: "relay"
    case .silence: "silence"
    }
  }

  public var title: String {
    switch self {
    case .chime: "Nhạc hiệu"
    case .speech(let t, _, _, _), .file(let t, _), .relay(let t, _, _): t
    case .silence(let s): "Im lặng \(s) s"
    }
  }
}

/// A named programme: ordered items.
public struct Program: Codable, Sendable, Equatable {
  public var id: String
  public var title: String
  public var items: [ProgramItem]
  /// Field, language, origin, author, news source of each item (the schedule file's values, the
  /// programme's where an item says nothing); shorter than `items` where nothing is known.
  public var itemInfo: [BulletinInfo]
  /// The programme's own values (its rows when it is missed or skipped as a whole).
  public var info: BulletinInfo

  public init(
    id: String, title: String, items: [ProgramItem], itemInfo: [BulletinInfo] = [], info: BulletinInfo = .unknown
  ) {
    self.info = info
    self.id = id
    self.title = title
    self.items = items
    self.itemInfo = itemInfo
  }

  /// What is known of item `index`.
  public func info(ofItem index: Int) -> BulletinInfo {
    index < itemInfo.count ? itemInfo[index] : .unknown
  }

  enum CodingKeys: String, CodingKey { case id, title, items, itemInfo, info }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    title = try c.decode(String.self, forKey: .title)
    items = try c.decode([ProgramItem].self, forKey: .items)
    // Programmes stored before items carried metadata: unknown.
    itemInfo = try c.decodeIfPresent([BulletinInfo].self, forKey: .itemInfo) ?? []
    info = try c.decodeIfPresent(BulletinInfo.self, forKey: .info) ?? .unknown
  }
}

/// How a scheduled airing starts.
public enum StartPolicy: String, Codable, Sendable, CaseIterable {
  /// Cuts in at its time, pre-empting `normal` jobs (never `priority` or `emergency`).
  case hard
  /// Starts when the current item ends, unless that is later than its tolerance.
  case soft
}

/// Which days a slot airs on.
public enum Recurrence: Sendable, Equatable {
  case daily
  case weekdays(Set<Weekday>)
  case dates([CivilDate])
  /// Every N days counted from an anchor date.
  case everyDays(Int, anchor: CivilDate)

  public func matches(_ d: CivilDate) -> Bool {
    switch self {
    case .daily: true
    case .weekdays(let set): set.contains(d.weekday)
    case .dates(let list): list.contains(d)
    case .everyDays(let n, let anchor): d >= anchor && (d.dayNumber - anchor.dayNumber) % n == 0
    }
  }
}

/// A rule: when a programme airs.
public struct Slot: Sendable, Equatable {
  public var program: String
  /// Times of day it starts (one or more; `every` rules are expanded into this list).
  public var times: [TimeOfDay]
  public var recurrence: Recurrence
  public var from: CivilDate?
  public var until: CivilDate?
  public var except: Set<CivilDate>
  public var start: StartPolicy
  /// How late it may still start; after that it is `skipped` (busy) or `missed` (clock, restart).
  public var toleranceSeconds: Int
  /// Length of the slot; nil means the programme's estimated length.
  public var lengthSeconds: Int?
  /// Set when the rule says explicitly that it may air inside quiet hours.
  public var allowQuiet: Bool
  /// Whether it still airs on the schedule's holidays.
  public var onHolidays: Bool
  /// 1-based line of the rule in its file, for messages.
  public var line: Int?

  public init(
    program: String, times: [TimeOfDay], recurrence: Recurrence, from: CivilDate? = nil,
    until: CivilDate? = nil, except: Set<CivilDate> = [], start: StartPolicy = .hard,
    toleranceSeconds: Int = 600, lengthSeconds: Int? = nil, allowQuiet: Bool = false,
    onHolidays: Bool = false, line: Int? = nil
  ) {
    self.program = program
    self.times = times
    self.recurrence = recurrence
    self.from = from
    self.until = until
    self.except = except
    self.start = start
    self.toleranceSeconds = toleranceSeconds
    self.lengthSeconds = lengthSeconds
    self.allowQuiet = allowQuiet
    self.onHolidays = onHolidays
    self.line = line
  }

  /// Whether the slot airs on a date (recurrence, bounds, exceptions, holidays).
  public func airs(on d: CivilDate, holidays: Set<CivilDate>) -> Bool {
    if let from, d < from { return false }
    if let until, d > until { return false }
    if except.contains(d) { return false }
    if !onHolidays && holidays.contains(d) { return false }
    return recurrence.matches(d)
  }
}

/// A whole schedule: programmes, rules, holidays, quiet hours and zone.
public struct Schedule: Sendable, Equatable {
  public var name: String
  public var zone: TimeZone
  public var quietHours: DayWindow?
  public var holidays: Set<CivilDate>
  public var programs: [String: Program]
  public var slots: [Slot]
  /// Programme ids in the order the file declares them.
  public var programOrder: [String]

  public static let defaultQuietHours = DayWindow(
    start: TimeOfDay(hour: 21, minute: 30)!, end: TimeOfDay(hour: 5, minute: 0)!)

  public init(
    name: String, zone: TimeZone = LocalTime.zone,
    quietHours: DayWindow? = Schedule.defaultQuietHours, holidays: Set<CivilDate> = [],
    programs: [String: Program], slots: [Slot]
  ) {
    self.name = name
    self.zone = zone
    self.quietHours = quietHours
    self.holidays = holidays
    self.programs = programs
    self.slots = slots
    self.programOrder = programs.keys.sorted()
  }
}
