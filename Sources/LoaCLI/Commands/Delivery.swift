import ArgumentParser
import Foundation
import LoaCore
import LoaStationWire

/// Sends through the station and follows the delivery (`--to` on say, play, relay, stop, volume).
enum StationSend {
  /// Posts the request; prints the id (or the delivery, with `wait`), and fails (exit 4) when a
  /// box refused or failed it, or when the wait ran out before every box was final.
  static func run(
    _ request: StationWire.SendRequest, station: StationOptions, wait: Double?, json: Bool
  ) async throws {
    let client = try await station.client()
    let answer: StationWire.SendAnswer = try await client.post("/v1/send", request)
    if !json {
      print(answer.id)
      FileHandle.standardError.write(
        Data(
          "loa: đã gửi tới / sent to \(answer.to): \(answer.boxes.count) cụm loa (\(answer.boxes.joined(separator: ", ")))\n"
            .utf8))
    }
    guard let wait else {
      if json { try printJSONLine(answer) }
      return
    }
    try await follow(answer.id, client: client, wait: wait, json: json)
  }

  /// Polls the delivery until every box is final or `wait` seconds pass; prints it.
  static func follow(_ id: String, client: APIClient, wait: Double, json: Bool) async throws {
    let deadline = Date().addingTimeInterval(wait)
    var d: StationWire.Delivery = try await client.get("/v1/deliveries/\(id)")
    while !d.complete && Date() < deadline {
      try await Task.sleep(nanoseconds: 250_000_000)
      d = try await client.get("/v1/deliveries/\(id)")
    }
    if json { try printJSONLine(d) } else { print(render(d)) }
    let bad = d.boxes.filter { [.failed, .rejected, .expired, .cancelled].contains($0.state) }
    if !bad.isEmpty {
      let what = d.kind == "job" ? "không phát / did not air it" : "không thực hiện / did not carry it out"
      throw CLIError("\(bad.count) cụm loa \(what): \(bad.map(\.box).joined(separator: ", "))", exitCode: 4)
    }
    if wait > 0 && !d.complete {
      throw CLIError(
        "not every box has finished after \(Int(wait)) s (chưa xong); see 'loa delivery \(id)'", exitCode: 4)
    }
  }

  static func stateName(_ s: StationWire.DeliveryState) -> String { s.name }

  static func render(_ d: StationWire.Delivery) -> String {
    var counts: [StationWire.DeliveryState: Int] = [:]
    for b in d.boxes { counts[b.state, default: 0] += 1 }
    let summary = StationWire.DeliveryState.allCases.compactMap { s in counts[s].map { "\(stateName(s)) \($0)" } }
    var lines = [
      "\(d.title ?? d.kind) → \(d.to) · gửi lúc / sent \(LocalTime.format(d.sentAt)) · \(d.boxes.count) cụm loa",
      summary.joined(separator: " · "),
    ]
    for b in d.boxes {
      var line = "  \(pad(b.hamlet, 10)) \(pad(b.box, 12)) \(pad(stateName(b.state), 28))"
      if let at = b.at { line += " \(String(LocalTime.format(at).dropFirst(11).prefix(8)))" }
      if let s = b.airedSeconds { line += " \(Int(s.rounded())) s" }
      if let detail = b.detail { line += " — \(detail)" }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}

/// `loa delivery ID`: where something sent through the station stands on every box.
struct DeliveryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delivery", abstract: "Where a bulletin sent through the station stands on each box (tình trạng gửi).")
  @OptionGroup var station: StationOptions
  @Argument(help: "The id 'loa say --to' printed.") var id: String
  @Option(help: "Wait up to this many seconds for every box to finish.") var wait: Double = 0
  @Flag(help: "JSON instead of a table.") var json = false

  func run() async throws {
    try await runReporting {
      guard UUID(uuidString: id) != nil else { throw CLIError("'\(id)' is not a delivery id (a UUID printed by --to)") }
      try await StationSend.follow(id, client: try await station.client(), wait: wait, json: json)
    }
  }
}
