import Foundation

/// A real `loa-station serve` on a loopback port, on a broker, signing with a key file.
public final class StationProcess: @unchecked Sendable {
  public let dir: TempDir
  public let port: Int
  public let config: String
  public let logPath: String
  private var process: Spawned?
  /// The station's local token (an officer's), read once it answers.
  public private(set) var token: String?
  public var url: String { "http://127.0.0.1:\(port)" }
  public var database: String { dir.file("state/station.sqlite") }

  /// `keyFile` holds the private key of `kid` (made with `loa uplink keygen`), which the boxes trust.
  public init(
    brokerPort: Int, kid: String, keyFile: String, province: String = "79", commune: String? = "26734",
    heartbeatSeconds: Double = 5, stationKeys: String = "", broker: String = "", extra: String = "",
    brokerURL: String? = nil, start: Bool = true
  ) throws {
    dir = TempDir("loa-station")
    port = freePort()
    // LOA_TEST_STATION_POSTGRES=1: every station of the suite on its own PostgreSQL database
    // (the suites run on SQLite by default; this finds what differs).
    var stationKeys = stationKeys
    if ProcessInfo.processInfo.environment["LOA_TEST_STATION_POSTGRES"] != nil, !stationKeys.contains("database =") {
      stationKeys += "\ndatabase = \"\(try PostgresRig.shared.get().database())\"\n"
    }
    logPath = dir.file("station.log")
    config = dir.write(
      "station.toml",
      """
      [station]
      name = "Trạm truyền thanh xã \(commune ?? province)"
      province = "\(province)"
      \(commune.map { "commune = \"\($0)\"" } ?? "")
      state_dir = "\(dir.file("state"))"
      listen = "127.0.0.1:\(port)"
      heartbeat_seconds = \(heartbeatSeconds)
      \(stationKeys)
      [broker]
      url = "\(brokerURL ?? "mqtt://127.0.0.1:\(brokerPort)")"
      client_id = "station-\(UUID().uuidString.prefix(6))"
      \(broker)
      [signing]
      kid = "\(kid)"
      key_file = "\(keyFile)"
      \(extra)
      """)
    if start { try self.start() }
  }

  public func start() throws {
    process = try Spawned(stationBinary(), ["serve", "--config", config], stdout: logPath, stderr: logPath)
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      if process?.isRunning != true { throw RigError("loa-station serve exited early:\n\(log)") }
      if let (status, _) = try? httpRequest(url + "/v1/station", timeout: 1), status == 200 {
        token = (try? String(contentsOfFile: dir.file("state/local-token"), encoding: .utf8))?
          .trimmingCharacters(in: .whitespacesAndNewlines)
        return
      }
      usleep(50_000)
    }
    throw RigError("loa-station serve did not answer within 20 s:\n\(log)")
  }

  public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

  public func json(_ path: String) throws -> (Int, [String: Any]) {
    let (status, data) = try httpRequest(url + path, bearer: token)
    return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
  }

  /// The rows the station stored for a box, in its order.
  public func rows(_ box: String) -> [[String: Any]] {
    ((try? json("/v1/asrun?box=\(box)&limit=5000"))?.1["rows"] as? [[String: Any]]) ?? []
  }

  public func box(_ id: String) -> [String: Any]? {
    ((try? json("/v1/fleet"))?.1["boxes"] as? [[String: Any]])?.first { $0["box"] as? String == id }
  }

  /// Runs `loa ARGS` with `LOA_STATION` set to this station.
  public func cli(_ args: [String], timeout: TimeInterval = 60) throws -> CommandResult {
    var env = ProcessInfo.processInfo.environment
    env["LOA_STATION"] = url
    env["LOA_STATION_TOKEN"] = token
    return try runCommand(loaBinary(), args, environment: env, timeout: timeout)
  }

  /// `loa-station ARGS` against this station (enroll, locate, province).
  public func stationCLI(_ args: [String], timeout: TimeInterval = 60) throws -> CommandResult {
    var env = ProcessInfo.processInfo.environment
    env["LOA_STATION"] = url
    env["LOA_STATION_TOKEN"] = token
    return try runCommand(stationBinary(), args, environment: env, timeout: timeout)
  }

  /// SIGKILL: the station's machine loses power.
  public func kill() {
    process?.signal(SIGKILL)
    process?.wait(timeout: 5)
    process = nil
  }

  public func stop() {
    _ = process?.stop(grace: 5)
    process = nil
  }

  deinit { process?.stop(grace: 3) }
}
