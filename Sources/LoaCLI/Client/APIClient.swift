import AsyncHTTPClient
import Foundation
import LoaCore
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

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

/// Talks to `loa serve` (or `loa-station serve`) over its HTTP API, with AsyncHTTPClient: the
/// daemon's own HTTP client, so the CLI needs no libcurl, and HTTPS to a box or station with a
/// private certificate works when `LOA_CA_FILE` names the PEM that signed it.
package struct APIClient {
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

  /// One client for the process (never shut down: the CLI exits). `LOA_CA_FILE`: a PEM of the
  /// authority that signed the box's or station's certificate, trusted besides the system's.
  static let http: HTTPClient = {
    var tls = TLSConfiguration.makeClientConfiguration()
    if let ca = ProcessInfo.processInfo.environment["LOA_CA_FILE"], !ca.isEmpty {
      tls.additionalTrustRoots = [.file(ca)]
    }
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
  }()

  /// Answers are read up to this size (a month's log as JSON, a recording).
  static let maxAnswer = 256 * 1024 * 1024

  func url(_ path: String, query: [URLQueryItem] = []) -> String {
    var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
    if !query.isEmpty { components.queryItems = query }
    return components.url!.absoluteString
  }

  package func get<T: Decodable>(_ path: String, query: [URLQueryItem] = []) async throws -> T {
    try await send("GET", path, query: query, body: Data?.none)
  }

  package func post<T: Decodable, B: Encodable>(_ path: String, _ body: B) async throws -> T {
    try await send("POST", path, body: try Wire.encoder().encode(body))
  }

  /// The request as it goes out, with the token.
  func request(
    _ method: HTTPMethod, _ path: String, query: [URLQueryItem] = [], contentType: String? = nil
  ) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: url(path, query: query))
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
    return request
  }

  /// Sends it; the status and the whole answer. `what` names the request in errors.
  func exchange(_ request: HTTPClientRequest, timeout: TimeInterval? = nil) async throws -> (Int, Data) {
    let wait = timeout ?? self.timeout
    do {
      let response = try await Self.http.execute(request, timeout: .milliseconds(Int64(wait * 1000)))
      let body = try await response.body.collect(upTo: Self.maxAnswer)
      return (Int(response.status.code), Data(buffer: body))
    } catch let e as CLIError {
      throw e
    } catch {
      throw Self.unreachable(base, error, timeout: wait)
    }
  }

  func send<T: Decodable>(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data?) async throws -> T {
    var request = request(
      HTTPMethod(rawValue: method), path, query: query, contentType: body == nil ? nil : "application/json")
    if let body { request.body = .bytes(ByteBuffer(data: body)) }
    let (status, data) = try await exchange(request)
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

  /// Why a request got no answer: a timeout is not "not running" (a large file being copied, a
  /// slow download), and a certificate that is not trusted is neither; the officer is told which.
  static func unreachable(_ base: URL, _ error: any Error, timeout: TimeInterval) -> CLIError {
    if let e = error as? HTTPClientError, e == .deadlineExceeded || e == .readTimeout {
      return CLIError(
        "the Loa daemon at \(base.absoluteString) did not answer within \(Int(timeout)) s; it may still be "
          + "working on the request: check with 'loa jobs' / dịch vụ Loa chưa trả lời kịp", exitCode: 3)
    }
    if error is NIOSSLError || error is BoringSSLError || "\(error)".contains("handshake") {
      return CLIError(
        "cannot make a secure connection to \(base.absoluteString) (\(error)); if its certificate is the "
          + "commune's own, set LOA_CA_FILE to the PEM that signed it / chứng chỉ không được tin cậy", exitCode: 3)
    }
    return CLIError(
      "the Loa daemon is not running at \(base.absoluteString) (\(error)); "
        + "start it with 'systemctl start loa' or 'loa serve' / dịch vụ Loa chưa chạy", exitCode: 3)
  }

  /// Sends a local file's bytes to `POST /v1/media` (streamed from disk); the box answers with the
  /// media id a job refers to.
  func upload(file: URL) async throws -> Wire.MediaUpload { try await upload(file: file, as: Wire.MediaUpload.self) }

  func upload<T: Decodable>(file: URL, as: T.Type) async throws -> T {
    var request = request(.POST, "/v1/media", contentType: "application/octet-stream")
    guard let handle = try? FileHandle(forReadingFrom: file) else {
      throw CLIError("cannot read '\(file.path)' (không đọc được tệp)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
    let chunks = FileChunks(handle: handle)
    request.body = .stream(chunks, length: .known(size))
    let (status, data) = try await exchange(request)
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
    var request = request(.POST, path, contentType: "application/json")
    request.body = .bytes(ByteBuffer(data: body))
    do { return try await exchange(request) } catch let e as CLIError {
      if e.message.contains("secure connection") { throw e }
      throw CLIError("cannot reach the box at \(base.absoluteString)", exitCode: 3)
    }
  }

  /// A binary answer (a recording). Errors as for `send`.
  func data(_ path: String) async throws -> (Data, String?) {
    let request = request(.GET, path)
    let response: HTTPClientResponse
    let data: Data
    do {
      response = try await Self.http.execute(request, timeout: .seconds(60))
      data = Data(buffer: try await response.body.collect(upTo: Self.maxAnswer))
    } catch {
      throw Self.unreachable(base, error, timeout: 60)
    }
    let status = Int(response.status.code)
    if !(200..<300).contains(status) {
      if let e = try? Wire.decoder().decode(Wire.ErrorBody.self, from: data) {
        throw CLIError("\(e.error.message) [\(e.error.code)]")
      }
      throw CLIError("the daemon answered HTTP \(status) for GET \(path)")
    }
    return (data, response.headers.first(name: "Content-Type"))
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

/// A file read in 64 KB pieces as the upload goes (never whole in memory).
struct FileChunks: AsyncSequence, Sendable {
  typealias Element = ByteBuffer
  // @unchecked Sendable: one upload reads it, from one task.
  final class Handle: @unchecked Sendable {
    let handle: FileHandle
    init(_ h: FileHandle) { handle = h }
  }
  let file: Handle
  init(handle: FileHandle) { file = Handle(handle) }

  struct AsyncIterator: AsyncIteratorProtocol {
    let file: Handle
    mutating func next() async throws -> ByteBuffer? {
      guard let data = try file.handle.read(upToCount: 64 * 1024), !data.isEmpty else {
        try? file.handle.close()
        return nil
      }
      return ByteBuffer(data: data)
    }
  }
  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(file: file) }
}
