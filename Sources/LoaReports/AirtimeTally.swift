import Foundation
import LoaCore

/// What the airtime report counts, before it becomes a report: added up row by row over a window
/// of time, and merged with the tallies of the next window (`append`) or of other boxes over the
/// same window (`combine`). A station keeps one per box and local day, so a year across a commune
/// is 7,300 merges instead of 800,000 rows read and counted three times.
///
/// Merging gives exactly what counting all the rows at once gives: sessions are kept as clusters
/// of airings (re-clustered on merge), distinct jobs as sets, and a row that runs across the
/// window's start (carried in) is told apart so it is counted once when two windows are joined.
public struct AirtimeTally: Sendable, Equatable {
  var byOrigin: [Origin: Double] = [:]
  var byOriginDetail: [BulletinOrigin?: Double] = [:]
  var byLanguage: [String?: Double] = [:]
  var byField: [BulletinField?: Double] = [:]
  var byClass: [BulletinClass: Double] = [:]
  var byKind: [AiringKind: Double] = [:]
  var seconds = 0.0
  /// Airings that began inside the window, and those carried in from before its start.
  var airingsBegun = 0
  var airingsCarried = 0
  var deadAirBegun = 0.0
  var deadAirCarried = 0.0
  /// The on-air stretches (clipped to the window), as clusters once `compact` has run.
  var spans: [Span] = []
  /// The first start of each of the commune's own bulletins, and of each emergency.
  var ownJobs: [String: Date] = [:]
  var emergencyFirst: [String: Date] = [:]
  var provinceSeen: Set<String> = []
  var provinceAired: Set<String> = []
  var failures = 0
  /// Hours by origin per local day (`2026-11-30`).
  var perDay: [String: [Origin: Double]] = [:]

  struct Span: Sendable, Equatable {
    var start: Date
    var end: Date
  }

  public init() {}

  /// Counts one row's part inside `[from, until)`.
  public mutating func add(_ row: AsRunRecord, from: Date, until: Date, days: inout LocalDays) {
    let logged = row.placedAt
    if row.source == .uplink, let at = logged, at >= from && at < until { provinceSeen.insert(row.jobId) }
    if row.outcome == .failed, let at = logged, at >= from && at < until { failures += 1 }
    guard let start = row.startedAt, let duration = row.durationSeconds, duration > 0 else { return }
    let end = start.addingTimeInterval(duration)
    let inside = min(end, until).timeIntervalSince(max(start, from))
    guard inside > 0 else { return }
    if start >= from {
      airingsBegun += 1
      if let d = row.deadAirSeconds { deadAirBegun += d }
    } else {
      airingsCarried += 1
      if let d = row.deadAirSeconds { deadAirCarried += d }
    }
    seconds += inside
    let detail = row.reportedOrigin
    let origin = Origin(detail)
    byOrigin[origin, default: 0] += inside
    byOriginDetail[detail, default: 0] += inside
    byLanguage[row.language, default: 0] += inside
    byField[row.field, default: 0] += inside
    byClass[row.bulletinClass, default: 0] += inside
    byKind[row.kind, default: 0] += inside
    spans.append(Span(start: max(start, from), end: min(end, until)))
    // Split at local midnights for the daily chart.
    var s = max(start, from)
    let e = min(end, until)
    while s < e {
      let d = days.day(of: s)
      perDay[d.name, default: [:]][origin, default: 0] += min(e, d.end).timeIntervalSince(s) / 3600
      s = d.end
    }
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

  /// The starts of the local days whose tally `row` changes: those its airing touches, or the
  /// day it was placed in when it never aired.
  public static func days(touchedBy row: AsRunRecord, days: inout LocalDays) -> [Date] {
    guard let start = row.startedAt else { return row.placedAt.map { [days.day(of: $0).start] } ?? [] }
    let end = start.addingTimeInterval(max(row.durationSeconds ?? 0, 0))
    var d = days.day(of: start)
    var out = [d.start]
    // A relay left running for weeks still marks each of its days (bounded: a year).
    while d.end < end && out.count < 366 {
      d = days.day(of: d.end)
      out.append(d.start)
    }
    return out
  }

  /// Joins the tally of the window that starts where this one ends.
  public mutating func append(_ later: AirtimeTally) {
    // The later window's carried-in rows began in this one (or before) and touched it, so they
    // are counted here already; unless nothing aired here at all (or this is a new, empty tally).
    if airingsBegun + airingsCarried == 0 {
      airingsCarried = later.airingsCarried
      deadAirCarried = later.deadAirCarried
    }
    merge(later)
    airingsBegun += later.airingsBegun
    deadAirBegun += later.deadAirBegun
  }

  /// Adds the tally of other boxes over the same window.
  public mutating func combine(_ other: AirtimeTally) {
    merge(other)
    airingsBegun += other.airingsBegun
    airingsCarried += other.airingsCarried
    deadAirBegun += other.deadAirBegun
    deadAirCarried += other.deadAirCarried
  }

  private mutating func merge(_ o: AirtimeTally) {
    for (k, v) in o.byOrigin { byOrigin[k, default: 0] += v }
    for (k, v) in o.byOriginDetail { byOriginDetail[k, default: 0] += v }
    for (k, v) in o.byLanguage { byLanguage[k, default: 0] += v }
    for (k, v) in o.byField { byField[k, default: 0] += v }
    for (k, v) in o.byClass { byClass[k, default: 0] += v }
    for (k, v) in o.byKind { byKind[k, default: 0] += v }
    seconds += o.seconds
    spans += o.spans
    for (k, v) in o.ownJobs where ownJobs[k].map({ v < $0 }) ?? true { ownJobs[k] = v }
    for (k, v) in o.emergencyFirst where emergencyFirst[k].map({ v < $0 }) ?? true { emergencyFirst[k] = v }
    provinceSeen.formUnion(o.provinceSeen)
    provinceAired.formUnion(o.provinceAired)
    failures += o.failures
    for (day, hours) in o.perDay {
      for (k, v) in hours { perDay[day, default: [:]][k, default: 0] += v }
    }
  }

  /// Puts the on-air stretches in order and joins those less than `gap` seconds apart: one entry
  /// per session. Clusters cluster the same way as the stretches they came from.
  public mutating func compact(gap: Double) {
    spans.sort { $0.start < $1.start }
    var out: [Span] = []
    out.reserveCapacity(spans.count)
    for s in spans {
      if let last = out.last, s.start.timeIntervalSince(last.end) < gap {
        out[out.count - 1].end = max(last.end, s.end)
      } else {
        out.append(s)
      }
    }
    spans = out
  }

  /// The report for `[from, until)`, which must be the window (or the joined windows) counted.
  public func report(
    from: Date, until: Date, received: [String: Date] = [:], runs: [RunSpan] = [],
    provinceFates: [ProvinceJobFate]? = nil, sessionGapSeconds: Double = 300, zone: TimeZone = LocalTime.zone
  ) -> AirtimeReport {
    var clustered = self
    clustered.compact(gap: sessionGapSeconds)
    // Every week the period touches is listed, a week with none included.
    var weekNames: [String] = []
    var weekStarts: [Date] = []
    var iso = Calendar(identifier: .iso8601)
    iso.timeZone = zone
    // Week by week with one calendar (a new Calendar for each day of a year, in each of an area
    // report's parts, added up).
    var week = iso.dateInterval(of: .weekOfYear, for: from)?.start ?? from
    while week < until {
      let c = iso.dateComponents([.weekOfYear, .yearForWeekOfYear], from: week)
      weekNames.append(String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0))
      weekStarts.append(week)
      guard let next = iso.date(byAdding: .day, value: 7, to: week), next > week else { break }
      week = next
    }
    // Each bulletin's week by its start among the weeks' starts (a Calendar call per bulletin
    // was most of a year's area report); one outside them is asked of the calendar.
    var weeks: [String: Int] = [:]
    let lastEnd = weekStarts.last.flatMap { iso.date(byAdding: .day, value: 7, to: $0) } ?? until
    for start in ownJobs.values {
      guard let first = weekStarts.first, start >= first, start < lastEnd else {
        weeks[Period.weekName(of: start, zone: zone), default: 0] += 1
        continue
      }
      var lo = 0
      var hi = weekStarts.count - 1
      while lo < hi {
        let mid = (lo + hi + 1) / 2
        if weekStarts[mid] <= start { lo = mid } else { hi = mid - 1 }
      }
      weeks[weekNames[lo], default: 0] += 1
    }
    let waits = emergencyFirst.compactMap { id, first in received[id].map { first.timeIntervalSince($0) } }.sorted()
    var up = 0.0
    var unclean = 0
    for r in runs {
      let inside = min(r.end, until).timeIntervalSince(max(r.start, from))
      if inside > 0 { up += inside }
      if !r.clean && r.end >= from && r.end < until { unclean += 1 }
    }
    func named<K>(_ seconds: [K: Double], _ scale: Double, _ name: (K) -> String) -> [String: Double] {
      AirtimeReport.named(seconds, scale: scale, name)
    }
    return AirtimeReport(
      from: from, until: until, sessions: clustered.spans.count, sessionGapSeconds: sessionGapSeconds,
      airings: airingsBegun + airingsCarried, hours: seconds / 3600,
      hoursByOrigin: named(byOrigin, 3600) { $0.rawValue },
      hoursByOriginDetail: named(byOriginDetail, 3600) { $0?.rawValue ?? unknownKey },
      hoursByLanguage: named(byLanguage, 3600) { $0 ?? unknownKey },
      hoursByField: named(byField, 3600) { $0.map { String($0.rawValue) } ?? unknownKey },
      hoursByClass: named(byClass, 3600) { $0.rawValue }, hoursByKind: named(byKind, 3600) { $0.rawValue },
      ownBulletins: ownJobs.count,
      ownBulletinsByWeek: weekNames.map {
        AirtimeReport.WeekCount(week: $0, count: weeks[$0] ?? 0, meetsMark: (weeks[$0] ?? 0) >= 2)
      },
      emergencies: emergencyFirst.count, emergencyStartSeconds: waits,
      provinceJobs: provinceFates?.count ?? provinceSeen.count,
      provinceJobsAired: provinceAired.count,
      provinceJobsApproved: provinceFates?.filter(\.approved).count ?? 0,
      provinceJobsExpired: provinceFates?.filter { $0.status == .expired }.count ?? 0,
      provinceJobsRejected: provinceFates?.filter { $0.status == .rejected }.count ?? 0,
      provinceJobsWaiting: provinceFates?.filter { $0.status == .inbox }.count ?? 0, failures: failures,
      deadAirSeconds: deadAirBegun + deadAirCarried, upHours: up / 3600,
      periodHours: until.timeIntervalSince(from) / 3600, uncleanStops: unclean,
      daily: LocalDays(zone: zone).names(from: from, until: until).map {
        AirtimeReport.DayHours(date: $0, hoursByOrigin: named(perDay[$0] ?? [:], 1) { $0.rawValue })
      })
  }
}

/// Local days in a zone, remembering the last one found (rows come in time order, so it is nearly
/// always the one asked for again; Calendar calls are slow — see docs/performance.md).
public struct LocalDays: Sendable {
  public let calendar: Calendar
  private var last: Day?

  public struct Day: Sendable, Equatable {
    public var start: Date
    public var end: Date
    /// `2026-11-30`.
    public var name: String
  }

  public init(zone: TimeZone = LocalTime.zone) {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    calendar = cal
  }

  public mutating func day(of d: Date) -> Day {
    if let last, d >= last.start && d < last.end { return last }
    let start = calendar.startOfDay(for: d)
    let found = Day(start: start, end: calendar.date(byAdding: .day, value: 1, to: start)!, name: name(start))
    last = found
    return found
  }

  public func name(_ d: Date) -> String {
    let c = calendar.dateComponents([.year, .month, .day], from: d)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
  }

  /// The names of the local days `[from, until)` touches.
  public func names(from: Date, until: Date) -> [String] {
    var out: [String] = []
    var d = calendar.startOfDay(for: from)
    while d < until {
      out.append(name(d))
      d = calendar.date(byAdding: .day, value: 1, to: d)!
    }
    return out
  }

  /// The whole local days inside `[from, until)`.
  public func whole(from: Date, until: Date) -> [Day] {
    var d = calendar.startOfDay(for: from)
    if d < from { d = calendar.date(byAdding: .day, value: 1, to: d)! }
    var out: [Day] = []
    while true {
      let next = calendar.date(byAdding: .day, value: 1, to: d)!
      guard next <= until else { break }
      out.append(Day(start: d, end: next, name: name(d)))
      d = next
    }
    return out
  }
}

/// Stored by the station (one per box and day) in a small binary form: JSON took 60 % of a
/// year's area report to decode. Keys by name, dates as seconds since 1970, little-endian.
extension AirtimeTally {
  static let magic: [UInt8] = Array("LT1".utf8)

  public func encoded() -> Data {
    var w = TallyWriter()
    w.bytes += Self.magic
    func map<K>(_ m: [K: Double], _ name: (K) -> String) {
      w.count(m.count)
      for (k, v) in m.sorted(by: { name($0.key) < name($1.key) }) {
        w.string(name(k))
        w.double(v)
      }
    }
    map(byOrigin) { $0.rawValue }
    map(byOriginDetail) { $0?.rawValue ?? unknownKey }
    map(byLanguage) { $0 ?? unknownKey }
    map(byField) { $0.map { String($0.rawValue) } ?? unknownKey }
    map(byClass) { $0.rawValue }
    map(byKind) { $0.rawValue }
    w.double(seconds)
    w.count(airingsBegun)
    w.count(airingsCarried)
    w.double(deadAirBegun)
    w.double(deadAirCarried)
    w.count(spans.count)
    for sp in spans {
      w.double(sp.start.timeIntervalSince1970)
      w.double(sp.end.timeIntervalSince1970)
    }
    map(ownJobs.mapValues(\.timeIntervalSince1970)) { $0 }
    map(emergencyFirst.mapValues(\.timeIntervalSince1970)) { $0 }
    for set in [provinceSeen, provinceAired] {
      w.count(set.count)
      for id in set.sorted() { w.string(id) }
    }
    w.count(failures)
    w.count(perDay.count)
    for (day, hours) in perDay.sorted(by: { $0.key < $1.key }) {
      w.string(day)
      map(hours) { $0.rawValue }
    }
    return Data(w.bytes)
  }

  /// Nil when `data` is not a tally this version wrote (the station then counts the day again).
  public init?(encoded data: Data) {
    var r = TallyReader(bytes: [UInt8](data))
    guard let head = r.take(Self.magic.count), Array(head) == Self.magic else { return nil }
    func map<K: Hashable>(_ read: (String) -> K?) -> [K: Double]? {
      guard let n = r.count() else { return nil }
      var out: [K: Double] = [:]
      out.reserveCapacity(n)
      for _ in 0..<n {
        guard let name = r.string(), let v = r.double(), let k = read(name) else { return nil }
        out[k, default: 0] += v
      }
      return out
    }
    func originDetail(_ s: String) -> BulletinOrigin?? {
      if s == unknownKey { return .some(nil) }
      guard let o = BulletinOrigin(rawValue: s) else { return nil }
      return .some(o)
    }
    func language(_ s: String) -> String?? { s == unknownKey ? .some(nil) : .some(s) }
    func field(_ s: String) -> BulletinField?? {
      if s == unknownKey { return .some(nil) }
      guard let f = Int(s).flatMap(BulletinField.init(rawValue:)) else { return nil }
      return .some(f)
    }
    guard let o = map({ Origin(rawValue: $0) }), let od = map(originDetail), let l = map(language),
      let f = map(field), let c = map({ BulletinClass(rawValue: $0) }), let k = map({ AiringKind(rawValue: $0) }),
      let secs = r.double(), let ab = r.count(), let ac = r.count(), let db = r.double(), let dc = r.double(),
      let nSpans = r.count()
    else { return nil }
    var spans: [Span] = []
    spans.reserveCapacity(nSpans)
    for _ in 0..<nSpans {
      guard let a = r.double(), let b = r.double() else { return nil }
      spans.append(Span(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b)))
    }
    guard let own = map({ $0 }), let em = map({ $0 }) else { return nil }
    var sets: [Set<String>] = []
    for _ in 0..<2 {
      guard let n = r.count() else { return nil }
      var set = Set<String>(minimumCapacity: n)
      for _ in 0..<n {
        guard let id = r.string() else { return nil }
        set.insert(id)
      }
      sets.append(set)
    }
    guard let fl = r.count(), let nDays = r.count() else { return nil }
    var perDay: [String: [Origin: Double]] = [:]
    for _ in 0..<nDays {
      guard let day = r.string(), let hours = map({ Origin(rawValue: $0) }) else { return nil }
      perDay[day] = hours
    }
    guard r.atEnd else { return nil }
    self.init()
    byOrigin = o
    byOriginDetail = od
    byLanguage = l
    byField = f
    byClass = c
    byKind = k
    seconds = secs
    airingsBegun = ab
    airingsCarried = ac
    deadAirBegun = db
    deadAirCarried = dc
    self.spans = spans
    ownJobs = own.mapValues(Date.init(timeIntervalSince1970:))
    emergencyFirst = em.mapValues(Date.init(timeIntervalSince1970:))
    provinceSeen = sets[0]
    provinceAired = sets[1]
    failures = fl
    self.perDay = perDay
  }
}

struct TallyWriter {
  var bytes: [UInt8] = []
  mutating func count(_ n: Int) { withUnsafeBytes(of: UInt64(n).littleEndian) { bytes += $0 } }
  mutating func double(_ d: Double) { withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes += $0 } }
  mutating func string(_ s: String) {
    count(s.utf8.count)
    bytes += s.utf8
  }
}

struct TallyReader {
  let bytes: [UInt8]
  var at = 0
  var atEnd: Bool { at == bytes.count }
  mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
    guard n >= 0, bytes.count - at >= n else { return nil }
    defer { at += n }
    return bytes[at..<(at + n)]
  }
  mutating func word() -> UInt64? {
    guard let b = take(8) else { return nil }
    var v: UInt64 = 0
    for (i, x) in b.enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
    return v
  }
  /// A count no larger than what is left could hold (a corrupt one does not allocate gigabytes).
  mutating func count() -> Int? {
    guard let v = word(), v <= UInt64(bytes.count) else { return nil }
    return Int(v)
  }
  mutating func double() -> Double? { word().map(Double.init(bitPattern:)) }
  mutating func string() -> String? {
    guard let n = count(), let b = take(n) else { return nil }
    return b.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
  }
}
