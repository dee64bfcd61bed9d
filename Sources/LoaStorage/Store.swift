import Foundation
import GRDB
import LoaCore

/// The daemon's one SQLite database (`loa.sqlite` in the state folder): the job inbox
/// and the as-run log.
///
/// WAL mode with `synchronous = FULL`: when a write returns, it is on disk, so a job
/// is acknowledged only after it would survive a power cut.
public final class Store: Sendable {
  public let path: String
  let pool: DatabasePool

  /// Opens (and migrates) the database. `migrationsUpTo` stops at an older schema, for upgrade tests.
  public init(path: String, migrationsUpTo: String? = nil) throws(LoaError) {
    self.path = path
    var config = Configuration()
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    config.busyMode = .timeout(5)
    do {
      let dir = (path as NSString).deletingLastPathComponent
      if !dir.isEmpty {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      }
      pool = try DatabasePool(path: path, configuration: config)
      // GRDB switches the writer to `synchronous = NORMAL` when it turns WAL on, after
      // `prepareDatabase` ran: set FULL again on the one writer connection, so every commit
      // (an accepted job, an as-run row) is fsync'd before the write returns.
      try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } as Void
      // Written by a newer release (an upgrade rolled back): refuse rather than guess at a schema
      // this binary does not know.
      let newer = try pool.read { db in
        let known = Set(Migrations.migrator.migrations)
        return try Migrations.migrator.appliedIdentifiers(db).subtracting(known).sorted()
      }
      if !newer.isEmpty {
        throw LoaError(
          .storage,
          "the database '\(path)' was written by a newer Loa (schema \(newer.joined(separator: ", ")) unknown to "
            + "\(LoaVersion.string)); install that release again, or restore the state folder from before the "
            + "upgrade (cơ sở dữ liệu do phiên bản Loa mới hơn ghi; hãy cài lại phiên bản đó)")
      }
      if let migrationsUpTo {
        try Migrations.migrator.migrate(pool, upTo: migrationsUpTo)
      } else {
        try Migrations.migrator.migrate(pool)
      }
    } catch let e as LoaError {
      throw e
    } catch {
      throw LoaError(.storage, "cannot open the database '\(path)': \(error)")
    }
  }

  func write<T>(_ body: (Database) throws -> T) throws(LoaError) -> T {
    do { return try pool.write(body) } catch let e as LoaError { throw e } catch {
      throw LoaError(.storage, "database write failed: \(error)")
    }
  }

  func read<T>(_ body: (Database) throws -> T) throws(LoaError) -> T {
    do { return try pool.read(body) } catch { throw LoaError(.storage, "database read failed: \(error)") }
  }

  /// Schema version names applied, newest last.
  public func appliedMigrations() throws(LoaError) -> [String] {
    try read { db in try Migrations.migrator.appliedMigrations(db) }
  }

  /// The writer connection's `PRAGMA synchronous` (2 = FULL: each commit is fsync'd).
  public func synchronousLevel() throws(LoaError) -> Int {
    do { return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 } } catch
    {
      throw LoaError(.storage, "database read failed: \(error)")
    }
  }

  /// Writes the WAL back into the database file and empties it (a clean shutdown leaves one
  /// self-contained `loa.sqlite`, not a 4 KB file with everything in the WAL).
  public func checkpoint() throws(LoaError) {
    do { _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) } } catch {
      throw LoaError(.storage, "checkpoint failed: \(error)")
    }
  }

  /// SQLite's journal mode (expected `wal`).
  public func journalMode() throws(LoaError) -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }
}
