import Foundation
import GRDB
import LoaCore

/// A user of the control API (password stored as an Argon2id string made by the API).
public struct StoredUser: Sendable, Equatable {
  public var name: String
  public var role: UserRole
  public var passwordHash: String
  public var failedLogins: Int
  public var lockedUntil: Date?
  public var createdAt: Date
}

/// One line of the audit table: who did what, when, and how it ended.
public struct AuditEntry: Codable, Sendable, Equatable {
  public var id: Int64?
  public var at: Date
  public var user: String
  public var role: String
  public var action: String
  public var status: Int
  public var detail: String?

  public init(
    id: Int64? = nil, at: Date, user: String, role: String, action: String, status: Int, detail: String? = nil
  ) {
    self.id = id
    self.at = at
    self.user = user
    self.role = role
    self.action = action
    self.status = status
    self.detail = detail
  }
}

extension Store {
  public func users() throws(LoaError) -> [StoredUser] {
    try read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.user) }
  }

  public func user(named name: String) throws(LoaError) -> StoredUser? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(Self.user) }
  }

  static func user(_ row: Row) -> StoredUser {
    StoredUser(
      name: row["name"], role: UserRole(rawValue: row["role"]) ?? .viewer, passwordHash: row["password_hash"],
      failedLogins: row["failed_logins"], lockedUntil: row["locked_until"], createdAt: row["created_at"])
  }

  /// Adds a user; false when the name is taken.
  public func addUser(name: String, role: UserRole, passwordHash: String, at: Date) throws(LoaError) -> Bool {
    try write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [name]) == true { return false }
      try db.execute(
        sql: "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
        arguments: [name, role.rawValue, passwordHash, at])
      return true
    }
  }

  /// Sets a new password and unlocks; drops the user's tokens. False when there is no such user.
  public func setPassword(name: String, passwordHash: String) throws(LoaError) -> Bool {
    try write { db in
      try db.execute(
        sql: "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
        arguments: [passwordHash, name])
      guard db.changesCount > 0 else { return false }
      try db.execute(sql: "DELETE FROM tokens WHERE user = ?", arguments: [name])
      return true
    }
  }

  /// Removes a user and every token of theirs. False when there is no such user.
  public func removeUser(name: String) throws(LoaError) -> Bool {
    try write { db in
      try db.execute(sql: "DELETE FROM tokens WHERE user = ?", arguments: [name])
      try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
      return db.changesCount > 0
    }
  }

  /// A failed login: counts it, and locks the user for `lockFor` once `limit` failures are reached.
  /// Returns the lock's end when the user is now locked.
  public func loginFailed(name: String, limit: Int, lockFor: TimeInterval, at: Date) throws(LoaError) -> Date? {
    try write { db in
      try db.execute(sql: "UPDATE users SET failed_logins = failed_logins + 1 WHERE name = ?", arguments: [name])
      let failed = try Int.fetchOne(db, sql: "SELECT failed_logins FROM users WHERE name = ?", arguments: [name]) ?? 0
      guard failed >= limit else { return nil }
      let until = at.addingTimeInterval(lockFor)
      try db.execute(
        sql: "UPDATE users SET locked_until = ?, failed_logins = 0 WHERE name = ?", arguments: [until, name])
      return until
    }
  }

  /// A good login: the failures start again from 0; a token is stored (its SHA-256 only).
  public func loginSucceeded(name: String, tokenSHA256: String, expiresAt: Date, at: Date) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", arguments: [name])
      try db.execute(sql: "DELETE FROM tokens WHERE expires_at <= ?", arguments: [at])
      try db.execute(
        sql: "INSERT INTO tokens (sha256, user, created_at, expires_at) VALUES (?, ?, ?, ?)",
        arguments: [tokenSHA256, name, at, expiresAt])
    }
  }

  /// The user a token belongs to, if it exists and has not expired.
  public func tokenUser(sha256: String, at: Date) throws(LoaError) -> StoredUser? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT users.* FROM tokens JOIN users ON users.name = tokens.user
          WHERE tokens.sha256 = ? AND tokens.expires_at > ?
          """, arguments: [sha256, at]
      ).map(Self.user)
    }
  }

  public func dropToken(sha256: String) throws(LoaError) {
    try write { db in try db.execute(sql: "DELETE FROM tokens WHERE sha256 = ?", arguments: [sha256]) }
  }

  @discardableResult
  public func audit(_ e: AuditEntry) throws(LoaError) -> Int64 {
    try write { db in
      try db.execute(
        sql: "INSERT INTO audit (at, user, role, action, status, detail) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [e.at, e.user, e.role, e.action, e.status, e.detail])
      return db.lastInsertedRowID
    }
  }

  /// Audit lines at or after `since`, oldest first, at most `limit`.
  public func auditEntries(since: Date?, limit: Int = 1000) throws(LoaError) -> [AuditEntry] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM (SELECT * FROM audit WHERE at >= ? ORDER BY id DESC LIMIT ?) ORDER BY id
          """, arguments: [since ?? .distantPast, limit]
      ).map {
        AuditEntry(
          id: $0["id"], at: $0["at"], user: $0["user"], role: $0["role"], action: $0["action"], status: $0["status"],
          detail: $0["detail"])
      }
    }
  }
}
