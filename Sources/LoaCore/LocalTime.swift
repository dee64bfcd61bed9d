import Foundation

/// Instants are stored in UTC and shown in the commune's zone (Asia/Ho_Chi_Minh).
public enum LocalTime {
  public static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

  /// `2026-11-22 17:30:05 +07` style.
  public static func format(_ date: Date, zone: TimeZone = zone) -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let offset = zone.secondsFromGMT(for: date) / 3600
    let sign = offset >= 0 ? "+" : "-"
    return String(
      format: "%04d-%02d-%02d %02d:%02d:%02d %@%02d", c.year!, c.month!, c.day!, c.hour!,
      c.minute!, c.second!, sign, abs(offset))
  }

  /// ISO 8601 in UTC with milliseconds, for storage and JSON.
  public static func iso(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
  }

  public static func parseISO(_ s: String) -> Date? {
    if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(s) { return d }
    return try? Date.ISO8601FormatStyle().parse(s)
  }

  /// Parses what an officer types: `17:30`, `2026-11-23 05:00`, `+10m`, `-2h`, `+90s`, or ISO 8601.
  /// A bare time means the next such time today (local zone), never a time already past.
  public static func parse(_ input: String, now: Date, zone: TimeZone = zone) throws(LoaError) -> Date {
    let s = input.trimmingCharacters(in: .whitespaces)
    if let sign = s.first, sign == "+" || sign == "-", let unit = s.last, let n = Double(s.dropFirst().dropLast()),
      n >= 0
    {
      let mult: Double? =
        switch unit {
        case "s": 1
        case "m": 60
        case "h": 3600
        default: nil
        }
      if let mult { return now.addingTimeInterval((sign == "-" ? -1 : 1) * n * mult) }
    }
    if let d = parseISO(s) { return d }
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    let parts = s.split(separator: " ")
    func hm(_ t: Substring) -> (Int, Int, Int)? {
      let f = t.split(separator: ":").map { Int($0) }
      guard (2...3).contains(f.count), f.allSatisfy({ $0 != nil }) else { return nil }
      let h = f[0]!, m = f[1]!, sec = f.count == 3 ? f[2]! : 0
      guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(sec) else { return nil }
      return (h, m, sec)
    }
    if parts.count == 1, let (h, m, sec) = hm(parts[0]) {
      var c = cal.dateComponents([.year, .month, .day], from: now)
      c.hour = h
      c.minute = m
      c.second = sec
      if let d = cal.date(from: c) { return d }
    }
    if parts.count == 2, let (h, m, sec) = hm(parts[1]) {
      let ymd = parts[0].split(separator: "-").map { Int($0) }
      if ymd.count == 3, let y = ymd[0], let mo = ymd[1], let d = ymd[2], (1...12).contains(mo), (1...31).contains(d) {
        let c = DateComponents(year: y, month: mo, day: d, hour: h, minute: m, second: sec)
        // Calendar rolls 31 February over into March: refuse dates that do not exist.
        if let date = cal.date(from: c), cal.component(.day, from: date) == d, cal.component(.month, from: date) == mo {
          return date
        }
      }
    }
    throw LoaError(
      .badTime,
      "cannot read the time '\(input)': use HH:MM, YYYY-MM-DD HH:MM, +10m, -2h or ISO 8601 "
        + "(giờ không hợp lệ, ví dụ 17:30 hoặc 2026-11-23 05:00)")
  }
}
