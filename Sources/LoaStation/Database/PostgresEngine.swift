import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// PostgreSQL for a province: several station processes share one database. Statements run on
/// SwiftNIO's event loops and the calling thread waits for them (the collector's thread, or an
/// API request's), as it waits for SQLite; never on an event loop.
final class PostgresConnectionBox: SQLConnection {
  let connection: PostgresConnection
  let logger: Logger
  var dialect: SQLDialect { .postgres }
  private(set) var changesCount = 0

  init(_ connection: PostgresConnection, logger: Logger) {
    self.connection = connection
    self.logger = logger
  }

  static func query(_ sql: String, _ arguments: [SQLValue]) -> PostgresQuery {
    var binds = PostgresBindings(capacity: arguments.count)
    for v in arguments {
      switch v {
      case .null: binds.appendNull()
      case .integer(let i): binds.append(i)
      case .real(let d): binds.append(d)
      case .text(let s): binds.append(s)
      case .blob(let b): binds.append(ByteBuffer(bytes: b))
      case .date(let d): binds.append(d)
      }
    }
    return PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: binds)
  }

  func run(_ sql: String, _ arguments: [SQLValue]) throws {
    let result = try connection.query(Self.query(sql, arguments), logger: logger).wait()
    changesCount = result.metadata.rows ?? 0
  }

  func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
    let result = try connection.query(Self.query(sql, arguments), logger: logger).wait()
    changesCount = 0
    var names: [String: Int]?
    return try result.rows.map { row in
      if names == nil {
        var n: [String: Int] = [:]
        for (i, cell) in row.enumerated() where n[cell.columnName] == nil { n[cell.columnName] = i }
        names = n
      }
      return SQLRow(names: names!, values: try row.map(Self.value))
    }
  }

  static func value(_ cell: PostgresCell) throws -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
    case .float4, .float8: return .real(try cell.decode(Double.self))
    case .numeric: return .real(Double(try cell.decode(String.self)) ?? .nan)
    case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
    case .timestamptz, .timestamp, .date: return .date(try cell.decode(Date.self))
    case .bytea:
      var b = try cell.decode(ByteBuffer.self)
      return .blob(b.readData(length: b.readableBytes) ?? Data())
    default: return .text(try cell.decode(String.self))
    }
  }
}

/// A few open connections, taken one at a time by a transaction and given back after it.
final class PostgresPool: Sendable {
  let configuration: PostgresConnection.Configuration
  let logger: Logger
  let maxIdle = 8
  private let idle = NIOLockedValueBox<[PostgresConnection]>([])
  private let nextID = NIOLockedValueBox(1)

  init(url: String, logger: Logger) throws {
    guard let u = URLComponents(string: url), ["postgres", "postgresql"].contains(u.scheme ?? ""),
      let host = u.host, !host.isEmpty
    else {
      throw StationDatabaseError("a database URL is postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, not '\(url)'")
    }
    let database = String(u.path.drop { $0 == "/" })
    configuration = PostgresConnection.Configuration(
      host: host, port: u.port ?? 5432, username: u.user ?? "loa", password: u.password,
      database: database.isEmpty ? nil : database, tls: .disable)
    self.logger = logger
  }

  func connection() throws -> PostgresConnection {
    if let c = idle.withLockedValue({ $0.popLast() }), !c.isClosed { return c }
    let id = nextID.withLockedValue { v -> Int in
      v += 1
      return v
    }
    return try PostgresConnection.connect(
      on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
    ).wait()
  }

  func giveBack(_ c: PostgresConnection) {
    let keep = idle.withLockedValue { list -> Bool in
      guard list.count < maxIdle, !c.isClosed else { return false }
      list.append(c)
      return true
    }
    if !keep { c.close().whenComplete { _ in withExtendedLifetime(c) {} } }
  }

  /// `body` inside BEGIN … COMMIT on one connection (ROLLBACK when it throws). Two stations
  /// storing for the same boxes may deadlock or conflict: PostgreSQL aborts one of them, which is
  /// run again (up to five times).
  func transaction<T>(readOnly: Bool, _ body: (PostgresConnectionBox) throws -> T) throws -> T {
    var attempt = 0
    while true {
      do { return try once(readOnly: readOnly, body) } catch let e as PSQLError
        where attempt < 4 && ["40P01", "40001"].contains(e.serverInfo?[.sqlState] ?? "")
      {
        attempt += 1
        usleep(useconds_t(1000 * attempt * Int.random(in: 1...20)))
      }
    }
  }

  private func once<T>(readOnly: Bool, _ body: (PostgresConnectionBox) throws -> T) throws -> T {
    let c = try connection()
    let box = PostgresConnectionBox(c, logger: logger)
    do {
      try box.run(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", [])
      let value = try body(box)
      try box.run("COMMIT", [])
      giveBack(c)
      return value
    } catch {
      if (try? box.run("ROLLBACK", [])) != nil {
        giveBack(c)
      } else {
        c.close().whenComplete { _ in withExtendedLifetime(c) {} }
      }
      throw error
    }
  }

  deinit { close() }

  /// Closes the idle connections (each kept alive until its channel has closed).
  func close() {
    for c in idle.withLockedValue({ list -> [PostgresConnection] in
      defer { list = [] }
      return list
    }) {
      c.close().whenComplete { _ in withExtendedLifetime(c) {} }
    }
  }
}

struct StationDatabaseError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}
