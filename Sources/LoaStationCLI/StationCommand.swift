import ArgumentParser
import Foundation
import LoaCLI
import LoaCore
import LoaProvince
import LoaStation
import LoaStationWire
import Logging

/// `loa-station …`: the commune's station, run at the commune office (or at the province). A
/// program of its own, so that the box's `loa` links neither the station nor PostgreSQL's client.
public struct StationCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "loa-station",
    abstract: "The commune station: collects every box's status and as-run log (trạm truyền thanh xã).",
    discussion: """
      At the commune office (or the province), beside the broker:
        loa-station serve --config /etc/loa/station.toml     run it (chạy trạm)
        loa-station enroll --hamlet ap-3 --name "Cụm loa chợ"  a new box and its code (đăng ký cụm loa)
        loa-station token add NAME --role officer             a token for its API (mã truy cập)
        loa-station locate BOX LAT LON | loa-station province  where a box stands; the province link
      Officers' commands across boxes are loa's: loa fleet, loa say --to, loa report --station.
      """,
    version: LoaVersion.described,
    subcommands: [
      StationServe.self, StationEnroll.self, StationToken.self, StationLocate.self, StationProvince.self,
    ])

  public init() {}
}

/// `loa-station serve --config station.toml`.
struct StationServe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run the station (see deploy/station.toml and docs/station.md).")
  @Option(help: "The station's TOML config.") var config: String
  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
  var logLevel: String = "info"

  func run() async throws {
    try await runReporting {
      let cfg = try StationConfig.load(config)
      guard let level = Logger.Level(rawValue: logLevel) else {
        throw CLIError("--log-level must be one of trace, debug, info, notice, warning, error")
      }
      LoggingSystem.bootstrap { label in
        var h = StreamLogHandler.standardError(label: label)
        h.logLevel = level
        return h
      }
      // A peer that hangs up mid-write (a browser closed on the live page) is an error to handle,
      // never a reason for the process to die.
      signal(SIGPIPE, SIG_IGN)
      var station = Station(config: cfg, logger: Logger(label: "loa.station"))
      station.makeLink = { (context) throws(LoaError) -> any ProvinceLink in try ThongTinNguonLink(context) }
      do { try await station.run() } catch let e as LoaError {
        throw e
      } catch {
        throw CLIError("the station stopped: \(error)")
      }
    }
  }
}

/// `loa-station enroll --hamlet ap-3 --name "Cụm loa chợ"`: a box id and its config.
struct StationEnroll: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "enroll",
    abstract: "Enrol a new box: its id, and a code the installer types on it (đăng ký cụm loa mới).",
    discussion: """
      On the box: loa enroll CODE --station URL   (writes /etc/loa/loa.toml; the code works once)
      Or copy the config this prints with --out to the box yourself.
      """)
  @OptionGroup var station: StationOptions
  @Option(help: "The hamlet's code (mã thôn/ấp).") var hamlet: String
  @Option(help: "A name officers know it by (tên cụm loa), e.g. \"Cụm loa chợ\".") var name: String?
  @Option(help: "The box id (default: HAMLET-NN, the next free number).") var box: String?
  @Option(help: "Also write the box's config to this file.") var out: String?
  @Flag(help: "JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let client = try await station.client()
      let e: StationWire.Enrolment = try await client.post(
        "/v1/boxes", StationWire.EnrolRequest(hamlet: hamlet, name: name, box: box))
      if let out { try writeEnrolled(config: e.config, files: e.files, to: out) }
      if json {
        try printJSONLine(e)
        return
      }
      print("Cụm loa / box: \(e.box) (thôn/ấp \(e.hamlet)\(e.name.map { ", \($0)" } ?? ""))")
      print("Mã đăng ký / code: \(e.code)   (dùng một lần, hết hạn / once, until \(LocalTime.format(e.expiresAt)))")
      print("Trên cụm loa / on the box: loa enroll \(e.code) --station \(station.station)")
    }
  }
}

/// `loa-station token add|list|remove --config station.toml`: tokens for the station's API and
/// console, on the station's machine (it opens the station's database).
struct StationToken: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token", abstract: "Tokens for the station's API and console (mã truy cập trạm).",
    discussion: """
      loa-station token add NAME --role officer|viewer --config /etc/loa/station.toml   (shown once)
      loa-station token list | remove NAME --config …
      A browser opens the console with http://STATION:8790/login?token=TOKEN once (a cookie keeps it).
      """)
  @Argument(help: "add, list or remove.") var action: String
  @Argument(help: "The token's name (who holds it).") var name: String?
  @Option(help: "viewer (reads) or officer (also sends and enrols).") var role: String = "viewer"
  @Option(help: "The station's TOML config.") var config: String = "/etc/loa/station.toml"

  func run() async throws {
    try await runReporting {
      let cfg = try StationConfig.load(config)
      let store = try StationStore(cfg)
      switch action {
      case "add":
        guard let name else { throw CLIError("give the token's name: loa-station token add NAME") }
        guard let r = StationRole(rawValue: role) else {
          throw CLIError("--role must be viewer or officer, got '\(role)'")
        }
        let token = try store.addToken(name: name, role: r)
        print(token)
        FileHandle.standardError.write(
          Data("loa: mã cho / token for \(name) (\(r.rawValue)); chỉ hiện một lần / shown once\n".utf8))
      case "list":
        for t in try store.tokens() { print("\(pad(t.name, 24)) \(pad(t.role, 8)) \(LocalTime.format(t.created))") }
      case "remove":
        guard let name else { throw CLIError("give the token's name: loa-station token remove NAME") }
        guard try store.removeToken(name: name) else { throw CLIError("no token named '\(name)' (không có)") }
        print("đã xóa / removed: \(name)")
      default:
        throw CLIError("action must be add, list or remove, got '\(action)'")
      }
    }
  }
}

/// `loa-station locate BOX LAT LON`: where a box stands, for the province's map.
struct StationLocate: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "locate", abstract: "Set where a box stands (vị trí cụm loa): latitude and longitude.")
  @OptionGroup var station: StationOptions
  @Argument(help: "The box id.") var box: String
  @Argument(help: "Latitude (vĩ độ), e.g. 10.7769.") var latitude: Double
  @Argument(help: "Longitude (kinh độ), e.g. 106.7009.") var longitude: Double

  func validate() throws {
    guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
      throw ValidationError("latitude must be -90…90 and longitude -180…180 (vĩ độ / kinh độ không hợp lệ)")
    }
  }

  func run() async throws {
    try await runReporting {
      let client = try await station.client()
      let _: StationWire.Location = try await client.post(
        "/v1/boxes/\(box)/location", StationWire.Location(latitude: latitude, longitude: longitude))
      print("Cụm loa \(box): vĩ độ \(latitude), kinh độ \(longitude)")
    }
  }
}

/// `loa-station province`: the link to the province's source system.
struct StationProvince: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "province", abstract: "The link to the province's source system (kết nối hệ thống thông tin nguồn).")
  @OptionGroup var station: StationOptions
  @Flag(help: "JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let client = try await station.client()
      let v: StationWire.ProvinceView = try await client.get("/v1/province")
      if json { return try printJSONLine(v) }
      let l = v.link
      print("Hệ thống thông tin nguồn / province system: \(l.system) — \(l.api)")
      if l.loggedIn {
        print(
          "Trạng thái: đã đăng nhập / logged in"
            + (l.lastSuccess.map { ", lần cuối thành công \(LocalTime.format($0))" } ?? ""))
      } else {
        print("Trạng thái: chưa kết nối được / not connected")
      }
      if let e = l.lastError { print("Lỗi gần nhất / last error: \(e)") }
      print("Bản tin chờ báo cáo / airings waiting: \(l.airingsWaiting) · đã gửi / sent: \(l.airingsSent)")
      print("Xác nhận lịch chờ gửi / schedule receipts waiting: \(l.receiptsWaiting)")
      if let p = l.lastPing {
        print(
          String(
            format: "Lượt báo trạng thái gần nhất / last ping round: %d cụm loa, %d lỗi, %.2f s (trễ p99 %.2f s)",
            p.clusters, p.failed, p.seconds, p.lateP99))
      }
      for r in v.requests.prefix(10) {
        let unknown = r.unknownKeys.map { "  (trường lạ / unknown fields: \($0))" } ?? ""
        print(
          "  \(LocalTime.format(r.receivedAt))  \(r.kind)  \(r.result == "sent" ? "đã gửi" : "từ chối")  \(r.detail ?? "")"
            + unknown)
      }
      for r in v.refused.prefix(5) { print("  tỉnh từ chối / refused by the province: \(r.kind): \(r.error)") }
    }
  }
}
