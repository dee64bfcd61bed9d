import Foundation
import LoaCore

/// Where an airing came from, in the three groups the periodic reports split hours by: the
/// commune's own (*tự sản xuất*), relayed from a station (*tiếp âm*), sent by the province; and
/// unknown for rows that do not say (written before jobs carried an origin).
public enum Origin: String, Codable, Sendable, CaseIterable {
  case own
  case relay
  case province
  case unknown

  public init(_ origin: BulletinOrigin?) {
    switch origin {
    case .own: self = .own
    case .relayNational, .relayProvince, .relayDistrict, .relayOther: self = .relay
    case .provinceSystem, .provinceBulletin: self = .province
    case nil: self = .unknown
    }
  }

  public init(_ row: AsRunRecord) { self.init(row.reportedOrigin) }

  public var vietnameseName: String {
    switch self {
    case .own: "tự sản xuất"
    case .relay: "tiếp âm"
    case .province: "của tỉnh gửi"
    case .unknown: "không rõ nguồn"
    }
  }
}

extension AsRunRecord {
  /// The row's origin; for a row that does not say, only what the row itself proves: a relay is a
  /// relay (of a station not named), an uplink job came from the province's system. Anything else
  /// stays unknown.
  public var reportedOrigin: BulletinOrigin? {
    origin ?? (kind == .relay ? .relayOther : source == .uplink ? .provinceSystem : nil)
  }
}

/// The key reports use for an unknown value (`hours_by_language`, `hours_by_field`…).
public let unknownKey = "unknown"

/// One run of the daemon, for up-time: from its start to its stop (or its last sign of life).
public struct RunSpan: Sendable, Equatable {
  public var start: Date
  public var end: Date
  public var clean: Bool
  public init(start: Date, end: Date, clean: Bool) {
    self.start = start
    self.end = end
    self.clean = clean
  }
}

/// The periodic airtime statistics (tháng, quý, 6 tháng, năm): sessions, hours by origin, class
/// and kind, the commune's own bulletins per week, emergencies, the province's bulletins,
/// failures, dead air and up-time. Every figure comes from as-run rows (durations from frames
/// played), never from plans; an airing that straddles a bound counts only its part inside.
public struct AirtimeReport: Codable, Sendable, Equatable {
  public var from: Date
  public var until: Date
  /// Sessions (buổi phát): airings whose gaps are under `sessionGapSeconds` run together.
  public var sessions: Int
  public var sessionGapSeconds: Double
  /// Rows that put sound on the air.
  public var airings: Int
  public var hours: Double
  /// By origin group (own, relay, province, unknown).
  public var hoursByOrigin: [String: Double]
  /// By each origin (`relay-national`, `province-system`…, `unknown`).
  public var hoursByOriginDetail: [String: Double]
  /// By language code (`vi`, `hmn`…, `unknown`).
  public var hoursByLanguage: [String: Double]
  /// By the province's field, `1`…`6` or `unknown`.
  public var hoursByField: [String: Double]
  public var hoursByClass: [String: Double]
  public var hoursByKind: [String: Double]
  /// The commune's own bulletins (distinct jobs, not programmes or relays) that aired, by ISO week.
  public var ownBulletins: Int
  public var ownBulletinsByWeek: [WeekCount]
  public var emergencies: Int
  /// Each emergency's wait from its receipt on the box to its first frame, in seconds.
  public var emergencyStartSeconds: [Double]
  /// The province's bulletins: received in the period (jobs the uplink brought; without the
  /// jobs' fates, those with a row in it), how many aired, and — from the fates — approved from
  /// the inbox by an officer, expired, rejected, still waiting in the inbox.
  public var provinceJobs: Int
  public var provinceJobsAired: Int
  public var provinceJobsApproved: Int
  public var provinceJobsExpired: Int
  public var provinceJobsRejected: Int
  public var provinceJobsWaiting: Int
  public var failures: Int
  public var deadAirSeconds: Double
  public var upHours: Double
  public var periodHours: Double
  public var uncleanStops: Int
  /// Hours aired each day of the period, by origin (the printed report's chart).
  public var daily: [DayHours]

  public struct DayHours: Codable, Sendable, Equatable {
    /// `2026-11-30`, in the commune's zone.
    public var date: String
    public var hoursByOrigin: [String: Double]
    enum CodingKeys: String, CodingKey {
      case date
      case hoursByOrigin = "hours_by_origin"
    }
  }

  public struct WeekCount: Codable, Sendable, Equatable {
    public var week: String
    public var count: Int
    /// Inspectors look for at least two of the commune's own bulletins a week.
    public var meetsMark: Bool
  }

  enum CodingKeys: String, CodingKey {
    case from, until, sessions, airings, hours, emergencies, failures
    case sessionGapSeconds = "session_gap_s"
    case hoursByOrigin = "hours_by_origin"
    case hoursByOriginDetail = "hours_by_origin_detail"
    case hoursByLanguage = "hours_by_language"
    case hoursByField = "hours_by_field"
    case hoursByClass = "hours_by_class"
    case hoursByKind = "hours_by_kind"
    case ownBulletins = "own_bulletins"
    case ownBulletinsByWeek = "own_bulletins_by_week"
    case emergencyStartSeconds = "emergency_start_s"
    case provinceJobs = "province_jobs"
    case provinceJobsAired = "province_jobs_aired"
    case provinceJobsApproved = "province_jobs_approved"
    case provinceJobsExpired = "province_jobs_expired"
    case provinceJobsRejected = "province_jobs_rejected"
    case provinceJobsWaiting = "province_jobs_waiting"
    case deadAirSeconds = "dead_air_s"
    case upHours = "up_hours"
    case periodHours = "period_hours"
    case uncleanStops = "unclean_stops"
    case daily
  }
}

extension AirtimeReport {
  /// Computes the report for `[from, until)`. `rows`: the as-run rows that may touch the period
  /// (more is fine: each is clipped); `received`: when each job reached the box (its
  /// `created_at`), for the emergencies' start times; `runs`: the daemon's runs; `now` closes a
  /// run still going.
  public static func compute(
    from: Date, until: Date, rows: some Sequence<AsRunRecord>, received: [String: Date] = [:], runs: [RunSpan] = [],
    provinceFates: [ProvinceJobFate]? = nil, sessionGapSeconds: Double = 300, zone: TimeZone = LocalTime.zone
  ) -> AirtimeReport {
    // Keyed by the values themselves while counting (a year is 40,000 rows), by name at the end.
    var byOrigin: [Origin: Double] = [:]
    var byOriginDetail: [BulletinOrigin?: Double] = [:]
    var byLanguage: [String?: Double] = [:]
    var byField: [BulletinField?: Double] = [:]
    var byClass: [BulletinClass: Double] = [:]
    var byKind: [AiringKind: Double] = [:]
    var total = 0.0
    var airings = 0
    var spans: [(Date, Date)] = []
    var ownJobs: [String: Date] = [:]
    var emergencyFirst: [String: Date] = [:]
    var provinceSeen: Set<String> = []
    var provinceAired: Set<String> = []
    var failures = 0
    var deadAir = 0.0
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    func dayName(_ d: Date) -> String {
      let c = cal.dateComponents([.year, .month, .day], from: d)
      return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
    // The local day an instant falls in: rows come in time order, so the last day found is
    // nearly always the one asked for again (Calendar calls are slow; see docs/performance.md).
    var lastDay: (start: Date, end: Date, name: String)?
    func dayOf(_ d: Date) -> (start: Date, end: Date, name: String) {
      if let lastDay, d >= lastDay.start && d < lastDay.end { return lastDay }
      let start = cal.startOfDay(for: d)
      let found = (start, cal.date(byAdding: .day, value: 1, to: start)!, dayName(start))
      lastDay = found
      return found
    }
    var perDay: [String: [Origin: Double]] = [:]
    for row in rows {
      let logged = row.placedAt
      if row.source == .uplink, let at = logged, at >= from && at < until { provinceSeen.insert(row.jobId) }
      if row.outcome == .failed, let at = logged, at >= from && at < until { failures += 1 }
      guard let start = row.startedAt, let seconds = row.durationSeconds, seconds > 0 else { continue }
      let end = start.addingTimeInterval(seconds)
      let inside = min(end, until).timeIntervalSince(max(start, from))
      guard inside > 0 else { continue }
      airings += 1
      total += inside
      let detail = row.reportedOrigin
      let origin = Origin(detail)
      byOrigin[origin, default: 0] += inside
      byOriginDetail[detail, default: 0] += inside
      byLanguage[row.language, default: 0] += inside
      byField[row.field, default: 0] += inside
      byClass[row.bulletinClass, default: 0] += inside
      byKind[row.kind, default: 0] += inside
      spans.append((max(start, from), min(end, until)))
      // Split at local midnights for the daily chart.
      var s = max(start, from)
      let e = min(end, until)
      while s < e {
        let d = dayOf(s)
        let next = d.end
        perDay[d.name, default: [:]][origin, default: 0] += min(e, next).timeIntervalSince(s) / 3600
        s = next
      }
      if let d = row.deadAirSeconds { deadAir += d }
      if row.source == .uplink { provinceAired.insert(row.jobId) }
      if origin == .own, row.source != .schedule, row.kind == .speech || row.kind == .file,
        ownJobs[row.jobId].map({ start < $0 }) ?? true
      {
        ownJobs[row.jobId] = start
      }
      if row.bulletinClass == .emergency, emergencyFirst[row.jobId].map({ start < $0 }) ?? true {
        emergencyFirst[row.jobId] = start
      }
    }
    // Sessions: sorted spans, a new one after a gap of at least `sessionGapSeconds`.
    spans.sort { $0.0 < $1.0 }
    var sessions = 0
    var lastEnd: Date?
    for (s, e) in spans {
      if lastEnd.map({ s.timeIntervalSince($0) >= sessionGapSeconds }) ?? true { sessions += 1 }
      lastEnd = max(lastEnd ?? e, e)
    }
    var weeks: [String: Int] = [:]
    for start in ownJobs.values { weeks[Period.weekName(of: start, zone: zone), default: 0] += 1 }
    // Every week the period touches is listed, a week with none included.
    var weekNames: [String] = []
    var day = from
    while day < until {
      let w = Period.weekName(of: day, zone: zone)
      if weekNames.last != w { weekNames.append(w) }
      day = day.addingTimeInterval(86_400)
    }
    let waits = emergencyFirst.compactMap { id, first in received[id].map { first.timeIntervalSince($0) } }.sorted()
    var up = 0.0
    var unclean = 0
    for r in runs {
      let inside = min(r.end, until).timeIntervalSince(max(r.start, from))
      if inside > 0 { up += inside }
      if !r.clean && r.end >= from && r.end < until { unclean += 1 }
    }
    return AirtimeReport(
      from: from, until: until, sessions: sessions, sessionGapSeconds: sessionGapSeconds, airings: airings,
      hours: total / 3600, hoursByOrigin: named(byOrigin) { $0.rawValue },
      hoursByOriginDetail: named(byOriginDetail) { $0?.rawValue ?? unknownKey },
      hoursByLanguage: named(byLanguage) { $0 ?? unknownKey },
      hoursByField: named(byField) { $0.map { String($0.rawValue) } ?? unknownKey },
      hoursByClass: named(byClass) { $0.rawValue }, hoursByKind: named(byKind) { $0.rawValue },
      ownBulletins: ownJobs.count,
      ownBulletinsByWeek: weekNames.map {
        WeekCount(week: $0, count: weeks[$0] ?? 0, meetsMark: (weeks[$0] ?? 0) >= 2)
      },
      emergencies: emergencyFirst.count, emergencyStartSeconds: waits,
      provinceJobs: provinceFates?.count ?? provinceSeen.count,
      provinceJobsAired: provinceAired.count,
      provinceJobsApproved: provinceFates?.filter(\.approved).count ?? 0,
      provinceJobsExpired: provinceFates?.filter { $0.status == .expired }.count ?? 0,
      provinceJobsRejected: provinceFates?.filter { $0.status == .rejected }.count ?? 0,
      provinceJobsWaiting: provinceFates?.filter { $0.status == .inbox }.count ?? 0, failures: failures,
      deadAirSeconds: deadAir, upHours: up / 3600,
      periodHours: until.timeIntervalSince(from) / 3600, uncleanStops: unclean,
      daily: days(from: from, until: until, cal: cal, name: dayName).map {
        DayHours(date: $0, hoursByOrigin: named(perDay[$0] ?? [:], scale: 1) { $0.rawValue })
      })
  }

  /// Seconds by key → hours by name.
  static func named<K>(_ seconds: [K: Double], scale: Double = 3600, _ name: (K) -> String) -> [String: Double] {
    var out: [String: Double] = [:]
    for (k, v) in seconds { out[name(k), default: 0] += v / scale }
    return out
  }

  /// The names of the local days `[from, until)` touches.
  static func days(from: Date, until: Date, cal: Calendar, name: (Date) -> String) -> [String] {
    var out: [String] = []
    var d = cal.startOfDay(for: from)
    while d < until {
      out.append(name(d))
      d = cal.date(byAdding: .day, value: 1, to: d)!
    }
    return out
  }
}
