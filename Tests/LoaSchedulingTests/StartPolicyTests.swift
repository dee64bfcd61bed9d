import Foundation
import LoaCore
import LoaPlayout
import LoaScheduling
import LoaStorage
import LoaTesting
import Testing

let longNormal = """
  Thông báo của ủy ban nhân dân xã về lịch tiêm phòng cho gia súc và gia cầm. \
  Đợt tiêm phòng bắt đầu từ sáng thứ hai tuần sau tại nhà văn hóa các thôn. \
  Đề nghị bà con đưa vật nuôi đến đúng giờ để cán bộ thú y tiêm phòng. \
  Mọi thắc mắc xin liên hệ trưởng thôn hoặc cán bộ thú y của xã.
  """

/// Hard and soft starts against jobs that are on air (paced output, virtual schedule clock).
@Suite(.ownThread) struct StartPolicyTests {
  func normalJob(_ h: SchedulerHarness, _ cls: BulletinClass = .normal, _ text: String = longNormal) throws -> Job {
    try h.engine.submit(
      Job(
        bulletinClass: cls, source: .api, title: "job \(cls.rawValue)", content: .speech(text: text, voice: "vi"),
        createdAt: h.clock.now()))
  }

  @Test func hardStartCutsANormalJobWhichResumesAfterwards() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:28"), paced: true)
    _ = try h.apply(twoSlotSchedule(start: "hard"))
    h.scheduler.tick()
    try h.engine.start()
    let n = try normalJob(h)
    #expect(eventually { h.engine.status().onAir?.job.id == n.id })
    #expect(eventually { h.output.sampleCount > captureFormat.frames(seconds: 2) })
    h.clock.advance(by: 120)  // 05:30
    #expect(h.engine.waitUntilIdle(timeout: 60))
    let rows = try h.rows()
    try #require(rows.map(\.outcome) == [.preempted, .completed, .completed, .completed], "\(h.log())")
    #expect(rows.map(\.source) == [.api, .schedule, .schedule, .api])
    let programJob = try #require(try h.store.activeJobs().isEmpty ? rows[1].jobId : nil)
    #expect(rows[0].preemptedBy == programJob)
    #expect(rows[3].resumedFrom == rows[0].id)
  }

  @Test func hardStartWaitsForPriority() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:28"), paced: true)
    _ = try h.apply(twoSlotSchedule(start: "hard"))
    h.scheduler.tick()
    try h.engine.start()
    let p = try normalJob(h, .priority, "Bản tin ưu tiên của huyện. Xin bà con chú ý.")
    #expect(eventually { h.engine.status().onAir?.job.id == p.id })
    h.clock.advance(by: 120)  // 05:30 while the priority bulletin is on air
    #expect(h.engine.waitUntilIdle(timeout: 60))
    let rows = try h.rows()
    try #require(rows.map(\.outcome) == [.completed, .completed, .completed], "\(h.log())")
    #expect(rows.map(\.source) == [.api, .schedule, .schedule])
  }

  @Test func softStartWaitsAndIsSkippedPastItsTolerance() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:28"), paced: true)
    _ = try h.apply(twoSlotSchedule(start: "soft", tolerance: "5m"))
    h.scheduler.tick()
    try h.engine.start()
    let n = try normalJob(h)
    #expect(eventually { h.engine.status().onAir?.job.id == n.id })
    h.clock.advance(by: 120)  // 05:30: soft start waits for the normal job
    usleep(300_000)
    #expect(h.engine.status().onAir?.job.id == n.id)
    h.clock.advance(by: 6 * 60)  // 05:36: past the 5 min tolerance, still on air
    _ = h.engine.stopCurrent(operatorName: "test")  // the item ends now
    #expect(h.engine.waitUntilIdle(timeout: 60))
    let rows = try h.rows()
    try #require(rows.map(\.outcome) == [.cancelled, .skipped], "\(h.log())")
    #expect(rows[1].kind == .program)
    #expect(rows[1].error?.contains("on air") == true)
  }

  @Test func softStartAirsWhenTheItemEndsInTime() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:28"), paced: true)
    _ = try h.apply(twoSlotSchedule(start: "soft", tolerance: "5m"))
    h.scheduler.tick()
    try h.engine.start()
    let n = try normalJob(h, .normal, "Một câu ngắn.")
    #expect(eventually { h.engine.status().onAir?.job.id == n.id })
    h.clock.advance(by: 120)
    #expect(h.engine.waitUntilIdle(timeout: 60))
    #expect(try h.rows().map(\.outcome) == [.completed, .completed, .completed], "\(h.log())")
  }

  @Test func emergencyCutsAProgrammeWhichResumesWhileItsSlotLasts() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:29"), paced: true)
    let items = """
        [[program.item]]
        type = "speech"
        title = "Tin dài"
        text = "\(longNormal)"
      """
    _ = try h.apply(twoSlotSchedule(extraItems: items))
    h.scheduler.tick()
    try h.engine.start()
    h.clock.advance(by: 60)  // 05:30
    #expect(eventually { h.engine.status().onAir?.segment.hasPrefix("3/3") == true })
    // Let a few seconds of the long item reach the output before the emergency arrives.
    let atItemStart = h.output.sampleCount
    #expect(eventually { h.output.sampleCount > atItemStart + captureFormat.frames(seconds: 3) })
    let e = try h.engine.submit(
      Job(
        bulletinClass: .emergency, source: .api, title: "Khẩn", content: .speech(text: "Cảnh báo lũ.", voice: "vi"),
        repeatCount: 1, createdAt: h.clock.now()))
    #expect(h.engine.waitUntilIdle(timeout: 90))
    let rows = try h.rows()
    // chime, speech, long item (cut), emergency chime + speech, long item resumed.
    try #require(
      rows.map(\.outcome) == [.completed, .completed, .preempted, .completed, .completed, .completed], "\(h.log())")
    #expect(rows[2].preemptedBy == e.id)
    #expect(rows[5].resumedFrom == rows[2].id)
    #expect(rows[5].title == "Buổi sáng — Tin dài")
    #expect(rows[5].source == .schedule)
  }

  @Test func aProgrammeCutPastTheEndOfItsSlotDoesNotResume() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:29"), paced: true)
    let items = """
        [[program.item]]
        type = "speech"
        text = "\(longNormal)"
      """
    _ = try h.apply(twoSlotSchedule(extraItems: items))
    h.scheduler.tick()
    try h.engine.start()
    h.clock.advance(by: 60)
    #expect(eventually { h.engine.status().onAir?.segment.hasPrefix("3/3") == true })
    // The emergency runs while the slot (20 min) ends.
    h.output.setStalled(false)
    _ = try h.engine.submit(
      Job(
        bulletinClass: .emergency, source: .api, title: "Khẩn", content: .speech(text: "Cảnh báo lũ.", voice: "vi"),
        createdAt: h.clock.now()))
    #expect(eventually { h.engine.status().onAir?.job.bulletinClass == .emergency })
    h.clock.advance(by: 25 * 60)
    #expect(h.engine.waitUntilIdle(timeout: 90))
    let rows = try h.rows()
    // The slot ended while something else (the emergency) was on air.
    #expect(rows.last?.outcome == .skipped, "\(h.log())")
    #expect(rows.last?.error?.contains("slot ended") == true)
    #expect(rows.filter { $0.outcome == .preempted }.count == 1)
  }

  @Test func priorityGoesBeforeADueProgramme() throws {
    let h = try SchedulerHarness(at: local("2026-11-23 05:28"))
    _ = try h.apply(twoSlotSchedule())
    h.scheduler.tick()
    h.clock.advance(by: 120)
    let p = try normalJob(h, .priority, "Bản tin ưu tiên.")
    let n = try normalJob(h, .normal, "Bản tin thường.")
    try h.engine.start()
    #expect(h.engine.waitUntilIdle(timeout: 30))
    let ids = try h.rows().map(\.jobId)
    #expect(ids.first == p.id)
    #expect(ids.last == n.id)
    #expect(try h.rows().map(\.source) == [.api, .schedule, .schedule, .api])
  }
}
