import Foundation

/// A calendar date with no time and no zone (proleptic Gregorian). Arithmetic is done on a
/// day number, so expanding a year of schedule needs no `Calendar` calls per airing.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Returns nil when the date does not exist (31 February, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...Self.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date of a day number (days since 1970-01-01).
  public init(dayNumber z0: Int) {
    // Howard Hinnant's civil_from_days.
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    month = m
    day = d
  }

  /// Days since 1970-01-01.
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    let w = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
    return Weekday.allCases[w]
  }

  public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

  public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

  public var description: String {
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let y = String(year)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
  }

  public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Parses `YYYY-MM-DD`, saying what is wrong when it is not a real date.
  public static func parse(_ s: String) -> Result<CivilDate, ScheduleProblem> {
    let parts = s.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return .failure(ScheduleProblem("ngày '\(s)' phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-24")) }
    guard (1...12).contains(m) else { return .failure(ScheduleProblem("ngày '\(s)': không có tháng \(m)")) }
    guard let date = CivilDate(year: y, month: m, day: d) else {
      return .failure(
        ScheduleProblem(
          "ngày '\(s)' không tồn tại: tháng \(m) năm \(y) chỉ có \(daysIn(month: m, year: y)) ngày"))
    }
    return .success(date)
  }

  /// The civil date of an instant in a zone.
  public static func of(_ date: Date, in zone: TimeZone) -> CivilDate {
    let local = Int(floor(date.timeIntervalSince1970)) + zone.secondsFromGMT(for: date)
    return CivilDate(dayNumber: Int(floor(Double(local) / 86400)))
  }
}

/// Days of the week, Monday first (Vietnamese: Thứ Hai … Chủ nhật).
public enum Weekday: String, CaseIterable, Sendable, Codable {
  case mon, tue, wed, thu, fri, sat, sun

  /// Accepts `mon`…`sun`, `monday`…, and Vietnamese `t2`…`t7`, `cn`, `thu2`… (case-insensitive).
  public static func parse(_ s: String) -> Weekday? {
    let k = s.lowercased().replacingOccurrences(of: " ", with: "")
    switch k {
    case "mon", "monday", "t2", "thu2", "thứ2", "thứhai": return .mon
    case "tue", "tuesday", "t3", "thu3", "thứ3", "thứba": return .tue
    case "wed", "wednesday", "t4", "thu4", "thứ4", "thứtư": return .wed
    case "thu", "thursday", "t5", "thu5", "thứ5", "thứnăm": return .thu
    case "fri", "friday", "t6", "thu6", "thứ6", "thứsáu": return .fri
    case "sat", "saturday", "t7", "thu7", "thứ7", "thứbảy": return .sat
    case "sun", "sunday", "cn", "chunhat", "chủnhật": return .sun
    default: return nil
    }
  }

  /// Short Vietnamese label: T2 … T7, CN.
  public var vietnamese: String {
    switch self {
    case .mon: "T2"
    case .tue: "T3"
    case .wed: "T4"
    case .thu: "T5"
    case .fri: "T6"
    case .sat: "T7"
    case .sun: "CN"
    }
  }
}

/// A time of day in seconds from local midnight.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let seconds: Int
  public init?(seconds: Int) {
    guard (0..<86400).contains(seconds) else { return nil }
    self.seconds = seconds
  }
  public init?(hour: Int, minute: Int, second: Int = 0) {
    guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
    seconds = hour * 3600 + minute * 60 + second
  }

  /// `HH:MM` or `HH:MM:SS`.
  public static func parse(_ s: String) -> TimeOfDay? {
    let p = s.split(separator: ":", omittingEmptySubsequences: false)
    guard p.count == 2 || p.count == 3, p.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
      let h = Int(p[0]), let m = Int(p[1])
    else { return nil }
    let sec = p.count == 3 ? Int(p[2]) : 0
    guard let sec else { return nil }
    return TimeOfDay(hour: h, minute: m, second: sec)
  }

  public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.seconds < b.seconds }

  public var description: String {
    seconds % 60 == 0
      ? String(format: "%02d:%02d", seconds / 3600, seconds / 60 % 60)
      : String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
  }
}

/// A span of the day that may wrap past midnight (21:30–05:00).
public struct DayWindow: Hashable, Sendable, CustomStringConvertible {
  public let start: TimeOfDay
  public let end: TimeOfDay
  public init(start: TimeOfDay, end: TimeOfDay) {
    self.start = start
    self.end = end
  }

  /// Parses `HH:MM-HH:MM`.
  public static func parse(_ s: String) -> DayWindow? {
    let p = s.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
    guard p.count == 2, let a = TimeOfDay.parse(p[0]), let b = TimeOfDay.parse(p[1]) else { return nil }
    return DayWindow(start: a, end: b)
  }

  /// Whether a time of day falls inside the window (start inclusive, end exclusive).
  public func contains(_ t: TimeOfDay) -> Bool {
    if start == end { return false }
    return start < end ? (t >= start && t < end) : (t >= start || t < end)
  }

  /// Whether [t, t + duration) touches the window.
  public func overlaps(from t: TimeOfDay, seconds duration: Int) -> Bool {
    if start == end { return false }
    var s = t.seconds
    let stop = t.seconds + max(duration, 1)
    while s < stop {
      if contains(TimeOfDay(seconds: s % 86400)!) { return true }
      s += 60
    }
    return contains(TimeOfDay(seconds: (stop - 1) % 86400)!)
  }

  public var description: String { "\(start)-\(end)" }
}

/// Parses `90s`, `15m`, `1h30m`, `2h` into seconds.
public func parseDuration(_ s: String) -> Int? {
  var total = 0
  var number = ""
  var sawUnit = false
  for ch in s.lowercased() where ch != " " {
    if ch.isASCII && ch.isNumber {
      number.append(ch)
      continue
    }
    // A number too large for any duration is refused, not an overflow trap (bench/fuzz found
    // `tolerance = "40927646082434478 8m"` in a schedule).
    guard number.count <= 9, let n = Int(number) else { return nil }
    switch ch {
    case "h": total += n * 3600
    case "m": total += n * 60
    case "s": total += n
    default: return nil
    }
    guard total <= 100 * 365 * 86_400 else { return nil }
    number = ""
    sawUnit = true
  }
  guard number.isEmpty, sawUnit else { return nil }
  return total
}

/// `15m`, `1h30m`, `45s` (the inverse of `parseDuration` for display).
public func formatDuration(_ seconds: Int) -> String {
  var out = ""
  let h = seconds / 3600
  let m = seconds / 60 % 60
  let s = seconds % 60
  if h > 0 { out += "\(h)h" }
  if m > 0 { out += "\(m)m" }
  if s > 0 || out.isEmpty { out += "\(s)s" }
  return out
}
