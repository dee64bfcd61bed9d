import Foundation
import LoaCore

/// The station's broadcast log for a period (*sổ nhật ký chương trình phát thanh*), as a district
/// inspector checks it: every airing with its day, start, end, duration, title, kind, field,
/// class, language, origin, result and who sent it, grouped by day with the day's sessions and airtime.
public struct BroadcastLog: Codable, Sendable, Equatable {
  public var from: Date
  public var until: Date
  public var days: [Day]
  public var sessions: Int
  public var seconds: Double

  public struct Day: Codable, Sendable, Equatable {
    /// `2026-11-30`, in the commune's zone.
    public var date: String
    public var lines: [Line]
    public var sessions: Int
    public var seconds: Double
  }

  public struct Line: Codable, Sendable, Equatable {
    public var id: Int64?
    public var start: Date?
    public var end: Date?
    public var seconds: Double?
    public var title: String
    public var kind: AiringKind
    public var bulletinClass: BulletinClass
    public var field: BulletinField?
    public var language: String?
    /// The row's origin (what the row proves where it does not say; nil: unknown).
    public var origin: BulletinOrigin?
    public var author: String?
    public var outcome: AiringOutcome
    public var operatorName: String?
    /// The first airing of a session (buổi phát).
    public var opensSession: Bool

    enum CodingKeys: String, CodingKey {
      case id, start, end, seconds, title, kind, field, language, origin, author, outcome
      case bulletinClass = "class"
      case operatorName = "operator"
      case opensSession = "opens_session"
    }
  }

  /// Rows in `[from, until)` by when they aired (or were logged, for those that never did), in
  /// time order; a session opens after a gap of at least `sessionGapSeconds` with nothing on air.
  public static func compute(
    from: Date, until: Date, rows: [AsRunRecord], sessionGapSeconds: Double = 300, zone: TimeZone = LocalTime.zone
  ) -> BroadcastLog {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    func when(_ r: AsRunRecord) -> Date? { r.placedAt }
    let inPeriod = rows.filter { when($0).map { $0 >= from && $0 < until } ?? false }
      .sorted { (when($0)!, $0.id ?? 0) < (when($1)!, $1.id ?? 0) }
    var days: [Day] = []
    var lastEnd: Date?
    var sessions = 0
    var total = 0.0
    for r in inPeriod {
      let at = when(r)!
      let c = cal.dateComponents([.year, .month, .day], from: at)
      let date = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
      if days.last?.date != date { days.append(Day(date: date, lines: [], sessions: 0, seconds: 0)) }
      var opens = false
      let aired = (r.durationSeconds ?? 0) > 0 && r.startedAt != nil
      if aired, let start = r.startedAt {
        if lastEnd.map({ start.timeIntervalSince($0) >= sessionGapSeconds }) ?? true {
          opens = true
          sessions += 1
          days[days.count - 1].sessions += 1
        }
        let end = start.addingTimeInterval(r.durationSeconds!)
        lastEnd = max(lastEnd ?? end, end)
        days[days.count - 1].seconds += r.durationSeconds!
        total += r.durationSeconds!
      }
      days[days.count - 1].lines.append(
        Line(
          id: r.id, start: r.startedAt, end: aired ? r.startedAt!.addingTimeInterval(r.durationSeconds!) : nil,
          seconds: r.durationSeconds, title: r.title, kind: r.kind, bulletinClass: r.bulletinClass, field: r.field,
          language: r.language, origin: r.reportedOrigin, author: r.author, outcome: r.outcome,
          operatorName: r.operatorName, opensSession: opens))
    }
    return BroadcastLog(from: from, until: until, days: days, sessions: sessions, seconds: total)
  }
}

extension ReportText {
  static let logHeadings = [
    "Ngày", "Bắt đầu", "Kết thúc", "Thời lượng (giây)", "Tiêu đề", "Kiểu", "Mức độ", "Nguồn", "Kết quả",
    "Người phát/duyệt", "Buổi phát", "Lĩnh vực", "Ngôn ngữ", "Tác giả",
  ]

  static func cells(_ day: BroadcastLog.Day, _ l: BroadcastLog.Line) -> [String] {
    func hm(_ d: Date?) -> String { d.map { String(LocalTime.format($0).dropFirst(11).prefix(8)) } ?? "-" }
    return [
      day.date, hm(l.start), hm(l.end), l.seconds.map { String(format: "%.1f", $0) } ?? "-", l.title,
      l.kind.vietnameseName, l.bulletinClass.vietnameseName, l.origin?.vietnameseName ?? "không rõ",
      l.outcome.vietnameseName,
      l.operatorName ?? "-", l.opensSession ? "mở buổi" : "",
      l.field.map { "\($0.rawValue). \($0.vietnameseName)" } ?? "không rõ",
      l.language.map(Languages.name) ?? "không rõ", l.author ?? "",
    ]
  }

  /// The log on the terminal: each day's lines, then its subtotal.
  public static func table(_ log: BroadcastLog) -> String {
    var s = "SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH  \(LocalTime.format(log.from)) → \(LocalTime.format(log.until))\n"
    if log.days.isEmpty { return s + "(không có lượt phát nào / no airings)\n" }
    for day in log.days {
      s += "\n\(day.date)\n"
      for l in day.lines {
        let c = cells(day, l)
        s +=
          "  \(c[1])–\(c[2])  \(c[3].padding(toLength: 7, withPad: " ", startingAt: 0))  \(c[6]) · \(c[5]) · \(c[7])"
          + " · \(c[8]) · \(c[9])  \(c[4])\(l.opensSession ? "  [mở buổi]" : "")\n"
      }
      s += "  Cộng ngày \(day.date): \(day.sessions) buổi, \(String(format: "%.1f", day.seconds / 60)) phút\n"
    }
    s += "\nTổng: \(log.sessions) buổi phát, \(String(format: "%.2f", log.seconds / 3600)) giờ\n"
    return s
  }

  /// One line per airing and a subtotal line per day; UTF-8 with a BOM for Excel.
  public static func csv(_ log: BroadcastLog) -> String {
    var s = "\u{FEFF}" + logHeadings.map(csvField).joined(separator: ",") + "\r\n"
    for day in log.days {
      for l in day.lines { s += cells(day, l).map(csvField).joined(separator: ",") + "\r\n" }
      s +=
        [day.date, "", "", String(format: "%.1f", day.seconds), "Cộng ngày: \(day.sessions) buổi phát"]
        .map(csvField).joined(separator: ",") + String(repeating: ",", count: logHeadings.count - 5) + "\r\n"
    }
    return s
  }

  static func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}
