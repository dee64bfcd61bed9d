import Foundation
import LoaCore
import LoaPlayout
import LoaScheduling
import LoaSpeech
import LoaStorage
import LoaTesting
import Testing

@testable import LoaAPI

/// The scheduler on a virtual clock: days of schedule in a few seconds.
@Suite(.ownThread) struct SchedulerTests {
  @Test func airsEachProgrammeOnceAtItsInstantForAWeek() throws {
    // Monday 2026-11-23 00:00 → Monday 2026-11-30 00:00.
    let h = try SchedulerHarness(at: local("2026-11-23 00:00"))
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    h.run(until: local("2026-11-30 00:00"), step: 60)
    let rows = try h.rows()
    let speech = rows.filter { $0.kind == .speech }
    // Six weekdays × two programmes; nothing on Sunday; nothing missed.
    #expect(speech.count == 12, "\(h.log())")
    #expect(rows.allSatisfy { $0.outcome == .completed && $0.source == .schedule })
    #expect(!speech.contains { CivilDate.of($0.startedAt!, in: vn).weekday == .sun })
    // Every airing started exactly at its instant on the virtual clock and says so.
    for r in rows {
      #expect(r.startedAt == r.scheduledAt, "\(r)")
      let t = localString(r.scheduledAt!).suffix(5)
      #expect(t == "05:30" || t == "17:00")
    }
    // The morning programme is chime then speech, titled "programme — item".
    try #require(rows.count >= 2)
    #expect(rows.prefix(2).map(\.kind) == [.chime, .speech])
    #expect(rows[1].title == "Buổi sáng — Bản tin sáng")
  }

  /// A programme's labels reach each item's row; a missed airing carries the programme's.
  @Test func scheduledRowsCarryTheScheduleLabels() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:00"))
    try h.engine.start()
    let text = twoSlotSchedule()
      .replacingOccurrences(of: "title = \"Buổi sáng\"", with: "title = \"Buổi sáng\"\nfield = 4\nauthor = \"Đài xã\"")
      .replacingOccurrences(
        of: "text = \"Xin chào bà con. Đây là bản tin buổi sáng.\"",
        with: "text = \"Xin chào bà con. Đây là bản tin buổi sáng.\"\nnews_source = \"UBND xã\""
      )
      .replacingOccurrences(of: "title = \"Buổi chiều\"", with: "title = \"Buổi chiều\"\nfield = 5")
    _ = try h.apply(text)
    h.run(until: local("2026-11-23 05:40"))
    // The evening programme's time passes while the clock leaps: missed, with its labels.
    h.jump(to: local("2026-11-23 19:00"))
    let rows = try h.rows()
    try #require(rows.map(\.kind) == [.chime, .speech, .program], "\(h.log())")
    #expect(rows[0].info == BulletinInfo(field: .localDirection, origin: .own, author: "Đài xã"))
    #expect(
      rows[1].info
        == BulletinInfo(field: .localDirection, language: "vi", origin: .own, author: "Đài xã", newsSource: "UBND xã"))
    #expect(rows[2].outcome == .missed && rows[2].field == .knowledge, "\(rows[2])")
  }

  @Test func aForwardStepWithinToleranceAirsLateAndOneBeyondItIsMissed() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:00"))
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    h.run(until: local("2026-11-23 05:29"))
    // +5 min: 05:29 → 05:34. The airing is 4 min late, inside its 10 min tolerance.
    h.jump(to: local("2026-11-23 05:34"))
    // +3 h from 16:59 → 19:59: the evening programme is missed, not played at 19:59.
    h.run(until: local("2026-11-23 16:59"))
    h.jump(to: local("2026-11-23 19:59"))
    h.run(until: local("2026-11-23 20:30"))
    let rows = try h.rows()
    try #require(rows.map(\.outcome) == [.completed, .completed, .missed], "\(h.log())")
    #expect(localString(rows[0].startedAt!) == "2026-11-23 05:34")
    #expect(localString(rows[2].scheduledAt!) == "2026-11-23 17:00")
    #expect(rows[2].startedAt == nil && rows[2].durationSeconds == nil)
    #expect(rows[2].error?.contains("clock change") == true)
  }

  @Test func aJumpOverAnAiringNotYetQueuedIsMissedToo() throws {
    // With no lead time the 05:30 airing is not a job yet when the clock leaps 3 h.
    let h = try SchedulerHarness(at: local("2026-11-23 04:00"), lead: 0)
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    h.jump(to: local("2026-11-23 07:00"))
    let rows = try h.rows()
    #expect(rows.count == 1)
    #expect(rows.first?.outcome == .missed)
    #expect(rows.first?.kind == .program)
    #expect(localString(rows.first!.scheduledAt!) == "2026-11-23 05:30")
  }

  @Test func backwardStepsNeverAirTwice() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:00"))
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    h.run(until: local("2026-11-23 05:35"))
    #expect(try h.rows().filter { $0.kind == .speech }.count == 1)
    // −5 min, then run through 05:30 again.
    h.jump(to: local("2026-11-23 05:30").addingTimeInterval(-120))
    h.run(until: local("2026-11-23 05:45"))
    #expect(try h.rows().filter { $0.kind == .speech }.count == 1, "\(h.log())")
    // −3 h: 05:45 → 02:45. The schedule holds (the clock is behind the latest time seen) and
    // nothing re-airs as the clock passes 05:30 again.
    h.jump(to: local("2026-11-23 02:45"))
    #expect(h.scheduler.status().clockHeld)
    // `loa status` says so, and what to do.
    let api = ControlAPI(
      store: h.store, engine: h.engine, scheduler: h.scheduler, rules: JobRules(knownVoices: ["vi"]),
      voices: VoiceCatalog(profiles: []), mediaDirectory: h.dir.file("media"), stateDirectory: h.dir.path,
      version: "test")
    #expect(api.statusView().clockWarning?.contains("loa schedule trust-clock") == true)
    h.run(until: local("2026-11-23 06:00"), step: 120)
    #expect(api.statusView().clockWarning == nil)
    #expect(try h.rows().filter { $0.kind == .speech }.count == 1, "\(h.log())")
    #expect(!h.scheduler.status().clockHeld)
    // Later airings are unaffected.
    h.run(until: local("2026-11-23 17:10"), step: 120)
    let speech = try h.rows().filter { $0.kind == .speech }
    #expect(speech.count == 2)
    #expect(localString(speech[1].startedAt!) == "2026-11-23 17:00")
    // The clock step is on record.
    #expect(try h.store.scheduleChanges().contains { $0.action == "clock-back" })
  }

  @Test func aStaleClockAtBootDoesNotAirOldAirings() throws {
    // The box ran until Tuesday 06:00, then boots with its clock on Monday 03:00.
    let h = try SchedulerHarness(at: local("2026-11-23 05:00"))
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    h.run(until: local("2026-11-24 06:00"), step: 120)
    let before = try h.rows().count
    h.jump(to: local("2026-11-23 03:00"))
    h.run(until: local("2026-11-23 18:00"), step: 300)
    #expect(try h.rows().count == before, "\(h.log())")
    // The officer checks the clock and accepts it: future airings run again.
    try h.scheduler.trustClock(operatorName: "cán bộ B")
    #expect(!h.scheduler.status().clockHeld)
    #expect(try h.store.scheduleChanges().first?.action == "trust-clock")
  }

  @Test func airingsDueWhileTheDaemonWasDownFollowTheToleranceRule() throws {
    let dir = TempDir("loa-sched-restart")
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 05:00"), dir: dir)
      try h.engine.start()
      _ = try h.apply(twoSlotSchedule())
      h.run(until: local("2026-11-23 05:25"))
      h.scheduler.stop()
      h.engine.shutdown()
    }
    // Back at 05:36: inside the 10 min tolerance, so it airs now.
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 05:36"), dir: dir)
      try h.scheduler.load()
      try h.engine.start()
      h.scheduler.tick()
      #expect(h.engine.waitUntilIdle(timeout: 30))
      #expect(try h.rows().map(\.outcome) == [.completed, .completed])
      #expect(localString(try h.rows()[0].startedAt!) == "2026-11-23 05:36")
      h.scheduler.stop()
      h.engine.shutdown()
    }
    // Down again until 17:30: the evening programme is logged missed on start.
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 17:30"), dir: dir)
      try h.scheduler.load()
      try h.engine.start()
      h.scheduler.tick()
      #expect(h.engine.waitUntilIdle(timeout: 30))
      let rows = try h.rows()
      try #require(rows.map(\.outcome) == [.completed, .completed, .missed], "\(h.log())")
      #expect(localString(rows[2].scheduledAt!) == "2026-11-23 17:00")
    }
  }

  @Test func aProgrammeOnAirAtACrashResumesInsideItsSlotAndIsSkippedAfterIt() throws {
    let dir = TempDir("loa-sched-crash")
    // Make the 05:30 airing a job, then leave it marked as playing, as a power cut would.
    var jobId = ""
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 05:29"), dir: dir)
      _ = try h.apply(twoSlotSchedule())
      h.scheduler.tick()
      let job = try #require(try h.store.activeJobs().first)
      jobId = job.id
      try h.store.markPlaying(job.id, at: local("2026-11-23 05:30"))
    }
    // Back at 05:40 (slot ends 05:50): the programme is retried once and airs.
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 05:40"), dir: dir)
      try h.scheduler.load()
      try h.engine.start()
      #expect(h.engine.waitUntilIdle(timeout: 30))
      let rows = try h.rows()
      try #require(rows.map(\.outcome) == [.failed, .completed, .completed], "\(h.log())")
      #expect(try h.store.job(id: jobId)?.status == .completed)
    }
    // The same situation found after the slot has ended: logged, not aired.
    let dir2 = TempDir("loa-sched-crash2")
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 05:29"), dir: dir2)
      _ = try h.apply(twoSlotSchedule())
      h.scheduler.tick()
      let job = try #require(try h.store.activeJobs().first)
      try h.store.markPlaying(job.id, at: local("2026-11-23 05:30"))
    }
    do {
      let h = try SchedulerHarness(at: local("2026-11-23 06:10"), dir: dir2)
      try h.scheduler.load()
      try h.engine.start()
      #expect(h.engine.waitUntilIdle(timeout: 30))
      let rows = try h.rows()
      try #require(rows.map(\.outcome) == [.failed, .missed], "\(h.log())")
      #expect(rows[1].error?.contains("slot ended") == true)
    }
  }
}

@Suite(.ownThread) struct BadScheduleTests {
  static let bad: [(String, String)] = [
    ("malformed TOML", "[[program]\nid = \"a\""),
    ("unknown weekday", scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"05:30\"\ndays = [\"T2\", \"thu8\"]")),
    ("31 February", scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"05:30\"\ndates = [\"2027-02-31\"]")),
    (
      "end before start",
      scheduleText(
        "[[slot]]\nprogram = \"sang\"\nat = \"05:30\"\ndays = \"daily\"\nfrom = \"2027-03-01\"\nuntil = \"2027-02-01\"")
    ),
    (
      "relay not http",
      "[[program]]\nid = \"v\"\n  [[program.item]]\n  type = \"relay\"\n  url = \"ftp://x/vov\"\n  duration = \"5m\"\n"
        + "[[slot]]\nprogram = \"v\"\nat = \"06:00\"\ndays = \"daily\""
    ),
    (
      "every minute",
      scheduleText("[[slot]]\nprogram = \"sang\"\nevery = \"1m\"\nbetween = \"06:00-07:00\"\ndays = \"daily\"")
    ),
    ("quiet hours", scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"03:15\"\ndays = \"daily\"")),
  ]

  @Test(arguments: bad.map(\.0))
  func aBadFileIsRefusedWithALocationAndTheRunningScheduleStays(_ name: String) throws {
    let text = Self.bad.first { $0.0 == name }!.1
    let h = try SchedulerHarness(at: local("2026-11-23 04:00"))
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    let before = try h.store.airings(from: local("2026-11-23 00:00"), to: local("2026-12-01 00:00"))
    #expect(before.count == 14)
    do {
      _ = try h.apply(text)
      Issue.record("\(name): accepted")
    } catch let e as LoaError {
      #expect(e.code == .scheduleInvalid)
      #expect(
        e.message.contains(#/schedule:\d+:\d+: lỗi/#) || e.message.contains(#/schedule:\d+: lỗi/#), "\(e.message)")
    }
    #expect(h.scheduler.status().version == 1)
    #expect(try h.store.airings(from: local("2026-11-23 00:00"), to: local("2026-12-01 00:00")) == before)
    h.run(until: local("2026-11-23 05:40"))
    #expect(try h.rows().filter { $0.kind == .speech && $0.outcome == .completed }.count == 1)
  }

  @Test func applyingANewVersionWithdrawsWhatTheOldOneHadQueued() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:29"))
    try h.engine.start()
    _ = try h.apply(twoSlotSchedule())
    h.scheduler.tick()
    #expect(h.engine.status().queued.count == 1)  // 05:30 is queued two minutes ahead
    // v2 moves the morning programme to 06:00.
    let v2 = twoSlotSchedule().replacingOccurrences(of: "05:30", with: "06:00")
    let applied = try h.apply(v2, by: "Anh Minh")
    #expect(applied.version == 2)
    #expect(applied.withdrawn == 1)
    h.run(until: local("2026-11-23 06:10"))
    let speech = try h.rows().filter { $0.kind == .speech }
    #expect(speech.count == 1)
    #expect(localString(speech[0].startedAt!) == "2026-11-23 06:00")
    // Rollback restores 05:30 for the following days.
    #expect(try h.scheduler.rollback(operatorName: "Chị Lan") == 1)
    let next = try #require(try h.store.nextPendingAiring(after: h.clock.now()))
    #expect(localString(next.at) == "2026-11-23 17:00")
    #expect(
      try h.store.airings(from: local("2026-11-24 00:00"), to: local("2026-11-25 00:00")).map { localString($0.at) }
        == ["2026-11-24 05:30", "2026-11-24 17:00"])
  }
}
