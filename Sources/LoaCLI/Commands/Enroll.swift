import ArgumentParser
import Foundation
import LoaCore
import LoaStationWire

/// `loa enroll CODE --station URL` on a new box: fetches its config from the station, once.
struct Enroll: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "enroll",
    abstract: "On a new box: fetch its config from the commune station with the enrolment code (đăng ký).")
  @OptionGroup var station: StationOptions
  @Argument(help: "The code 'loa-station enroll' printed.") var code: String
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

/// The box's config (mode 600: it may hold the box's broker password) and the files that go beside
/// it (the broker's CA, mode 644), each written whole under a temporary name and renamed.
package func writeEnrolled(config: String, files: [String: String], to out: String) throws(CLIError) {
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
