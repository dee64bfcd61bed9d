import Foundation
import Hummingbird
import LoaCore
import LoaReports
import LoaStorage

extension ControlAPI {
  /// `GET /v1/reports/airtime?since=ISO&until=ISO&gap_s=N`: the periodic airtime statistics;
  /// `GET /v1/reports/log?…`: the broadcast log (same parameters).
  func addReportRoutes(_ router: Router<BasicRequestContext>) {
    let api = self
    router.get("/v1/reports/airtime") { request, _ in
      let (since, until, gap) = try api.reportPeriod(request)
      let store = api.store
      let report = try await offload("loa-report") {
        Result { () throws(LoaError) in try Self.airtime(store, since: since, until: until, gap: gap) }
      }.get()
      return try json(report)
    }
    router.get("/v1/reports/log") { request, _ in
      let (since, until, gap) = try api.reportPeriod(request)
      let store = api.store
      let log = try await offload("loa-report") {
        Result { () throws(LoaError) in
          // Whole rows (titles, operators); a week is a few hundred, a year of a busy box 40,000.
          BroadcastLog.compute(
            from: since, until: until, rows: try store.asRun(airedFrom: since, until: until), sessionGapSeconds: gap)
        }
      }.get()
      return try json(log)
    }
  }

  /// `since`, `until` (both required, ISO 8601, since < until) and `gap_s` (0–86400, default 300).
  func reportPeriod(_ request: Request) throws -> (Date, Date, Double) {
    let q = request.uri.queryParameters
    func instant(_ name: String) throws -> Date {
      guard let s = q.get(name) else {
        throw APIError(.badRequest, "bad_query", "'\(name)' is required (an ISO 8601 instant)")
      }
      guard let d = LocalTime.parseISO(s) else {
        throw APIError(.badRequest, "bad_query", "'\(name)' must be an ISO 8601 instant, got '\(s)'")
      }
      return d
    }
    let since = try instant("since")
    let until = try instant("until")
    guard since < until else {
      throw APIError(.badRequest, "bad_query", "'since' must be before 'until' (từ phải trước đến)")
    }
    let gap = try intParam(q.get("gap_s"), name: "gap_s", default: 300)
    guard (0...86_400).contains(gap) else {
      throw APIError(.badRequest, "bad_query", "'gap_s' must be between 0 and 86400")
    }
    return (since, until, Double(gap))
  }

  /// Reads what the report needs — rows that may touch the period (an airing that began up to a
  /// day before it can straddle its start), the emergencies' receipt times, the daemon's runs —
  /// and computes it.
  static func airtime(_ store: Store, since: Date, until: Date, gap: Double) throws(LoaError) -> AirtimeReport {
    let rows = try store.airings(airedFrom: since.addingTimeInterval(-86_400), until: until)
    var received: [String: Date] = [:]
    for id in Set(rows.filter { $0.bulletinClass == .emergency }.map(\.jobId)) {
      if let job = try store.job(id: id) { received[id] = job.createdAt }
    }
    let now = Date()
    let runs = try store.runs(from: since, until: until).map {
      // The run still going (this one) counts up to now.
      RunSpan(start: $0.startedAt, end: $0.stoppedAt ?? now, clean: $0.stoppedAt == nil || $0.clean)
    }
    return AirtimeReport.compute(
      from: since, until: until, rows: rows, received: received, runs: runs,
      provinceFates: try store.provinceJobs(receivedFrom: since, until: until), sessionGapSeconds: gap)
  }
}
