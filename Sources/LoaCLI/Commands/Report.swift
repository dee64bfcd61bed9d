import ArgumentParser
import Foundation
import LoaCore
import LoaReports
import LoaScheduling
import LoaStationWire

/// `loa report …`: reports an officer hands in, from the as-run log.
struct ReportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Reports from the as-run log (báo cáo).",
    subcommands: [ReportLog.self, ReportAirtime.self])
}

/// `loa report airtime --month 2026-11`: the periodic airtime statistics.
struct ReportAirtime: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "airtime",
    abstract: "Airtime statistics for a period (thống kê thời lượng phát sóng).",
    discussion: """
      Sessions (buổi phát), hours aired by origin, class and kind, the commune's own bulletins per
      week, emergencies, the province's bulletins, failures, dead air and the box's up-time — all
      from what really aired. Periods in Vietnam time:
        loa report airtime --month 2026-11 | --quarter 2026-Q4 | --half 2026-H2 | --year 2026
        loa report airtime --week 2026-W48 | --from 2026-11-01 --to 2026-11-16
      """)

  @OptionGroup var server: ServerOptions
  @Option(help: "One ISO week: YYYY-Www.") var week: String?
  @Option(help: "One month: YYYY-MM.") var month: String?
  @Option(help: "One quarter: YYYY-Qn (quý).") var quarter: String?
  @Option(help: "One half year: YYYY-H1 or YYYY-H2 (6 tháng).") var half: String?
  @Option(help: "One year: YYYY (năm).") var year: String?
  @Option(parsing: .unconditional, help: "From this day or time (with --to).") var from: String?
  @Option(parsing: .unconditional, help: "Until this day or time, exclusive (with --from).") var to: String?
  @Option(help: "Airings closer than this many minutes make one session (buổi phát).") var gap: Int = 5
  @Flag(help: "The report as JSON.") var json = false
  @Flag(help: "CSV for Excel/LibreOffice (UTF-8 with BOM, Vietnamese headings).") var csv = false
  @Option(help: "Write a printable A4 page (HTML) to this file: open it in a browser and print.") var html: String?
  @Option(help: "The station's name on the printed page (default: the installed schedule's name).") var station: String?
  @Option(
    name: .customLong("for"),
    help:
      "Across the boxes of the commune station: xa, a hamlet code or a box id (báo cáo toàn xã, theo thôn, theo cụm).")
  var area: String?
  @Option(name: .customLong("station-url"), help: "The commune station's API with --for (env LOA_STATION).")
  var stationURL: String = ProcessInfo.processInfo.environment["LOA_STATION"] ?? "http://127.0.0.1:8790"

  func validate() throws {
    let named = [week, month, quarter, half, year].compactMap { $0 }
    if html != nil && (json || csv) { throw ValidationError("give one of --html, --json, --csv") }
    if named.count + ((from != nil || to != nil) ? 1 : 0) != 1 {
      throw ValidationError(
        "name one period: --week, --month, --quarter, --half, --year, or --from with --to (chọn đúng một kỳ báo cáo)")
    }
    if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together (cần cả --from và --to)") }
    if json && csv { throw ValidationError("give --json or --csv, not both") }
    guard (0...1440).contains(gap) else { throw ValidationError("--gap must be from 0 to 1440 minutes") }
  }

  func period(now: Date) throws -> (Date, Date) {
    let p: Period
    if let week {
      p = try Period.week(week)
    } else if let month {
      p = try Period.month(month)
    } else if let text = quarter ?? half ?? year {
      p = try Period.longer(text)
    } else {
      p = Period(
        from: try from.map { s throws(LoaError) in try Period.bound(s, now: now) },
        until: try to.map { s throws(LoaError) in try Period.bound(s, now: now) })
    }
    guard let f = p.from, let u = p.until else { throw CLIError("name a period") }
    guard f < u else { throw CLIError("--from must be before --to (ngày bắt đầu phải trước ngày kết thúc)") }
    return (f, u)
  }

  func run() async throws {
    try await runReporting {
      let (f, u) = try period(now: Date())
      if let area {
        let client = try await StationOptions.connect(stationURL)
        let r: StationWire.AreaReport = try await client.get(
          "/v1/reports/airtime",
          query: [
            URLQueryItem(name: "since", value: LocalTime.iso(f)), URLQueryItem(name: "until", value: LocalTime.iso(u)),
            URLQueryItem(name: "gap_s", value: String(gap * 60)), URLQueryItem(name: "for", value: area),
          ])
        if json {
          try printJSONLine(r)
        } else if csv {
          FileHandle.standardOutput.write(Data(AreaText.csv(r).utf8))
        } else if let html {
          let info: StationWire.Info? = try? await client.get("/v1/station")
          let page = AreaText.html(r, station: station ?? info?.name ?? "Đài truyền thanh cơ sở")
          guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
            throw CLIError("cannot write '\(html)' (không ghi được tệp)")
          }
          print("Đã ghi báo cáo / report written: \(html) (mở bằng trình duyệt rồi in / open in a browser and print)")
        } else {
          print(AreaText.table(r))
        }
        return
      }
      let report: AirtimeReport = try await server.client().get(
        "/v1/reports/airtime",
        query: [
          URLQueryItem(name: "since", value: LocalTime.iso(f)), URLQueryItem(name: "until", value: LocalTime.iso(u)),
          URLQueryItem(name: "gap_s", value: String(gap * 60)),
        ])
      if let html {
        let client = try server.client()
        let schedule: Scheduler.Status? = try? await client.get("/v1/schedule")
        let status: Wire.StatusView? = try? await client.get("/v1/status")
        let page = ReportHTML.airtime(
          report, station: station ?? schedule?.name ?? "Đài truyền thanh cơ sở", box: status?.uplink?.box)
        guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
          throw CLIError("cannot write '\(html)' (không ghi được tệp)")
        }
        print("Đã ghi báo cáo / report written: \(html) (mở bằng trình duyệt rồi in / open in a browser and print)")
      } else if json {
        try printJSONLine(report)
      } else if csv {
        FileHandle.standardOutput.write(Data(ReportText.csv(report).utf8))
      } else {
        print(ReportText.table(report))
      }
    }
  }
}

/// `loa report log --week 2026-W48`: the broadcast log an inspector checks.
struct ReportLog: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "The broadcast log for a period (sổ nhật ký chương trình phát thanh).",
    discussion: """
      Every airing with its day, start, end, duration, title, kind, class, origin, result and who
      sent it, with each day's sessions and airtime. Periods in Vietnam time:
        loa report log --week 2026-W48 | --day 2026-11-30 | --month 2026-11 | --from 2026-11-01 --to 2026-11-08
      """)

  @OptionGroup var server: ServerOptions
  @Option(help: "One ISO week: YYYY-Www.") var week: String?
  @Option(help: "One day: YYYY-MM-DD, today / hôm nay, yesterday / hôm qua.") var day: String?
  @Option(help: "One month: YYYY-MM.") var month: String?
  @Option(parsing: .unconditional, help: "From this day or time (with --to).") var from: String?
  @Option(parsing: .unconditional, help: "Until this day or time, exclusive (with --from).") var to: String?
  @Option(help: "Airings closer than this many minutes make one session (buổi phát).") var gap: Int = 5
  @Flag(help: "The log as JSON.") var json = false
  @Flag(help: "CSV for Excel/LibreOffice (UTF-8 with BOM, Vietnamese headings).") var csv = false
  @Option(help: "Write printable A4 landscape pages (HTML) to this file: open it in a browser and print.")
  var html: String?
  @Option(help: "The station's name on the printed pages (default: the installed schedule's name).") var station:
    String?

  func validate() throws {
    if html != nil && (json || csv) { throw ValidationError("give one of --html, --json, --csv") }
    let named = [week, day, month].compactMap { $0 }
    if named.count + ((from != nil || to != nil) ? 1 : 0) != 1 {
      throw ValidationError("name one period: --week, --day, --month, or --from with --to (chọn đúng một kỳ)")
    }
    if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together (cần cả --from và --to)") }
    if json && csv { throw ValidationError("give --json or --csv, not both") }
    guard (0...1440).contains(gap) else { throw ValidationError("--gap must be from 0 to 1440 minutes") }
  }

  func run() async throws {
    try await runReporting {
      let now = Date()
      let p: Period
      if let week {
        p = try Period.week(week)
      } else if let day {
        p = try Period.day(day.first?.isNumber == true ? day : day.replacingOccurrences(of: "-", with: " "), now: now)
      } else if let month {
        p = try Period.month(month)
      } else {
        p = Period(
          from: try from.map { s throws(LoaError) in try Period.bound(s, now: now) },
          until: try to.map { s throws(LoaError) in try Period.bound(s, now: now) })
      }
      guard let f = p.from, let u = p.until, f < u else {
        throw CLIError("--from must be before --to (ngày bắt đầu phải trước ngày kết thúc)")
      }
      let log: BroadcastLog = try await server.client().get(
        "/v1/reports/log",
        query: [
          URLQueryItem(name: "since", value: LocalTime.iso(f)), URLQueryItem(name: "until", value: LocalTime.iso(u)),
          URLQueryItem(name: "gap_s", value: String(gap * 60)),
        ])
      if let html {
        let client = try server.client()
        let schedule: Scheduler.Status? = try? await client.get("/v1/schedule")
        let status: Wire.StatusView? = try? await client.get("/v1/status")
        let page = ReportHTML.broadcastLog(
          log, station: station ?? schedule?.name ?? "Đài truyền thanh cơ sở", box: status?.uplink?.box)
        guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
          throw CLIError("cannot write '\(html)' (không ghi được tệp)")
        }
        print("Đã ghi sổ nhật ký / log written: \(html) (mở bằng trình duyệt rồi in / open in a browser and print)")
      } else if json {
        try printJSONLine(log)
      } else if csv {
        FileHandle.standardOutput.write(Data(ReportText.csv(log).utf8))
      } else {
        print(ReportText.table(log), terminator: "")
      }
    }
  }
}
