import Foundation
import LoaCore
import LoaReports
import Testing

/// `2026-11-01 05:30:00` in `zone`.
func localTime(_ s: String, _ zone: TimeZone) -> Date {
  let f = DateFormatter()
  f.timeZone = zone
  f.locale = Locale(identifier: "en_US_POSIX")
  f.dateFormat = "yyyy-MM-dd HH:mm:ss"
  return f.date(from: s)!
}

/// The airtime report from a hand-made log whose totals are worked out below.
struct AirtimeReportTests {
  let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

  func at(_ s: String) -> Date { localTime(s, zone) }

  func row(
    _ job: String, _ start: String, _ seconds: Double, kind: AiringKind = .speech, source: JobSource = .cli,
    cls: BulletinClass = .normal, outcome: AiringOutcome = .completed, deadAir: Double? = nil,
    info: BulletinInfo? = nil
  ) -> AsRunRecord {
    // As the engine labels them when nothing is said: the commune's own speech and files, relays
    // and the province's jobs known from the row.
    let labels =
      info
      ?? BulletinInfo(
        language: kind == .speech ? "vi" : nil,
        origin: kind == .relay ? .relayOther : source == .uplink ? .provinceSystem : .own)
    var r = AsRunRecord(
      jobId: job, bulletinClass: cls, source: source, kind: kind, title: job, startedAt: at(start),
      endedAt: at(start).addingTimeInterval(seconds), durationSeconds: seconds, outcome: outcome, info: labels)
    r.deadAirSeconds = deadAir
    return r
  }

  /// November 2026 (Monday 2 Nov is in W45; 30 Nov is in W49).
  @Test func aMonthOfAirtimeAddsUpByHand() throws {
    let from = at("2026-11-01 00:00:00")
    let until = at("2026-12-01 00:00:00")
    let rows = [
      // Across the start of the month: 600 s, of which 300 s are in November.
      row("relay-oct", "2026-10-31 23:55:00", 600, kind: .relay, source: .schedule),
      // A morning session: a programme's chime, speech and a file with gaps under 5 min.
      row("prog-1", "2026-11-02 05:30:00", 10, kind: .chime, source: .schedule),
      row("prog-1", "2026-11-02 05:30:10", 590, kind: .speech, source: .schedule),
      row("prog-1", "2026-11-02 05:42:00", 1200, kind: .file, source: .schedule),  // 2 min gap: same session
      // The commune's own bulletins: two in W45, one in W46 (aired twice: counted once).
      row("own-a", "2026-11-03 17:00:00", 120),
      row("own-b", "2026-11-05 17:00:00", 60, kind: .file),
      row("own-c", "2026-11-10 17:00:00", 90),
      row("own-c", "2026-11-10 17:01:40", 90),  // its second repetition, 10 s later: same session
      // A province emergency: chime at 08:00:02, received at 08:00:00.
      row("cap-1", "2026-11-20 08:00:02", 3, kind: .chime, source: .uplink, cls: .emergency),
      row("cap-1", "2026-11-20 08:00:05", 57, source: .uplink, cls: .emergency),
      // A province normal bulletin that failed before a frame (counted as failed, no airtime).
      AsRunRecord(
        jobId: "prov-2", bulletinClass: .normal, source: .uplink, kind: .speech, title: "x",
        endedAt: at("2026-11-21 09:00:00"), outcome: .failed),
      // Across the end: 1200 s from 23:50, of which 600 s are in November; 30 s of dead air.
      row("relay-end", "2026-11-30 23:50:00", 1200, kind: .relay, source: .schedule, deadAir: 30),
      // Outside the month entirely.
      row("dec", "2026-12-01 06:00:00", 100),
    ]
    let runs = [
      // Up from 30 Oct to 15 Nov 12:00 (power cut: unclean), then from 16 Nov 00:00 on.
      RunSpan(start: at("2026-10-30 00:00:00"), end: at("2026-11-15 12:00:00"), clean: false),
      RunSpan(start: at("2026-11-16 00:00:00"), end: at("2026-12-02 00:00:00"), clean: true),
    ]
    let report = AirtimeReport.compute(
      from: from, until: until, rows: rows, received: ["cap-1": at("2026-11-20 08:00:00")], runs: runs, zone: zone)

    // Airtime: 300 + 10 + 590 + 1200 + 120 + 60 + 90 + 90 + 3 + 57 + 600 = 3120 s.
    #expect(abs(report.hours * 3600 - 3120) < 1e-6)
    #expect(report.airings == 11)
    // Sessions: 00:00 relay, 05:30 programme, 3 Nov, 5 Nov, 10 Nov, 20 Nov, 30 Nov = 7.
    #expect(report.sessions == 7)
    #expect(abs((report.hoursByOrigin["relay"] ?? 0) * 3600 - 900) < 1e-6)
    #expect(abs((report.hoursByOrigin["province"] ?? 0) * 3600 - 60) < 1e-6)
    #expect(abs((report.hoursByOrigin["own"] ?? 0) * 3600 - 2160) < 1e-6)
    #expect(abs((report.hoursByClass["emergency"] ?? 0) * 3600 - 60) < 1e-6)
    #expect(report.ownBulletins == 3)
    #expect(
      report.ownBulletinsByWeek.map(\.week) == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"])
    #expect(report.ownBulletinsByWeek.map(\.count) == [0, 2, 1, 0, 0, 0])
    #expect(report.ownBulletinsByWeek.map(\.meetsMark) == [false, true, false, false, false, false])
    #expect(report.emergencies == 1)
    #expect(report.emergencyStartSeconds == [2])
    #expect(report.provinceJobs == 2)
    #expect(report.provinceJobsAired == 1)
    #expect(report.failures == 1)
    #expect(report.deadAirSeconds == 30)
    // Up: 1 Nov 00:00 → 15 Nov 12:00 (14.5 days) + 16 Nov → 1 Dec (15 days) = 708 h of 720.
    #expect(abs(report.upHours - 708) < 1e-6)
    #expect(report.periodHours == 720)
    #expect(report.uncleanStops == 1)
  }

  /// Hours by language, by field and by each origin; rows written before jobs carried labels count
  /// as unknown, except what the row itself proves (a relay, an uplink job).
  @Test func hoursByLanguageFieldAndOrigin() {
    let rows = [
      row("vov", "2026-11-02 05:00:00", 900, kind: .relay, info: BulletinInfo(language: "vi", origin: .relayNational)),
      row(
        "mong", "2026-11-02 06:00:00", 300, kind: .file,
        info: BulletinInfo(field: .policy, language: "hmn", origin: .own, author: "A Páo")),
      row("tin", "2026-11-03 06:00:00", 120, info: BulletinInfo(field: .localDirection, language: "vi", origin: .own)),
      // Written before the labels existed: nothing known but what the row proves.
      AsRunRecord(
        jobId: "old", bulletinClass: .normal, source: .cli, kind: .speech, title: "cũ",
        startedAt: at("2026-11-04 06:00:00"),
        durationSeconds: 60, outcome: .completed),
      AsRunRecord(
        jobId: "old-relay", bulletinClass: .normal, source: .schedule, kind: .relay, title: "cũ",
        startedAt: at("2026-11-04 07:00:00"), durationSeconds: 600, outcome: .completed),
      AsRunRecord(
        jobId: "old-prov", bulletinClass: .priority, source: .uplink, kind: .speech, title: "cũ",
        startedAt: at("2026-11-04 08:00:00"), durationSeconds: 30, outcome: .completed),
    ]
    let r = AirtimeReport.compute(
      from: at("2026-11-01 00:00:00"), until: at("2026-12-01 00:00:00"), rows: rows, zone: zone)
    func s(_ h: Double?) -> Double { ((h ?? 0) * 3600).rounded() }
    #expect(s(r.hoursByLanguage["vi"]) == 1020)
    #expect(s(r.hoursByLanguage["hmn"]) == 300)
    #expect(s(r.hoursByLanguage[unknownKey]) == 690)
    #expect(s(r.hoursByField["3"]) == 300 && s(r.hoursByField["4"]) == 120)
    #expect(s(r.hoursByField[unknownKey]) == 1590)
    #expect(s(r.hoursByOriginDetail["relay-national"]) == 900)
    #expect(s(r.hoursByOriginDetail["relay-other"]) == 600)
    #expect(s(r.hoursByOriginDetail["province-system"]) == 30)
    #expect(s(r.hoursByOriginDetail["own"]) == 420)
    #expect(s(r.hoursByOriginDetail[unknownKey]) == 60)
    #expect(s(r.hoursByOrigin["relay"]) == 1500 && s(r.hoursByOrigin["own"]) == 420)
    #expect(s(r.hoursByOrigin["unknown"]) == 60)
    // The old speech row is not counted as one of the commune's own bulletins: that would be a guess.
    #expect(r.ownBulletins == 2)
    let lines = Dictionary(ReportText.lines(r).map { ($0.0.trimmingCharacters(in: .whitespaces), $0.1) }) { a, _ in a }
    #expect(lines["Giờ phát — Tiếng Mông"] == "0.08")
    #expect(lines["Giờ phát — ngôn ngữ không rõ"] == "0.19")
    #expect(
      lines["Giờ phát — lĩnh vực 3. Đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước"] == "0.08")
    #expect(lines["Tiếp âm Đài Tiếng nói Việt Nam"] == "0.25")
    #expect(lines["Giờ phát — không rõ nguồn"] == "0.02")
    let log = BroadcastLog.compute(from: at("2026-11-01 00:00:00"), until: at("2026-12-01 00:00:00"), rows: rows)
    let csv = ReportText.csv(log)
    #expect(
      csv.contains(",\"3. Đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước\",Tiếng Mông,A Páo\r\n"))
    #expect(csv.contains("Tiếp sóng khác"))
  }

  /// The province's bulletins by what became of them: received in the period, approved from the
  /// inbox, aired, expired, rejected, still waiting.
  @Test func theProvincesBulletinsByFate() {
    let fates = [
      ProvinceJobFate(id: "p1", bulletinClass: .normal, status: .completed, approved: true),
      ProvinceJobFate(id: "p2", bulletinClass: .normal, status: .rejected, approved: false),
      ProvinceJobFate(id: "p3", bulletinClass: .normal, status: .inbox, approved: false),
      ProvinceJobFate(id: "p4", bulletinClass: .normal, status: .expired, approved: true),
      ProvinceJobFate(id: "p5", bulletinClass: .emergency, status: .completed, approved: false),
    ]
    let rows = [
      row("p1", "2026-11-05 06:00:00", 60, source: .uplink),
      row("p5", "2026-11-06 06:00:00", 30, source: .uplink, cls: .emergency),
      // Received in October, aired in November: aired here, received there.
      row("p0", "2026-11-01 06:00:00", 30, source: .uplink),
    ]
    let r = AirtimeReport.compute(
      from: at("2026-11-01 00:00:00"), until: at("2026-12-01 00:00:00"), rows: rows, provinceFates: fates, zone: zone)
    #expect(r.provinceJobs == 5 && r.provinceJobsAired == 3)
    #expect(r.provinceJobsApproved == 2 && r.provinceJobsExpired == 1)
    #expect(r.provinceJobsRejected == 1 && r.provinceJobsWaiting == 1)
    let lines = Dictionary(ReportText.lines(r).map { ($0.0.trimmingCharacters(in: .whitespaces), $0.1) }) { a, _ in a }
    #expect(lines["đã duyệt / hết hạn / từ chối / đang chờ duyệt"] == "2 / 1 / 1 / 1")
  }

  /// In a zone with daylight saving (a box configured for one, or a province server abroad): the
  /// month has 721 hours, the day the clocks go back has 25, and an airing across that night is
  /// split at local midnights.
  @Test func aZoneWithDaylightSavingCountsTheLongDay() throws {
    let ny = TimeZone(identifier: "America/New_York")!
    let p = try Period.month("2026-11", zone: ny)
    let from = try #require(p.from)
    let until = try #require(p.until)
    #expect(until.timeIntervalSince(from) == 721 * 3600)
    // 31 Oct 23:30 EDT for 3 h: 30 min on 31 Oct (outside), then 2 h 30 min on 1 Nov, whose 01:00–02:00 comes twice.
    let start = localTime("2026-10-31 23:30:00", ny)
    let rows = [
      AsRunRecord(
        jobId: "night", bulletinClass: .normal, source: .schedule, kind: .relay, title: "x", startedAt: start,
        durationSeconds: 3 * 3600, outcome: .completed),
      // 1 Nov 23:00 EST for 2 h: 1 h on each side of midnight.
      AsRunRecord(
        jobId: "late", bulletinClass: .normal, source: .schedule, kind: .relay, title: "y",
        startedAt: localTime("2026-11-01 23:00:00", ny), durationSeconds: 7200, outcome: .completed),
    ]
    let r = AirtimeReport.compute(
      from: from, until: until, rows: rows, runs: [RunSpan(start: from, end: until, clean: true)], zone: ny)
    #expect(r.periodHours == 721 && r.upHours == 721)
    #expect(r.daily.count == 30 && r.daily.first?.date == "2026-11-01" && r.daily.last?.date == "2026-11-30")
    #expect(abs((r.daily[0].hoursByOrigin["relay"] ?? 0) - 3.5) < 1e-9, "\(r.daily[0])")
    #expect(abs((r.daily[1].hoursByOrigin["relay"] ?? 0) - 1) < 1e-9, "\(r.daily[1])")
    #expect(abs(r.hours - 4.5) < 1e-9)
    let log = BroadcastLog.compute(from: from, until: until, rows: rows, zone: ny)
    // The night airing began in October: not in November's log; the late one is on 1 Nov.
    #expect(log.days.map(\.date) == ["2026-11-01"])
  }

  @Test func anEmptyPeriodIsAllZeros() {
    let report = AirtimeReport.compute(from: at("2026-11-01 00:00:00"), until: at("2026-11-02 00:00:00"), rows: [])
    #expect(report.hours == 0 && report.sessions == 0 && report.airings == 0 && report.upHours == 0)
    #expect(report.ownBulletinsByWeek.count == 1)
  }

  @Test func quartersHalvesAndYearsAreRead() throws {
    let q = try Period.longer("2026-Q4", zone: zone)
    #expect(q.from == at("2026-10-01 00:00:00") && q.until == at("2027-01-01 00:00:00"))
    let h = try Period.longer("2026-h1", zone: zone)
    #expect(h.from == at("2026-01-01 00:00:00") && h.until == at("2026-07-01 00:00:00"))
    let y = try Period.longer("2026", zone: zone)
    #expect(y.from == at("2026-01-01 00:00:00") && y.until == at("2027-01-01 00:00:00"))
    for bad in ["2026-Q5", "2026-H3", "2026-13", "26", "2026-Q", "năm ngoái", ""] {
      #expect(throws: LoaError.self, "\(bad)") { try Period.longer(bad, zone: zone) }
    }
  }
}

/// The weekly broadcast log an inspector checks, from a hand-made log.
struct BroadcastLogTests {
  let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

  func at(_ s: String) -> Date { localTime(s, zone) }

  func row(
    _ id: Int64, _ start: String, _ seconds: Double, kind: AiringKind = .speech, outcome: AiringOutcome = .completed
  )
    -> AsRunRecord
  {
    AsRunRecord(
      id: id, jobId: "j\(id)", bulletinClass: .normal, source: .cli, kind: kind, title: "Tin \(id)",
      startedAt: at(start), endedAt: at(start).addingTimeInterval(seconds), durationSeconds: seconds,
      outcome: outcome, operatorName: "Lan", info: BulletinInfo(language: "vi", origin: .own))
  }

  @Test func daysSessionsAndSubtotals() {
    var expired = AsRunRecord(
      jobId: "late", bulletinClass: .priority, source: .uplink, kind: .speech, title: "Tin muộn",
      endedAt: at("2026-11-24 07:00:00"), outcome: .expired)
    expired.id = 5
    let rows = [
      row(1, "2026-11-23 23:58:00", 240),  // across midnight: counted on the 23rd, where it began
      row(2, "2026-11-24 06:00:00", 60),
      row(3, "2026-11-24 06:03:00", 60),  // 2 min after: same session
      row(4, "2026-11-24 18:00:00", 30, kind: .file),
      expired,
      row(6, "2026-11-30 00:00:00", 10),  // the next week: outside
      row(0, "2026-11-22 23:59:59", 10),  // the previous week: outside
    ]
    let log = BroadcastLog.compute(
      from: at("2026-11-23 00:00:00"), until: at("2026-11-30 00:00:00"), rows: rows, zone: zone)
    #expect(log.days.map(\.date) == ["2026-11-23", "2026-11-24"])
    #expect(log.days.map(\.sessions) == [1, 2])
    #expect(log.days.map(\.seconds) == [240, 150])
    #expect(log.days[1].lines.map(\.id) == [2, 3, 5, 4])
    #expect(log.days[1].lines.map(\.opensSession) == [true, false, false, true])
    #expect(log.days[1].lines[2].outcome == .expired && log.days[1].lines[2].origin == .provinceSystem)
    #expect(log.sessions == 3 && log.seconds == 390)
    let csv = ReportText.csv(log)
    #expect(csv.hasPrefix("\u{FEFF}Ngày,Bắt đầu,Kết thúc"))
    #expect(csv.contains("2026-11-24,06:03:00,06:04:00,60.0,Tin 3,đọc văn bản,thông thường,Tự sản xuất,phát xong,Lan,"))
    #expect(csv.contains("2026-11-24,,,150.0,Cộng ngày: 2 buổi phát"))
    let table = ReportText.table(log)
    #expect(table.contains("Cộng ngày 2026-11-24: 2 buổi, 2.5 phút"))
    #expect(table.contains("Tổng: 3 buổi phát"))
  }
}
