import Foundation
import LoaCore
import LoaProtocol
import LoaReports
import LoaStation
import LoaStationWire
import LoaTesting
import Testing

/// Reports over stored day tallies: the same figures as counting every row, and a row that
/// arrives late for a day already counted is in the next report.
@Suite struct DayTallyTests {
  let dir = TempDir("loa-station-tallies")
  let zone = LocalTime.zone

  func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    return cal.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour, minute: minute))!
  }

  func airing(_ id: Int64, _ start: Date, _ seconds: Double, kind: AiringKind = .speech) -> AsRunRecord {
    var r = row(id, at: start)
    r.kind = kind
    r.durationSeconds = seconds
    r.endedAt = start.addingTimeInterval(seconds)
    r.origin = kind == .relay ? .relayNational : .own
    return r
  }

  func expectSame(_ a: AirtimeReport, _ b: AirtimeReport, _ what: String) {
    #expect(
      a.airings == b.airings && a.sessions == b.sessions,
      "\(what): \(a.airings)/\(b.airings) \(a.sessions)/\(b.sessions)")
    #expect(abs(a.hours - b.hours) < 1e-9, "\(what): hours")
    #expect(a.ownBulletins == b.ownBulletins && a.ownBulletinsByWeek == b.ownBulletinsByWeek, "\(what): own")
    #expect(a.daily.map(\.date) == b.daily.map(\.date), "\(what): days")
  }

  @Test(arguments: Engine.allCases) func aLateRowForADayAlreadyCountedIsInTheNextReport(engine: Engine) throws {
    let store = try engine.store(dir)
    var rows: [AsRunRecord] = []
    var id: Int64 = 0
    for day in 1...29 {
      id += 1
      rows.append(airing(id, at(day, 5, 30), 1800, kind: .relay))
      id += 1
      rows.append(airing(id, at(day, 17), 120))
    }
    // Across midnight into 30 Nov, and across the end of the period.
    id += 1
    rows.append(airing(id, at(29, 23, 50), 1200, kind: .relay))
    id += 1
    rows.append(airing(id, at(30, 23, 0), 7200, kind: .relay))
    _ = try store.ingest([.asRun(box1, AsRunBatch(box: "loa-01", log: "l", rows: rows))], now: at(30, 23, 59))
    _ = try store.ingest(
      [.asRun(box2, AsRunBatch(box: "loa-02", log: "l", rows: Array(rows.prefix(20))))], now: at(30, 23, 59))

    // A period with ragged ends, so the head and tail come from rows and the rest from tallies.
    let from = at(1, 4)
    let until = at(30, 23, 30)
    func report(gap: Double = 300) throws -> StationWire.AreaReport {
      try store.areaReport(to: "xa", boxes: [box1, box2], from: from, until: until, gapSeconds: gap, now: until)
    }
    let first = try report()
    expectSame(
      try #require(first.perBox.first { $0.box == "loa-01" }).report,
      AirtimeReport.compute(from: from, until: until, rows: rows, zone: zone), "loa-01, counted")
    // Read again: now from the stored tallies.
    let again = try report()
    expectSame(again.total, first.total, "from the tallies")
    #expect(again.total.airings == 60 + 20)

    // loa-01 was offline on 10 Nov; its bulletin of that day comes in now, 20 days late.
    let late = airing(1000, at(10, 9), 300)
    _ = try store.ingest([.asRun(box1, AsRunBatch(box: "loa-01", log: "l", rows: [late]))], now: until)
    let after = try report()
    expectSame(
      try #require(after.perBox.first { $0.box == "loa-01" }).report,
      AirtimeReport.compute(from: from, until: until, rows: rows + [late], zone: zone), "loa-01, late row")
    #expect(after.total.airings == again.total.airings + 1)
    #expect(abs((after.total.hours - again.total.hours) * 3600 - 300) < 1e-6)

    // Another session gap counts the days again (a tally's sessions depend on it).
    let wide = try report(gap: 86_400)
    #expect(
      wide.perBox.first { $0.box == "loa-01" }?.report.sessions
        == AirtimeReport.compute(from: from, until: until, rows: rows + [late], sessionGapSeconds: 86_400, zone: zone)
        .sessions)
    #expect(wide.perBox.first { $0.box == "loa-01" }?.report.sessions == 1)
  }
}
