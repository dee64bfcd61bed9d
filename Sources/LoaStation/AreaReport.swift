import Foundation
import LoaCore
import LoaProtocol
import LoaReports
import LoaStationWire

extension StationStore {
  /// Rows that may touch `[from, until)` (started in it, or placed in it when they never aired),
  /// read from columns (a year of a 20-box commune is ~800,000 rows; decoding each row's JSON
  /// would take seconds), with the box they came from.
  public func reportRows(boxKeys: [String], from: Date, until: Date) throws(LoaError) -> [String: [AsRunRecord]] {
    do {
      return try database.read { db in try Self.reportRows(db, boxKeys: boxKeys, from: from, until: until) }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  static func reportRows(_ db: any SQLConnection, boxKeys: [String], from: Date, until: Date) throws -> [String:
    [AsRunRecord]]
  {
    // An airing that began before `from` may still run into it: look back a day.
    let lookBack = from.addingTimeInterval(-86_400)
    var out: [String: [AsRunRecord]] = [:]
    let wanted = Set(boxKeys)
    let columns = """
      SELECT box_key, row_id, job_id, class, source, kind, title, outcome, started_at, ended_at, duration_s,
        dead_air_s, logged_at, origin, language, field FROM asrun
      """
    let total = try db.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM boxes") ?? 0
    // A few boxes of many (a hamlet, one box): by box, through (box_key, started_at).
    let rows =
      boxKeys.count < total
      ? try db.fetchAll(
        sql: columns + """
           WHERE box_key IN (\(boxKeys.map { _ in "?" }.joined(separator: ",")))
          AND ((started_at >= ? AND started_at < ?) OR (started_at IS NULL AND logged_at >= ? AND logged_at < ?))
          """,
        arguments: boxKeys + [lookBack, until, from, until] as [(any SQLValueConvertible)?])
      : try db.fetchAll(
        sql: columns + (db.dialect == .sqlite ? " INDEXED BY asrun_started" : "") + """

          WHERE (started_at >= ? AND started_at < ?) OR (started_at IS NULL AND logged_at >= ? AND logged_at < ?)
          """, arguments: [lookBack, until, from, until])
    // By column index, not name: a name lookup per column per row was a third of the time.
    for r in rows {
      let k: String = r[0]
      guard wanted.contains(k) else { continue }
      var rec = AsRunRecord(
        id: r[1], jobId: r[2] ?? "", bulletinClass: BulletinClass(rawValue: r[3] ?? "") ?? .normal,
        source: JobSource(rawValue: r[4] ?? "") ?? .api, kind: AiringKind(rawValue: r[5] ?? "") ?? .speech,
        title: r[6] ?? "", startedAt: r[8], endedAt: r[9], durationSeconds: r[10],
        outcome: AiringOutcome(rawValue: r[7] ?? "") ?? .completed, deadAirSeconds: r[11])
      rec.loggedAt = r[12]
      rec.origin = (r[13] as String?).flatMap(BulletinOrigin.init(rawValue:))
      rec.language = r[14]
      rec.field = (r[15] as Int?).flatMap(BulletinField.init(rawValue:))
      out[k, default: []].append(rec)
    }
    return out
  }

  /// Each box's airtime tally over `[from, until)`: whole local days from the stored day tallies,
  /// the days not stored yet (or changed since) counted from their rows and stored, and the
  /// ragged ends of the period counted from rows.
  public func tallies(
    boxKeys: [String], from: Date, until: Date, gapSeconds: Double, zone: TimeZone = LocalTime.zone
  ) throws(LoaError) -> [String: AirtimeTally] {
    var localDays = LocalDays(zone: zone)
    let whole = localDays.whole(from: from, until: until)
    guard let first = whole.first, let last = whole.last else {
      // Less than a day: from the rows.
      let rows = try reportRows(boxKeys: boxKeys, from: from, until: until)
      var out: [String: AirtimeTally] = [:]
      for k in boxKeys {
        var t = AirtimeTally()
        for r in rows[k] ?? [] { t.add(r, from: from, until: until, days: &localDays) }
        out[k] = t
      }
      return out
    }
    struct Fresh {
      var box: String
      var day: Date
      var stamp: Int64?
      var tally: AirtimeTally
    }
    do {
      // One snapshot: the stamps and the rows they stand for.
      let (stored, fresh, head, tail) = try database.read { db in
        var stored: [String: [Date: AirtimeTally]] = [:]
        var stamps: [String: [Date: Int64]] = [:]
        let cursor = try db.fetchAll(
          sql: """
            SELECT box_key, day_start, stamp, gap, tally FROM asrun_days
            WHERE box_key IN (\(boxKeys.map { _ in "?" }.joined(separator: ","))) AND day_start >= ? AND day_start < ?
            """,
          arguments: boxKeys + [first.start, last.end] as [(any SQLValueConvertible)?])
        for r in cursor {
          let k: String = r[0]
          let day: Date = r[1]
          stamps[k, default: [:]][day] = r[2]
          if let gap: Double = r[3], gap == gapSeconds, let blob: Data = r[4], let t = AirtimeTally(encoded: blob) {
            stored[k, default: [:]][day] = t
          }
        }
        // The days to count: runs of consecutive missing days per box, each read in one go.
        var fresh: [Fresh] = []
        for k in boxKeys {
          var missing: [LocalDays.Day] = whole.filter { stored[k]?[$0.start] == nil }
          while let runStart = missing.first {
            var n = 1
            while n < missing.count && missing[n].start == missing[n - 1].end { n += 1 }
            let run = Array(missing[..<n])
            missing.removeFirst(n)
            let rows = try Self.reportRows(db, boxKeys: [k], from: runStart.start, until: run.last!.end)[k] ?? []
            var index: [Date: Int] = [:]
            for (i, d) in run.enumerated() { index[d.start] = i }
            var dayTallies = Array(repeating: AirtimeTally(), count: run.count)
            var days = LocalDays(zone: zone)
            for r in rows {
              for d in AirtimeTally.days(touchedBy: r, days: &days) {
                guard let i = index[d] else { continue }
                dayTallies[i].add(r, from: run[i].start, until: run[i].end, days: &days)
              }
            }
            for (i, d) in run.enumerated() {
              dayTallies[i].compact(gap: gapSeconds)
              fresh.append(Fresh(box: k, day: d.start, stamp: stamps[k]?[d.start], tally: dayTallies[i]))
            }
          }
        }
        let head = from < first.start ? try Self.reportRows(db, boxKeys: boxKeys, from: from, until: first.start) : [:]
        let tail = last.end < until ? try Self.reportRows(db, boxKeys: boxKeys, from: last.end, until: until) : [:]
        return (stored, fresh, head, tail)
      }
      // Keep what was counted, where nothing arrived for that day since.
      if !fresh.isEmpty {
        try database.write { db in
          for f in fresh {
            let blob = f.tally.encoded()
            if let stamp = f.stamp {
              try db.execute(
                sql: "UPDATE asrun_days SET gap = ?, tally = ? WHERE box_key = ? AND day_start = ? AND stamp = ?",
                arguments: [gapSeconds, blob, f.box, f.day, stamp])
            } else {
              try db.execute(
                sql: """
                  INSERT INTO asrun_days (box_key, day_start, stamp, gap, tally) VALUES (?, ?, 0, ?, ?)
                  ON CONFLICT (box_key, day_start) DO NOTHING
                  """, arguments: [f.box, f.day, gapSeconds, blob])
            }
          }
        }
      }
      var byDay = stored
      for f in fresh { byDay[f.box, default: [:]][f.day] = f.tally }
      var out: [String: AirtimeTally] = [:]
      for k in boxKeys {
        var t = AirtimeTally()
        for r in head[k] ?? [] { t.add(r, from: from, until: first.start, days: &localDays) }
        for d in whole { if let dt = byDay[k]?[d.start] { t.append(dt) } }
        var end = AirtimeTally()
        for r in tail[k] ?? [] { end.add(r, from: last.end, until: until, days: &localDays) }
        t.append(end)
        out[k] = t
      }
      return out
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// Each box's online spans as runs (for up-time), and how many offline spans began in the period.
  public func onlineRuns(boxKey: String, from: Date, until: Date, now: Date) throws(LoaError) -> ([RunSpan], Int) {
    do {
      return try database.read { db in
        var runs: [RunSpan] = []
        var offline = 0
        for r in try db.fetchAll(
          sql: "SELECT online, from_at, to_at FROM box_spans WHERE box_key = ? AND from_at < ? ORDER BY id",
          arguments: [boxKey, until])
        {
          let start: Date = r["from_at"]
          let end: Date = r["to_at"] ?? now
          guard end > from else { continue }
          if r["online"] as Bool {
            runs.append(RunSpan(start: start, end: end, clean: true))
          } else if start >= from {
            offline += 1
          }
        }
        return (runs, offline)
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// The report for the boxes of an area.
  public func areaReport(
    to: String, boxes: [BoxIdentity], from: Date, until: Date, gapSeconds: Double, now: Date = Date()
  ) throws(LoaError) -> StationWire.AreaReport {
    let keys = boxes.map(Self.key)
    let tallies = try tallies(boxKeys: keys, from: from, until: until, gapSeconds: gapSeconds)
    var perBox: [StationWire.AreaReport.Part] = []
    for b in boxes {
      let (runs, offline) = try onlineRuns(boxKey: Self.key(b), from: from, until: until, now: now)
      let r = (tallies[Self.key(b)] ?? AirtimeTally()).report(
        from: from, until: until, runs: runs, sessionGapSeconds: gapSeconds)
      perBox.append(.init(hamlet: b.hamlet, box: b.box, boxes: 1, offlineSpans: offline, report: r))
    }
    func joined(_ parts: [StationWire.AreaReport.Part], _ boxes: [BoxIdentity]) -> AirtimeReport {
      var t = AirtimeTally()
      for b in boxes { t.combine(tallies[Self.key(b)] ?? AirtimeTally()) }
      var r = t.report(from: from, until: until, sessionGapSeconds: gapSeconds)
      r.upHours = parts.reduce(0) { $0 + $1.report.upHours }
      r.periodHours = parts.reduce(0) { $0 + $1.report.periodHours }
      return r
    }
    var hamlets: [StationWire.AreaReport.Part] = []
    for h in Array(Set(boxes.map(\.hamlet))).sorted() {
      let inHamlet = boxes.filter { $0.hamlet == h }
      let parts = perBox.filter { $0.hamlet == h }
      hamlets.append(
        .init(
          hamlet: h, box: nil, boxes: inHamlet.count, offlineSpans: parts.reduce(0) { $0 + $1.offlineSpans },
          report: joined(parts, inHamlet)))
    }
    let total = joined(perBox, boxes)
    return StationWire.AreaReport(to: to, boxes: boxes.count, total: total, hamlets: hamlets, perBox: perBox)
  }
}
