import Foundation
import LoaAudio
import LoaCore
import LoaLadder
import LoaSpeech
import LoaStorage
import Logging
import Synchronization

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
/// One owner for each piece of state: the player thread alone owns the ladder and the airing's
/// state (`state`); other threads post commands to its `mailbox` and read what it publishes. Its
/// bookkeeping goes to the store through the `committer`, in order, so the player never waits
/// for a disk. Every job is in the store before it is in the ladder; every airing is logged from
/// the frames that reached the device.
// @unchecked Sendable: `state`, `stopping`, `lastAiring` and `lastAudioAt` are touched only by the player thread (and by `start` before that thread exists); everything other threads reach is in the mailbox, the committer, `spilled` (a Mutex) or parts that are Sendable.
public final class PlayoutEngine: @unchecked Sendable {
  let store: any PlayoutStore
  let output: any AudioOutput
  let config: EngineConfig
  public let clock: any WallClock
  let logger: Logger
  let deviceName: String
  /// The box around the audio: volume, amplifier power, off-air recordings.
  public let volume: VolumeControl?
  public let amplifier: AmplifierPower?
  public let recordings: ProofOfPlay?
  let liveEnds = LiveEnds()
  /// Where rows go when the database cannot take them (a full disk).
  let spill: AsRunSpill?

  /// Commands in, the published state out.
  let mailbox: Mailbox
  /// Writes the player's rows and job progress in order, off the player thread.
  let committer: Committer
  /// Who hears about committed rows (the uplink).
  let events = EventHub()
  /// Rows written to the spill file in this run (the database could not take them).
  let spilled = Mutex(0)

  // The player thread's own:
  /// The waiting jobs, the one on air and any pending interrupt, with what is published.
  var state: PlayerState
  var stopping = false
  /// When the last airing began and ended (tells `skipped` from `missed`).
  var lastAiring: (start: Date, end: Date)?
  /// When audio last went to the device (the amplifier's idle timer).
  var lastAudioAt: Date?
  /// The built-in attention chime in the device's format, made once: an emergency does not wait
  /// for 2.2 s of audio to be computed.
  let chimeSamples: [Int16]

  public init(
    store: any PlayoutStore, output: any AudioOutput, deviceName: String, config: EngineConfig = EngineConfig(),
    clock: any WallClock = SystemClock(), logger: Logger = Logger(label: "loa.playout"),
    volume: VolumeControl? = nil, amplifier: AmplifierPower? = nil, recordings: ProofOfPlay? = nil,
    spill: AsRunSpill? = nil
  ) {
    self.spill = spill
    self.committer = Committer(logger: logger) { (jobId, point) throws(LoaError) in
      try store.record(.next(point), jobId: jobId, at: Date())
    }
    self.volume = volume
    self.amplifier = amplifier
    self.recordings = recordings
    self.chimeSamples = Chime.samples(format: output.format)
    self.store = store
    self.output = output
    self.deviceName = deviceName
    self.config = config
    self.state = PlayerState(ladder: Ladder(quietHours: config.quietHours))
    self.mailbox = Mailbox(state)
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
        spilled.withLock { $0 = spill.entries.count }
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
    // The thread does not exist yet: this is the last time another thread touches `state`.
    for job in active { state.ladder.add(job) }
    mailbox.publish(state)
    mailbox.setRunning(true)
    let t = Thread { [self] in
      runLoop()
      mailbox.setRunning(false)
    }
    t.name = "loa-player"
    t.stackSize = 1 << 20
    t.start()
  }

  /// Stops the player: what is on air is cut and kept queued to resume on the next start; the
  /// committer writes everything the player handed it before this returns.
  public func shutdown(timeout: TimeInterval = 5) {
    mailbox.post(.shutdown)
    mailbox.waitStopped(until: Date().addingTimeInterval(timeout))
    committer.stop()
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
  public func enqueue(_ job: Job) { mailbox.post(.add(job)) }

  /// Drops waiting jobs from the ladder (the store has already marked them).
  public func withdraw(ids: [String]) {
    guard !ids.isEmpty else { return }
    mailbox.post(.withdraw(Set(ids)))
  }

  static let notRunning = LoaError(
    .playerUnavailable, "the player did not answer: it is not running or is stuck (trình phát không trả lời)")

  /// Cancels a waiting job, or cuts it if it is on air.
  @discardableResult
  public func cancel(id: String, operatorName: String?) throws(LoaError) -> Job {
    guard let found = mailbox.ask({ .cancel(id: id, operatorName: operatorName, $0) }) else {
      throw Self.notRunning
    }
    switch found {
    case .onAir(let cur):
      return cur
    case .waiting(let job):
      // Out of the ladder (the player cannot pick it any more); the row is written by the
      // committer after anything already queued for the job, and the job goes back if it fails.
      let written = committer.sync(jobId: job.id) { [self] () -> Result<Void, LoaError> in
        do throws(LoaError) {
          var row = record(
            job, kind: job.content.kind, outcome: .cancelled, operatorName: operatorName ?? job.operatorName)
          row.id = try store.append(row, then: .finished(.cancelled, error: nil), at: clock.now())
          events.send(PlayoutEvent(row: row, jobId: job.id, progress: .finished(.cancelled, error: nil)))
          return .success(())
        } catch { return .failure(error) }
      }
      if case .failure(let error) = written {
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

  /// The live broadcast `jobId` is ending (its officer ended it): the end of its stream completes
  /// the airing instead of counting as a loss.
  public func announceLiveEnd(jobId: String) { liveEnds.announce(jobId) }

  /// Pauses the box: what is on air (unless an emergency) is cut to resume later, and only
  /// emergencies air until `resume()`. A restart ends a pause. Returns false if already paused.
  public func pause(operatorName: String?) throws(LoaError) -> Bool {
    guard let changed = mailbox.ask({ .pause(operatorName: operatorName, $0) }) else { throw Self.notRunning }
    return changed
  }

  /// Ends a pause. Returns false if the box was not paused.
  public func resume() throws(LoaError) -> Bool {
    guard let changed = mailbox.ask({ .resume($0) }) else { throw Self.notRunning }
    return changed
  }

  /// Switches the amplifier now (a remote command); off is refused while something is on air.
  public func switchAmplifier(on: Bool) throws(LoaError) {
    guard let done = mailbox.ask({ .amplifier(on: on, $0) }) else { throw Self.notRunning }
    _ = try done.get()
  }

  /// Stops what is on air (it is logged `cancelled`); the queue goes on.
  public func stopCurrent(operatorName: String?) -> Job? {
    mailbox.ask({ .stop(operatorName: operatorName, $0) }) ?? nil
  }

  /// Moves a waiting job before another waiting job of the same class, or to the front. The
  /// position is stored by the caller's thread, between two questions to the player.
  public func move(id: String, before otherId: String?) throws(LoaError) -> Job {
    guard let computed = mailbox.ask({ .position(id: id, before: otherId, $0) }) else { throw Self.notRunning }
    let position = try computed.get()
    try store.setPosition(id, position)
    guard let answer = mailbox.ask({ .setPosition(id: id, position, $0) }) else { throw Self.notRunning }
    guard let moved = answer else {
      throw LoaError(.jobNotWaiting, "job \(id) is no longer waiting in the queue (it went on air)")
    }
    return moved
  }

  /// What the player last published. `settle`: how long to wait for commands already posted to
  /// be applied first (a caller reads its own writes); 0 for a periodic reader.
  public func status(settle: TimeInterval = 0.5) -> EngineStatus {
    let s = mailbox.read(wait: settle)
    let onAir = s.ladder.onAir.map {
      EngineStatus.OnAir(job: $0, segment: s.segment, repetition: s.repetition, startedAt: s.startedAt)
    }
    var status = EngineStatus(
      onAir: onAir, paused: s.ladder.paused, queued: s.ladder.queued, device: deviceName, deviceOpen: s.deviceOpen,
      lastError: s.lastError, underruns: output.underruns, airingsCompleted: s.completed,
      airingsFailed: s.failed, deviceRecoveries: s.deviceRecoveries,
      levelDBFS: s.ladder.onAir == nil ? nil : s.level, deadAirEvents: s.deadAirEvents, lastDeadAir: s.lastDeadAir,
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
    status.spilledRows = spilled.withLock { $0 }
    return status
  }

  /// Whether the player thread has gone `seconds` without a sign of life (hung in a call that
  /// never returns). False before it starts and after it stopped.
  public func playerStalled(longerThan seconds: TimeInterval) -> Bool {
    mailbox.isRunning && Date().timeIntervalSince(mailbox.lastSignOfLife) > seconds
  }

  /// Blocks until nothing is on air, no waiting job is due and every row is written (tests, the
  /// demo).
  public func waitUntilIdle(timeout: TimeInterval) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let idle = mailbox.wait(until: deadline) { [clock] s in s.ladder.isIdle(at: clock.now()) }
      if !idle { return false }
      // Rows go to the committer before the player publishes the state that follows them.
      if committer.isIdle && mailbox.wait(until: Date(), settled: { [clock] in $0.ladder.isIdle(at: clock.now()) }) {
        return true
      }
      if Date() >= deadline { return false }
      usleep(2000)
    }
  }

  /// Wakes the player, for example after a test clock moved.
  public func poke() { mailbox.post(.wake) }
}
