import Foundation

/// A stretch of time an officer names: a day, an ISO week, a month, or from/until bounds, read in
/// the commune's zone. `until` is exclusive.
public struct Period: Sendable, Equatable {
  public var from: Date?
  public var until: Date?

  public init(from: Date? = nil, until: Date? = nil) {
    self.from = from
    self.until = until
  }

  static func calendar(_ zone: TimeZone) -> Calendar {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    return cal
  }

  /// `2026-11-30`, `hôm nay`/`today`, `hôm qua`/`yesterday`: that whole day.
  public static func day(_ text: String, now: Date, zone: TimeZone = LocalTime.zone) throws(LoaError) -> Period {
    let cal = calendar(zone)
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    let start: Date
    switch t {
    case "hôm nay", "hom nay", "today": start = cal.startOfDay(for: now)
    case "hôm qua", "hom qua", "yesterday": start = cal.date(byAdding: .day, value: -1, to: cal.startOfDay(for: now))!
    default:
      guard let d = date(t, cal) else {
        throw LoaError(
          .badTime,
          "cannot read the day '\(text)': use YYYY-MM-DD, today or yesterday (ngày không hợp lệ, ví dụ 2026-11-30, hôm qua)"
        )
      }
      start = d
    }
    return Period(from: start, until: cal.date(byAdding: .day, value: 1, to: start)!)
  }

  /// `2026-W48`: Monday 00:00 to the next Monday 00:00 (ISO 8601 weeks).
  public static func week(_ text: String, zone: TimeZone = LocalTime.zone) throws(LoaError) -> Period {
    let p = text.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-W")
    var cal = Calendar(identifier: .iso8601)
    cal.timeZone = zone
    guard p.count == 2, let y = Int(p[0]), let w = Int(p[1]), (1000...9999).contains(y), (1...53).contains(w),
      let start = cal.date(from: DateComponents(weekday: 2, weekOfYear: w, yearForWeekOfYear: y)),
      cal.component(.weekOfYear, from: start) == w
    else {
      throw LoaError(.badTime, "cannot read the week '\(text)': use YYYY-Www, e.g. 2026-W48 (tuần không hợp lệ)")
    }
    return Period(from: start, until: cal.date(byAdding: .day, value: 7, to: start)!)
  }

  /// `2026-11`: the first of the month 00:00 to the first of the next.
  public static func month(_ text: String, zone: TimeZone = LocalTime.zone) throws(LoaError) -> Period {
    let cal = calendar(zone)
    let p = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
    guard p.count == 2, p[1].count == 2, let y = Int(p[0]), let m = Int(p[1]), (1000...9999).contains(y),
      (1...12).contains(m), let start = cal.date(from: DateComponents(year: y, month: m, day: 1))
    else {
      throw LoaError(.badTime, "cannot read the month '\(text)': use YYYY-MM, e.g. 2026-11 (tháng không hợp lệ)")
    }
    return Period(from: start, until: cal.date(byAdding: .month, value: 1, to: start)!)
  }

  /// `2026-Q4`, `2026-H2`, `2026`: a quarter, a half or a whole year.
  public static func longer(_ text: String, zone: TimeZone = LocalTime.zone) throws(LoaError) -> Period {
    let cal = calendar(zone)
    let t = text.trimmingCharacters(in: .whitespaces).uppercased()
    let p = t.split(separator: "-")
    var months = 12
    var first = 1
    if p.count == 2, p[1].count == 2, let n = Int(p[1].dropFirst()) {
      if p[1].hasPrefix("Q"), (1...4).contains(n) {
        months = 3
        first = (n - 1) * 3 + 1
      } else if p[1].hasPrefix("H"), (1...2).contains(n) {
        months = 6
        first = (n - 1) * 6 + 1
      } else {
        months = 0
      }
    } else if p.count != 1 {
      months = 0
    }
    guard months > 0, let y = Int(p[0]), p[0].count == 4, (1000...9999).contains(y),
      let start = cal.date(from: DateComponents(year: y, month: first, day: 1))
    else {
      throw LoaError(
        .badTime,
        "cannot read the period '\(text)': use YYYY-Qn, YYYY-Hn or YYYY, e.g. 2026-Q4 (kỳ không hợp lệ, ví dụ 2026-Q4)")
    }
    return Period(from: start, until: cal.date(byAdding: .month, value: months, to: start)!)
  }

  /// The ISO week an instant falls in, as `2026-W48`.
  public static func weekName(of date: Date, zone: TimeZone = LocalTime.zone) -> String {
    var cal = Calendar(identifier: .iso8601)
    cal.timeZone = zone
    let c = cal.dateComponents([.weekOfYear, .yearForWeekOfYear], from: date)
    return String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0)
  }

  /// A bound for `--since`/`--until`: a day alone (its start), or anything `LocalTime.parse` reads.
  public static func bound(_ text: String, now: Date, zone: TimeZone = LocalTime.zone) throws(LoaError) -> Date {
    if let d = date(text.trimmingCharacters(in: .whitespaces), calendar(zone)) { return d }
    if let p = try? day(text, now: now, zone: zone), let from = p.from { return from }
    return try LocalTime.parse(text, now: now, zone: zone)
  }

  /// `YYYY-MM-DD` that exists, at 00:00.
  static func date(_ s: String, _ cal: Calendar) -> Date? {
    let f = s.split(separator: "-", omittingEmptySubsequences: false)
    guard f.count == 3, f[0].count == 4, let y = Int(f[0]), let m = Int(f[1]), let d = Int(f[2]), (1...12).contains(m),
      (1...31).contains(d), let date = cal.date(from: DateComponents(year: y, month: m, day: d)),
      cal.component(.day, from: date) == d
    else { return nil }
    return date
  }
}

extension BulletinClass {
  /// `normal`/`priority`/`emergency`, or the Vietnamese names `loa` prints (`khẩn cấp`, …).
  public init?(officerText: String) {
    let t = officerText.trimmingCharacters(in: .whitespaces).lowercased()
    if let c = BulletinClass(rawValue: t) {
      self = c
      return
    }
    guard let c = BulletinClass.allCases.first(where: { $0.vietnameseName == t }) else { return nil }
    self = c
  }
}
