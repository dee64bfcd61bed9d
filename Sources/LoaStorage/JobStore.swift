import Foundation
import GRDB
import LoaCore

extension Store {
  /// Inserts a new job at the back of its class. Returns it with its position.
  public func insert(_ job: Job) throws(LoaError) -> Job {
    try write { db in try Self.insert(job, db: db) }
  }

  static func insert(_ job: Job, db: Database) throws -> Job {
    var j = job
    let maxPos = try Double.fetchOne(db, sql: "SELECT MAX(position) FROM jobs") ?? 0
    j.position = maxPos + 1
    try db.execute(
      sql: """
        INSERT INTO jobs (id, class, source, kind, title, text, text_sha256, voice, file_path, repeat,
          not_before, expires_at, created_at, operator, status, position, resume_json, crash_retries,
          program_json, start_policy, slot_end, airing_key, relay_url, relay_seconds, field, language, origin, author,
          news_source)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        j.id, j.bulletinClass.rawValue, j.source.rawValue, j.content.kind.rawValue, j.title,
        j.text, j.text.map(textSHA256), j.voice, Self.filePath(j), j.repeatCount, j.notBefore,
        j.expiresAt, j.createdAt, j.operatorName, j.status.rawValue, j.position,
        Self.encode(j.resume), j.crashRetries, Self.programJSON(j), j.startPolicy?.rawValue, j.slotEnd,
        j.airingKey, Self.relay(j)?.url, Self.relay(j)?.seconds, j.info.field?.rawValue, j.info.language,
        j.info.origin?.rawValue, j.info.author, j.info.newsSource,
      ])
    return j
  }

  static func relay(_ j: Job) -> (url: String, seconds: Double)? {
    if case .relay(let u, let s) = j.content { return (u, s) }
    if case .live(let u, let s) = j.content { return (u, s) }
    return nil
  }

  static func programJSON(_ j: Job) -> String? {
    guard case .program(let p) = j.content, let d = try? JSONEncoder().encode(p) else { return nil }
    return String(decoding: d, as: UTF8.self)
  }

  static func filePath(_ j: Job) -> String? {
    if case .file(let p) = j.content { return p }
    return nil
  }

  static func encode(_ r: ResumePoint?) -> String? {
    guard let r, let d = try? JSONEncoder().encode(r) else { return nil }
    return String(decoding: d, as: UTF8.self)
  }

  static func decodeResume(_ s: String?) -> ResumePoint? {
    guard let s else { return nil }
    return try? JSONDecoder().decode(ResumePoint.self, from: Data(s.utf8))
  }

  static func job(from row: Row) -> Job {
    let kind = AiringKind(rawValue: row["kind"]) ?? .speech
    var content: JobContent =
      kind == .file
      ? .file(path: row["file_path"] ?? "") : .speech(text: row["text"] ?? "", voice: row["voice"] ?? "vi")
    if kind == .relay, let url: String = row["relay_url"] {
      content = .relay(url: url, seconds: row["relay_seconds"] ?? 0)
    }
    if kind == .live, let url: String = row["relay_url"] {
      content = .live(url: url, maxSeconds: row["relay_seconds"] ?? 0)
    }
    if kind == .program, let json: String = row["program_json"],
      let p = try? JSONDecoder().decode(Program.self, from: Data(json.utf8))
    {
      content = .program(p)
    }
    return Job(
      id: row["id"], bulletinClass: BulletinClass(rawValue: row["class"]) ?? .normal,
      source: JobSource(rawValue: row["source"]) ?? .api, title: row["title"], content: content,
      repeatCount: row["repeat"], notBefore: row["not_before"], expiresAt: row["expires_at"],
      createdAt: row["created_at"], operatorName: row["operator"],
      status: JobStatus(rawValue: row["status"]) ?? .failed, position: row["position"],
      resume: decodeResume(row["resume_json"]), crashRetries: row["crash_retries"],
      lastError: row["last_error"], startPolicy: (row["start_policy"] as String?).flatMap(StartPolicy.init),
      slotEnd: row["slot_end"], airingKey: row["airing_key"], info: info(from: row))
  }

  public func job(id: String) throws(LoaError) -> Job? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.job) }
  }

  /// Jobs still to air or on air, in ladder order.
  public func activeJobs() throws(LoaError) -> [Job] {
    let jobs = try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status IN ('queued', 'playing')").map(Self.job)
    }
    return Job.ladderOrder(jobs)
  }

  /// Files that waiting or playing jobs still need (never evicted from the content cache).
  public func activeFilePaths() -> Set<String> {
    Set(
      ((try? activeJobs()) ?? []).compactMap { j -> String? in
        if case .file(let p) = j.content { return p } else { return nil }
      })
  }

  /// The newest emergency with this exact text created since a time that has aired or still will
  /// (a human re-send under a new id). One that was cancelled, failed or expired does not count:
  /// an emergency that has not aired must never be swallowed as a re-send of it.
  public func recentEmergency(textSHA256 sha: String, since: Date) throws(LoaError) -> Job? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT * FROM jobs WHERE class = 'emergency' AND text_sha256 = ? AND created_at >= ?
            AND status IN ('queued', 'playing', 'completed')
          ORDER BY created_at DESC LIMIT 1
          """, arguments: [sha, since]
      ).map(Self.job)
    }
  }

  public func markPlaying(_ id: String, at: Date) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE jobs SET status = 'playing', airing_started_at = ? WHERE id = ?", arguments: [at, id])
    }
  }

  /// Puts a job back in the queue with where to resume.
  public func requeue(_ id: String, resume: ResumePoint?, crashRetries: Int? = nil) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: """
          UPDATE jobs SET status = 'queued', resume_json = ?, airing_started_at = NULL,
            crash_retries = COALESCE(?, crash_retries) WHERE id = ?
          """, arguments: [Self.encode(resume), crashRetries, id])
    }
  }

  public func finish(_ id: String, status: JobStatus, error: String? = nil, at: Date) throws(LoaError) {
    try record(.finished(status, error: error), jobId: id, at: at)
  }

  public func setPosition(_ id: String, _ position: Double) throws(LoaError) {
    try write { db in
      try db.execute(sql: "UPDATE jobs SET position = ? WHERE id = ?", arguments: [position, id])
    }
  }

  /// How often a job that was on air when Loa died is aired again before it is given up. The count
  /// goes back to 0 whenever the job gets further (a repetition or an item committed), so only a
  /// job that keeps dying at the same place — one that may be what kills Loa — is given up.
  public static let maxCrashRetries = 2

  /// After a restart: any job still marked `playing` was on air when the process died.
  /// Its partial airing is logged as `failed` (what played is unknown), and the job is
  /// queued again from its last committed point, up to `maxCrashRetries` times without progress.
  public func recoverInterrupted(now: Date, excluding: Set<String> = []) throws(LoaError) -> [AsRunRecord] {
    try write { db in
      let rows = try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status = 'playing'")
      var logged: [AsRunRecord] = []
      for row in rows {
        let job = Self.job(from: row)
        if excluding.contains(job.id) { continue }
        let started: Date? = row["airing_started_at"]
        var rec = AsRunRecord(
          jobId: job.id, bulletinClass: job.bulletinClass, source: job.source, kind: job.content.kind,
          title: job.title, textSHA256: job.text.map(textSHA256), voice: job.voice,
          scheduledAt: job.notBefore, startedAt: started, outcome: .failed,
          resumedFrom: job.resume?.interruptedRow, operatorName: job.operatorName,
          repetition: job.resume?.repetition ?? 1,
          error: "Loa stopped while this was on air (power cut or crash) / Loa dừng khi đang phát",
          info: job.info)
        rec.id = try Self.insertAsRun(rec, db: db)
        logged.append(rec)
        if job.crashRetries < Self.maxCrashRetries {
          var resume = job.resume ?? .start
          resume.interruptedRow = rec.id
          try db.execute(
            sql: """
              UPDATE jobs SET status = 'queued', crash_retries = crash_retries + 1, resume_json = ?,
                airing_started_at = NULL WHERE id = ?
              """, arguments: [Self.encode(resume), job.id])
        } else {
          try db.execute(
            sql: "UPDATE jobs SET status = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
            arguments: [
              "Loa stopped \(Self.maxCrashRetries + 1) times while this was on air without getting further; "
                + "not retried again (dừng nhiều lần khi đang phát)", now, job.id,
            ])
        }
      }
      return logged
    }
  }
}
