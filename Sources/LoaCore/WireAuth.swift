import Foundation

extension Wire {
  /// `POST /v1/login`.
  public struct LoginBody: Codable, Sendable {
    public var user: String
    public var password: String
    public init(user: String, password: String) {
      self.user = user
      self.password = password
    }
  }

  public struct LoginAnswer: Codable, Sendable, Equatable {
    public var token: String
    public var user: String
    public var role: UserRole
    public var expiresAt: Date
    enum CodingKeys: String, CodingKey {
      case token, user, role
      case expiresAt = "expires_at"
    }
    public init(token: String, user: String, role: UserRole, expiresAt: Date) {
      self.token = token
      self.user = user
      self.role = role
      self.expiresAt = expiresAt
    }
  }

  /// `POST /v1/users` (name, role, password) and `POST /v1/users/{name}/password` (password).
  public struct UserBody: Codable, Sendable {
    public var name: String?
    public var role: String?
    public var password: String?
    public init(name: String? = nil, role: String? = nil, password: String? = nil) {
      self.name = name
      self.role = role
      self.password = password
    }
  }

  public struct UserView: Codable, Sendable, Equatable {
    public var name: String
    public var role: UserRole
    public var createdAt: Date
    public var lockedUntil: Date?
    enum CodingKeys: String, CodingKey {
      case name, role
      case createdAt = "created_at"
      case lockedUntil = "locked_until"
    }
    public init(name: String, role: UserRole, createdAt: Date, lockedUntil: Date?) {
      self.name = name
      self.role = role
      self.createdAt = createdAt
      self.lockedUntil = lockedUntil
    }
  }

  public struct OK: Codable, Sendable {
    public var ok = true
    public init() {}
  }
}
