import Foundation
import LoaAudio
import LoaCore
import LoaPlayout
import LoaSpeech
import LoaStorage
import Logging

/// Turns the installed schedule into queued airings, on time, exactly once.
///
/// - Rules are expanded `horizonDays` ahead into dated airings stored in SQLite; an airing's
///   identity is `programme|date|time`, so re-expanding, re-applying or a clock step can never
///   create it twice.
/// - An airing becomes a queued job `leadSeconds` before its start; the player starts it at
///   its instant. One that is found more than its tolerance late is logged `missed`, never
///   played late.
/// - The highest clock reading seen is kept. When the clock goes back by more than
///   `clockBackSlack`, the step is recorded and nothing scheduled is queued until the clock
///   passes that point again (or an officer runs `loa schedule trust-clock`). Airings already
///   handled could not re-air anyway (their keys are spent); the hold also keeps a schedule
///   applied meanwhile from firing inside hours the box has already lived through.
// @unchecked Sendable: the schedule, version and clock state live under `lock`; ticks are serialised by the service thread.
public final class Scheduler: @unchecked Sendable {
  public struct Config: Sendable {
    public var horizonDays = 8
    public var leadSeconds: TimeInterval = 120
    public var clockBackSlack: TimeInterval = 300
    /// The expanded horizon is topped up when less than `horizonDays` minus this is left: four
    /// database writes a day instead of one an hour on an idle box (bench/idle.py).
    public var refillSeconds: TimeInterval = 6 * 3600
    /// How often the scheduler writes the latest time seen by itself; `nil`: never — the daemon
    /// writes it with its own sign of life (`highWaterMark`), one disk write for both.
    public var highWaterStep: TimeInterval? = 60
    public var voices: VoiceCatalog = .builtIn
    /// Where audio files named by a schedule are copied on apply.
    public var mediaDir: String?
    public init() {}
  }

  public struct Status: Sendable, Codable, Equatable {
    public var version: Int64?
    public var name: String?
    public var nextAiring: Date?
    public var nextProgram: String?
    public var clockHeld: Bool
    public var highWater: Date?
    enum CodingKeys: String, CodingKey {
      case version, name
      case nextAiring = "next_airing"
      case nextProgram = "next_program"
      case clockHeld = "clock_held"
      case highWater = "clock_high_water"
    }
  }

  let store: Store
  let engine: PlayoutEngine
  let clock: any WallClock
  let config: Config
  let logger: Logger

  let lock = NSLock()
  // Guarded by `lock`:
  var schedule: Schedule?
  var version: Int64?
  var lengths: [String: Int] = [:]
  var highWater: Date?
  var persistedHighWater: Date?
  var expandedUntil: Date?
  var clockHeld = false
  var stopping = false
  var thread: Thread?
  let wake = NSCondition()

  public init(
    store: Store, engine: PlayoutEngine, clock: any WallClock = SystemClock(), config: Config = Config(),
    logger: Logger = Logger(label: "loa.schedule")
  ) {
    self.store = store
    self.engine = engine
    self.clock = clock
    self.config = config
    self.logger = logger
  }

  // MARK: Life cycle

  /// Loads the installed schedule and the clock guard from the store.
  public func load() throws(LoaError) {
    let v = try store.activeScheduleVersion()
    let hw = try store.schedulerState("high_water").flatMap(LocalTime.parseISO)
    let eu = try store.schedulerState("expanded_until").flatMap(LocalTime.parseISO)
    lock.lock()
    defer { lock.unlock() }
    highWater = hw
    persistedHighWater = hw
    expandedUntil = eu
    guard let v else { return }
    let (parsed, problems) = ScheduleParser.parse(v.source, baseDir: v.baseDir) { _ in "(đã lưu khi áp dụng)" }
    guard var s = parsed else {
      logger.critical(
        "the installed schedule no longer parses; nothing scheduled will air",
        metadata: ["problems": "\(problems.map(\.description))"])
      return
    }
    s.programs = v.programs
    schedule = s
    version = v.id
    lengths = ScheduleChecker(voices: config.voices).lengths(s)
  }

  /// Runs `tick()` every second on its own thread.
  public func start() throws(LoaError) {
    try load()
    let t = Thread { [self] in
      while true {
        wake.lock()
        let stop = stopping
        wake.unlock()
        if stop { return }
        tick()
        wake.lock()
        if !stopping { _ = wake.wait(until: Date().addingTimeInterval(1)) }
        wake.unlock()
      }
    }
    t.name = "loa-scheduler"
    t.stackSize = 1 << 20
    lock.lock()
    thread = t
    lock.unlock()
    t.start()
  }

  public func stop() {
    wake.lock()
    stopping = true
    wake.broadcast()
    wake.unlock()
  }

  /// The latest time the scheduler has seen, for whoever persists it (see `Config.highWaterStep`).
  public func highWaterMark() -> Date? {
    lock.lock()
    defer { lock.unlock() }
    return highWater
  }

  // MARK: The tick

  /// Expands, queues what is due soon and logs what was missed. Safe to call at any time.
  public func tick() {
    lock.lock()
    defer { lock.unlock() }
    let now = clock.now()
    guard let schedule, let version else { return }

    if let hw = highWater, now < hw.addingTimeInterval(-config.clockBackSlack) {
      if !clockHeld {
        clockHeld = true
        logger.critical(
          "the clock went back; scheduled airings wait until it passes the latest time seen (loa schedule trust-clock)",
          metadata: ["now": "\(LocalTime.format(now))", "latest": "\(LocalTime.format(hw))"])
        try? store.recordScheduleChange(
          action: "clock-back", version: version, operatorName: nil, at: now,
          note: "clock \(LocalTime.format(now)) is before \(LocalTime.format(hw))")
      }
      return
    }
    if clockHeld { logger.notice("the clock has caught up; the schedule runs again") }
    clockHeld = false
    if highWater == nil || now > highWater! { highWater = now }
    if let step = config.highWaterStep,
      persistedHighWater == nil || now.timeIntervalSince(persistedHighWater!) >= step
    {
      do {
        try store.setSchedulerState("high_water", LocalTime.iso(now))
        persistedHighWater = now
      } catch { logger.error("cannot store the clock guard: \(error)") }
    }

    // Keep the horizon expanded. Never further back than one horizon: a box that was off for a
    // month logs what the stored airings say, not a month of invented rows.
    let horizon = Double(config.horizonDays) * 86400
    let target = now.addingTimeInterval(horizon)
    if expandedUntil == nil || expandedUntil! < target.addingTimeInterval(-config.refillSeconds) {
      let from = max(expandedUntil ?? now, now.addingTimeInterval(-horizon))
      let list = schedule.expand(from: from, to: target, lengths: lengths)
      do {
        let added = try store.addAirings(list, version: version, expandedUntil: target)
        expandedUntil = target
        if added > 0 { logger.debug("schedule expanded", metadata: ["airings": "\(added)"]) }
      } catch { logger.error("cannot store airings: \(error)") }
    }

    let due: [StoredAiring]
    do { due = try store.pendingAirings(until: now.addingTimeInterval(config.leadSeconds)) } catch {
      logger.error("cannot read airings: \(error)")
      return
    }
    for a in due {
      let title = schedule.programs[a.program]?.title ?? a.program
      if now.timeIntervalSince(a.at) > Double(a.toleranceSeconds) {
        let rec = AsRunRecord(
          jobId: "schedule:\(a.key)", bulletinClass: .normal, source: .schedule, kind: .program, title: title,
          scheduledAt: a.at, outcome: .missed,
          error: "its start time passed while Loa could not air it: clock change or Loa not running (quá giờ phát)",
          info: schedule.programs[a.program]?.info ?? .unknown)
        if (try? store.markMissed(a.key, record: rec, now: now)) == true {
          logger.warning("scheduled airing missed", metadata: ["airing": "\(a.key)"])
        }
        continue
      }
      guard let program = schedule.programs[a.program] else { continue }
      let job = Job(
        bulletinClass: .normal, source: .schedule, title: title, content: .program(program), repeatCount: 1,
        notBefore: a.at, expiresAt: a.at.addingTimeInterval(Double(a.toleranceSeconds) + 1), createdAt: now,
        startPolicy: a.start, slotEnd: a.slotEnd, airingKey: a.key, info: program.info)
      do {
        if let stored = try store.materialise(job, airingKey: a.key, now: now) {
          engine.enqueue(stored)
          logger.info(
            "scheduled airing queued", metadata: ["airing": "\(a.key)", "job": "\(stored.id)", "start": "\(a.start)"])
        }
      } catch { logger.error("cannot queue a scheduled airing: \(error)") }
    }
    engine.poke()
  }

  // MARK: Officer actions

  public struct Applied: Sendable {
    public var version: Int64
    public var problems: [ScheduleProblem]
    public var withdrawn: Int
  }

  /// Checks and installs a schedule atomically; the previous version stays for rollback.
  public func apply(text: String, baseDir: String, operatorName: String?, languages: [String]? = nil) throws(LoaError)
    -> Applied
  {
    let now = clock.now()
    let checked = CheckedSchedule.check(
      text: text, baseDir: baseDir, voices: config.voices, now: now, languages: languages)
    guard var s = checked.schedule, checked.isValid else {
      throw LoaError(
        .scheduleInvalid,
        "the schedule has errors; nothing was changed (lịch có lỗi, lịch đang chạy giữ nguyên):\n"
          + checked.errors.map { $0.formatted(file: "schedule") }.joined(separator: "\n"))
    }
    s.programs = try copyMedia(s.programs)
    let (v, withdrawn) = try store.installSchedule(
      name: s.name, source: text, baseDir: baseDir, programs: s.programs, action: "apply",
      operatorName: operatorName, now: now)
    engine.withdraw(ids: withdrawn)
    install(s, version: v, now: now)
    logger.info("schedule applied", metadata: ["version": "\(v)", "operator": "\(operatorName ?? "-")"])
    tick()
    return Applied(version: v, problems: checked.problems, withdrawn: withdrawn.count)
  }

  /// Goes back to the version that was active before the current one.
  public func rollback(operatorName: String?) throws(LoaError) -> Int64 {
    guard let prev = try store.previousScheduleVersion(), let v = try store.scheduleVersion(prev) else {
      throw LoaError(.noPreviousSchedule, "there is no earlier schedule to go back to (chưa có lịch trước đó)")
    }
    let now = clock.now()
    let (parsed, _) = ScheduleParser.parse(v.source, baseDir: v.baseDir) { _ in "(đã lưu)" }
    guard var s = parsed else {
      throw LoaError(.scheduleInvalid, "schedule version \(prev) no longer parses; nothing was changed")
    }
    s.programs = v.programs
    let (_, withdrawn) = try store.installSchedule(
      name: v.name, source: v.source, baseDir: v.baseDir, programs: v.programs, action: "rollback",
      operatorName: operatorName, now: now, reuseVersion: prev)
    engine.withdraw(ids: withdrawn)
    install(s, version: prev, now: now)
    logger.info("schedule rolled back", metadata: ["version": "\(prev)", "operator": "\(operatorName ?? "-")"])
    tick()
    return prev
  }

  /// Accepts the current clock after it went back (the officer has checked the time).
  public func trustClock(operatorName: String?) throws(LoaError) {
    let now = clock.now()
    lock.lock()
    highWater = now
    persistedHighWater = now
    clockHeld = false
    let v = version
    lock.unlock()
    try store.setSchedulerState("high_water", LocalTime.iso(now))
    try store.recordScheduleChange(
      action: "trust-clock", version: v, operatorName: operatorName, at: now, note: "clock accepted")
    tick()
  }

  func install(_ s: Schedule, version v: Int64, now: Date) {
    lock.lock()
    schedule = s
    version = v
    lengths = ScheduleChecker(voices: config.voices).lengths(s)
    expandedUntil = now
    lock.unlock()
  }

  /// Copies audio files into the media folder so the schedule survives the originals moving.
  func copyMedia(_ programs: [String: Program]) throws(LoaError) -> [String: Program] {
    guard let media = config.mediaDir else { return programs }
    var out = programs
    for (id, p) in programs {
      var items = p.items
      for (i, item) in items.enumerated() {
        guard case .file(let title, let path) = item else { continue }
        guard let data = FileManager.default.contents(atPath: path) else {
          throw LoaError(.scheduleInvalid, "cannot read the audio file '\(path)'")
        }
        let name = "schedule-" + dataSHA256(data).prefix(16) + (AudioFile.isWAV(path) ? ".wav" : ".mp3")
        let dest = (media as NSString).appendingPathComponent(String(name))
        if !FileManager.default.fileExists(atPath: dest) {
          do {
            try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: dest), options: .atomic)
          } catch { throw LoaError(.storage, "cannot copy '\(path)' into the media folder: \(error)") }
        }
        items[i] = .file(title: title, path: dest)
      }
      out[id]?.items = items
    }
    return out
  }

  // MARK: Views

  public func status() -> Status {
    lock.lock()
    let s = Status(
      version: version, name: schedule?.name, nextAiring: nil, nextProgram: nil, clockHeld: clockHeld,
      highWater: highWater)
    lock.unlock()
    var out = s
    if let next = try? store.nextPendingAiring(after: clock.now()) {
      out.nextAiring = next.at
      out.nextProgram = next.program
    }
    return out
  }

  /// The installed schedule's next `days` days, with what happened to each airing so far.
  public func preview(days: Int) -> [TimelineEntry] {
    lock.lock()
    let s = schedule
    let l = lengths
    lock.unlock()
    guard let s else { return [] }
    let now = clock.now()
    let startOfToday = now.addingTimeInterval(
      -Double(Int(now.timeIntervalSince1970 + Double(s.zone.secondsFromGMT(for: now))) % 86400))
    var entries = Timeline.entries(s, from: startOfToday, days: days, lengths: l)
    let stored =
      (try? store.airings(from: startOfToday, to: startOfToday.addingTimeInterval(Double(days) * 86400))) ?? []
    let byKey = Dictionary(stored.map { ($0.at.timeIntervalSince1970.description + $0.program, $0) }) { a, _ in a }
    for i in entries.indices {
      guard let a = byKey[entries[i].at.timeIntervalSince1970.description + entries[i].program] else { continue }
      var state = a.state.rawValue
      if let jobId = a.jobId, let job = try? store.job(id: jobId) { state = job.status.rawValue }
      entries[i].state = state
    }
    return entries
  }
}
