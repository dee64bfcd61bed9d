import Foundation
import LoaCore
import LoaStorage
import Testing

@Suite struct StoreTests {
  let dir = NSTemporaryDirectory() + "loa-store-\(UUID().uuidString.prefix(8))"
  var path: String { dir + "/loa.sqlite" }
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func job(_ cls: BulletinClass = .normal, text: String = "Xin chào") -> Job {
    Job(bulletinClass: cls, source: .cli, title: "t", content: .speech(text: text, voice: "vi"), createdAt: now)
  }

  /// Field, language, origin, author and news source go in with a job and come back with it, and
  /// with every row it airs (whole rows and the reports' lean query).
  @Test func bulletinLabelsAreStoredWithJobsAndRows() throws {
    let store = try Store(path: path)
    let info = BulletinInfo(
      field: .knowledge, language: "hmn", origin: .relayProvince, author: "Vàng A Dính", newsSource: "Đài tỉnh")
    var j = job()
    j.info = info
    let saved = try store.insert(j)
    #expect(try store.job(id: saved.id)?.info == info)
    try store.append(
      AsRunRecord(
        jobId: saved.id, bulletinClass: .normal, source: .cli, kind: .speech, title: "t", startedAt: now,
        durationSeconds: 5, outcome: .completed, info: info))
    #expect(try store.asRun(jobId: saved.id).first?.info == info)
    let lean = try store.airings(airedFrom: now.addingTimeInterval(-1), until: now.addingTimeInterval(1))
    #expect(lean.first?.field == .knowledge && lean.first?.language == "hmn" && lean.first?.origin == .relayProvince)
    // A field outside 1–6 cannot be written by anything (the schema refuses it).
    #expect(throws: (any Error).self) {
      try GRDBProbe(path: path).execute("UPDATE jobs SET field = 7 WHERE id = '\(saved.id)'")
    }
  }

  /// The province's jobs by fate, for the reports: approved from the inbox, rejected, waiting.
  @Test func theProvincesJobsAreCountedByWhatBecameOfThem() throws {
    let store = try Store(path: path)
    func inbox(_ t: String) throws -> Job {
      try store.insert(
        Job(
          bulletinClass: .normal, source: .uplink, title: t, content: .speech(text: t, voice: "vi"), createdAt: now,
          status: .inbox))
    }
    let a = try inbox("a")
    let b = try inbox("b")
    _ = try inbox("c")
    _ = try store.insert(job())  // the commune's own: not counted
    #expect(try store.approve(a.id, notBefore: nil, operatorName: "Lan", at: now) != nil)
    #expect(try store.reject(b.id, reason: "trùng", operatorName: "Lan", at: now) != nil)
    let fates = try store.provinceJobs(receivedFrom: now.addingTimeInterval(-1), until: now.addingTimeInterval(1))
    #expect(fates.count == 3)
    #expect(fates.filter(\.approved).map(\.id) == [a.id])
    #expect(Set(fates.map(\.status)) == [.queued, .rejected, .inbox])
    #expect(try store.provinceJobs(receivedFrom: now.addingTimeInterval(1), until: now.addingTimeInterval(2)).isEmpty)
  }

  @Test func usesWALAndVersionedMigrations() throws {
    let store = try Store(path: path)
    #expect(try store.journalMode() == "wal")
    #expect(
      try store.appliedMigrations() == [
        "v1-jobs-and-asrun", "v2-schedules-and-inbox", "v3-relays", "v4-box", "v5-cap-cancels",
        "v6-daemon-runs", "v7-asrun-by-time", "v8-bulletin-info", "v9-users-and-audit",
      ])
  }

  /// Up-time: each run from start to stop; a run left open (power cut, kill) ends at its last sign
  /// of life when the next one begins.
  @Test func runsAreRecordedAndAnUncleanStopEndsAtTheLastSignOfLife() throws {
    let store = try Store(path: path)
    let first = try store.beginRun(at: now, version: "0.1.0")
    #expect(first.unclean == nil)
    try store.setSchedulerState("high_water", LocalTime.iso(now.addingTimeInterval(60)))
    // Killed at about +150 s, its last file mark at +120 s; started again at +600 s. A mark of
    // another run, or an earlier one, changes nothing.
    let mark = AliveMark.Mark(run: first.id, at: now.addingTimeInterval(120), highWater: now.addingTimeInterval(119))
    let second = try store.beginRun(at: now.addingTimeInterval(600), version: "0.1.0", mark: mark)
    #expect(second.unclean?.id == first.id)
    #expect(second.unclean?.stoppedAt == now.addingTimeInterval(120))
    #expect(try store.schedulerState("high_water") == LocalTime.iso(now.addingTimeInterval(119)))
    try store.endRun(second.id, at: now.addingTimeInterval(900))
    // The stale mark of the first run, still in the file, does not touch the second.
    let third = try store.beginRun(at: now.addingTimeInterval(1000), version: "0.1.0", mark: mark)
    #expect(third.unclean == nil, "a clean stop is not an unclean one")
    let runs = try store.runs()
    #expect(runs.map(\.clean) == [false, true, false])
    #expect(runs[0].stoppedAt == now.addingTimeInterval(120))
    #expect(runs[1].stoppedAt == now.addingTimeInterval(900))
    #expect(runs[2].stoppedAt == nil, "still running")
    #expect(try store.lastUncleanStop()?.id == first.id)
    // Overlap with a period: the first run is outside [+200, +950).
    #expect(
      try store.runs(from: now.addingTimeInterval(200), until: now.addingTimeInterval(950)).map(\.id) == [second.id])
  }

  /// The file mark is one record, overwritten in place, read back exactly; a missing, empty, torn
  /// or foreign file is no mark. A mark earlier than the run's row or a lower clock guard changes
  /// neither.
  @Test func theAliveMarkIsReadBackExactlyOrNotAtAll() throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let file = dir + "/alive"
    #expect(AliveMark.read(path: file) == nil, "no file")
    let mark = try AliveMark(path: file)
    #expect(AliveMark.read(path: file) == nil, "empty")
    let a = AliveMark.Mark(run: 7, at: Date(timeIntervalSince1970: 1_800_000_123.25), highWater: nil)
    let b = AliveMark.Mark(run: 7, at: now, highWater: Date(timeIntervalSince1970: 1_799_999_999.5))
    try mark.write(a)
    #expect(AliveMark.read(path: file) == a)
    try mark.write(b)
    #expect(AliveMark.read(path: file) == b)
    let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber
    #expect(size?.intValue == 128, "overwritten in place, one record")
    for bad in [
      "loa-alive 1 run=7 at=18", "loa-alive 2 run=7 at=1 hw=-", "loa-alive 1 run=x at=1 hw=-",
      "loa-alive 1 run=7 at=nan hw=-", "[state]\nalive = 1\n", "\u{0}\u{0}\u{0}",
    ] {
      try Data(bad.utf8).write(to: URL(fileURLWithPath: file))
      #expect(AliveMark.read(path: file) == nil, "\(bad)")
    }

    let store = try Store(path: path)
    let run = try store.beginRun(at: now, version: "0.1.0")
    try store.setSchedulerState("high_water", LocalTime.iso(now.addingTimeInterval(30)))
    let stale = AliveMark.Mark(run: run.id, at: now.addingTimeInterval(-60), highWater: now)
    let next = try store.beginRun(at: now.addingTimeInterval(600), version: "0.1.0", mark: stale)
    #expect(next.unclean?.stoppedAt == now, "the row's own time, not the earlier mark's")
    #expect(try store.schedulerState("high_water") == LocalTime.iso(now.addingTimeInterval(30)))
  }

  /// Reports read rows by when they aired through the time index, not by scanning the log.
  @Test func rowsByAiringTimeUseTheIndex() throws {
    let store = try Store(path: path)
    let plan = try store.airedQueryPlan()
    #expect(plan.contains("USING INDEX asrun_by_time"), "\(plan)")
    #expect(!plan.contains("SCAN asrun"), "\(plan)")
  }

  /// A database a newer release wrote (an upgrade rolled back) is refused by name, untouched.
  @Test func aDatabaseFromANewerReleaseIsRefusedAndLeftAlone() throws {
    do {
      let store = try Store(path: path)
      _ = try store.insert(
        Job(
          bulletinClass: .normal, source: .cli, title: "t", content: .speech(text: "Một.", voice: "vi"),
          repeatCount: 1, createdAt: Date()))
    }
    try GRDBProbe(path: path).execute("INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
    do {
      _ = try Store(path: path)
      Issue.record("opened a database with an unknown schema")
    } catch {
      #expect(error.code == .storage)
      #expect(error.message.contains("newer Loa"), "\(error.message)")
      #expect(error.message.contains("v9-from-the-future"), "\(error.message)")
    }
    // Nothing was migrated or dropped: the job is still there for the newer release.
    #expect(try GRDBProbe(path: path).count("SELECT COUNT(*) FROM jobs") == 1)
  }

  @Test func aVersion1DatabaseUpgradesWithItsRowsAndRules() throws {
    let rowId: Int64
    let jobId: String
    do {
      let old = try Store(path: path, migrationsUpTo: "v1-jobs-and-asrun")
      #expect(try old.appliedMigrations() == ["v1-jobs-and-asrun"])
      jobId = "0f0f0f0f-0000-0000-0000-000000000000"
      // A row as version 1 wrote it (today's insert needs the new columns).
      try GRDBProbe(path: path).execute(
        """
        INSERT INTO jobs (id, class, source, kind, title, text, repeat, created_at, status, position)
        VALUES ('\(jobId)', 'priority', 'cli', 'speech', 't', 'Tin cũ', 1, '2027-01-15 08:00:00.000', 'queued', 1)
        """)
      try GRDBProbe(path: path).execute(
        """
        INSERT INTO asrun (job_id, class, source, kind, title, started_at, ended_at, duration_s, outcome, logged_at)
        VALUES ('\(jobId)', 'priority', 'cli', 'speech', 't', '2027-01-15 08:00:00.000', '2027-01-15 08:00:03.000',
          3, 'completed', '2027-01-15 08:00:03.000')
        """)
      rowId = 1
    }
    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v9-users-and-audit")
    let rows = try store.asRun()
    #expect(rows.map(\.id) == [rowId])
    // Rows from before the labels: unknown, never a guessed value.
    #expect(rows.first?.info == .unknown)
    #expect(rows.first?.durationSeconds == 3)
    #expect(try store.job(id: jobId)?.text == "Tin cũ")
    #expect(try store.job(id: jobId)?.info == .unknown)
    // New outcomes are accepted; rows stay append-only.
    _ = try store.append(
      AsRunRecord(
        jobId: "schedule:x", bulletinClass: .normal, source: .schedule, kind: .program, title: "p", outcome: .missed))
    #expect(try store.asRun().count == 2)
    // v4: the box's columns and the settings table.
    _ = try store.append(
      AsRunRecord(
        jobId: "x", bulletinClass: .normal, source: .api, kind: .relay, title: "r", outcome: .completed,
        note: "nguồn im lặng", deadAirSeconds: 1.5, fallbackSeconds: 8, recording: "2027-01-15/x.opus"))
    let last = try #require(try store.asRun().last)
    #expect(last.note == "nguồn im lặng" && last.deadAirSeconds == 1.5 && last.fallbackSeconds == 8)
    #expect(last.recording == "2027-01-15/x.opus")
    #expect(try store.asRun(id: last.id!)?.recording == "2027-01-15/x.opus")
    #expect(try store.setting("volume") == nil)
    try store.setSetting("volume", "40")
    try store.setSetting("volume", "45")
    #expect(try store.setting("volume") == "45")
    let db = try GRDBProbe(path: path)
    #expect(throws: (any Error).self) { try db.execute("UPDATE asrun SET outcome = 'failed' WHERE id = \(rowId)") }
  }

  @Test func aJobSurvivesReopening() throws {
    let id: String
    do {
      let store = try Store(path: path)
      let stored = try store.insert(job(.priority, text: "Bão số 3"))
      id = stored.id
    }
    let again = try Store(path: path)
    let j = try #require(try again.job(id: id))
    #expect(j.bulletinClass == .priority)
    #expect(j.text == "Bão số 3")
    #expect(j.status == .queued)
    #expect(try again.activeJobs().map(\.id) == [id])
  }

  @Test func arrivalOrderAndLadderOrder() throws {
    let store = try Store(path: path)
    let a = try store.insert(job(.normal))
    let b = try store.insert(job(.emergency))
    let c = try store.insert(job(.normal))
    let d = try store.insert(job(.priority))
    #expect(a.position < c.position)
    #expect(try store.activeJobs().map(\.id) == [b.id, d.id, a.id, c.id])
  }

  @Test func asRunRowsAreAppendOnly() throws {
    let store = try Store(path: path)
    let id = try store.append(
      AsRunRecord(
        jobId: "j", bulletinClass: .normal, source: .cli, kind: .speech, title: "t", startedAt: now,
        endedAt: now.addingTimeInterval(3), durationSeconds: 3, outcome: .completed))
    #expect(id > 0)
    // Editing a row is refused by the database itself.
    let db = try GRDBProbe(path: path)
    #expect(throws: (any Error).self) { try db.execute("UPDATE asrun SET outcome = 'failed' WHERE id = \(id)") }
    let rows = try store.asRun()
    #expect(rows.count == 1)
    #expect(rows[0].outcome == .completed)
    #expect(rows[0].durationSeconds == 3)
  }

  @Test func sinceFilterKeepsRowsThatNeverStarted() throws {
    let store = try Store(path: path)
    let old = now.addingTimeInterval(-86_400 * 365)
    try store.append(
      AsRunRecord(
        jobId: "old", bulletinClass: .normal, source: .cli, kind: .speech, title: "old",
        startedAt: old, endedAt: old, durationSeconds: 1, outcome: .completed))
    try store.append(
      AsRunRecord(
        jobId: "new", bulletinClass: .normal, source: .cli, kind: .speech, title: "new",
        startedAt: Date(), endedAt: Date(), durationSeconds: 1, outcome: .completed))
    try store.append(
      AsRunRecord(jobId: "exp", bulletinClass: .normal, source: .cli, kind: .speech, title: "exp", outcome: .expired))
    let rows = try store.asRun(since: Date().addingTimeInterval(-60))
    #expect(rows.map(\.jobId) == ["new", "exp"])
  }

  @Test func aJobOnAirWhenTheProcessDiedIsRetriedOnce() throws {
    let store = try Store(path: path)
    let j = try store.insert(job())
    try store.markPlaying(j.id, at: now)
    let first = try store.recoverInterrupted(now: now)
    #expect(first.count == 1)
    #expect(first[0].outcome == .failed)
    #expect(first[0].startedAt == now)
    #expect(first[0].error?.contains("power cut") == true)
    let requeued = try #require(try store.job(id: j.id))
    #expect(requeued.status == .queued)
    #expect(requeued.crashRetries == 1)
    #expect(requeued.resume?.interruptedRow == first[0].id)
    // It dies on air again without getting further: retried up to the limit, then failed.
    try store.markPlaying(j.id, at: now)
    #expect(try store.recoverInterrupted(now: now).count == 1)
    #expect(try store.job(id: j.id)?.status == .queued)
    try store.markPlaying(j.id, at: now)
    let third = try store.recoverInterrupted(now: now)
    #expect(third.count == 1)
    #expect(try store.job(id: j.id)?.status == .failed)
    #expect(try store.job(id: j.id)?.lastError?.contains("without getting further") == true)
    #expect(try store.activeJobs().isEmpty)
    #expect(try store.asRun(jobId: j.id).count == 3)
  }

  @Test func aJobThatGetsFurtherBetweenDeathsIsNotGivenUp() throws {
    let store = try Store(path: path)
    var j = job()
    j.repeatCount = 5
    j = try store.insert(j)
    for rep in 1...4 {
      try store.markPlaying(j.id, at: now)
      try store.append(
        row(j, .completed, repetition: rep), then: .next(ResumePoint(repetition: rep + 1, chimeDone: true)), at: now)
      #expect(try store.recoverInterrupted(now: now).count == 1)
    }
    let again = try #require(try store.job(id: j.id))
    #expect(again.status == .queued, "four deaths, each after progress: still retried")
    #expect(again.resume?.repetition == 5)
  }

  @Test func unwritableLocationIsAClearError() {
    do {
      _ = try Store(path: "/proc/loa-cannot-be-here/loa.sqlite")
      Issue.record("opened an impossible path")
    } catch {
      #expect(error.code == .storage)
      #expect(error.message.contains("/proc/loa-cannot-be-here"))
    }
  }

  func row(_ j: Job, _ outcome: AiringOutcome, repetition: Int = 1) -> AsRunRecord {
    AsRunRecord(
      jobId: j.id, bulletinClass: j.bulletinClass, source: j.source, kind: .speech, title: j.title,
      startedAt: now, endedAt: now.addingTimeInterval(3), durationSeconds: 3, outcome: outcome, repetition: repetition)
  }

  @Test func everyCommitIsSyncedToDisk() throws {
    // GRDB turns WAL on with synchronous = NORMAL (commits not fsync'd); the store sets FULL again.
    let store = try Store(path: path)
    #expect(try store.synchronousLevel() == 2)
  }

  @Test func theLastRowAndTheJobsCompletionAreOneCommit() throws {
    // A kill right after the last repetition's row used to leave the job `playing`: it aired again
    // after the restart. Written together, a restart finds nothing to recover.
    let store = try Store(path: path)
    var j = job()
    j.repeatCount = 1
    j = try store.insert(j)
    try store.markPlaying(j.id, at: now)
    try store.append(row(j, .completed), then: .finished(.completed, error: nil), at: now)
    #expect(try store.recoverInterrupted(now: now).isEmpty)
    #expect(try store.job(id: j.id)?.status == .completed)
    #expect(try store.activeJobs().isEmpty)
  }

  @Test func aCrashBetweenRepetitionsResumesAtTheNextOneAndSaysSo() throws {
    let store = try Store(path: path)
    var j = job()
    j.repeatCount = 3
    j = try store.insert(j)
    try store.markPlaying(j.id, at: now)
    try store.append(
      row(j, .completed, repetition: 1), then: .next(ResumePoint(repetition: 2, chimeDone: true)), at: now)
    let crash = try store.recoverInterrupted(now: now)
    #expect(crash.count == 1)
    #expect(crash.first?.repetition == 2, "the crash row names the repetition that was on air, not one already heard")
    let again = try #require(try store.job(id: j.id))
    #expect(again.status == .queued)
    #expect(again.resume?.repetition == 2)
    #expect(again.resume?.chimeDone == true)
  }

  @Test func aPreemptedAiringIsRequeuedWithItsRowInOneCommit() throws {
    let store = try Store(path: path)
    let j = try store.insert(job())
    try store.markPlaying(j.id, at: now)
    let id = try store.append(row(j, .preempted), then: .requeue(ResumePoint(sentence: 2)), at: now)
    let again = try #require(try store.job(id: j.id))
    #expect(again.status == .queued)
    #expect(again.resume == ResumePoint(sentence: 2, interruptedRow: id))
  }

  @Test func aCancelledOrFailedEmergencyIsNotAResendTarget() throws {
    let store = try Store(path: path)
    let text = "Cảnh báo lũ quét"
    let cancelled = try store.insert(job(.emergency, text: text))
    try store.append(row(cancelled, .cancelled), then: .finished(.cancelled, error: nil), at: now)
    #expect(try store.recentEmergency(textSHA256: textSHA256(text), since: now.addingTimeInterval(-60)) == nil)
    let failed = try store.insert(job(.emergency, text: text))
    try store.finish(failed.id, status: .failed, at: now)
    #expect(try store.recentEmergency(textSHA256: textSHA256(text), since: now.addingTimeInterval(-60)) == nil)
    let queued = try store.insert(job(.emergency, text: text))
    #expect(
      try store.recentEmergency(textSHA256: textSHA256(text), since: now.addingTimeInterval(-60))?.id == queued.id)
  }

  @Test func aCleanCheckpointLeavesEverythingInTheDatabaseFile() throws {
    do {
      let store = try Store(path: path)
      for _ in 0..<5 { _ = try store.insert(job()) }
      try store.checkpoint()
    }
    // Without its WAL the file alone still has every job.
    try? FileManager.default.removeItem(atPath: path + "-wal")
    try? FileManager.default.removeItem(atPath: path + "-shm")
    #expect(try Store(path: path).activeJobs().count == 5)
  }
}
