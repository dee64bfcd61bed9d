import ArgumentParser
import Foundation
import LoaCore

/// `loa log`: the as-run (airtime) log.
struct Log: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the as-run log: what really aired (nhật ký phát sóng).",
    discussion: "Times are shown in Vietnam time (UTC+7). --json prints one object per line.")
  @OptionGroup var server: ServerOptions
  @Option(help: "Only airings from this time: HH:MM, 'YYYY-MM-DD HH:MM', ISO 8601, or -2h, -30m.") var since: String?
  @Option(help: "At most this many rows.") var limit: Int = 1000
  @Option(name: .customLong("job"), help: "Only the airings of one job.") var jobId: String?
  @Flag(help: "One JSON object per line.") var json = false
  @Option(help: "Export the off-air recording of as-run row ID (bản ghi phát sóng) instead of listing.") var audio:
    Int64?
  @Option(name: [.short, .long], help: "With --audio: the file to write (default loa-asrun-ID.opus).") var output:
    String?

  func run() async throws {
    try await runReporting {
      if let audio {
        guard audio > 0 else { throw CLIError("--audio takes an as-run row id (a positive number), got \(audio)") }
        let (data, _) = try await server.client().data("/v1/asrun/\(audio)/audio")
        let path = output ?? "loa-asrun-\(audio).opus"
        guard FileManager.default.createFile(atPath: path, contents: data) else {
          throw CLIError("cannot write '\(path)' (không ghi được tệp)")
        }
        print("Đã xuất bản ghi dòng #\(audio) / exported: \(path) (\(data.count) bytes, Ogg Opus)")
        return
      }
      var query: [URLQueryItem] = [URLQueryItem(name: "limit", value: String(limit))]
      if let since {
        query.append(URLQueryItem(name: "since", value: LocalTime.iso(try LocalTime.parse(since, now: Date()))))
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
}
