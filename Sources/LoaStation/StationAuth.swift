import Crypto
import Foundation
import Hummingbird
import LoaCore

/// Who may use the station's API and console. Every route but `GET /v1/station` (what it is) and
/// `GET /v1/enroll/{code}` (the code is the credential) needs a token: `Authorization: Bearer …`,
/// or the console's cookie (set by `/login?token=…`). `viewer` reads; `officer` also sends and
/// enrols. The station's local token (`state_dir/local-token`, mode 600, new at every start) is an
/// officer's, for the CLI on the station's own machine; others are made with
/// `loa-station token add NAME --role viewer|officer` and stored as SHA-256 only.
public enum StationRole: String, Codable, Sendable, CaseIterable {
  case viewer, officer
}

extension StationStore {
  /// Makes a token for NAME; returns it (shown once, stored hashed).
  public func addToken(name: String, role: StationRole, now: Date = Date()) throws(LoaError) -> String {
    let n = name.trimmingCharacters(in: .whitespaces)
    guard !n.isEmpty, n.count <= 64 else { throw LoaError(.badUser, "a token's name is 1–64 characters") }
    let token = StationAuth.newToken()
    do {
      try database.write { db in
        if try db.fetchValue(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM tokens WHERE name = ?)", arguments: [n])
          == true
        {
          throw LoaError(.badUser, "a token named '\(n)' exists; remove it first (đã có)")
        }
        try db.execute(
          sql: "INSERT INTO tokens (name, role, sha256, created_at) VALUES (?, ?, ?, ?)",
          arguments: [n, role.rawValue, StationAuth.hash(token), now])
      }
    } catch let e as LoaError {
      throw e
    } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
    return token
  }

  public func removeToken(name: String) throws(LoaError) -> Bool {
    do {
      return try database.write { db in
        try db.execute(sql: "DELETE FROM tokens WHERE name = ?", arguments: [name])
        return db.changesCount > 0
      }
    } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }

  public func tokens() throws(LoaError) -> [(name: String, role: String, created: Date)] {
    do {
      return try database.read { db in
        try db.fetchAll(sql: "SELECT name, role, created_at FROM tokens ORDER BY name").map {
          ($0["name"], $0["role"], $0["created_at"])
        }
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  func role(ofTokenHash h: String) -> StationRole? {
    (try? database.read { db in
      try db.fetchValue(String.self, sql: "SELECT role FROM tokens WHERE sha256 = ?", arguments: [h])
    }).flatMap { $0 }.flatMap(StationRole.init(rawValue:))
  }
}

public enum StationAuth {
  static func newToken() -> String {
    var g = SystemRandomNumberGenerator()
    return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
  }

  static func hash(_ token: String) -> String {
    SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// Writes a new local token (mode 600) and returns it.
  public static func writeLocalToken(stateDir: String) throws(LoaError) -> String {
    let token = newToken()
    let path = (stateDir as NSString).appendingPathComponent("local-token")
    try? FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
    try? FileManager.default.removeItem(atPath: path)
    guard
      FileManager.default.createFile(
        atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
    else { throw LoaError(.stateDir, "cannot write the station's local token in '\(stateDir)'") }
    return token
  }
}

/// Checks the token and the role on every request.
struct StationAuthMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  let store: StationStore
  let localTokenHash: String
  /// Paths with their own credential (the province's endpoints).
  var openPrefixes: [String] = []

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let path = request.uri.path
    // A file's name is its SHA-256, and the signed job that names it carries the same hash.
    if path == "/v1/station" || path.hasPrefix("/v1/enroll/") || path == "/login" || path.hasPrefix("/media/")
      || openPrefixes.contains(where: path.hasPrefix)
    {
      return try await next(request, context)
    }
    let console = !path.hasPrefix("/v1/")
    guard let token = Self.token(request) else {
      return try deny(.unauthorized, "cần đăng nhập / a token is needed (loa-station token add)", console: console)
    }
    let h = StationAuth.hash(token)
    guard let role = h == localTokenHash ? .officer : store.role(ofTokenHash: h) else {
      return try deny(.unauthorized, "token không đúng / unknown token", console: console)
    }
    if request.method != .get && role != .officer {
      return try deny(.forbidden, "cần quyền cán bộ / an officer's token is needed to send or enrol", console: console)
    }
    return try await next(request, context)
  }

  static func token(_ r: Request) -> String? {
    if let a = r.headers[.authorization], a.hasPrefix("Bearer ") { return String(a.dropFirst(7)) }
    for part in (r.headers[.cookie] ?? "").split(separator: ";") {
      let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
      if kv.count == 2 && kv[0] == "loa_station" { return String(kv[1]) }
    }
    return nil
  }

  func deny(_ status: HTTPResponse.Status, _ message: String, console: Bool) throws -> Response {
    if console {
      return Response(
        status: status, headers: [.contentType: "text/html; charset=utf-8"],
        body: .init(
          byteBuffer: ByteBuffer(
            string:
              "<!doctype html><meta charset=\"utf-8\"><title>Đăng nhập</title><p>\(message)</p>"
              + "<p>Mở <code>/login?token=…</code> với mã do kỹ thuật viên cấp.</p>")))
    }
    return try reply(
      Wire.ErrorBody(code: status == .forbidden ? "forbidden" : "unauthorized", message: message), status: status)
  }
}
