import Foundation
import LoaAudio
import LoaCore
import LoaLadder
import LoaSpeech
import LoaStorage
import Logging

/// The playout engine: one player thread airing what the ladder (`LoaLadder.Ladder`, the pure
/// core that holds the rules) says, pre-emption and resume.
///
/// - `emergency` pre-empts whatever is not an emergency, within one write to the device
///   (the buffer is dropped, not drained); the pre-empted job goes back to the head of its
///   class and resumes from the start of the sentence it was in (speech) or from where it
///   stopped (files).
/// - `priority` goes ahead of every waiting `normal` job but lets the current item finish.
/// - Within a class, jobs air in arrival order unless an officer moves them.
///
/// Every job is in the store before it is in memory; every airing is logged from the
/// frames that reached the device.
// @unchecked Sendable: mutable state (the ladder, counters, what is on air) lives under `cond`; the store, output and box parts are Sendable or used only by the player thread.
public final class PlayoutEngine: @unchecked Sendable {
  public let store: Store
  let output: any AudioOutput
  let config: EngineConfig
  public let clock: any WallClock
  let logger: Logger
  let deviceName: String
  /// The box around the audio: volume, amplifier power, off-air recordings.
  public let volume: VolumeControl?
  public let amplifier: AmplifierPower?
  public let recordings: ProofOfPlay?
  /// Where rows go when the database cannot take them (a full disk).
  let spill: AsRunSpill?

  let cond = NSCondition()
  // Guarded by `cond`:
  /// The waiting jobs, the one on air and any pending interrupt, with the ladder's rules.
  var ladder: Ladder
  var currentSegment = ""
  var currentRepetition = 0
  var currentStartedAt: Date?
  var stopping = false
  /// When the player thread last went round its loop or looked for an interrupt (at least once a
  /// second while idle, every chunk while airing): the watchdog's proof that it is not hung.
  var lastTick = Date()
  var playerRunning = false
  var deviceOpen = false
  var lastError: String?
  var completedCount = 0
  /// Expired jobs taken off the queue whose rows are still being written.
  var expiring = 0
  /// When the last airing began and ended (tells `skipped` from `missed`).
  var lastAiring: (start: Date, end: Date)?
  var failedCount = 0
  /// Dead air on the output: how many times, the last one, and the last level measured.
  var deadAirEvents = 0
  var lastDeadAir: EngineStatus.DeadAir?
  var outputLevel = LevelMeter.floor
  /// When audio last went to the device (the amplifier's idle timer).
  var lastAudioAt: Date?
  var deviceRecoveries = 0
  /// Rows written to the spill file in this run (the database could not take them).
  var spilledRows = 0
  /// Commits the sentence or frame the airing on air has reached (off the player thread).
  let progress: ProgressWriter
  /// Who hears about committed rows (the uplink).
  let events = EventHub()

  public init(
    store: Store, output: any AudioOutput, deviceName: String, config: EngineConfig = EngineConfig(),
    clock: any WallClock = SystemClock(), logger: Logger = Logger(label: "loa.playout"),
    volume: VolumeControl? = nil, amplifier: AmplifierPower? = nil, recordings: ProofOfPlay? = nil,
    spill: AsRunSpill? = nil
  ) {
    self.spill = spill
    self.progress = ProgressWriter(store: store, logger: logger)
    self.volume = volume
    self.amplifier = amplifier
    self.recordings = recordings
    self.store = store
    self.output = output
    self.deviceName = deviceName
    self.config = config
    self.ladder = Ladder(quietHours: config.quietHours)
    self.clock = clock
    self.logger = logger
  }

  /// Recovers what a previous run left on air, loads the queue and starts the player thread.
  public func start() throws(LoaError) {
    // Rows the database could not take last time go in first; while it still cannot, the jobs
    // they ended are neither recovered nor aired again.
    var ended: Set<String> = []
    if let spill, !spill.entries.isEmpty {
      do {
        let n = try store.replay(spill)
        try spill.reset()
        logger.warning("as-run rows written from the spill file", metadata: ["rows": "\(n)"])
      } catch {
        ended = spill.finishedJobIds
        cond.lock()
        spilledRows = spill.entries.count
        cond.unlock()
        logger.critical(
          "as-run rows still waiting in the spill file; the database cannot take them",
          metadata: ["rows": "\(spill.entries.count)", "error": "\(error.message)"])
      }
    }
    let recovered: [AsRunRecord]
    do { recovered = try store.recoverInterrupted(now: clock.now(), excluding: ended) } catch {
      logger.critical("cannot recover the jobs that were on air: \(error.message)")
      recovered = []
    }
    for r in recovered {
      logger.warning("job was on air when Loa stopped; logged as failed", metadata: ["job": "\(r.jobId)"])
    }
    let active = try store.activeJobs().filter { !ended.contains($0.id) }
    cond.lock()
    for job in active { ladder.add(job) }
    playerRunning = true
    cond.unlock()
    let t = Thread { [self] in
      runLoop()
      cond.lock()
      playerRunning = false
      cond.broadcast()
      cond.unlock()
    }
    t.name = "loa-player"
    t.stackSize = 1 << 20
    t.start()
  }

  /// Stops the player: what is on air is cut and kept queued to resume on the next start.
  public func shutdown(timeout: TimeInterval = 5) {
    cond.lock()
    stopping = true
    ladder.shutdown()
    cond.broadcast()
    let deadline = Date().addingTimeInterval(timeout)
    while playerRunning && Date() < deadline { _ = cond.wait(until: deadline) }
    cond.unlock()
    progress.stop()
    output.close()
    amplifier?.switchOff()
  }

  // MARK: Officer and API actions

  /// Calls `handler` after every committed row or job ending, on the committing thread; it must
  /// only note the event (wake a worker) and return.
  public func observe(_ handler: @escaping @Sendable (PlayoutEvent) -> Void) { events.add(handler) }

  /// Stores the job (durably) and queues it. Returns the stored job.
  @discardableResult
  public func submit(_ job: Job) throws(LoaError) -> Job {
    let stored = try store.insert(job)
    if stored.status == .inbox {
      logger.info(
        "job waits in the inbox for the officer", metadata: ["job": "\(stored.id)", "title": "\(stored.title)"])
      return stored
    }
    enqueue(stored)
    logger.info(
      "job queued",
      metadata: ["job": "\(stored.id)", "class": "\(stored.bulletinClass.rawValue)", "title": "\(stored.title)"])
    return stored
  }

  /// Queues a job that is already in the store (a scheduled airing, an approved inbox job).
  public func enqueue(_ job: Job) {
    cond.lock()
    ladder.add(job)
    cond.broadcast()
    cond.unlock()
  }

  /// Drops waiting jobs from memory (the store has already marked them).
  public func withdraw(ids: [String]) {
    guard !ids.isEmpty else { return }
    let set = Set(ids)
    cond.lock()
    ladder.withdraw(set)
    cond.broadcast()
    cond.unlock()
  }

  /// Cancels a waiting job, or cuts it if it is on air.
  @discardableResult
  public func cancel(id: String, operatorName: String?) throws(LoaError) -> Job {
    cond.lock()
    let found = ladder.cancel(id: id, operatorName: operatorName)
    cond.broadcast()
    cond.unlock()
    switch found {
    case .onAir(let cur):
      return cur
    case .waiting(let job):
      // Taken out of the queue under the lock (the player cannot pick it any more), written to
      // disk outside it (the player never waits for an fsync), put back if the write fails.
      do {
        var row = record(
          job, kind: job.content.kind, outcome: .cancelled, operatorName: operatorName ?? job.operatorName)
        row.id = try store.append(row, then: .finished(.cancelled, error: nil), at: clock.now())
        events.send(PlayoutEvent(row: row, jobId: job.id, progress: .finished(.cancelled, error: nil)))
      } catch {
        enqueue(job)
        throw error
      }
      return job
    case .notHere:
      break
    }
    if let job = try store.job(id: id) {
      throw LoaError(
        .jobFinished, "job \(id) has already ended (\(job.status.rawValue)); nothing to cancel")
    }
    throw LoaError(.jobNotFound, "no job with id \(id) (không tìm thấy bản tin)")
  }

  /// Stops what is on air (it is logged `cancelled`); the queue goes on.
  public func stopCurrent(operatorName: String?) -> Job? {
    cond.lock()
    defer { cond.unlock() }
    let cur = ladder.stop(operatorName: operatorName)
    cond.broadcast()
    return cur
  }

  /// Moves a waiting job before another waiting job of the same class, or to the front. The
  /// position is stored outside the player's lock.
  public func move(id: String, before otherId: String?) throws(LoaError) -> Job {
    cond.lock()
    let computed = Result { () throws(LoaError) in try ladder.position(moving: id, before: otherId) }
    cond.unlock()
    let position = try computed.get()
    try store.setPosition(id, position)
    cond.lock()
    defer { cond.unlock() }
    guard let moved = ladder.setPosition(id: id, position) else {
      throw LoaError(.jobNotWaiting, "job \(id) is no longer waiting in the queue (it went on air)")
    }
    return moved
  }

  public func status() -> EngineStatus {
    cond.lock()
    defer { cond.unlock() }
    let onAir = ladder.onAir.map {
      EngineStatus.OnAir(job: $0, segment: currentSegment, repetition: currentRepetition, startedAt: currentStartedAt)
    }
    var status = EngineStatus(
      onAir: onAir, queued: ladder.queued, device: deviceName, deviceOpen: deviceOpen,
      lastError: lastError, underruns: output.underruns, airingsCompleted: completedCount,
      airingsFailed: failedCount, deviceRecoveries: deviceRecoveries,
      levelDBFS: ladder.onAir == nil ? nil : outputLevel, deadAirEvents: deadAirEvents, lastDeadAir: lastDeadAir,
      deadAirThresholdDBFS: config.deadAir.thresholdDBFS, deadAirLimitSeconds: config.deadAir.limitSeconds,
      volume: volume.map {
        EngineStatus.Volume(
          level: $0.current, mode: $0.modeDescription, emergencyMinimum: $0.emergencyMinimum, lastError: $0.lastError)
      },
      amplifier: amplifier?.status,
      recordings: recordings.map {
        EngineStatus.Recordings(
          enabled: $0.config.enabled, keepDays: $0.config.keepDays, budgetBytes: $0.config.budgetBytes)
      })
    status.spilledRows = spilledRows
    return status
  }

  /// Whether the player thread has gone `seconds` without a sign of life (hung in a call that
  /// never returns). False before it starts and after it stopped.
  public func playerStalled(longerThan seconds: TimeInterval) -> Bool {
    cond.lock()
    defer { cond.unlock() }
    return playerRunning && !stopping && Date().timeIntervalSince(lastTick) > seconds
  }

  /// Blocks until nothing is on air and no waiting job is due (tests, the demo).
  public func waitUntilIdle(timeout: TimeInterval) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    cond.lock()
    defer { cond.unlock() }
    while expiring > 0 || !ladder.isIdle(at: clock.now()) {
      if Date() >= deadline { return false }
      _ = cond.wait(until: min(deadline, Date().addingTimeInterval(0.05)))
    }
    return true
  }

  /// Wakes the player, for example after a test clock moved.
  public func poke() {
    cond.lock()
    cond.broadcast()
    cond.unlock()
  }
}
