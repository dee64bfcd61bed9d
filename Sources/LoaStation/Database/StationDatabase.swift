import Foundation
import GRDB
import Logging

/// The station's database: SQLite in the state folder (a commune: nothing to install), or a
/// PostgreSQL server several station processes share (a province). Every statement of the
/// station goes through `read` and `write`.
public final class StationDatabase: Sendable {
  enum Engine: Sendable {
    case sqlite(DatabasePool)
    case postgres(PostgresPool)
  }
  let engine: Engine

  public var dialect: SQLDialect {
    switch engine {
    case .sqlite: .sqlite
    case .postgres: .postgres
    }
  }

  /// SQLite at `path` (WAL, `synchronous = FULL`: a receipt is sent only for rows that would
  /// survive a power cut), migrated by `migrator`.
  init(sqlite path: String, migrator: DatabaseMigrator) throws {
    var config = Configuration()
    config.busyMode = .timeout(5)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let pool = try DatabasePool(path: path, configuration: config)
    try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } as Void
    try migrator.migrate(pool)
    engine = .sqlite(pool)
  }

  /// PostgreSQL at `url`, its schema made (or brought up to date) under an advisory lock, so two
  /// stations starting together do it once.
  init(postgres url: String, schema: [(version: Int, statements: [String])]) throws {
    let pool = try PostgresPool(url: url, logger: Logger(label: "loa.station.postgres"))
    engine = .postgres(pool)
    try pool.transaction(readOnly: false) { c in
      try c.run("SELECT pg_advisory_xact_lock(26734001)", [])
      try c.run(
        "CREATE TABLE IF NOT EXISTS loa_schema (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)", [])
      let done = Set(try c.query("SELECT version FROM loa_schema", []).map { $0[0] as Int })
      for step in schema where !done.contains(step.version) {
        for s in step.statements { try c.run(s, []) }
        try c.run(
          "INSERT INTO loa_schema (version, applied_at) VALUES (?, ?)", [.integer(Int64(step.version)), .date(Date())])
      }
    }
  }

  public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    switch engine {
    case .sqlite(let pool): try pool.read { db in try body(SQLiteConnection(db)) }
    case .postgres(let pool): try pool.transaction(readOnly: true) { c in try body(c) }
    }
  }

  public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    switch engine {
    case .sqlite(let pool): try pool.write { db in try body(SQLiteConnection(db)) }
    case .postgres(let pool): try pool.transaction(readOnly: false) { c in try body(c) }
    }
  }

  public func close() {
    if case .postgres(let pool) = engine { pool.close() }
  }
}
