import Foundation
import GRDB
import LoaCore

/// One run of the daemon, from start to stop.
public struct DaemonRun: Sendable, Equatable {
  public var id: Int64
  public var startedAt: Date
  /// The last sign of life (written at start, at a clean stop, and after an unclean one from the
  /// file mark the run left, `AliveMark`).
  public var aliveAt: Date
  /// Nil while running.
  public var stoppedAt: Date?
  /// Stopped by SIGTERM/SIGINT (false: a power cut, a kill, a crash — it ended at `aliveAt`).
  public var clean: Bool
  public var version: String
}

extension Store {
  /// Records a start. A previous run left open stopped uncleanly at its last sign of life; it is
  /// closed so, and returned. `mark` is the file mark the daemon writes between database writes
  /// (`AliveMark`): when it names the open run and is later than its row, the run ended then, and
  /// the scheduler's clock guard is raised to the mark's if that is later.
  public func beginRun(at now: Date, version: String, mark: AliveMark.Mark? = nil) throws(LoaError) -> (
    id: Int64, unclean: DaemonRun?
  ) {
    try write { db in
      var open = try Row.fetchOne(db, sql: "SELECT * FROM daemon_runs WHERE stopped_at IS NULL ORDER BY id DESC")
        .map(Self.run)
      if let m = mark, var run = open, m.run == run.id {
        if m.at > run.aliveAt {
          run.aliveAt = m.at
          open = run
          try db.execute(sql: "UPDATE daemon_runs SET alive_at = ? WHERE id = ?", arguments: [m.at, run.id])
        }
        let stored = try String.fetchOne(db, sql: "SELECT value FROM scheduler_state WHERE name = 'high_water'")
          .flatMap(LocalTime.parseISO)
        if let hw = m.highWater, stored == nil || hw > stored! {
          try Self.setState("high_water", LocalTime.iso(hw), db: db)
        }
      }
      try db.execute(sql: "UPDATE daemon_runs SET stopped_at = alive_at, clean = 0 WHERE stopped_at IS NULL")
      try db.execute(
        sql: "INSERT INTO daemon_runs (started_at, alive_at, version) VALUES (?, ?, ?)",
        arguments: [now, now, version])
      var closed = open
      closed?.stoppedAt = open?.aliveAt
      return (db.lastInsertedRowID, closed)
    }
  }

  /// A clean stop (with the scheduler's latest time seen).
  public func endRun(_ id: Int64, at now: Date, highWater: Date? = nil) throws(LoaError) {
    try write { db in
      if let highWater { try Self.setState("high_water", LocalTime.iso(highWater), db: db) }
      try db.execute(
        sql: "UPDATE daemon_runs SET alive_at = ?, stopped_at = ?, clean = 1 WHERE id = ?", arguments: [now, now, id])
    }
  }

  /// Runs that overlap [from, until), oldest first.
  public func runs(from: Date = .distantPast, until: Date = .distantFuture) throws(LoaError) -> [DaemonRun] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM daemon_runs WHERE started_at < ? AND COALESCE(stopped_at, alive_at) >= ? ORDER BY id
          """, arguments: [until, from]
      ).map(Self.run)
    }
  }

  /// The most recent unclean stop, if any.
  public func lastUncleanStop() throws(LoaError) -> DaemonRun? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM daemon_runs WHERE stopped_at IS NOT NULL AND clean = 0 ORDER BY id DESC"
      ).map(Self.run)
    }
  }

  static func run(_ r: Row) -> DaemonRun {
    DaemonRun(
      id: r["id"], startedAt: r["started_at"], aliveAt: r["alive_at"], stoppedAt: r["stopped_at"],
      clean: (r["clean"] as Int64? ?? 0) != 0, version: r["version"])
  }
}
