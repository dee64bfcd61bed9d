import Foundation
import LoaCore
import LoaProtocol
import NIOConcurrencyHelpers

/// One broker account per box, in the mosquitto password file the station keeps
/// (`[enroll] password_file`). The user name is the box's place, `PROVINCE/COMMUNE/HAMLET/BOX`,
/// so one static ACL (`deploy/mosquitto/loa.acl`, `pattern write loa/v1/%u/status`, …) lets each
/// box publish only as itself. The password is made here, hashed by `mosquitto_passwd -U` (it never
/// appears on a command line), and the file is replaced whole, keeping its mode and group, before
/// the broker is told to read it again (`reload_command`).
public final class BrokerAccounts: Sendable {
  public let passwordFile: String
  public let reloadCommand: [String]
  public let passwdTool: String
  /// One enrolment at a time edits the file.
  private let lock = NIOLock()

  public init(passwordFile: String, reloadCommand: [String], passwdTool: String = "/usr/bin/mosquitto_passwd") {
    self.passwordFile = passwordFile
    self.reloadCommand = reloadCommand
    self.passwdTool = passwdTool
  }

  public static func userName(_ i: BoxIdentity) -> String { "\(i.province)/\(i.commune)/\(i.hamlet)/\(i.box)" }

  /// 24 letters and digits from the system's random source (about 140 bits).
  public static func newPassword() -> String {
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
    var g = SystemRandomNumberGenerator()
    return String((0..<24).map { _ in alphabet.randomElement(using: &g)! })
  }

  /// Adds (or replaces) `user`'s password and has the broker read the file again.
  public func set(user: String, password: String) throws(LoaError) {
    guard !user.contains(":"), !user.contains("\n"), !password.contains("\n") else {
      throw LoaError(.config, "a broker user name has no ':' and no line break")
    }
    let line = try hash(user: user, password: password)
    lock.lock()
    defer { lock.unlock() }
    try replaceLine(for: user, with: line)
    try reload()
  }

  /// `user:$7$…`, from `mosquitto_passwd -U` on a private temporary file.
  func hash(user: String, password: String) throws(LoaError) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loa-passwd-\(UUID().uuidString)").path
    do {
      try FileManager.default.createDirectory(
        atPath: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    } catch { throw LoaError(.storage, "cannot make a temporary directory for the broker password: \(error)") }
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = dir + "/p"
    guard
      FileManager.default.createFile(
        atPath: file, contents: Data("\(user):\(password)\n".utf8), attributes: [.posixPermissions: 0o600])
    else { throw LoaError(.storage, "cannot write a temporary file in \(dir)") }
    let r = try Self.run([passwdTool, "-U", file])
    guard r.status == 0 else {
      throw LoaError(.config, "\(passwdTool) -U failed (exit \(r.status)): \(r.output) (is mosquitto installed?)")
    }
    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
      let hashed = text.split(separator: "\n").first, hashed.hasPrefix("\(user):$")
    else { throw LoaError(.config, "\(passwdTool) -U did not hash the password") }
    return String(hashed)
  }

  /// The file with `user`'s line replaced, written beside it and renamed over it (mode and group kept).
  func replaceLine(for user: String, with line: String) throws(LoaError) {
    let fm = FileManager.default
    var lines: [String] = []
    var mode = 0o640
    var group: gid_t? = nil
    if fm.fileExists(atPath: passwordFile) {
      guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
        throw LoaError(.storage, "cannot read the broker password file '\(passwordFile)'")
      }
      lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("\(user):") }
      var st = stat()
      if stat(passwordFile, &st) == 0 {
        mode = Int(st.st_mode & 0o777)
        group = st.st_gid
      }
    }
    lines.append(line)
    let tmp = passwordFile + ".loa-new"
    let data = Data((lines.joined(separator: "\n") + "\n").utf8)
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw LoaError(
        .storage, "cannot write '\(tmp)': \(String(cString: strerror(errno))) (the station must own the folder)")
    }
    let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if let group { _ = fchown(fd, uid_t.max, group) }
    _ = fchmod(fd, mode_t(mode))
    let synced = fsync(fd) == 0
    close(fd)
    guard written == data.count, synced, rename(tmp, passwordFile) == 0 else {
      unlink(tmp)
      throw LoaError(.storage, "cannot replace '\(passwordFile)': \(String(cString: strerror(errno)))")
    }
  }

  func reload() throws(LoaError) {
    guard !reloadCommand.isEmpty else { return }
    let r = try Self.run(reloadCommand)
    guard r.status == 0 else {
      throw LoaError(
        .config,
        "the broker's reload command '\(reloadCommand.joined(separator: " "))' failed (exit \(r.status)): \(r.output)")
    }
  }

  /// A bare command name looked up on `PATH`, as a shell would.
  static func resolve(_ name: String) -> String {
    guard !name.contains("/") else { return name }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
    for d in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(d)/\(name)") {
      return "\(d)/\(name)"
    }
    return "/usr/bin/" + name
  }

  /// Runs a command (no shell), at most 15 s; its status and what it wrote.
  static func run(_ argv: [String]) throws(LoaError) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: resolve(argv[0]))
    p.arguments = Array(argv.dropFirst())
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { throw LoaError(.config, "cannot run '\(argv[0])': \(error)") }
    let deadline = Date().addingTimeInterval(15)
    while p.isRunning && Date() < deadline { usleep(5_000) }
    if p.isRunning {
      p.terminate()
      p.waitUntilExit()
      throw LoaError(.config, "'\(argv.joined(separator: " "))' did not finish within 15 s")
    }
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (p.terminationStatus, String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)))
  }
}
