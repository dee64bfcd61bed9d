import Foundation
import GRDB
import LoaCore

extension Store {
  /// Appends one as-run row and returns its id. Rows are never edited (a trigger refuses it).
  @discardableResult
  public func append(_ record: AsRunRecord) throws(LoaError) -> Int64 {
    try write { db in try Self.insertAsRun(record, db: db) }
  }

  static func insertAsRun(_ r: AsRunRecord, db: Database) throws -> Int64 {
    try db.execute(
      sql: """
        INSERT INTO asrun (job_id, class, source, kind, title, text_sha256, voice, scheduled_at,
          started_at, ended_at, duration_s, outcome, preempted_by, resumed_from, operator, repetition, error, logged_at,
          url, note, dead_air_s, fallback_s, recording, field, language, origin, author, news_source)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        r.jobId, r.bulletinClass.rawValue, r.source.rawValue, r.kind.rawValue, r.title, r.textSHA256,
        r.voice, r.scheduledAt, r.startedAt, r.endedAt, r.durationSeconds, r.outcome.rawValue,
        r.preemptedBy, r.resumedFrom, r.operatorName, r.repetition, r.error, Date(), r.url,
        r.note, r.deadAirSeconds, r.fallbackSeconds, r.recording, r.field?.rawValue, r.language,
        r.origin?.rawValue, r.author, r.newsSource,
      ])
    return db.lastInsertedRowID
  }

  /// The metadata columns of a `jobs` or `asrun` row (NULL is unknown).
  static func info(from row: Row) -> BulletinInfo {
    BulletinInfo(
      field: (row["field"] as Int?).flatMap(BulletinField.init(rawValue:)), language: row["language"],
      origin: (row["origin"] as String?).flatMap(BulletinOrigin.init(rawValue:)), author: row["author"],
      newsSource: row["news_source"])
  }

  static func asRun(from row: Row) -> AsRunRecord {
    var r = AsRunRecord(
      id: row["id"], jobId: row["job_id"], bulletinClass: BulletinClass(rawValue: row["class"]) ?? .normal,
      source: JobSource(rawValue: row["source"]) ?? .api, kind: AiringKind(rawValue: row["kind"]) ?? .speech,
      title: row["title"], textSHA256: row["text_sha256"], voice: row["voice"],
      scheduledAt: row["scheduled_at"], startedAt: row["started_at"], endedAt: row["ended_at"],
      durationSeconds: row["duration_s"], outcome: AiringOutcome(rawValue: row["outcome"]) ?? .failed,
      preemptedBy: row["preempted_by"], resumedFrom: row["resumed_from"], operatorName: row["operator"],
      repetition: row["repetition"], error: row["error"], url: row["url"], note: row["note"],
      deadAirSeconds: row["dead_air_s"], fallbackSeconds: row["fallback_s"], recording: row["recording"],
      info: info(from: row))
    r.loggedAt = row["logged_at"]
    return r
  }

  /// Every row that aired (or was logged) in `[from, until)`, in id order, through the time index
  /// (`EXPLAIN QUERY PLAN`: a search on `asrun_by_time`, not a scan), with the fields reports use
  /// (class, source, kind, job, times, duration, outcome, dead air; no title, text or notes): a year
  /// of a busy box is 40,000 rows.
  public func airings(airedFrom from: Date, until: Date) throws(LoaError) -> [AsRunRecord] {
    try read { db in
      var out: [AsRunRecord] = []
      let rows = try Row.fetchCursor(db, sql: Self.airedSQL, arguments: [from, until])
      while let row = try rows.next() {
        var r = AsRunRecord(
          id: row[0], jobId: row[1], bulletinClass: BulletinClass(rawValue: row[2]) ?? .normal,
          source: JobSource(rawValue: row[3]) ?? .api, kind: AiringKind(rawValue: row[4]) ?? .speech, title: "",
          scheduledAt: row[5], startedAt: row[6], endedAt: row[7], durationSeconds: row[8],
          outcome: AiringOutcome(rawValue: row[9]) ?? .failed, deadAirSeconds: row[10])
        r.loggedAt = row[11]
        r.field = (row[12] as Int?).flatMap(BulletinField.init(rawValue:))
        r.language = row[13]
        r.origin = (row[14] as String?).flatMap(BulletinOrigin.init(rawValue:))
        out.append(r)
      }
      return out
    }
  }

  /// Whole rows (titles, operators, notes) that aired or were logged in `[from, until)`, in id
  /// order, through the same index: the broadcast log.
  public func asRun(airedFrom from: Date, until: Date) throws(LoaError) -> [AsRunRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM asrun WHERE COALESCE(started_at, logged_at) >= ? AND COALESCE(started_at, logged_at) < ?
          ORDER BY id
          """, arguments: [from, until]
      ).map(Self.asRun)
    }
  }

  static let airedSQL = """
    SELECT id, job_id, class, source, kind, scheduled_at, started_at, ended_at, duration_s, outcome, dead_air_s,
      logged_at, field, language, origin
    FROM asrun WHERE COALESCE(started_at, logged_at) >= ? AND COALESCE(started_at, logged_at) < ?
    ORDER BY id
    """

  /// SQLite's plan for `airings(airedFrom:until:)` (the tests and the report benchmark check it).
  public func airedQueryPlan() throws(LoaError) -> String {
    try read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.airedSQL, arguments: [Date(), Date()])
        .map { $0["detail"] as String? ?? "" }.joined(separator: " | ")
    }
  }

  /// As-run rows in the order they were written. `since` keeps rows that started at or
  /// after it, and rows that never started (expired, cancelled) logged at or after it.
  /// Rows in id order; `since` inclusive, `until` exclusive, on when the airing started (or was
  /// logged, for rows that never started).
  public func asRun(
    since: Date? = nil, until: Date? = nil, bulletinClass: BulletinClass? = nil, afterId: Int64 = 0, limit: Int = 1000
  ) throws(LoaError) -> [AsRunRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM asrun WHERE id > ? AND (? IS NULL OR COALESCE(started_at, logged_at) >= ?)
          AND (? IS NULL OR COALESCE(started_at, logged_at) < ?) AND (? IS NULL OR class = ?)
          ORDER BY id LIMIT ?
          """,
        arguments: [afterId, since, since, until, until, bulletinClass?.rawValue, bulletinClass?.rawValue, limit]
      ).map(Self.asRun)
    }
  }

  /// How many rows come after `afterId` (rows not yet confirmed upstream).
  public func asRunCount(afterId: Int64) throws(LoaError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asrun WHERE id > ?", arguments: [afterId]) ?? 0 }
  }

  /// One as-run row by id.
  public func asRun(id: Int64) throws(LoaError) -> AsRunRecord? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM asrun WHERE id = ?", arguments: [id]).map(Self.asRun) }
  }

  public func asRun(jobId: String) throws(LoaError) -> [AsRunRecord] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM asrun WHERE job_id = ? ORDER BY id", arguments: [jobId]).map(Self.asRun)
    }
  }
}

extension Store {
  /// Appends a row and records what it means for its job, atomically. Returns the row id.
  @discardableResult
  public func append(_ record: AsRunRecord, then progress: JobProgress, at: Date) throws(LoaError) -> Int64 {
    try write { db in
      let id = try Self.insertAsRun(record, db: db)
      try Self.apply(progress, jobId: record.jobId, rowId: id, at: at, db: db)
      return id
    }
  }

  /// Records a job's progress with no row (a silence item ended, the last item was silence).
  public func record(_ progress: JobProgress, jobId: String, at: Date) throws(LoaError) {
    try write { db in try Self.apply(progress, jobId: jobId, rowId: nil, at: at, db: db) }
  }

  static func apply(_ progress: JobProgress, jobId: String, rowId: Int64?, at: Date, db: Database) throws {
    switch progress {
    case .next(let rp):
      // It got further: earlier deaths on air say nothing about it being what kills Loa.
      try db.execute(
        sql: "UPDATE jobs SET resume_json = ?, crash_retries = 0 WHERE id = ?", arguments: [Self.encode(rp), jobId])
    case .requeue(var rp):
      if let rowId { rp.interruptedRow = rowId }
      try db.execute(
        sql: "UPDATE jobs SET status = 'queued', resume_json = ?, airing_started_at = NULL WHERE id = ?",
        arguments: [Self.encode(rp), jobId])
    case .finished(let status, let error):
      try db.execute(
        sql: "UPDATE jobs SET status = ?, last_error = ?, finished_at = ? WHERE id = ?",
        arguments: [status.rawValue, error, at, jobId])
    }
  }
}
