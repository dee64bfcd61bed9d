import ArgumentParser
import Foundation
import LoaCore

/// `loa log`: the as-run (airtime) log.
struct Log: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "Show the as-run log: what really aired (nhật ký phát sóng).",
    discussion: """
      Times are read and shown in Vietnam time (UTC+7). --json prints one object per line.
        loa log --day hôm-qua | --day 2026-11-30 | --week 2026-W48 | --month 2026-11
        loa log --since -2h | --since 2026-12-01 --until "2026-12-01 12:00"
        loa log --class "khẩn cấp"
      """)
  @OptionGroup var server: ServerOptions
  @Option(
    parsing: .unconditional,
    help:
      "Only airings from this time: a day (2026-11-30, today, yesterday), HH:MM, 'YYYY-MM-DD HH:MM', ISO 8601, -2h, -30m."
  )
  var since: String?
  @Option(parsing: .unconditional, help: "Only airings before this time (same forms as --since).") var until: String?
  @Option(help: "One day: YYYY-MM-DD, today / hôm nay, yesterday / hôm qua.") var day: String?
  @Option(help: "One ISO week, Monday to Sunday: YYYY-Www (2026-W48).") var week: String?
  @Option(help: "One month: YYYY-MM (2026-11).") var month: String?
  @Option(
    name: .customLong("class"),
    help: "Only one class: normal, priority, emergency (thông thường, ưu tiên, khẩn cấp).")
  var bulletinClass: String?
  @Option(help: "At most this many rows.") var limit: Int = 1000
  @Option(name: .customLong("job"), help: "Only the airings of one job.") var jobId: String?
  @Flag(help: "One JSON object per line.") var json = false
  @Option(help: "Export the off-air recording of as-run row ID (bản ghi phát sóng) instead of listing.") var audio:
    Int64?
  @Option(
    name: [.short, .long],
    help: "With --audio: the file to write (default loa-asrun-ID.opus, or .mp3 for an MP3 file's airing).")
  var output: String?

  func run() async throws {
    try await runReporting {
      if let audio {
        guard audio > 0 else { throw CLIError("--audio takes an as-run row id (a positive number), got \(audio)") }
        let (data, _) = try await server.client().data("/v1/asrun/\(audio)/audio")
        // An MP3 file's airing is kept as the MPEG frames that aired, anything else as Ogg Opus.
        let ogg = data.starts(with: Array("OggS".utf8))
        let path = output ?? "loa-asrun-\(audio).\(ogg ? "opus" : "mp3")"
        guard FileManager.default.createFile(atPath: path, contents: data) else {
          throw CLIError("cannot write '\(path)' (không ghi được tệp)")
        }
        print("Đã xuất bản ghi dòng #\(audio) / exported: \(path) (\(data.count) bytes, \(ogg ? "Ogg Opus" : "MP3"))")
        return
      }
      var query: [URLQueryItem] = [URLQueryItem(name: "limit", value: String(limit))]
      let period = try period(now: Date())
      if let from = period.from { query.append(URLQueryItem(name: "since", value: LocalTime.iso(from))) }
      if let until = period.until { query.append(URLQueryItem(name: "until", value: LocalTime.iso(until))) }
      if let bulletinClass {
        guard let c = BulletinClass(officerText: bulletinClass) else {
          throw CLIError(
            "unknown class '\(bulletinClass)': use normal, priority or emergency "
              + "(loại: thông thường, ưu tiên, khẩn cấp)")
        }
        query.append(URLQueryItem(name: "class", value: c.rawValue))
      }
      if let jobId { query.append(URLQueryItem(name: "job_id", value: jobId)) }
      guard (1...10_000).contains(limit) else { throw CLIError("--limit must be from 1 to 10000") }
      let page: Wire.AsRunPage = try await server.client().get("/v1/asrun", query: query)
      if json {
        for row in page.rows { try printJSONLine(row) }
        return
      }
      print(Render.asRun(page.rows))
    }
  }

  func validate() throws {
    let named = [day, week, month].compactMap { $0 }
    if named.count > 1 { throw ValidationError("give one of --day, --week, --month (chỉ chọn một)") }
    if !named.isEmpty && (since != nil || until != nil) {
      throw ValidationError("--day/--week/--month name the whole period; leave out --since/--until")
    }
  }

  /// The period asked for, in the box's zone.
  func period(now: Date) throws -> Period {
    if let day { return try Period.day(dayText(day), now: now) }
    if let week { return try Period.week(week) }
    if let month { return try Period.month(month) }
    let p = Period(
      from: try since.map { s throws(LoaError) in try Period.bound(s, now: now) },
      until: try until.map { s throws(LoaError) in try Period.bound(s, now: now) })
    if let f = p.from, let u = p.until, f >= u {
      throw CLIError("--since must be before --until (thời điểm bắt đầu phải trước thời điểm kết thúc)")
    }
    return p
  }

  /// `hôm-qua` (typed without quotes) is `hôm qua`; a date keeps its dashes.
  func dayText(_ s: String) -> String {
    s.first?.isNumber == true ? s : s.replacingOccurrences(of: "-", with: " ")
  }
}
