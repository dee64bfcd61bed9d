import ArgumentParser
import Foundation
import LoaCore
import LoaStationWire

/// `--station URL` (env `LOA_STATION`): the commune's station, for commands across boxes.
package struct StationOptions: ParsableArguments {
  @Option(name: .long, help: "The station's API (env LOA_STATION), e.g. http://10.0.0.2:8790.")
  package var station: String = ProcessInfo.processInfo.environment["LOA_STATION"] ?? "http://127.0.0.1:8790"

  /// A client for the station, after checking that a Loa station answers there.
  package init() {}

  package func client() async throws -> APIClient { try await Self.connect(station) }

  static func connect(_ station: String) async throws -> APIClient {
    var c: APIClient
    do { c = try APIClient(server: station) } catch {
      throw CLIError("--station must be an http(s) URL like http://127.0.0.1:8790, got '\(station)'")
    }
    c.token = Credentials.stationToken(for: c.base)
    c.timeout = 10
    let info: StationWire.Info
    do { info = try await c.get("/v1/station") } catch let e as CLIError where e.exitCode == 3 {
      throw CLIError(
        "no Loa station answers at \(station); start it with 'loa-station serve' / trạm chưa chạy hoặc sai địa chỉ",
        exitCode: 3)
    } catch {
      throw CLIError("\(station) is not a Loa station (\(error)) / địa chỉ này không phải trạm Loa", exitCode: 3)
    }
    guard info.service == "loa-station" else {
      throw CLIError("\(station) is not a Loa station / địa chỉ này không phải trạm Loa", exitCode: 3)
    }
    return c
  }
}

/// `loa fleet`: every box the station hears from, and the counts an officer looks at first.
struct Fleet: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fleet",
    abstract: "Every loudspeaker box of the area, from the station (danh sách cụm loa).",
    discussion: """
      Lost (mất kết nối): the box said it was online, then no heartbeat for three periods.
      Offline (ngoại tuyến): the broker published its last will.
      """)
  @OptionGroup var station: StationOptions
  @Flag(help: "Only boxes that are offline or lost (chỉ cụm mất kết nối).") var offline = false
  @Option(help: "Only the boxes of one hamlet (thôn/ấp), by its code.") var hamlet: String?
  @Flag(help: "JSON instead of a table.") var json = false

  func run() async throws {
    try await runReporting {
      let client = try await station.client()
      var query: [URLQueryItem] = []
      if let hamlet { query.append(URLQueryItem(name: "hamlet", value: hamlet)) }
      if offline { query.append(URLQueryItem(name: "state", value: "offline")) }
      let fleet: StationWire.Fleet = try await client.get("/v1/fleet", query: query)
      if json {
        try printJSONLine(fleet)
        return
      }
      print(Self.render(fleet))
    }
  }

  static func stateName(_ s: StationWire.BoxState) -> String {
    switch s {
    case .online: "đang kết nối"
    case .offline: "NGOẠI TUYẾN"
    case .lost: "MẤT KẾT NỐI"
    case .unknown: "chưa liên lạc"
    }
  }

  static func render(_ f: StationWire.Fleet) -> String {
    var lines = [
      "Tổng số cụm loa \(f.total) · đang kết nối \(f.online) · mất kết nối \(f.offline) · đang phát \(f.playing)"
    ]
    guard !f.boxes.isEmpty else { return (lines + ["(không có cụm loa nào / no boxes)"]).joined(separator: "\n") }
    lines.append(
      [
        pad("Thôn/ấp", 10), pad("Cụm loa", 12), pad("Trạng thái", 14), pad("Từ lúc", 12), pad("Đang phát", 22),
        pad("Âm lượng", 9), pad("Im lặng", 8), pad("Nhịp cuối", 10), pad("Lịch", 5), "Phiên bản",
      ].joined(separator: " "))
    for b in f.boxes {
      lines.append(
        [
          pad(b.hamlet, 10), pad(b.name ?? b.box, 12), pad(stateName(b.state), 14),
          pad(b.since.map { String(LocalTime.format($0).dropFirst(5).prefix(11)) } ?? "-", 12), pad(b.onAir ?? "-", 22),
          pad(b.volume.map { "\($0)" } ?? "-", 9), pad("\(Int(b.deadAirTodaySeconds.rounded())) s", 8),
          pad(b.lastSeen.map { String(LocalTime.format($0).dropFirst(11).prefix(8)) } ?? "-", 10),
          pad(b.scheduleVersion.map { "v\($0)" } ?? "-", 5), b.version ?? "-",
        ].joined(separator: " "))
      if let w = b.asRunWaiting, w > 0 { lines.append("    nhật ký chưa về trạm / as-run not yet here: \(w) dòng") }
      if let e = b.lastError { lines.append("    lỗi / error: \(e)") }
    }
    return lines.joined(separator: "\n")
  }
}
