import ArgumentParser
import Foundation
import LoaCore
import LoaStationWire

/// `loa inbox …`: normal bulletins from the province wait here for the commune officer.
struct InboxCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inbox",
    abstract: "Bulletins from the province waiting for approval (hộp chờ duyệt): list, approve, reject.",
    subcommands: [InboxList.self, InboxApprove.self, InboxReject.self], defaultSubcommand: InboxList.self)
}

struct InboxList: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the inbox.")
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false
  @Option(help: "Across the boxes of the commune station: xa, a hamlet code or a box id.") var to: String?
  @OptionGroup var station: StationOptions

  func run() async throws {
    try await runReporting {
      if let to {
        let items: [StationWire.InboxItem] = try await station.client().get(
          "/v1/inbox", query: [URLQueryItem(name: "for", value: to)])
        if json { return try printJSONLine(items) }
        if items.isEmpty { print("Hộp chờ trống / the inbox is empty (\(to))") }
        for i in items {
          print(
            "\(shortId(i.id))  \(i.title ?? "—")  [\(i.bulletinClass ?? "?")] từ / from \(i.from)"
              + (i.verified ? "" : " (CHƯA XÁC MINH chữ ký / signature not checked)"))
          print("    chờ duyệt ở / waiting on \(i.waiting.count) cụm loa: \(i.waiting.joined(separator: ", "))")
          if let t = i.text { print("    \(t.prefix(160))") }
        }
        return
      }
      let jobs: [Wire.JobView] = try await server.client().get("/v1/inbox")
      if json { return try printJSONLine(jobs) }
      print(Render.inbox(jobs))
    }
  }
}

struct InboxApprove: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Put a bulletin on air: now, --at TIME, or right after the next airing of --program NAME (duyệt).")
  @OptionGroup var server: ServerOptions
  @Argument(help: "Job id (or its first characters).") var id: String
  @Option(help: "When: 17:30, '2026-11-23 05:00', +10m.") var at: String?
  @Option(help: "Air it right after the next airing of this programme (its id in the schedule file).")
  var program: String?
  @Option(name: .customLong("operator")) var operatorName: String?
  @Option(
    help: "Approve on every box of: xa, a hamlet code or a box id, through the station (duyệt một lần cho cả xã).")
  var to: String?
  @OptionGroup var station: StationOptions

  func validate() throws {
    if at != nil && program != nil { throw ValidationError("give --at or --program, not both") }
    if to != nil && program != nil {
      throw ValidationError("with --to, give --at (a programme's slot is per box; --program is for one box)")
    }
  }

  func run() async throws {
    try await runReporting {
      if let to {
        let client = try await station.client()
        let items: [StationWire.InboxItem] = try await client.get(
          "/v1/inbox", query: [URLQueryItem(name: "for", value: to)])
        let ids = items.map(\.id).filter { $0.hasPrefix(id.lowercased()) }
        guard ids.count == 1, id.count >= 4 || id.count == 36 else {
          throw CLIError(
            ids.isEmpty
              ? "no bulletin waiting in the inbox of \(to) starts with '\(id)' (không có trong hộp chờ)"
              : "'\(id)' matches \(ids.count) bulletins; give more characters")
        }
        var r = StationWire.SendRequest(to: to, command: "approve")
        r.refersTo = ids[0]
        r.notBefore = try at.map { s throws(LoaError) in try LocalTime.parse(s, now: Date()) }
        r.operatorName = resolveOperator(operatorName)
        try await StationSend.run(r, station: station, wait: 15, json: false)
        return
      }
      let client = try server.client()
      let full = try await resolveInboxId(client, id)
      let when = try at.map { s throws(LoaError) in try LocalTime.parse(s, now: Date()) }
      let job: Wire.JobView = try await client.post(
        "/v1/inbox/\(full)/approve",
        Wire.ApproveBody(at: when, program: program, operatorName: resolveOperator(operatorName)))
      print(
        "đã duyệt / approved: \(shortId(job.id)) \(job.title)"
          + (job.notBefore.map { " — phát lúc / airs at \(Render.time($0))" } ?? " — phát ngay / airs now"))
    }
  }
}

struct InboxReject: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "reject", abstract: "Refuse a bulletin (từ chối).")
  @OptionGroup var server: ServerOptions
  @Argument(help: "Job id (or its first characters).") var id: String
  @Option(help: "Why (kept with the job).") var reason: String?
  @Option(name: .customLong("operator")) var operatorName: String?

  func run() async throws {
    try await runReporting {
      let client = try server.client()
      let full = try await resolveInboxId(client, id)
      let job: Wire.JobView = try await client.post(
        "/v1/inbox/\(full)/reject", Wire.RejectBody(reason: reason, operatorName: resolveOperator(operatorName)))
      print("đã từ chối / rejected: \(shortId(job.id)) \(job.title)")
    }
  }
}

func resolveInboxId(_ client: APIClient, _ prefix: String) async throws -> String {
  if prefix.count == 36 { return prefix }
  guard prefix.count >= 4 else { throw CLIError("give at least 4 characters of the job id, got '\(prefix)'") }
  let jobs: [Wire.JobView] = try await client.get("/v1/inbox")
  let ids = jobs.map(\.id).filter { $0.hasPrefix(prefix.lowercased()) }
  switch ids.count {
  case 1: return ids[0]
  case 0: throw CLIError("no job in the inbox starts with '\(prefix)' (không có trong hộp chờ)")
  default: throw CLIError("'\(prefix)' matches \(ids.count) jobs; give more characters")
  }
}
