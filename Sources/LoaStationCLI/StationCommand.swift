import ArgumentParser
import Foundation
import LoaCore
import LoaProvince
import LoaStation
import Logging

/// `loa station …`: the commune's station, run at the commune office (or at the province).
struct StationCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "station",
    abstract: "The commune station: collects every box's status and as-run log (trạm truyền thanh xã).",
    subcommands: [
      StationServe.self, StationEnroll.self, StationToken.self, StationLocate.self, StationProvince.self,
    ])
}

/// `loa station serve --config station.toml`.
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

/// `loa station enroll --hamlet ap-3 --name "Cụm loa chợ"`: a box id and its config.
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

/// `loa enroll CODE --station URL` on a new box: fetches its config from the station, once.
struct Enroll: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "On a new box: fetch its config from the commune station with the enrolment code (đăng ký).")
  @OptionGroup var station: StationOptions
  @Argument(help: "The code 'loa station enroll' printed.") var code: String
  @Option(help: "Where to write the config.") var out: String = "/etc/loa/loa.toml"
  @Flag(help: "Replace an existing config file.") var force = false

  func run() async throws {
    try await runReporting {
      let code = self.code.uppercased().filter { !$0.isWhitespace && $0 != "-" }
      guard code.count == 8, code.allSatisfy({ $0.isLetter || $0.isNumber }) else {
        throw CLIError("an enrolment code is 8 letters and digits, got '\(self.code)' (mã gồm 8 ký tự)")
      }
      if FileManager.default.fileExists(atPath: out) && !force {
        throw CLIError("'\(out)' already exists; add --force to replace it (tệp cấu hình đã có)")
      }
      let client = try await station.client()
      let e: StationWire.EnrolledConfig = try await client.get("/v1/enroll/\(code)")
      let dir = (out as NSString).deletingLastPathComponent
      if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
      try writeEnrolled(config: e.config, files: e.files, to: out)
      print("Đã ghi cấu hình / config written: \(out)")
      for name in e.files.keys.sorted() {
        print("  + \(((out as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name))")
      }
      print("Khởi động lại / restart: systemctl restart loa   (then: loa status)")
    }
  }
}

/// `loa station token add|list|remove --config station.toml`: tokens for the station's API and
/// console, on the station's machine (it opens the station's database).
struct StationToken: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token", abstract: "Tokens for the station's API and console (mã truy cập trạm).",
    discussion: """
      loa station token add NAME --role officer|viewer --config /etc/loa/station.toml   (shown once)
      loa station token list | remove NAME --config …
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
        guard let name else { throw CLIError("give the token's name: loa station token add NAME") }
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
        guard let name else { throw CLIError("give the token's name: loa station token remove NAME") }
        guard try store.removeToken(name: name) else { throw CLIError("no token named '\(name)' (không có)") }
        print("đã xóa / removed: \(name)")
      default:
        throw CLIError("action must be add, list or remove, got '\(action)'")
      }
    }
  }
}

/// `loa station locate BOX LAT LON`: where a box stands, for the province's map.
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

/// `loa station province`: the link to the province's source system.
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

/// The box's config (mode 600: it may hold the box's broker password) and the files that go beside
/// it (the broker's CA, mode 644), each written whole under a temporary name and renamed.
func writeEnrolled(config: String, files: [String: String], to out: String) throws(CLIError) {
  let dir = (out as NSString).deletingLastPathComponent
  var all = [(out, config, 0o600)]
  for (name, text) in files.sorted(by: { $0.key < $1.key }) {
    guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
      throw CLIError("the station sent a file named '\(name.prefix(64))'; refused (tên tệp không hợp lệ)")
    }
    all.append(((dir as NSString).appendingPathComponent(name), text, 0o644))
  }
  // Run as root on an installed box, the config goes to the daemon's user (it reads it, nobody else).
  let owner = getuid() == 0 ? getpwnam("loa")?.pointee : nil
  for (path, text, mode) in all {
    let tmp = path + ".loa-new"
    try? FileManager.default.removeItem(atPath: tmp)
    guard
      FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
    else { throw CLIError("cannot write '\(path)' (không ghi được tệp)") }
    if let owner, mode == 0o600 { _ = chown(tmp, owner.pw_uid, owner.pw_gid) }
    guard rename(tmp, path) == 0 else { throw CLIError("cannot write '\(path)' (không ghi được tệp)") }
  }
}
