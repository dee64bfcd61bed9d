import Foundation
import LoaCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A failure the CLI reports on one line of stderr before exiting non-zero.
public struct CLIError: Error, CustomStringConvertible {
  public var message: String
  public var exitCode: Int32
  public init(_ message: String, exitCode: Int32 = 1) {
    self.message = message
    self.exitCode = exitCode
  }
  public var description: String { message }
}

/// Talks to `loa serve` over the control API.
struct APIClient {
  let base: URL
  /// Seconds to wait for an answer (longer for a job whose file the daemon downloads first).
  var timeout: TimeInterval = 15
  /// Sent as `Authorization: Bearer …` (see `Credentials`).
  var token: String?

  init(server: String) throws {
    guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
    else {
      throw CLIError("--server must be an http(s) URL like http://127.0.0.1:8707, got '\(server)'")
    }
    base = url
  }

  func get<T: Decodable>(_ path: String, query: [URLQueryItem] = []) async throws -> T {
    try await send("GET", path, query: query, body: Data?.none)
  }

  func post<T: Decodable, B: Encodable>(_ path: String, _ body: B) async throws -> T {
    try await send("POST", path, body: try Wire.encoder().encode(body))
  }

  func send<T: Decodable>(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data?) async throws -> T {
    var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
    if !query.isEmpty { components.queryItems = query }
    var request = URLRequest(url: components.url!)
    request.httpMethod = method
    request.timeoutInterval = timeout
    authorize(&request)
    if let body {
      request.httpBody = body
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let data: Data
    let response: URLResponse
    do {
      (data, response) = try await URLSession.shared.data(for: request)
    } catch {
      throw Self.unreachable(base, error, timeout: timeout)
    }
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    if !(200..<300).contains(status) {
      if let e = try? Wire.decoder().decode(Wire.ErrorBody.self, from: data) {
        throw CLIError("\(e.error.message) [\(e.error.code)]")
      }
      throw CLIError("the daemon answered HTTP \(status) for \(method) \(path)")
    }
    do { return try Wire.decoder().decode(T.self, from: data) } catch {
      throw CLIError("unexpected answer from the daemon for \(method) \(path): \(error)")
    }
  }

  func authorize(_ request: inout URLRequest) {
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
  }

  /// Why a request got no answer: a timeout is not "not running" (a large file being copied, a
  /// slow download), and the officer is told which.
  static func unreachable(_ base: URL, _ error: any Error, timeout: TimeInterval) -> CLIError {
    if (error as NSError).code == NSURLErrorTimedOut {
      return CLIError(
        "the Loa daemon at \(base.absoluteString) did not answer within \(Int(timeout)) s; it may still be "
          + "working on the request: check with 'loa jobs' / dịch vụ Loa chưa trả lời kịp", exitCode: 3)
    }
    return CLIError(
      "the Loa daemon is not running at \(base.absoluteString) (\(error.localizedDescription)); "
        + "start it with 'systemctl start loa' or 'loa serve' / dịch vụ Loa chưa chạy", exitCode: 3)
  }

  /// Sends a local file's bytes to `POST /v1/media` (streamed from disk); the box answers with the
  /// media id a job refers to.
  func upload(file: URL) async throws -> Wire.MediaUpload { try await upload(file: file, as: Wire.MediaUpload.self) }

  func upload<T: Decodable>(file: URL, as: T.Type) async throws -> T {
    var request = URLRequest(url: base.appendingPathComponent("/v1/media"))
    request.httpMethod = "POST"
    request.timeoutInterval = timeout
    authorize(&request)
    request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
    let data: Data
    let response: URLResponse
    do { (data, response) = try await URLSession.shared.upload(for: request, fromFile: file) } catch {
      throw Self.unreachable(base, error, timeout: timeout)
    }
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    if !(200..<300).contains(status) {
      if let e = try? Wire.decoder().decode(Wire.ErrorBody.self, from: data) {
        throw CLIError("\(e.error.message) [\(e.error.code)]")
      }
      throw CLIError("the daemon answered HTTP \(status) for the upload of \(file.lastPathComponent)")
    }
    do { return try Wire.decoder().decode(T.self, from: data) } catch {
      throw CLIError("unexpected answer from the daemon for the upload: \(error)")
    }
  }

  /// A POST whose answer is returned as it is, whatever its status (LAN ingest: the ack is the
  /// answer for 201, 200, 403 and 422 alike).
  func postRaw(_ path: String, _ body: Data) async throws -> (Int, Data) {
    var request = URLRequest(url: base.appendingPathComponent(path))
    request.httpMethod = "POST"
    request.httpBody = body
    request.timeoutInterval = timeout
    authorize(&request)
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    do {
      let (data, response) = try await URLSession.shared.data(for: request)
      return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    } catch {
      throw CLIError("cannot reach the box at \(base.absoluteString) (\(error.localizedDescription))", exitCode: 3)
    }
  }

  /// A binary answer (a recording). Errors as for `send`.
  func data(_ path: String) async throws -> (Data, String?) {
    var request = URLRequest(url: base.appendingPathComponent(path))
    request.timeoutInterval = 60
    authorize(&request)
    let data: Data
    let response: URLResponse
    do { (data, response) = try await URLSession.shared.data(for: request) } catch {
      throw CLIError(
        "the Loa daemon is not running at \(base.absoluteString) (\(error.localizedDescription)) / dịch vụ Loa chưa chạy",
        exitCode: 3)
    }
    let http = response as? HTTPURLResponse
    let status = http?.statusCode ?? 0
    if !(200..<300).contains(status) {
      if let e = try? Wire.decoder().decode(Wire.ErrorBody.self, from: data) {
        throw CLIError("\(e.error.message) [\(e.error.code)]")
      }
      throw CLIError("the daemon answered HTTP \(status) for GET \(path)")
    }
    return (data, http?.value(forHTTPHeaderField: "Content-Type"))
  }

  /// Resolves an id prefix (at least 4 characters) among the jobs on air and queued.
  func resolveJobId(_ prefix: String) async throws -> String {
    if prefix.count == 36 { return prefix }
    guard prefix.count >= 4 else { throw CLIError("give at least 4 characters of the job id, got '\(prefix)'") }
    let queue: Wire.QueueView = try await get("/v1/jobs")
    let ids = ([queue.onAir?.job.id].compactMap { $0 } + queue.queued.map(\.id)).filter {
      $0.hasPrefix(prefix.lowercased())
    }
    switch ids.count {
    case 1: return ids[0]
    case 0: throw CLIError("no job on air or queued starts with '\(prefix)' (không tìm thấy bản tin)")
    default: throw CLIError("'\(prefix)' matches \(ids.count) jobs; give more characters")
    }
  }
}
