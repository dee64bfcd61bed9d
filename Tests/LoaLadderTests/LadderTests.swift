import Foundation
import LoaCore
import Testing

@testable import LoaLadder

/// The ladder's rules, as values: no clock, thread, espeak or audio. `t0` is 10:00 in Hà Nội.
let t0 = Date(timeIntervalSince1970: TimeInterval(1_790_000_000 - 1_790_000_000 % 86400 + 3 * 3600))

func job(
  _ id: String, _ cls: BulletinClass = .normal, position: Double = 0, at: TimeInterval? = nil,
  expiresIn: TimeInterval? = nil, start: StartPolicy? = nil, slotEndIn: TimeInterval? = nil
) -> Job {
  Job(
    id: id, bulletinClass: cls, source: .cli, title: id, content: .speech(text: "Xin chào", voice: "vi"),
    notBefore: at.map { t0.addingTimeInterval($0) }, expiresAt: expiresIn.map { t0.addingTimeInterval($0) },
    createdAt: t0, position: position, startPolicy: start, slotEnd: slotEndIn.map { t0.addingTimeInterval($0) })
}

func aired(_ step: Ladder.Step) -> String? {
  if case .air(let j) = step { return j.id }
  return nil
}

/// Airs everything due at `now`, in order, each airing ending at once.
func drain(_ l: inout Ladder, at now: Date) -> [String] {
  var order: [String] = []
  while case .air(let j) = l.next(at: now) {
    order.append(j.id)
    l.endAiring()
  }
  return order
}

@Suite struct LadderOrderTests {
  @Test func classesAirInLadderOrderThenArrival() {
    var l = Ladder()
    l.add(job("n1", position: 1))
    l.add(job("p1", .priority, position: 2))
    l.add(job("n2", position: 3))
    l.add(job("e1", .emergency, position: 4))
    l.add(job("p2", .priority, position: 5))
    #expect(drain(&l, at: t0) == ["e1", "p1", "p2", "n1", "n2"])
  }

  @Test func aDueProgrammeGoesAfterPriorityBeforeNormal() {
    var l = Ladder()
    l.add(job("n", position: 1))
    l.add(job("prog", at: 0, expiresIn: 600, start: .soft, slotEndIn: 1800))
    l.add(job("p", .priority, position: 3))
    #expect(drain(&l, at: t0) == ["p", "prog", "n"])
  }

  @Test func scheduledAiringsOfOneRankByStartTime() {
    var l = Ladder()
    l.add(job("late", at: -10, expiresIn: 600, start: .soft))
    l.add(job("early", at: -60, expiresIn: 600, start: .soft))
    #expect(drain(&l, at: t0) == ["early", "late"])
  }

  @Test func aJobWaitsForItsStartAndTheLadderSaysUntilWhen() {
    var l = Ladder()
    l.add(job("later", at: 90))
    l.add(job("much-later", at: 3600))
    #expect(l.next(at: t0) == .wait(until: t0.addingTimeInterval(90)))
    #expect(aired(l.next(at: t0.addingTimeInterval(90))) == "later")
    l.endAiring()
    #expect(l.next(at: t0.addingTimeInterval(91)) == .wait(until: t0.addingTimeInterval(3600)))
    var empty = Ladder()
    #expect(empty.next(at: t0) == .wait(until: nil))
  }

  @Test func theJobOnAirIsPlayingAndOffTheQueue() {
    var l = Ladder()
    l.add(job("a"))
    guard case .air(let j) = l.next(at: t0) else {
      Issue.record("nothing aired")
      return
    }
    #expect(j.status == .playing)
    #expect(l.onAir?.id == "a")
    #expect(l.waiting.isEmpty)
    #expect(!l.isIdle(at: t0))
    l.endAiring()
    #expect(l.isIdle(at: t0))
  }

  @Test func addingTheSameJobAgainReplacesIt() {
    var l = Ladder()
    l.add(job("a"))
    var again = job("a")
    again.resume = ResumePoint(repetition: 2, sentence: 3)
    l.add(again)
    #expect(l.waiting.count == 1)
    #expect(l.waiting[0].resume?.sentence == 3)
  }

  @Test func withdrawnJobsNeverAir() {
    var l = Ladder()
    l.add(job("a"))
    l.add(job("b"))
    l.withdraw(["a"])
    #expect(drain(&l, at: t0) == ["b"])
  }
}

@Suite struct LadderExpiryTests {
  @Test func anExpiredJobIsTakenOffUnairedBeforeAnythingAirs() {
    var l = Ladder()
    l.add(job("old", .priority, expiresIn: -1))
    l.add(job("fresh"))
    #expect(l.next(at: t0) == .expire([Ladder.Expiry(job: job("old", .priority, expiresIn: -1), reason: .window)]))
    #expect(drain(&l, at: t0) == ["fresh"])
  }

  @Test func aStartedProgrammeExpiresAtItsSlotEndNotItsTolerance() {
    var prog = job("prog", at: -900, expiresIn: -300, start: .soft, slotEndIn: 600)
    prog.resume = ResumePoint(item: 2)
    var l = Ladder()
    l.add(prog)
    #expect(aired(l.next(at: t0)) == "prog")
    l.endAiring()
    l.add(prog)
    if case .expire(let gone) = l.next(at: t0.addingTimeInterval(600)) {
      #expect(gone.map(\.job.id) == ["prog"])
    } else {
      Issue.record("a started programme outlived its slot")
    }
  }

  @Test func aTimedOneOffDueInQuietHoursIsNotAired() {
    // 22:00 in Hà Nội; a normal job timed for then, an emergency, and one queued for "now".
    let night = t0.addingTimeInterval(12 * 3600)
    var l = Ladder()
    l.add(job("timed", at: 12 * 3600))
    l.add(job("timed-priority", .priority, at: 12 * 3600 - 60))
    l.add(job("alert", .emergency, at: 12 * 3600))
    l.add(job("now"))
    guard case .expire(let gone) = l.next(at: night) else {
      Issue.record("a timed job aired in quiet hours")
      return
    }
    #expect(Set(gone.map(\.job.id)) == ["timed", "timed-priority"])
    #expect(gone.allSatisfy { $0.reason == .quietHours(.standard) })
    #expect(gone[0].reason.message?.contains("21:30-05:00") == true)
    #expect(drain(&l, at: night) == ["alert", "now"])
  }

  @Test func quietHoursFollowTheZoneAndCanBeOff() {
    // 03:15 in Hà Nội is 20:15 UTC the day before.
    let threeFifteen = t0.addingTimeInterval(-6 * 3600 - 45 * 60)
    #expect(QuietHours.standard.contains(threeFifteen))
    #expect(!QuietHours.standard.contains(t0))
    #expect(!QuietHours(Schedule.defaultQuietHours, zone: TimeZone(identifier: "UTC")!).contains(threeFifteen))
    var l = Ladder(quietHours: nil)
    l.add(job("timed", at: -6 * 3600 - 45 * 60))
    #expect(aired(l.next(at: threeFifteen)) == "timed")
  }

  @Test func quietHoursDoNotTouchScheduledProgrammes() {
    // Programmes have their own rule (the schedule checker and `allow_quiet`).
    let night = t0.addingTimeInterval(12 * 3600)
    var l = Ladder()
    l.add(job("prog", at: 12 * 3600, expiresIn: 12 * 3600 + 600, start: .soft))
    #expect(aired(l.next(at: night)) == "prog")
  }
}

@Suite struct LadderInterruptTests {
  func onAir(_ j: Job, with others: [Job] = []) -> Ladder {
    var l = Ladder()
    l.add(j)
    #expect(aired(l.next(at: t0)) == j.id)
    for o in others { l.add(o) }
    return l
  }

  @Test func aDueEmergencyCutsAnythingButAnEmergency() {
    for cls in [BulletinClass.normal, .priority] {
      var l = onAir(job("x", cls), with: [job("e", .emergency)])
      #expect(l.check(at: t0) == .preempt(by: "e"))
    }
    var l = onAir(job("e0", .emergency), with: [job("e", .emergency)])
    #expect(l.check(at: t0) == nil)
  }

  @Test func anEmergencyNotYetDueOrExpiredDoesNotCut() {
    var l = onAir(job("x"), with: [job("e", .emergency, at: 60), job("old", .emergency, expiresIn: -1)])
    #expect(l.check(at: t0) == nil)
    #expect(l.check(at: t0.addingTimeInterval(60)) == .preempt(by: "e"))
  }

  @Test func priorityWaitsForTheItemOnAir() {
    var l = onAir(job("x"), with: [job("p", .priority)])
    #expect(l.check(at: t0) == nil)
  }

  @Test func aHardStartCutsANormalJobNeverPriority() {
    let hard = job("news", at: 0, expiresIn: 300, start: .hard, slotEndIn: 1800)
    var overNormal = onAir(job("x"), with: [hard])
    #expect(overNormal.check(at: t0) == .preempt(by: "news"))
    var overPriority = onAir(job("p", .priority), with: [hard])
    #expect(overPriority.check(at: t0) == nil)
    // A soft start waits.
    var soft = onAir(job("x"), with: [job("music", at: 0, expiresIn: 300, start: .soft)])
    #expect(soft.check(at: t0) == nil)
  }

  @Test func aHardStartCutsAProgrammeOnlyPastItsSlot() {
    var running = job("morning", at: -1800, expiresIn: -1500, start: .soft, slotEndIn: 60)
    running.resume = ResumePoint(item: 1)  // started: it lives until its slot ends
    let hard = job("news", at: 0, expiresIn: 300, start: .hard, slotEndIn: 1800)
    var l = onAir(running, with: [hard])
    #expect(l.check(at: t0) == nil)
    #expect(l.check(at: t0.addingTimeInterval(60)) == .preempt(by: "news"))
  }

  @Test func anInterruptSticksUntilTheAiringEnds() {
    var l = onAir(job("x"), with: [job("e", .emergency)])
    #expect(l.check(at: t0) == .preempt(by: "e"))
    l.withdraw(["e"])
    #expect(l.check(at: t0) == .preempt(by: "e"))
    l.endAiring()
    #expect(l.interrupt == nil)
  }

  @Test func cancelAndStopAndShutdown() {
    var l = onAir(job("x"), with: [job("y")])
    #expect(l.cancel(id: "y", operatorName: "Lan") == .waiting(job("y")))
    #expect(l.waiting.isEmpty)
    #expect(l.cancel(id: "zz", operatorName: nil) == .notHere)
    if case .onAir(let j) = l.cancel(id: "x", operatorName: "Lan") { #expect(j.id == "x") } else { Issue.record() }
    #expect(l.check(at: t0) == .cancel(operatorName: "Lan"))
    var s = onAir(job("x"))
    #expect(s.stop(operatorName: nil)?.id == "x")
    var d = onAir(job("x"))
    d.shutdown()
    #expect(d.check(at: t0) == .shutdown)
    var idle = Ladder()
    idle.shutdown()
    #expect(idle.interrupt == nil)
  }
}

@Suite struct LadderMoveTests {
  @Test func movesWithinAClassOnly() throws {
    var l = Ladder()
    for (i, id) in ["a", "b", "c"].enumerated() { l.add(job(id, position: Double(i + 1))) }
    l.add(job("p", .priority, position: 4))
    let front = try l.position(moving: "c", before: nil)
    #expect(front < 1)
    let between = try l.position(moving: "c", before: "b")
    #expect(between > 1 && between < 2)
    _ = l.setPosition(id: "c", between)
    #expect(l.queued.map(\.id) == ["p", "a", "c", "b"])
    #expect(throws: LoaError.self) { try l.position(moving: "a", before: "p") }
    #expect(throws: LoaError.self) { try l.position(moving: "nope", before: nil) }
    #expect(throws: LoaError.self) { try l.position(moving: "a", before: "nope") }
    #expect(l.setPosition(id: "gone", 0) == nil)
  }
}

@Suite struct SegmentEffectTests {
  let here = ResumePoint(repetition: 2, sentence: 4, chimeDone: true)
  let next = JobProgress.next(ResumePoint(repetition: 3, chimeDone: true))

  @Test func completedCommitsWhatComesNext() {
    let e = SegmentEffect.of(.completed, next: next, resume: here)
    #expect(e.outcome == .completed && e.progress == next && e.goesOn)
    let last = SegmentEffect.of(.completed, next: .finished(.completed, error: nil), resume: here)
    #expect(last.goesOn && !last.requeued)
  }

  @Test func preemptionAndShutdownRequeueAtTheResumePoint() {
    let p = SegmentEffect.of(.interrupted(.preempt(by: "e")), next: next, resume: here)
    #expect(p.outcome == .preempted && p.preemptedBy == "e" && p.progress == .requeue(here) && !p.goesOn)
    let s = SegmentEffect.of(.interrupted(.shutdown), next: next, resume: here)
    #expect(s.outcome == .preempted && s.requeued && s.error?.contains("shutdown") == true)
    let gap = SegmentEffect.interrupted(.preempt(by: "e"), resume: here, airtime: false)
    #expect(gap.outcome == nil && gap.requeued)
  }

  @Test func aCancelEndsTheJobAndAlwaysLeavesARow() {
    let c = SegmentEffect.of(.interrupted(.cancel(operatorName: "Lan")), next: next, resume: here)
    #expect(c.outcome == .cancelled && c.cancelledBy == "Lan" && c.progress == .finished(.cancelled, error: nil))
    #expect(SegmentEffect.interrupted(.cancel(operatorName: nil), resume: here, airtime: false).outcome == .cancelled)
  }

  @Test func aDeviceFailureFailsTheJobASourceFailureOnlyItsItem() {
    let d = SegmentEffect.of(.failed("EIO"), next: next, resume: here)
    #expect(d.deviceFailed && d.progress == .finished(.failed, error: "EIO") && !d.goesOn)
    let one = SegmentEffect.of(.sourceFailed("404"), next: next, resume: here)
    #expect(!one.deviceFailed && one.outcome == .failed && one.progress == .finished(.failed, error: "404"))
    let item = SegmentEffect.of(.sourceFailed("404"), next: next, resume: here, itemFailureGoesOn: true)
    #expect(item.outcome == .failed && item.progress == next && item.goesOn)
  }
}

/// A remote pause ("tạm dừng"): only emergencies air until it is resumed.
@Suite struct LadderPauseTests {
  @Test func aPauseCutsTheNormalOnAirAndHoldsTheQueueButNotAnEmergency() {
    var l = Ladder()
    l.add(job("n1", position: 1))
    l.add(job("p1", .priority, position: 2))
    #expect(aired(l.next(at: t0)) == "p1")
    let first = l.pause(by: "tinh", at: t0)
    let second = l.pause(by: "tinh", at: t0)
    #expect(first && !second, "a second pause changes nothing")
    // What was on air is cut, to resume (the player requeues it with its resume point).
    #expect(l.check(at: t0) == .preempt(by: Ladder.pauseMarker))
    var cut = l.onAir!
    l.endAiring()
    cut.status = .queued
    l.add(cut)
    #expect(l.next(at: t0) == .wait(until: nil))
    #expect(l.isIdle(at: t0))
    // An emergency still airs, and is not cut by the pause.
    l.add(job("e1", .emergency, position: 3))
    #expect(!l.isIdle(at: t0))
    #expect(aired(l.next(at: t0)) == "e1")
    #expect(l.check(at: t0) == nil)
    l.endAiring()
    #expect(l.next(at: t0) == .wait(until: nil))
    // Resumed: the cut job first, then the rest.
    let resumed = l.resume()
    let again = l.resume()
    #expect(resumed && !again)
    #expect(drain(&l, at: t0) == ["p1", "n1"])
  }

  @Test func aPausedLadderStillExpiresAndDoesNotWakeForLaterNormalJobs() {
    var l = Ladder()
    _ = l.pause(by: nil, at: t0)
    l.add(job("n", at: 60, expiresIn: 120))
    l.add(job("e", .emergency, at: 90))
    #expect(l.next(at: t0) == .wait(until: t0.addingTimeInterval(90)))
    guard case .expire(let gone) = l.next(at: t0.addingTimeInterval(200)) else {
      Issue.record("the normal job should expire while paused")
      return
    }
    #expect(gone.map(\.job.id) == ["n"])
    #expect(aired(l.next(at: t0.addingTimeInterval(200))) == "e")
  }
}
