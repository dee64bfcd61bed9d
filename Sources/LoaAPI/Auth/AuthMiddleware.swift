import Foundation
import Hummingbird
import LoaCore
import LoaStorage

/// How the control API checks who is calling (`docs/api.md`, "Authentication").
public struct AuthSettings: Sendable {
  /// SHA-256 of the local token: written by the daemon at start into the state folder, readable
  /// by root and the daemon's user only — root on the box needs no password.
  public var localTokenSHA256: String
  /// How long a login lasts.
  public var tokenLifetime: TimeInterval = 30 * 86_400
  /// Failed logins in a row that lock a user, and for how long.
  public var lockAfter = 5
  public var lockFor: TimeInterval = 15 * 60

  public init(localTokenSHA256: String) { self.localTokenSHA256 = localTokenSHA256 }
}

/// Every request but the open ones (`Access`) needs a bearer token: a user's (from
/// `POST /v1/login`) or the local one. The role is checked against the path; each change and each
/// refusal is written to the audit table.
struct AuthMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  let settings: AuthSettings
  let store: Store

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let method = request.method.rawValue
    let path = request.uri.path
    guard case .role(let need) = Access.need(method: method, path: path) else {
      return try await next(request, context)
    }
    let caller: Caller
    do { caller = try authenticate(request) } catch {
      audit(Caller(name: "?", role: nil), "\(method) \(path)", status: 401, detail: error.message)
      throw error
    }
    guard caller.may(need) else {
      audit(caller, "\(method) \(path)", status: 403, detail: "needs \(need.rawValue)")
      throw APIError(
        .forbidden, "forbidden",
        "user '\(caller.name)' (\(caller.role?.rawValue ?? "root")) may not \(method) \(path): it needs the "
          + "\(need.rawValue) role (không đủ quyền: cần vai trò \(need.vietnameseName))")
    }
    let changes = method != "GET" && method != "HEAD"
    do {
      let response = try await Caller.$current.withValue(caller) { try await next(request, context) }
      if changes { audit(caller, "\(method) \(path)", status: Int(response.status.code)) }
      return response
    } catch {
      if changes {
        let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
        audit(caller, "\(method) \(path)", status: status, detail: (error as? APIError)?.code)
      }
      throw error
    }
  }

  func authenticate(_ request: Request) throws(APIError) -> Caller {
    guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
      throw APIError(
        .unauthorized, "unauthorized",
        "log in first: loa login --user NAME (cần đăng nhập); on the box as root no login is needed")
    }
    let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    let sha = Self.sha256(token)
    if sha == settings.localTokenSHA256 { return .local }
    guard let user = try? store.tokenUser(sha256: sha, at: Date()) else {
      throw APIError(
        .unauthorized, "bad_token",
        "the login token is unknown or expired: loa login again (phiên đăng nhập hết hạn, đăng nhập lại)")
    }
    return Caller(name: user.name, role: user.role)
  }

  func audit(_ caller: Caller, _ action: String, status: Int, detail: String? = nil) {
    _ = try? store.audit(
      AuditEntry(
        at: Date(), user: caller.name, role: caller.role?.rawValue ?? "root", action: action, status: status,
        detail: detail))
  }

  static func sha256(_ s: String) -> String { textSHA256(s) }
}
