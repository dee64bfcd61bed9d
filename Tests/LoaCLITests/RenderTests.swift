import Foundation
import LoaCore
import LoaScheduling
import Testing

@testable import LoaCLI

/// What the officer reads: tables in Vietnamese, local time, fixed layout.
@Suite struct RenderTests {
  let t0 = LocalTime.parseISO("2026-11-22T22:00:00Z")!  // 05:00 in Vietnam

  func row(_ id: Int64, _ outcome: AiringOutcome, _ kind: AiringKind, seconds: Double?, start: Double?)
    -> Wire.AsRunView
  {
    var r = AsRunRecord(
      id: id, jobId: "3f2a1b4c-0000-0000-0000-000000000000", bulletinClass: .emergency, source: .cli, kind: kind,
      title: "Cảnh báo lũ", startedAt: start.map { t0.addingTimeInterval($0) },
      endedAt: start.map { t0.addingTimeInterval($0 + (seconds ?? 0)) }, durationSeconds: seconds, outcome: outcome)
    if outcome == .preempted { r.preemptedBy = "9c1d0000-0000-0000-0000-000000000000" }
    if id == 3 { r.resumedFrom = 1 }
    return r
  }

  @Test func asRunTable() {
    let text = Render.asRun([
      row(1, .preempted, .speech, seconds: 12.34, start: 0),
      row(2, .completed, .chime, seconds: 2.2, start: 12.4),
      row(3, .completed, .speech, seconds: 30, start: 15),
      row(4, .expired, .speech, seconds: nil, start: nil),
    ])
    #expect(
      text == """
        ID    BẮT ĐẦU              KẾT THÚC             GIÂY     LOẠI          KIỂU     KẾT QUẢ    TIÊU ĐỀ
        1     2026-11-23 05:00:00  2026-11-23 05:00:12  12.3     khẩn cấp      speech   bị ngắt    Cảnh báo lũ (ngắt bởi 9c1d0000)
        2     2026-11-23 05:00:12  2026-11-23 05:00:14  2.2      khẩn cấp      chime    phát xong  Cảnh báo lũ
        3     2026-11-23 05:00:15  2026-11-23 05:00:45  30.0     khẩn cấp      speech   phát xong  Cảnh báo lũ (phát tiếp từ #1)
        4     -                    -                    -        khẩn cấp      speech   hết hạn    Cảnh báo lũ
        """)
  }

  @Test func emptyLogAndQueue() {
    #expect(Render.asRun([]) == "(nhật ký trống / no airings)")
    #expect(
      Render.queue(Wire.QueueView(onAir: nil, queued: []))
        == "ĐANG PHÁT  (không có / nothing on air)\nHÀNG ĐỢI  (trống / empty)")
  }

  @Test func queueTable() {
    let job = Job(
      id: "ab12cd34-0000-0000-0000-000000000000", bulletinClass: .priority, source: .cli, title: "Lịch tiêm phòng",
      content: .speech(text: "x", voice: "vi"), notBefore: t0.addingTimeInterval(3600), createdAt: t0)
    let text = Render.queue(Wire.QueueView(onAir: nil, queued: [Wire.JobView(job)]))
    #expect(
      text == """
        ĐANG PHÁT  (không có / nothing on air)
        #   MÃ        LOẠI          KIỂU     SỚM NHẤT             HẠN                  TIÊU ĐỀ
        1   ab12cd34  ưu tiên       speech   2026-11-23 06:00:00  -                    Lịch tiêm phòng
        """)
  }
}

@Suite struct ScheduleRenderTests {
  let t0 = LocalTime.parseISO("2026-11-22T22:30:00Z")!  // Monday 05:30 in Vietnam

  @Test func timelineWithStatesAndFlags() {
    let e: [TimelineEntry] = [
      TimelineEntry(
        at: t0, end: t0.addingTimeInterval(1800), program: "sang", title: "Buổi sáng", start: .hard, flags: [],
        state: "completed"),
      TimelineEntry(
        at: t0.addingTimeInterval(600), end: t0.addingTimeInterval(900), program: "tin-gap", title: "Tin gấp",
        start: .soft, flags: ["overlap:sang"]),
      TimelineEntry(
        at: t0.addingTimeInterval(86400 - 8 * 3600), end: t0.addingTimeInterval(86400 - 7 * 3600), program: "dem",
        title: "Ban đêm", start: .hard, flags: ["quiet_hours"], state: "missed"),
    ]
    #expect(
      Render.timeline(e) == """
        T2 2026-11-23
          05:30–06:00  sang          hard  Buổi sáng  [đã phát]
          05:40–05:45  tin-gap       soft  Tin gấp  ⚠ CHỒNG GIỜ với sang (overlap)
          21:30–22:30  dem           hard  Ban đêm  [lỡ giờ]  ⚠ GIỜ YÊN TĨNH (quiet hours)
        """)
    #expect(Render.timeline([]) == "(không có lần phát nào / no airings)")
  }

  @Test func missedScheduledAiringInTheLog() {
    let r = AsRunRecord(
      id: 7, jobId: "schedule:sang|2026-11-23|05:30", bulletinClass: .normal, source: .schedule, kind: .program,
      title: "Buổi sáng", scheduledAt: t0, outcome: .missed, error: "quá giờ phát")
    #expect(
      Render.asRun([r]).split(separator: "\n").last
        == "7     -                    -                    -        thông thường  program  lỡ giờ     Buổi sáng (lịch 05:30) [quá giờ phát]"
    )
  }

  @Test func historyTable() {
    let c = ScheduleChange(id: 1, action: "apply", versionId: 2, operatorName: "Chị Lan", at: t0, note: nil)
    #expect(
      Render.scheduleHistory([c]) == """
        THỜI GIAN             VIỆC          PHIÊN BẢN  NGƯỜI LÀM     GHI CHÚ
        2026-11-23 05:30:00   apply         2          Chị Lan
        """)
  }
}
