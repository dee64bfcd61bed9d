import Foundation
import GRDB

/// SQLite through GRDB: one file in the state folder, WAL; reads run beside the one writer.
final class SQLiteConnection: SQLConnection {
  let db: Database
  var dialect: SQLDialect { .sqlite }
  var changesCount: Int { db.changesCount }
  init(_ db: Database) { self.db = db }

  static func bind(_ values: [SQLValue]) -> StatementArguments {
    StatementArguments(
      values.map { v -> DatabaseValue in
        switch v {
        case .null: .null
        case .integer(let i): i.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        case .blob(let b): b.databaseValue
        // GRDB's own format, so rows written before this layer compare the same.
        case .date(let d): d.databaseValue
        }
      })
  }

  func run(_ sql: String, _ arguments: [SQLValue]) throws {
    try db.execute(sql: sql, arguments: Self.bind(arguments))
  }

  func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
    let cursor = try Row.fetchCursor(db, sql: sql, arguments: Self.bind(arguments))
    var out: [SQLRow] = []
    var names: [String: Int]?
    while let r = try cursor.next() {
      if names == nil {
        var n: [String: Int] = [:]
        for (i, c) in r.columnNames.enumerated() where n[c] == nil { n[c] = i }
        names = n
      }
      out.append(
        SQLRow(
          names: names!,
          values: r.databaseValues.map { v in
            switch v.storage {
            case .null: .null
            case .int64(let i): .integer(i)
            case .double(let d): .real(d)
            case .string(let s): .text(s)
            case .blob(let b): .blob(b)
            }
          }))
    }
    return out
  }
}
