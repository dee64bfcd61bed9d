import AsyncHTTPClient
import Foundation
import LoaCore
import LoaStation
import Logging
import NIOCore
import NIOHTTP1

/// The province's REST API: logs in with the username and password, keeps the bearer token, logs
/// in again on 401, and turns every answer into success or an error that names the problem. The
/// password and the token are never logged.
actor ProvinceClient {
  let settings: ProvinceSettings
  let credentials: ProvinceSettings.Credentials
  /// Made on the first request, so a link that never runs (the station stopped at start) leaves
  /// no client to shut down.
  private var client: HTTPClient?
  let httpConfig: HTTPClient.Configuration
  let logger: Logger
  private var token: String?
  private(set) var logins = 0

  init(settings: ProvinceSettings, credentials: ProvinceSettings.Credentials, logger: Logger) {
    self.settings = settings
    self.credentials = credentials
    self.logger = logger
    var config = HTTPClient.Configuration()
    config.timeout = .init(
      connect: .seconds(Int64(settings.timeoutSeconds)), read: .seconds(Int64(settings.timeoutSeconds)))
    // Pings of many clusters go out side by side, not one after another.
    config.connectionPool = .init(
      idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(4, settings.pingConcurrency))
    httpConfig = config
  }

  var http: HTTPClient {
    if let client { return client }
    let c = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfig)
    client = c
    return c
  }

  var loggedIn: Bool { token != nil }

  func shutdown() async {
    try? await client?.shutdown()
    client = nil
  }

  /// The province refused (`TrangThaiGui` ≠ 0 or an HTTP error) or could not be reached.
  struct Failure: Error, CustomStringConvertible {
    var status: Int?
    var message: String
    /// Worth trying again later (the province is down or slow), not a refusal of this record.
    var retry: Bool
    var description: String { status.map { "HTTP \($0): \(message)" } ?? message }
  }

  /// POSTs a JSON object to `path` under the API; logs in first, and again once on 401.
  func post(_ path: String, _ body: Data) async throws(Failure) {
    if token == nil { try await login() }
    do {
      _ = try await send(path, body, bearer: token)
    } catch let f where f.status == 401 {
      token = nil
      try await login()
      _ = try await send(path, body, bearer: token)
    }
  }

  /// One login at a time: pings that start together wait for the same one.
  private var loggingIn: Task<Result<String, Failure>, Never>?

  func login() async throws(Failure) {
    if let running = loggingIn {
      token = try await running.value.get()
      return
    }
    let task = Task { () -> Result<String, Failure> in
      do throws(Failure) { return .success(try await self.freshToken()) } catch { return .failure(error) }
    }
    loggingIn = task
    defer { loggingIn = nil }
    token = try await task.value.get()
    logins += 1
    logger.info("logged in to the province", metadata: ["api": "\(settings.api)", "user": "\(credentials.username)"])
  }

  private func freshToken() async throws(Failure) -> String {
    let login =
      (try? JSONSerialization.data(
        withJSONObject: ["Username": credentials.username, "Password": credentials.password])) ?? Data()
    let answer = try await send(settings.loginPath, login, bearer: nil)
    guard let content = answer["NoiDung"] as? [String: Any], let t = content["Token"] as? String, !t.isEmpty else {
      throw Failure(status: nil, message: "the login answer has no NoiDung.Token", retry: true)
    }
    return t
  }

  private func send(_ path: String, _ data: Data, bearer: String?) async throws(Failure) -> [String: Any] {
    var request = HTTPClientRequest(url: settings.api + path)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
    request.headers.add(name: "Accept", value: "application/json")
    request.headers.add(name: "User-Agent", value: "loa-station/\(LoaVersion.described)")
    if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
    request.body = .bytes(ByteBuffer(bytes: data))
    let response: HTTPClientResponse
    let bytes: ByteBuffer
    do {
      response = try await http.execute(request, timeout: .seconds(Int64(settings.timeoutSeconds)))
      bytes = try await response.body.collect(upTo: 4 * 1024 * 1024)
    } catch {
      throw Failure(status: nil, message: "the province does not answer: \(error)", retry: true)
    }
    let code = Int(response.status.code)
    let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any]
    let why = (json?["MoTa"] as? String).map { String($0.prefix(300)) }
    guard (200..<300).contains(code) else {
      // 4xx other than 401, 408 and 429 refuse this record; the rest are worth another try.
      let retry = code >= 500 || code == 401 || code == 408 || code == 429
      throw Failure(status: code, message: why ?? response.status.reasonPhrase, retry: retry)
    }
    guard let json else { throw Failure(status: code, message: "the answer is not JSON", retry: true) }
    let state = (json["TrangThaiGui"] as? NSNumber)?.intValue ?? Int(json["TrangThaiGui"] as? String ?? "")
    guard state == 0 else {
      throw Failure(status: code, message: "TrangThaiGui \(state.map(String.init) ?? "?"): \(why ?? "")", retry: false)
    }
    return json
  }
}
