import Foundation
import Hummingbird
import LoaCore
import LoaStorage

extension ControlAPI {
  /// `POST /v1/login`, `/v1/logout`; users (`/v1/users`, technician); `GET /v1/audit` (technician).
  func addAuthRoutes(_ router: Router<BasicRequestContext>, settings: AuthSettings) {
    let api = self
    let store = self.store
    router.post("/v1/login") { request, _ in
      let body = try await api.decode(Wire.LoginBody.self, from: request)
      let now = Date()
      func audit(_ status: Int, _ detail: String) {
        _ = try? store.audit(
          AuditEntry(at: now, user: body.user, role: "-", action: "POST /v1/login", status: status, detail: detail))
      }
      let user = try api.run { () throws(LoaError) in try store.user(named: body.user) }
      if let until = user?.lockedUntil, until > now {
        audit(403, "locked")
        throw APIError(
          .forbidden, "locked",
          "user '\(body.user)' is locked after repeated failed logins until \(LocalTime.format(until)) "
            + "(tài khoản tạm khóa do nhập sai mật khẩu nhiều lần)")
      }
      // Argon2id takes memory and a tenth of a second: off the event loop.
      let password = body.password
      let good = await offload("loa-login") {
        user.map { Passwords.verify(password, against: $0.passwordHash) } ?? false
      }
      guard let user, good else {
        var locked: Date?
        if user != nil {
          locked = try api.run { () throws(LoaError) in
            try store.loginFailed(name: body.user, limit: settings.lockAfter, lockFor: settings.lockFor, at: now)
          }
        }
        audit(401, locked == nil ? "bad login" : "bad login; locked")
        throw APIError(
          .unauthorized, "bad_login",
          "wrong user name or password (sai tên hoặc mật khẩu)"
            + (locked.map { "; the user is now locked until \(LocalTime.format($0)) (tài khoản bị tạm khóa)" } ?? ""))
      }
      let token = Passwords.newToken()
      let expires = now.addingTimeInterval(settings.tokenLifetime)
      try api.run { () throws(LoaError) in
        try store.loginSucceeded(name: user.name, tokenSHA256: textSHA256(token), expiresAt: expires, at: now)
      }
      audit(200, "role \(user.role.rawValue)")
      return try json(Wire.LoginAnswer(token: token, user: user.name, role: user.role, expiresAt: expires))
    }
    router.post("/v1/logout") { request, _ in
      if let h = request.headers[.authorization], h.lowercased().hasPrefix("bearer ") {
        let sha = textSHA256(String(h.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        try api.run { () throws(LoaError) in try store.dropToken(sha256: sha) }
      }
      return try json(Wire.OK())
    }
    router.get("/v1/users") { _, _ in
      let users = try api.run { () throws(LoaError) in try store.users() }
      let now = Date()
      return try json(
        users.map {
          Wire.UserView(
            name: $0.name, role: $0.role, createdAt: $0.createdAt,
            lockedUntil: $0.lockedUntil.flatMap { $0 > now ? $0 : nil })
        })
    }
    router.post("/v1/users") { request, _ in
      let body = try await api.decode(Wire.UserBody.self, from: request)
      let name = try Self.checkUserName(body.name)
      guard let roleText = body.role, let role = UserRole(rawValue: roleText) else {
        throw APIError(
          .unprocessableContent, "bad_role",
          "role must be viewer, officer or technician (vai trò: xem, cán bộ phụ trách, kỹ thuật viên)")
      }
      let hash = try await Self.hashed(body.password, user: name)
      let added = try api.run { () throws(LoaError) in
        try store.addUser(name: name, role: role, passwordHash: hash, at: Date())
      }
      guard added else {
        throw APIError(.conflict, "user_exists", "there is already a user '\(name)' (tên đã có)")
      }
      return try json(Wire.UserView(name: name, role: role, createdAt: Date(), lockedUntil: nil), status: .created)
    }
    router.post("/v1/users/:name/password") { request, context in
      let name = try context.parameters.require("name")
      let body = try await api.decode(Wire.UserBody.self, from: request)
      let hash = try await Self.hashed(body.password, user: name)
      guard try api.run({ () throws(LoaError) in try store.setPassword(name: name, passwordHash: hash) }) else {
        throw APIError(.notFound, "user_not_found", "no user '\(name)' (không có người dùng này)")
      }
      return try json(Wire.OK())
    }
    router.delete("/v1/users/:name") { _, context in
      let name = try context.parameters.require("name")
      guard try api.run({ () throws(LoaError) in try store.removeUser(name: name) }) else {
        throw APIError(.notFound, "user_not_found", "no user '\(name)' (không có người dùng này)")
      }
      return try json(Wire.OK())
    }
    router.get("/v1/audit") { request, _ in
      let q = request.uri.queryParameters
      var since: Date?
      if let s = q.get("since") {
        guard let d = LocalTime.parseISO(s) else {
          throw APIError(.badRequest, "bad_query", "'since' must be an ISO 8601 instant, got '\(s)'")
        }
        since = d
      }
      let limit = try intParam(q.get("limit"), name: "limit", default: 1000)
      let entries = try api.run { () throws(LoaError) in try store.auditEntries(since: since, limit: max(1, limit)) }
      return try json(entries)
    }
  }

  /// Letters, digits, `.`, `-`, `_`; 1–64 characters.
  static func checkUserName(_ name: String?) throws -> String {
    guard let name, (1...64).contains(name.count),
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
    else {
      throw APIError(
        .unprocessableContent, "bad_user",
        "a user name is 1–64 letters, digits, '.', '-' or '_' (tên đăng nhập không hợp lệ)")
    }
    return name
  }

  static func hashed(_ password: String?, user: String) async throws -> String {
    guard let password else {
      throw APIError(.unprocessableContent, "bad_password", "'password' is required (cần mật khẩu)")
    }
    do { try Passwords.check(password, user: user) } catch { throw APIError(error) }
    return try await offload("loa-hash") { Result { () throws(LoaError) in try Passwords.hash(password) } }.get()
  }
}
