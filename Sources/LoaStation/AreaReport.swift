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
        let columns = """
          SELECT box_key, row_id, job_id, class, source, kind, title, outcome, started_at, ended_at, duration_s,
            dead_air_s, logged_at, origin, language, field FROM asrun
          """
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM boxes") ?? 0
        // A few boxes of many (a hamlet, one box): by box, through (box_key, started_at).
        let rows =
          boxKeys.count < total
          ? try Row.fetchCursor(
            db,
            sql: columns + """
               WHERE box_key IN (\(boxKeys.map { _ in "?" }.joined(separator: ",")))
              AND ((started_at >= ? AND started_at < ?) OR (started_at IS NULL AND logged_at >= ? AND logged_at < ?))
              """,
            arguments: StatementArguments(boxKeys + [lookBack, until, from, until] as [any DatabaseValueConvertible]))
          : try Row.fetchCursor(
            db,
            sql: columns + """
               INDEXED BY asrun_started
              WHERE (started_at >= ? AND started_at < ?) OR (started_at IS NULL AND logged_at >= ? AND logged_at < ?)
              """, arguments: [lookBack, until, from, until])
        // By column index, not name: a name lookup per column per row was a third of the time.
        while let r = try rows.next() {
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
    var spans: [([RunSpan], Int)] = []
    for b in boxes { spans.append(try onlineRuns(boxKey: Self.key(b), from: from, until: until, now: now)) }
    // One box per core at a time (the reports are independent).
    let parts = ReportSlots(count: boxes.count)
    let found = spans
    DispatchQueue.concurrentPerform(iterations: boxes.count) { i in
      let b = boxes[i]
      let r = AirtimeReport.compute(
        from: from, until: until, rows: rows[Self.key(b)] ?? [], runs: found[i].0, sessionGapSeconds: gapSeconds)
      parts.set(i, .init(hamlet: b.hamlet, box: b.box, boxes: 1, offlineSpans: found[i].1, report: r))
    }
    let perBox = parts.all
    var hamlets: [StationWire.AreaReport.Part] = []
    for h in Array(Set(boxes.map(\.hamlet))).sorted() {
      let inHamlet = boxes.filter { $0.hamlet == h }
      let hamletRows = inHamlet.lazy.flatMap { rows[Self.key($0)] ?? [] }
      var r = AirtimeReport.compute(from: from, until: until, rows: hamletRows, sessionGapSeconds: gapSeconds)
      let parts = perBox.filter { $0.hamlet == h }
      r.upHours = parts.reduce(0) { $0 + $1.report.upHours }
      r.periodHours = parts.reduce(0) { $0 + $1.report.periodHours }
      hamlets.append(
        .init(
          hamlet: h, box: nil, boxes: inHamlet.count, offlineSpans: parts.reduce(0) { $0 + $1.offlineSpans }, report: r)
      )
    }
    let everything = rows.values.lazy.flatMap { $0 }
    var total = AirtimeReport.compute(from: from, until: until, rows: everything, sessionGapSeconds: gapSeconds)
    total.upHours = perBox.reduce(0) { $0 + $1.report.upHours }
    total.periodHours = perBox.reduce(0) { $0 + $1.report.periodHours }
    return StationWire.AreaReport(to: to, boxes: boxes.count, total: total, hamlets: hamlets, perBox: perBox)
  }
}

/// The per-box reports as the concurrent loop fills them.
// @unchecked Sendable: every slot is written once, under `lock`.
final class ReportSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [StationWire.AreaReport.Part?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ p: StationWire.AreaReport.Part) {
    lock.lock()
    slots[i] = p
    lock.unlock()
  }
  var all: [StationWire.AreaReport.Part] {
    lock.lock()
    defer { lock.unlock() }
    return slots.compactMap { $0 }
  }
}
