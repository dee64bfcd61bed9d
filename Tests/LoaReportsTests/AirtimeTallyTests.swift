import Foundation
import LoaCore
import LoaReports
import Testing

/// Tallies kept per box and day, joined, give exactly the report counted from all rows at once.
struct AirtimeTallyTests {
  let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

  /// A reproducible log for a few boxes: airings of every kind and class, some across midnight,
  /// some a few minutes apart (one session), some longer than a day, a failure, dead air.
  func log(boxes: Int, seed: UInt64) -> [[AsRunRecord]] {
    var rng = SplitMix(seed)
    let base = localTime("2026-11-27 00:00:00", zone)
    let kinds: [AiringKind] = [.speech, .file, .relay, .chime]
    let sources: [JobSource] = [.cli, .schedule, .uplink, .api]
    let classes: [BulletinClass] = [.normal, .priority, .emergency]
    return (0..<boxes).map { box in
      var t = base.addingTimeInterval(Double(rng.next(7200)))
      var rows: [AsRunRecord] = []
      for i in 0..<120 {
        let kind = kinds[rng.next(4)]
        let seconds = rng.next(60) == 0 ? Double(20_000 + rng.next(80_000)) : Double(5 + rng.next(1800))
        let job = "j\(box)-\(rng.next(40))"  // jobs aired more than once
        var r = AsRunRecord(
          jobId: rng.next(5) == 0 ? "shared-\(i % 7)" : job, bulletinClass: classes[rng.next(3)],
          source: sources[rng.next(4)], kind: kind, title: job, startedAt: t, endedAt: t.addingTimeInterval(seconds),
          durationSeconds: seconds, outcome: rng.next(15) == 0 ? .failed : .completed,
          info: BulletinInfo(
            field: rng.next(3) == 0 ? nil : BulletinField(rawValue: 1 + rng.next(6)),
            language: ["vi", "hmn", nil][rng.next(3)],
            origin: [.own, .relayNational, .provinceSystem, nil][rng.next(4)]))
        if rng.next(6) == 0 { r.deadAirSeconds = Double(rng.next(30)) }
        if r.outcome == .failed && rng.next(2) == 0 {
          r.startedAt = nil
          r.durationSeconds = nil
          r.loggedAt = t
        }
        rows.append(r)
        // Sometimes back to back, sometimes minutes or hours later.
        t = t.addingTimeInterval(Double([0, 60, 200, 400, 3600, 20_000][rng.next(6)]) + min(seconds, 3000))
      }
      return rows
    }
  }

  func expectSame(_ a: AirtimeReport, _ b: AirtimeReport, _ what: String) {
    #expect(a.sessions == b.sessions, "\(what): sessions")
    #expect(a.airings == b.airings, "\(what): airings")
    #expect(abs(a.hours - b.hours) < 1e-6, "\(what): hours")
    for (x, y) in [
      (a.hoursByOrigin, b.hoursByOrigin), (a.hoursByOriginDetail, b.hoursByOriginDetail),
      (a.hoursByLanguage, b.hoursByLanguage), (a.hoursByField, b.hoursByField), (a.hoursByClass, b.hoursByClass),
      (a.hoursByKind, b.hoursByKind),
    ] {
      #expect(Set(x.keys) == Set(y.keys), "\(what): \(x.keys) \(y.keys)")
      for (k, v) in x { #expect(abs(v - (y[k] ?? -1)) < 1e-6, "\(what): \(k)") }
    }
    #expect(a.ownBulletins == b.ownBulletins && a.ownBulletinsByWeek == b.ownBulletinsByWeek, "\(what): own")
    #expect(a.emergencies == b.emergencies && a.emergencyStartSeconds == b.emergencyStartSeconds, "\(what)")
    #expect(a.provinceJobs == b.provinceJobs && a.provinceJobsAired == b.provinceJobsAired, "\(what): province")
    #expect(a.failures == b.failures, "\(what): failures")
    #expect(abs(a.deadAirSeconds - b.deadAirSeconds) < 1e-6, "\(what): dead air")
    #expect(a.daily.map(\.date) == b.daily.map(\.date), "\(what): days")
    for (x, y) in zip(a.daily, b.daily) {
      for (k, v) in x.hoursByOrigin { #expect(abs(v - (y.hoursByOrigin[k] ?? -1)) < 1e-9, "\(what): \(x.date) \(k)") }
    }
  }

  @Test(arguments: [1, 2, 3, 4]) func daysAndBoxesJoinedAreTheWholeCount(seed: Int) throws {
    let boxes = log(boxes: 3, seed: UInt64(seed))
    // A period with ragged ends (10:17 on the first day to 15:42 eight days later).
    let from = localTime("2026-11-28 10:17:00", zone)
    let until = localTime("2026-12-06 15:42:00", zone)
    var days = LocalDays(zone: zone)
    let whole = days.whole(from: from, until: until)
    #expect(whole.count == 7)
    let received = Dictionary(
      boxes.joined().map { ($0.jobId, ($0.startedAt ?? from).addingTimeInterval(-3)) }, uniquingKeysWith: min)

    var area = AirtimeTally()
    for rows in boxes {
      // The box's tally: the head, each whole day (stored and read back), the tail.
      let windows = [(from, whole[0].start)] + whole.map { ($0.start, $0.end) } + [(whole.last!.end, until)]
      var tally = AirtimeTally()
      for (f, u) in windows {
        var piece = AirtimeTally()
        for r in rows { piece.add(r, from: f, until: u, days: &days) }
        piece.compact(gap: 300)
        let stored = try #require(AirtimeTally(encoded: piece.encoded()))
        #expect(stored == piece)
        tally.append(stored)
      }
      let expected = AirtimeReport.compute(from: from, until: until, rows: rows, received: received, zone: zone)
      expectSame(tally.report(from: from, until: until, received: received, zone: zone), expected, "box")
      area.combine(tally)
    }
    let expected = AirtimeReport.compute(
      from: from, until: until, rows: Array(boxes.joined()), received: received, zone: zone)
    // The log exercises what it is meant to.
    #expect(expected.airings > 100 && expected.sessions > 10, "\(expected.airings) \(expected.sessions)")
    #expect(expected.failures > 0 && expected.emergencies > 0 && expected.deadAirSeconds > 0)
    expectSame(area.report(from: from, until: until, received: received, zone: zone), expected, "area")
  }

  @Test func aTallyThatIsNotOneIsRefused() throws {
    var t = AirtimeTally()
    var days = LocalDays(zone: zone)
    for r in log(boxes: 1, seed: 9)[0] {
      t.add(r, from: localTime("2026-11-27 00:00:00", zone), until: localTime("2026-11-28 00:00:00", zone), days: &days)
    }
    let good = t.encoded()
    #expect(AirtimeTally(encoded: good) == t)
    // Cut short, one byte more, a count that claims more than there is, JSON of an older build.
    var huge = good
    huge.replaceSubrange(3..<11, with: [UInt8](repeating: 0xFF, count: 8))
    for bad in [good.prefix(good.count - 1), good + [0], huge, Data(#"{"o":{}}"#.utf8), Data()] {
      #expect(AirtimeTally(encoded: bad) == nil)
    }
  }
}

/// A small seeded generator (SplitMix64), so a failure can be replayed.
struct SplitMix {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next(_ below: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int((z ^ (z >> 31)) % UInt64(below))
  }
}
