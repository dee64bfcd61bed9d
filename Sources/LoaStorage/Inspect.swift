import Foundation
import GRDB
import LoaCore

/// What `loa doctor` reads from a state database without changing it (read-only, beside a
/// running daemon too: WAL readers do not block it).
public struct DatabaseInspection: Sendable, Equatable {
  /// `PRAGMA quick_check`: "ok", or what SQLite found wrong.
  public var integrity: String
  /// When the newest as-run row aired (or was logged).
  public var newestAiring: Date?

  public static func of(path: String) throws(LoaError) -> DatabaseInspection {
    var config = Configuration()
    config.readonly = true
    do {
      let db = try DatabaseQueue(path: path, configuration: config)
      return try db.read { db in
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
        let newest = try Date.fetchOne(
          db, sql: "SELECT MAX(COALESCE(started_at, logged_at)) FROM asrun")
        return DatabaseInspection(integrity: problems.joined(separator: "; "), newestAiring: newest)
      }
    } catch {
      throw LoaError(.storage, "cannot read '\(path)': \(error)")
    }
  }
}
