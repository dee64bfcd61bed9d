import Foundation
import GRDB
import LoaCore

/// One applied schedule file.
public struct ScheduleVersion: Sendable, Equatable {
  public var id: Int64
  public var name: String
  public var source: String
  public var baseDir: String
  /// Programmes as installed (text files read, audio files copied into the media folder).
  public var programs: [String: Program]
  public var createdAt: Date
}

/// A dated airing as stored.
public struct StoredAiring: Sendable, Equatable {
  public enum State: String, Sendable { case pending, queued, missed }
  public var key: String
  public var versionId: Int64
  public var program: String
  public var at: Date
  public var start: StartPolicy
  public var toleranceSeconds: Int
  public var slotEnd: Date
  public var state: State
  public var jobId: String?
}

extension Store {
  // MARK: Versions

  /// Stores a new version and makes it active; withdraws what the old version had not started.
  /// Returns the new version id and the ids of withdrawn jobs (the engine drops them too).
  public func installSchedule(
    name: String, source: String, baseDir: String, programs: [String: Program], action: String,
    operatorName: String?, now: Date, note: String? = nil, reuseVersion: Int64? = nil
  ) throws(LoaError) -> (version: Int64, withdrawn: [String]) {
    try write { db in
      let version: Int64
      if let reuseVersion {
        version = reuseVersion
      } else {
        let json = String(decoding: try JSONEncoder().encode(programs), as: UTF8.self)
        try db.execute(
          sql: """
            INSERT INTO schedule_versions (name, source, base_dir, programs_json, created_at)
            VALUES (?, ?, ?, ?, ?)
            """, arguments: [name, source, baseDir, json, now])
        version = db.lastInsertedRowID
      }
      try db.execute(
        sql: "INSERT INTO schedule_changes (action, version_id, operator, at, note) VALUES (?, ?, ?, ?, ?)",
        arguments: [action, version, operatorName, now, note])
      try Self.setState("active_version", String(version), db: db)
      try Self.setState("expanded_until", LocalTime.iso(now), db: db)
      let withdrawn = try Self.withdrawFutureAirings(after: now, version: version, db: db)
      return (version, withdrawn)
    }
  }

  /// Removes airings not yet started that begin after `now`; queued jobs of those airings are
  /// cancelled (they never aired, so they get no as-run row).
  static func withdrawFutureAirings(after now: Date, version: Int64, db: Database) throws -> [String] {
    let jobIds = try String.fetchAll(
      db,
      sql: """
        SELECT j.id FROM schedule_airings a JOIN jobs j ON j.id = a.job_id
        WHERE a.state = 'queued' AND a.scheduled_at > ? AND j.status = 'queued' AND j.resume_json IS NULL
        """, arguments: [now])
    for id in jobIds {
      try db.execute(
        sql: "UPDATE jobs SET status = 'cancelled', last_error = ?, finished_at = ? WHERE id = ?",
        arguments: ["replaced by schedule version \(version) (lịch mới thay thế)", now, id])
      try db.execute(sql: "DELETE FROM schedule_airings WHERE job_id = ?", arguments: [id])
    }
    try db.execute(
      sql: "DELETE FROM schedule_airings WHERE state = 'pending' AND scheduled_at > ?", arguments: [now])
    return jobIds
  }

  public func activeScheduleVersion() throws(LoaError) -> ScheduleVersion? {
    try read { db in
      guard let v = try String.fetchOne(db, sql: "SELECT value FROM scheduler_state WHERE name = 'active_version'"),
        let id = Int64(v)
      else { return nil }
      return try Self.version(id, db: db)
    }
  }

  public func scheduleVersion(_ id: Int64) throws(LoaError) -> ScheduleVersion? {
    try read { db in try Self.version(id, db: db) }
  }

  static func version(_ id: Int64, db: Database) throws -> ScheduleVersion? {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM schedule_versions WHERE id = ?", arguments: [id])
    else { return nil }
    let programs =
      (try? JSONDecoder().decode([String: Program].self, from: Data((row["programs_json"] as String).utf8))) ?? [:]
    return ScheduleVersion(
      id: row["id"], name: row["name"], source: row["source"], baseDir: row["base_dir"], programs: programs,
      createdAt: row["created_at"])
  }

  public func scheduleChanges(limit: Int = 50) throws(LoaError) -> [ScheduleChange] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM schedule_changes ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
        ScheduleChange(
          id: $0["id"], action: $0["action"], versionId: $0["version_id"], operatorName: $0["operator"],
          at: $0["at"], note: $0["note"])
      }
    }
  }

  /// The version that was active before the current one (for rollback).
  public func previousScheduleVersion() throws(LoaError) -> Int64? {
    try read { db in
      let ids = try Int64?.fetchAll(
        db, sql: "SELECT version_id FROM schedule_changes WHERE action IN ('apply', 'rollback') ORDER BY id DESC"
      )
      .compactMap { $0 }
      guard let current = ids.first else { return nil }
      return ids.dropFirst().first { $0 != current }
    }
  }

  public func recordScheduleChange(action: String, version: Int64?, operatorName: String?, at: Date, note: String?)
    throws(LoaError)
  {
    try write { db in
      try db.execute(
        sql: "INSERT INTO schedule_changes (action, version_id, operator, at, note) VALUES (?, ?, ?, ?, ?)",
        arguments: [action, version, operatorName, at, note])
    }
  }

  // MARK: Scheduler state

  public func schedulerState(_ name: String) throws(LoaError) -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT value FROM scheduler_state WHERE name = ?", arguments: [name])
    }
  }

  public func setSchedulerState(_ name: String, _ value: String) throws(LoaError) {
    try write { db in try Self.setState(name, value, db: db) }
  }

  static func setState(_ name: String, _ value: String, db: Database) throws {
    try db.execute(
      sql:
        "INSERT INTO scheduler_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      arguments: [name, value])
  }

  // MARK: Airings

  /// Adds airings that are not known yet (a key already stored is left as it is). Returns how many were new.
  @discardableResult
  public func addAirings(_ airings: [ScheduledAiring], version: Int64, expandedUntil: Date) throws(LoaError) -> Int {
    try write { db in
      let stmt = try db.makeStatement(
        sql: """
          INSERT OR IGNORE INTO schedule_airings
            (key, version_id, program, scheduled_at, start_policy, tolerance_s, slot_end, state)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
          """)
      var added = 0
      for a in airings {
        try stmt.execute(arguments: [
          a.key, version, a.program, a.at, a.start.rawValue, a.toleranceSeconds, a.slotEnd,
        ])
        added += db.changesCount
      }
      try Self.setState("expanded_until", LocalTime.iso(expandedUntil), db: db)
      return added
    }
  }

  /// Pending airings that start at or before `until`, oldest first (uses the index; never a full scan).
  public func pendingAirings(until: Date, limit: Int = 100) throws(LoaError) -> [StoredAiring] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM schedule_airings WHERE state = 'pending' AND scheduled_at <= ?
          ORDER BY scheduled_at LIMIT ?
          """, arguments: [until, limit]
      ).map(Self.airing)
    }
  }

  /// The next pending airing after `instant` (one indexed lookup).
  public func nextPendingAiring(after instant: Date) throws(LoaError) -> StoredAiring? {
    try read { db in
      try Row.fetchOne(
        db,
        sql:
          "SELECT * FROM schedule_airings WHERE state = 'pending' AND scheduled_at > ? ORDER BY scheduled_at LIMIT 1",
        arguments: [instant]
      ).map(Self.airing)
    }
  }

  public func airings(from: Date, to: Date) throws(LoaError) -> [StoredAiring] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM schedule_airings WHERE scheduled_at >= ? AND scheduled_at < ? ORDER BY scheduled_at",
        arguments: [from, to]
      ).map(Self.airing)
    }
  }

  static func airing(_ row: Row) -> StoredAiring {
    StoredAiring(
      key: row["key"], versionId: row["version_id"], program: row["program"], at: row["scheduled_at"],
      start: StartPolicy(rawValue: row["start_policy"]) ?? .hard, toleranceSeconds: row["tolerance_s"],
      slotEnd: row["slot_end"], state: StoredAiring.State(rawValue: row["state"]) ?? .pending, jobId: row["job_id"])
  }

  /// Turns a pending airing into a queued job, in one transaction. Returns nil when the airing
  /// was already handled (it can never air twice).
  public func materialise(_ job: Job, airingKey: String, now: Date) throws(LoaError) -> Job? {
    try write { db in
      let state = try String.fetchOne(
        db, sql: "SELECT state FROM schedule_airings WHERE key = ?", arguments: [airingKey])
      guard state == "pending" else { return nil }
      let stored = try Self.insert(job, db: db)
      try db.execute(
        sql: "UPDATE schedule_airings SET state = 'queued', job_id = ?, handled_at = ? WHERE key = ?",
        arguments: [stored.id, now, airingKey])
      return stored
    }
  }

  /// Marks a pending airing missed and logs it, in one transaction.
  public func markMissed(_ airingKey: String, record: AsRunRecord, now: Date) throws(LoaError) -> Bool {
    try write { db in
      let state = try String.fetchOne(
        db, sql: "SELECT state FROM schedule_airings WHERE key = ?", arguments: [airingKey])
      guard state == "pending" else { return false }
      _ = try Self.insertAsRun(record, db: db)
      try db.execute(
        sql: "UPDATE schedule_airings SET state = 'missed', handled_at = ? WHERE key = ?",
        arguments: [now, airingKey])
      return true
    }
  }

  /// The next airing of a programme that has not started yet.
  public func nextAiring(program: String, after instant: Date) throws(LoaError) -> StoredAiring? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT * FROM schedule_airings WHERE program = ? AND scheduled_at > ? AND state IN ('pending', 'queued')
          ORDER BY scheduled_at LIMIT 1
          """, arguments: [program, instant]
      ).map(Self.airing)
    }
  }

  // MARK: Inbox

  /// Refuses a job waiting in the inbox. Returns it, or nil when it is not in the inbox.
  public func reject(_ id: String, reason: String?, operatorName: String?, at: Date) throws(LoaError) -> Job? {
    try write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ? AND status = 'inbox'", arguments: [id])
      else { return nil }
      var job = Self.job(from: row)
      let note = "rejected by \(operatorName ?? "officer")" + (reason.map { ": \($0)" } ?? "")
      try db.execute(
        sql: "UPDATE jobs SET status = 'rejected', last_error = ?, finished_at = ? WHERE id = ?",
        arguments: [note, at, id])
      job.status = .rejected
      job.lastError = note
      return job
    }
  }

  /// Withdraws a job waiting in the inbox (its sender cancelled it). Nil when it is not there.
  public func withdrawFromInbox(_ id: String, operatorName: String?, at: Date) throws(LoaError) -> Job? {
    try write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ? AND status = 'inbox'", arguments: [id])
      else { return nil }
      var job = Self.job(from: row)
      let note = "withdrawn by \(operatorName ?? "its sender") before approval"
      try db.execute(
        sql: "UPDATE jobs SET status = 'cancelled', last_error = ?, finished_at = ? WHERE id = ?",
        arguments: [note, at, id])
      job.status = .cancelled
      job.lastError = note
      return job
    }
  }

  /// What became of each job the province's system sent that reached the box in `[from, until)`:
  /// its class, where it is now, and whether an officer approved it from the inbox.
  public func provinceJobs(receivedFrom from: Date, until: Date) throws(LoaError) -> [ProvinceJobFate] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT id, class, status, approved_at FROM jobs
          WHERE source = 'uplink' AND created_at >= ? AND created_at < ?
          """, arguments: [from, until]
      ).map {
        ProvinceJobFate(
          id: $0["id"], bulletinClass: BulletinClass(rawValue: $0["class"]) ?? .normal,
          status: JobStatus(rawValue: $0["status"]) ?? .failed, approved: ($0["approved_at"] as Date?) != nil)
      }
    }
  }

  public func inboxJobs() throws(LoaError) -> [Job] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status = 'inbox' ORDER BY created_at").map(Self.job)
    }
  }

  /// Moves a job out of the inbox into the queue (optionally with a start time). Returns the job,
  /// or nil when it is not in the inbox.
  public func approve(_ id: String, notBefore: Date?, operatorName: String?, at: Date = Date()) throws(LoaError)
    -> Job?
  {
    try write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ? AND status = 'inbox'", arguments: [id])
      else { return nil }
      var job = Self.job(from: row)
      let maxPos = try Double.fetchOne(db, sql: "SELECT MAX(position) FROM jobs") ?? 0
      job.status = .queued
      job.position = maxPos + 1
      if let notBefore { job.notBefore = notBefore }
      try db.execute(
        sql: """
          UPDATE jobs SET status = 'queued', position = ?, not_before = ?, last_error = ?, approved_at = ? WHERE id = ?
          """,
        arguments: [job.position, job.notBefore, "approved by \(operatorName ?? "officer")", at, id])
      job.lastError = "approved by \(operatorName ?? "officer")"
      return job
    }
  }
}
