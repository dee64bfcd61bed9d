import ArgumentParser
import Foundation
import LoaCore
import LoaStation
import Logging

/// `loa station …`: the commune's station, run at the commune office (or at the province).
struct StationCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "station",
    abstract: "The commune station: collects every box's status and as-run log (trạm truyền thanh xã).",
    subcommands: [StationServe.self, StationEnroll.self, StationToken.self])
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
      do { try await Station(config: cfg, logger: Logger(label: "loa.station")).run() } catch let e as LoaError {
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
      if let out {
        guard
          FileManager.default.createFile(
            atPath: out, contents: Data(e.config.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CLIError("cannot write '\(out)' (không ghi được tệp)") }
      }
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
      let (data, _) = try await client.data("/v1/enroll/\(code)")
      let dir = (out as NSString).deletingLastPathComponent
      if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
      if FileManager.default.fileExists(atPath: out) { try? FileManager.default.removeItem(atPath: out) }
      guard FileManager.default.createFile(atPath: out, contents: data, attributes: [.posixPermissions: 0o600]) else {
        throw CLIError("cannot write '\(out)' (không ghi được tệp)")
      }
      print("Đã ghi cấu hình / config written: \(out)")
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
      let store = try StationStore(path: cfg.databasePath)
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
