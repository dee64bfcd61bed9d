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
    var tally = AirtimeTally()
    var days = LocalDays(zone: zone)
    for row in rows { tally.add(row, from: from, until: until, days: &days) }
    return tally.report(
      from: from, until: until, received: received, runs: runs, provinceFates: provinceFates,
      sessionGapSeconds: sessionGapSeconds, zone: zone)
  }

  /// Seconds by key → hours by name.
  static func named<K>(_ seconds: [K: Double], scale: Double = 3600, _ name: (K) -> String) -> [String: Double] {
    var out: [String: Double] = [:]
    for (k, v) in seconds { out[name(k), default: 0] += v / scale }
    return out
  }
}
