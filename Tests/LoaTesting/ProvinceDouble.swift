import Foundation

/// The province's source system, stood in for by `scripts/province-double.py` (written from
/// province-interface.md): records every request, answers as the observed systems do, and fails
/// or slows down on demand.
public final class ProvinceDouble: @unchecked Sendable {
  public let port: Int
  public let dir = TempDir("loa-province")
  public let user = "loa-xa-26734"
  public let password = "mk-\(UUID().uuidString.prefix(8))"
  private var process: Spawned?
  public var api: String { "http://127.0.0.1:\(port)/api/" }
  public var media: String { dir.file("media") }

  public init(tokenTTL: Double = 3600) throws {
    port = freePort()
    try FileManager.default.createDirectory(atPath: dir.file("media"), withIntermediateDirectories: true)
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scripts/province-double.py").path
    process = try Spawned(
      "/usr/bin/python3",
      [
        script, "--port", "\(port)", "--user", user, "--password", password, "--token-ttl", "\(tokenTTL)",
        "--media", dir.file("media"),
      ], stdout: dir.file("double.log"), stderr: dir.file("double.log"))
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if (try? httpRequest("http://127.0.0.1:\(port)/_double/requests", timeout: 1))?.0 == 200 { return }
      usleep(50_000)
    }
    throw RigError("the province double did not start")
  }

  /// What the station posted, oldest first; `kind`: login, status, airing, schedule-added, …
  public func requests(_ kind: String? = nil) -> [[String: Any]] {
    guard let (_, data) = try? httpRequest("http://127.0.0.1:\(port)/_double/requests"),
      let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]]
    else { return [] }
    return kind.map { k in list.filter { $0["kind"] as? String == k } } ?? list
  }

  /// Accepted records of a kind (answered 200 and complete), their bodies.
  public func accepted(_ kind: String) -> [[String: Any]] {
    requests(kind).filter { $0["answer"] as? Int == 200 && (($0["missing"] as? [Any])?.isEmpty ?? true) }
      .compactMap { $0["body"] as? [String: Any] }
  }

  /// The next `count` requests fail with `status`; every request waits `delay` seconds.
  public func faults(fail count: Int = 0, status: Int = 503, delay: Double = 0) {
    let body = try? JSONSerialization.data(withJSONObject: ["fail": count, "status": status, "delay": delay])
    _ = try? httpRequest("http://127.0.0.1:\(port)/_double/faults", method: "POST", body: body)
  }

  /// Every token issued so far is expired (the next request with one gets 401).
  public func expireTokens() {
    _ = try? httpRequest("http://127.0.0.1:\(port)/_double/expire", method: "POST", body: Data("{}".utf8))
  }

  /// The credentials file a station reads (mode 600 unless told otherwise).
  public func credentialsFile(inboundToken: String, mode: mode_t = 0o600) -> String {
    let path = dir.write(
      "province.credentials",
      "# the province's account for this station\nusername = \"\(user)\"\npassword = \"\(password)\"\n"
        + "inbound_token = \"\(inboundToken)\"\n")
    chmod(path, mode)
    return path
  }

  public func stop() {
    _ = process?.stop(grace: 2)
    process = nil
  }

  deinit { process?.stop(grace: 2) }
}
