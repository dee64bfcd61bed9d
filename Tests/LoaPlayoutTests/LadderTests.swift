import Foundation
import LoaCore
import LoaPlayout
import LoaTesting
import Synchronization
import Testing

/// The priority ladder with an instant output: order, repeats, chime, expiry, moves, cancels.
@Suite(.ownThread) struct LadderTests {
  @Test func emergencyThenPriorityThenNormalInArrivalOrder() throws {
    let h = try EngineHarness()
    let a = try h.submit(.normal, "Bản tin thường thứ nhất.")
    let b = try h.submit(.normal, "Bản tin thường thứ hai.")
    let p = try h.submit(.priority, "Bản tin ưu tiên.")
    let e = try h.submit(.emergency, "Cảnh báo lũ quét.", repeat: 2)
    try h.engine.start()
    #expect(waitIdle(h))
    let rows = try h.rows()
    #expect(rows.map(\.jobId) == [e.id, e.id, e.id, p.id, a.id, b.id])
    #expect(rows.map(\.kind) == [.chime, .speech, .speech, .speech, .speech, .speech])
    #expect(rows.map(\.repetition) == [1, 1, 2, 1, 1, 1])
    #expect(rows.allSatisfy { $0.outcome == .completed })
    #expect(abs((rows[0].durationSeconds ?? 0) - 2.2) < 0.01)
    // Every frame written is accounted for: airings plus the silent gap between the two repetitions.
    let logged = rows.compactMap(\.durationSeconds).reduce(0, +)
    let written = speechFormat.seconds(frames: h.output.samples.count)
    #expect(abs(written - (logged + 0.3)) < 0.01, "written \(written) logged \(logged)")
    for r in rows {
      #expect(r.startedAt != nil && r.endedAt != nil)
      #expect(r.textSHA256 == (r.kind == .speech ? textSHA256(try #require(try h.store.job(id: r.jobId)?.text)) : nil))
    }
    #expect(try h.store.job(id: e.id)?.status == .completed)
    #expect(h.engine.status().airingsCompleted == 4)
  }

  /// The player answers moves while the jobs wait for their time (a held manual clock).
  @Test func officerCanMoveAWaitingJob() throws {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_796_100_000))
    let h = try EngineHarness(clock: clock)
    let at = clock.now().addingTimeInterval(60)
    let a = try h.submit(.normal, "Một.", notBefore: at)
    let b = try h.submit(.normal, "Hai.", notBefore: at)
    let c = try h.submit(.normal, "Ba.", notBefore: at)
    try h.engine.start()
    _ = try h.engine.move(id: c.id, before: nil)  // to the front
    _ = try h.engine.move(id: b.id, before: c.id)  // before c
    #expect(h.engine.status().queued.map(\.id) == [b.id, c.id, a.id])
    clock.advance(by: 60)
    h.engine.poke()
    #expect(waitIdle(h))
    #expect(try h.rows().map(\.jobId) == [b.id, c.id, a.id])
  }

  @Test func movingAcrossClassesIsRefused() throws {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_796_100_000))
    let h = try EngineHarness(clock: clock)
    let a = try h.submit(.normal, "Một.", notBefore: clock.now().addingTimeInterval(60))
    let p = try h.submit(.priority, "Hai.", notBefore: clock.now().addingTimeInterval(60))
    try h.engine.start()
    do {
      _ = try h.engine.move(id: a.id, before: p.id)
      Issue.record("moved a normal job before a priority job")
    } catch {
      #expect(error.code == .classMismatch)
    }
    do {
      _ = try h.engine.move(id: "nope", before: nil)
      Issue.record("moved a job that does not exist")
    } catch {
      #expect(error.code == .jobNotWaiting)
    }
  }

  @Test func cancelledWaitingJobNeverAirs() throws {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_796_100_000))
    let h = try EngineHarness(clock: clock)
    let a = try h.submit(.normal, "Một.", notBefore: clock.now().addingTimeInterval(60))
    let b = try h.submit(.normal, "Hai.", notBefore: clock.now().addingTimeInterval(60))
    try h.engine.start()
    try h.engine.cancel(id: b.id, operatorName: "cán bộ")
    clock.advance(by: 60)
    h.engine.poke()
    #expect(waitIdle(h))
    let rows = try h.rows()
    #expect(rows.map(\.jobId) == [b.id, a.id])
    #expect(rows[0].outcome == .cancelled)
    #expect(rows[0].startedAt == nil)
    #expect(rows[0].operatorName == "cán bộ")
    #expect(try h.store.job(id: b.id)?.status == .cancelled)
    do {
      try h.engine.cancel(id: b.id, operatorName: nil)
      Issue.record("cancelled twice")
    } catch { #expect(error.code == .jobFinished) }
    do {
      try h.engine.cancel(id: "no-such-id", operatorName: nil)
      Issue.record("cancelled a job that does not exist")
    } catch { #expect(error.code == .jobNotFound) }
  }

  /// Virtual time: an hour of waiting and an expiry, without waiting an hour.
  @Test func startTimesAndExpiryFollowTheClock() throws {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
    let h = try EngineHarness(clock: clock)
    let start = clock.now()
    let later = try h.submit(.normal, "Phát lúc bảy giờ.", notBefore: start.addingTimeInterval(3600))
    let stale = try h.submit(
      .normal, "Hết hạn sau nửa giờ.", notBefore: start.addingTimeInterval(2400),
      expiresAt: start.addingTimeInterval(3000))
    try h.engine.start()
    usleep(300_000)
    #expect(try h.rows().isEmpty)
    #expect(h.output.samples.isEmpty)
    clock.advance(by: 3600)
    h.engine.poke()
    #expect(waitIdle(h))
    let rows = try h.rows()
    #expect(rows.map(\.jobId) == [stale.id, later.id])
    #expect(rows[0].outcome == .expired)
    #expect(rows[0].startedAt == nil)
    #expect(rows[1].outcome == .completed)
    #expect(rows[1].scheduledAt == start.addingTimeInterval(3600))
    #expect(rows[1].startedAt! >= start.addingTimeInterval(3600))
    #expect(try h.store.job(id: stale.id)?.status == .expired)
  }

  /// A clock step or a long outage must not air a timed job at night: one that comes due inside
  /// the box's quiet hours is logged `expired` with the reason; an emergency still airs.
  @Test func aTimedJobDueInQuietHoursIsLoggedNotAired() throws {
    // 21:00 in Hà Nội (14:00 UTC); the job is for 21:45, inside 21:30–05:00.
    let clock = ManualClock(Date(timeIntervalSince1970: 1_796_133_600))
    let h = try EngineHarness(clock: clock) { $0.quietHours = .standard }
    let start = clock.now()
    let night = try h.submit(.normal, "Thông báo buổi tối.", notBefore: start.addingTimeInterval(45 * 60))
    let alert = try h.submit(.emergency, "Cảnh báo lũ.", repeat: 1, notBefore: start.addingTimeInterval(45 * 60))
    try h.engine.start()
    clock.advance(by: 45 * 60)
    h.engine.poke()
    #expect(waitIdle(h))
    let rows = try h.rows()
    #expect(rows.first { $0.jobId == night.id }?.outcome == .expired)
    #expect(rows.first { $0.jobId == night.id }?.error?.contains("giờ yên tĩnh") == true)
    #expect(rows.contains { $0.jobId == alert.id && $0.outcome == .completed })
    #expect(try h.store.job(id: night.id)?.status == .expired)
  }

  /// Observers hear of each committed row, after it is on disk, with what it meant for its job.
  @Test func committedRowsAreSentToObservers() throws {
    let h = try EngineHarness()
    nonisolated(unsafe) var seen: [PlayoutEvent] = []
    let lock = NSLock()
    h.engine.observe { e in
      lock.lock()
      seen.append(e)
      lock.unlock()
    }
    try h.engine.start()
    let waiting = try h.submit(.normal, "Sẽ bị hủy.", notBefore: Date().addingTimeInterval(3600))
    _ = try h.engine.cancel(id: waiting.id, operatorName: "Lan")
    let job = try h.submit(.normal, "Hai lần.", repeat: 2)
    #expect(waitIdle(h))
    lock.lock()
    let all = seen
    lock.unlock()
    // Each repetition's start on the speakers is told too (nothing on disk for it), before its row.
    #expect(all.filter(\.onAir).map(\.jobId) == [job.id, job.id], "\(all)")
    let firstOnAir = try #require(all.firstIndex { $0.onAir })
    let firstRow = try #require(all.firstIndex { $0.row?.jobId == job.id })
    #expect(firstOnAir < firstRow)
    let events = all.filter { !$0.onAir }
    let rows = try h.rows()
    #expect(events.compactMap(\.row?.id) == rows.compactMap(\.id), "every row, in order, with its id")
    #expect(events.first?.progress == .finished(.cancelled, error: nil))
    #expect(events.last?.jobId == job.id)
    #expect(events.last?.progress == .finished(.completed, error: nil))
    #expect(events.dropFirst().first?.progress == .next(ResumePoint(repetition: 2, chimeDone: true)))
  }

  @Test func aMissingDeviceFailsTheJobAndTheNextJobRetriesTheDevice() throws {
    let h = try EngineHarness()
    h.output.setFailOpen("ALSA device 'hw:9' cannot be opened: No such device")
    let a = try h.submit(.normal, "Một.")
    try h.engine.start()
    #expect(waitIdle(h))
    var rows = try h.rows()
    #expect(rows.count == 1)
    #expect(rows[0].outcome == .failed)
    #expect(rows[0].error == "ALSA device 'hw:9' cannot be opened: No such device")
    #expect(rows[0].durationSeconds == 0)
    #expect(try h.store.job(id: a.id)?.status == .failed)
    #expect(h.engine.status().lastError?.contains("No such device") == true)
    #expect(h.engine.status().deviceOpen == false)
    // The device comes back: the next job opens it again.
    h.output.setFailOpen(nil)
    let b = try h.submit(.normal, "Hai.")
    #expect(waitIdle(h))
    rows = try h.rows()
    #expect(rows.last?.jobId == b.id)
    #expect(rows.last?.outcome == .completed)
    #expect(h.engine.status().deviceOpen)
  }

  @Test func textWithNoWordsFailsClearly() throws {
    let h = try EngineHarness()
    let j = try h.submit(.normal, "... !!! ???")
    try h.engine.start()
    #expect(waitIdle(h))
    let rows = try h.rows()
    #expect(rows.first?.outcome == .failed)
    #expect(rows.first?.error?.contains("nothing to say") == true)
    #expect(try h.store.job(id: j.id)?.status == .failed)
  }

  /// The player owns the ladder; before it runs, nothing can answer for it.
  @Test func beforeThePlayerRunsACancelIsRefusedByName() throws {
    let h = try EngineHarness()
    let a = try h.submit(.normal, "Một.")
    do {
      try h.engine.cancel(id: a.id, operatorName: nil)
      Issue.record("cancelled with no player")
    } catch {
      #expect(error.code == .playerUnavailable)
      #expect(error.code.kind == .unavailable)
    }
    try h.engine.start()
    #expect(waitIdle(h))
    #expect(try h.rows().map(\.outcome) == [.completed])
  }

  /// Four threads submit, cancel and move at once while the player airs: every job ends with
  /// exactly one row that agrees with its stored status, and nothing is lost or doubled.
  @Test func commandsFromManyThreadsAtOnceLeaveOneRowPerJob() throws {
    let h = try EngineHarness()
    try h.engine.start()
    let ids = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 4) { t in
      for i in 0..<25 {
        guard let job = try? h.submit(i % 5 == 0 ? .priority : .normal, "Bản tin \(t)-\(i).") else { continue }
        ids.withLock { $0.append(job.id) }
        if i % 3 == 0 { _ = try? h.engine.cancel(id: job.id, operatorName: "t\(t)") }
        if i % 4 == 0 { _ = try? h.engine.move(id: job.id, before: nil) }
        _ = h.engine.status()
      }
    }
    #expect(waitIdle(h))
    let all = ids.withLock { $0 }
    #expect(all.count == 100)
    let rows = try h.rows()
    #expect(rows.count == 100, "\(rows.count) rows for 100 jobs")
    #expect(Set(rows.map(\.jobId)) == Set(all))
    for row in rows {
      let status = try h.store.job(id: row.jobId)?.status
      #expect(status == (row.outcome == .cancelled ? .cancelled : .completed), "\(row.jobId)")
    }
    #expect(rows.filter { $0.outcome == .cancelled }.count >= 1)
    #expect(h.engine.status().queued.isEmpty)
  }
}
