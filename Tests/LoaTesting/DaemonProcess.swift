import Foundation

/// The built `loa` executable, next to the test bundle.
public func loaBinary() -> String {
  if let p = ProcessInfo.processInfo.environment["LOA_BIN"] { return p }
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = dir.appendingPathComponent("loa").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    dir = dir.deletingLastPathComponent()
  }
  return FileManager.default.currentDirectoryPath + "/.build/debug/loa"
}

/// The built `loa-station` executable: `$LOA_STATION_BIN`, else the one beside `loa`.
public func stationBinary() -> String {
  if let p = ProcessInfo.processInfo.environment["LOA_STATION_BIN"] { return p }
  return URL(fileURLWithPath: loaBinary()).deletingLastPathComponent().appendingPathComponent("loa-station").path
}

/// A real `loa serve` process on a loopback port, with its own state folder.
public final class DaemonProcess: @unchecked Sendable {
  public let stateDir: String
  public private(set) var port: Int
  public private(set) var logPath: String
  /// The daemon's environment; once it answers, with `LOA_TOKEN` = its local token (what root on
  /// the box uses), so the CLI and raw requests are authorised.
  public private(set) var environment: [String: String]
  /// This run's local token (read from the state folder once the daemon answers).
  public private(set) var token: String?
  private var process: Spawned
  public var url: String { "http://127.0.0.1:\(port)" }

  /// `port`: nil picks a free one, and another if the first was taken before the daemon bound it
  /// (another process can take any port between the check and the bind).
  public init(
    stateDir: String, device: String, extraArgs: [String] = [], environment extra: [String: String] = [:],
    port fixed: Int? = nil, waitUntilReady: Bool = true
  ) throws {
    self.stateDir = stateDir
    try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in extra { env[k] = v }
    env["LOA_VOICES_DIR"] = env["LOA_VOICES_DIR"] ?? Self.repoVoices()
    // Tests run at any hour: timed jobs must not meet the box's quiet hours unless a test asks.
    env["LOA_QUIET_HOURS"] = env["LOA_QUIET_HOURS"] ?? "off"
    let journal = env["JOURNAL_STREAM"] == "auto"
    var attempt = 0
    while true {
      let port = fixed ?? freePort()
      let logPath = stateDir + "/../daemon-\(port).log"
      _ = FileManager.default.createFile(atPath: logPath, contents: nil)
      // `JOURNAL_STREAM=auto`: name the log file as systemd names the journal's stream (dev:inode).
      if journal {
        var st = stat()
        if stat(logPath, &st) == 0 { env["JOURNAL_STREAM"] = "\(st.st_dev):\(st.st_ino)" }
      }
      let process = try Spawned(
        loaBinary(),
        ["serve", "--state-dir", stateDir, "--device", device, "--listen", "127.0.0.1:\(port)"] + extraArgs,
        environment: env, stdout: logPath, stderr: logPath)
      self.port = port
      self.logPath = logPath
      self.process = process
      environment = env
      guard waitUntilReady else { return }
      do {
        try waitReady()
        return
      } catch {
        attempt += 1
        let taken = log.contains("Address already in use")
        guard fixed == nil, taken, attempt < 3 else { throw error }
        _ = process.stop(grace: 1)
      }
    }
  }

  static func repoVoices() -> String {
    // Tests run from the package root.
    FileManager.default.currentDirectoryPath + "/Voices"
  }

  public func waitReady(timeout: TimeInterval = 20) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if !process.isRunning { throw RigError("loa serve exited early:\n\(log)") }
      if let (status, _) = try? http("GET", "/v1/health", timeout: 1), status == 200 {
        let path = stateDir + "/local-token"
        token = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        environment["LOA_TOKEN"] = token
        return
      }
      usleep(50_000)
    }
    throw RigError("loa serve did not answer within \(timeout) s:\n\(log)")
  }

  public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
  public var isRunning: Bool { process.isRunning }
  public var pid: Int32 { process.pid }

  /// Runs `loa ARGS` against this daemon.
  public func cli(_ args: [String], stdin: Data? = nil, timeout: TimeInterval = 120) throws -> CommandResult {
    var env = environment
    env["LOA_SERVER"] = url
    env["LOA_OPERATOR"] = "test-officer"
    return try runCommand(loaBinary(), args, environment: env, stdin: stdin, timeout: timeout)
  }

  /// A raw HTTP request to the control API. (30 s for an answer: a loaded two-core CI machine once
  /// left five daemons' answers more than 11 s late; a test that asserts promptness passes its own.)
  public func http(
    _ method: String, _ path: String, body: Data? = nil, timeout: TimeInterval = 30, bearer: String?? = .none
  ) throws -> (Int, Data) {
    // The local token unless the test names another (or `.some(nil)`: none).
    try httpRequest(url + path, method: method, body: body, timeout: timeout, bearer: bearer ?? token)
  }

  public func json(_ method: String, _ path: String, body: Data? = nil, bearer: String?? = .none) throws -> (
    Int, [String: Any]
  ) {
    let (status, data) = try http(method, path, body: body, bearer: bearer)
    let obj = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    return (status, obj)
  }

  /// SIGTERM, then wait. Returns the exit status.
  @discardableResult
  public func terminate(timeout: TimeInterval = 10) -> Int32 {
    process.stop(grace: timeout)
  }

  /// The exit status once the daemon has ended by itself (nil while it runs).
  public var exitStatus: Int32? { process.status }

  /// Sends a signal (SIGHUP, SIGSTOP…).
  public func signal(_ sig: Int32) { process.signal(sig) }

  /// SIGKILL: a power cut, as far as the process can tell.
  public func killHard() {
    process.signal(SIGKILL)
    process.wait(timeout: 5)
  }

  deinit { process.stop(grace: 3) }
}

/// Polls until `condition` holds or the timeout passes.
public func eventually(timeout: TimeInterval = 30, _ condition: () throws -> Bool) rethrows -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if try condition() { return true }
    usleep(50_000)
  }
  return try condition()
}
