import Foundation
import GRDB
import LoaCore
import LoaProtocol
import LoaReports

extension StationWire {
  /// `GET /v1/reports/airtime?since&until&for=`: the airtime statistics across the boxes of an
  /// area, then per hamlet and per box. Up-time is the station's own record of each box's online
  /// spans (heartbeats and last wills), not what the boxes say.
  public struct AreaReport: Codable, Sendable {
    public var to: String
    public var boxes: Int
    /// All rows of the area together: sessions that overlap on several boxes are one session;
    /// hours are box-hours (the sum over boxes); up-time is summed over boxes too.
    public var total: AirtimeReport
    public var hamlets: [Part]
    public var perBox: [Part]
    public struct Part: Codable, Sendable {
      public var hamlet: String
      /// Nil for a hamlet's line.
      public var box: String?
      public var boxes: Int
      public var offlineSpans: Int
      public var report: AirtimeReport
      enum CodingKeys: String, CodingKey {
        case hamlet, box, boxes, report
        case offlineSpans = "offline_spans"
      }
    }
    enum CodingKeys: String, CodingKey {
      case to, boxes, total, hamlets
      case perBox = "per_box"
    }
  }
}

extension StationStore {
  /// Rows that may touch `[from, until)` (started in it, or placed in it when they never aired),
  /// read from columns (a year of a 20-box commune is ~800,000 rows; decoding each row's JSON
  /// would take seconds), with the box they came from.
  public func reportRows(boxKeys: [String], from: Date, until: Date) throws(LoaError) -> [String: [AsRunRecord]] {
    // An airing that began before `from` may still run into it: look back a day.
    let lookBack = from.addingTimeInterval(-86_400)
    do {
      return try pool.read { db in
        var out: [String: [AsRunRecord]] = [:]
        let wanted = Set(boxKeys)
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT box_key, row_id, job_id, class, source, kind, title, outcome, started_at, ended_at, duration_s,
              dead_air_s, logged_at, origin, language, field FROM asrun
            WHERE (started_at >= ? AND started_at < ?) OR (started_at IS NULL AND logged_at >= ? AND logged_at < ?)
            ORDER BY started_at
            """, arguments: [lookBack, until, from, until])
        while let r = try rows.next() {
          let k: String = r["box_key"]
          guard wanted.contains(k) else { continue }
          var rec = AsRunRecord(
            id: r["row_id"], jobId: r["job_id"] ?? "",
            bulletinClass: BulletinClass(rawValue: r["class"] ?? "") ?? .normal,
            source: JobSource(rawValue: r["source"] ?? "") ?? .api,
            kind: AiringKind(rawValue: r["kind"] ?? "") ?? .speech,
            title: r["title"] ?? "", startedAt: r["started_at"], endedAt: r["ended_at"],
            durationSeconds: r["duration_s"], outcome: AiringOutcome(rawValue: r["outcome"] ?? "") ?? .completed,
            deadAirSeconds: r["dead_air_s"])
          rec.loggedAt = r["logged_at"]
          rec.origin = (r["origin"] as String?).flatMap(BulletinOrigin.init(rawValue:))
          rec.language = r["language"]
          rec.field = (r["field"] as Int?).flatMap(BulletinField.init(rawValue:))
          out[k, default: []].append(rec)
        }
        return out
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// Each box's online spans as runs (for up-time), and how many offline spans began in the period.
  public func onlineRuns(boxKey: String, from: Date, until: Date, now: Date) throws(LoaError) -> ([RunSpan], Int) {
    do {
      return try pool.read { db in
        var runs: [RunSpan] = []
        var offline = 0
        for r in try Row.fetchAll(
          db, sql: "SELECT online, from_at, to_at FROM box_spans WHERE box_key = ? AND from_at < ? ORDER BY id",
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
    let rows = try reportRows(boxKeys: keys, from: from, until: until)
    var perBox: [StationWire.AreaReport.Part] = []
    for b in boxes {
      let k = Self.key(b)
      let (runs, offline) = try onlineRuns(boxKey: k, from: from, until: until, now: now)
      let r = AirtimeReport.compute(
        from: from, until: until, rows: rows[k] ?? [], runs: runs, sessionGapSeconds: gapSeconds)
      perBox.append(.init(hamlet: b.hamlet, box: b.box, boxes: 1, offlineSpans: offline, report: r))
    }
    var hamlets: [StationWire.AreaReport.Part] = []
    for h in Array(Set(boxes.map(\.hamlet))).sorted() {
      let inHamlet = boxes.filter { $0.hamlet == h }
      let hamletRows = inHamlet.flatMap { rows[Self.key($0)] ?? [] }.sorted {
        ($0.placedAt ?? .distantPast) < ($1.placedAt ?? .distantPast)
      }
      var r = AirtimeReport.compute(from: from, until: until, rows: hamletRows, sessionGapSeconds: gapSeconds)
      let parts = perBox.filter { $0.hamlet == h }
      r.upHours = parts.reduce(0) { $0 + $1.report.upHours }
      r.periodHours = parts.reduce(0) { $0 + $1.report.periodHours }
      hamlets.append(
        .init(
          hamlet: h, box: nil, boxes: inHamlet.count, offlineSpans: parts.reduce(0) { $0 + $1.offlineSpans }, report: r)
      )
    }
    let everything = rows.values.flatMap { $0 }.sorted { ($0.placedAt ?? .distantPast) < ($1.placedAt ?? .distantPast) }
    var total = AirtimeReport.compute(from: from, until: until, rows: everything, sessionGapSeconds: gapSeconds)
    total.upHours = perBox.reduce(0) { $0 + $1.report.upHours }
    total.periodHours = perBox.reduce(0) { $0 + $1.report.periodHours }
    return StationWire.AreaReport(to: to, boxes: boxes.count, total: total, hamlets: hamlets, perBox: perBox)
  }
}
