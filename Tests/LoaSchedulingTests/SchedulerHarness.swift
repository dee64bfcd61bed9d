import Foundation
import LoaAudio
import LoaCore
import LoaPlayout
import LoaScheduling
import LoaStorage
import LoaTesting
import Logging

let captureFormat = AudioFormat(sampleRate: 22050, channels: 1)

/// An engine and a scheduler on a fresh SQLite file, a capture output and a hand-moved clock.
final class SchedulerHarness: @unchecked Sendable {
  let dir: TempDir
  let store: Store
  let output: CaptureOutput
  let engine: PlayoutEngine
  let scheduler: Scheduler
  let clock: ManualClock

  init(at start: Date, paced: Bool = false, speed: Double = 4, dir: TempDir? = nil, lead: TimeInterval = 120) throws {
    self.dir = dir ?? TempDir("loa-sched")
    clock = ManualClock(start)
    store = try Store(path: self.dir.file("loa.sqlite"))
    output = CaptureOutput(format: captureFormat, paced: paced, speed: speed)
    var logger = Logger(label: "test")
    logger.logLevel = .error
    // Tones stand in for speech (the scheduler's logic does not need libespeak-ng).
    var engineConfig = EngineConfig(emergencyGapSeconds: 0.2)
    engineConfig.synthesiser = ToneSynthesiser()
    engine = PlayoutEngine(
      store: store, output: output, deviceName: "capture", config: engineConfig, clock: clock, logger: logger)
    var cfg = Scheduler.Config()
    cfg.leadSeconds = lead
    cfg.mediaDir = self.dir.file("media")
    scheduler = Scheduler(store: store, engine: engine, clock: clock, config: cfg, logger: logger)
  }

  func apply(_ text: String, by op: String = "cán bộ A") throws -> Scheduler.Applied {
    try scheduler.apply(text: text, baseDir: dir.path, operatorName: op)
  }

  /// Moves the clock in steps, ticking the scheduler and letting the player catch up at each step.
  func run(until end: Date, step: TimeInterval = 30) {
    while clock.now() < end {
      clock.advance(by: min(step, end.timeIntervalSince(clock.now())))
      scheduler.tick()
      _ = engine.waitUntilIdle(timeout: 30)
    }
  }

  /// Sets the clock (forwards or backwards), then ticks and lets the player catch up.
  func jump(to t: Date) {
    clock.advance(by: t.timeIntervalSince(clock.now()))
    scheduler.tick()
    _ = engine.waitUntilIdle(timeout: 30)
  }

  func rows() throws -> [AsRunRecord] { try store.asRun() }

  /// `HH:MM program-item outcome` lines of the as-run log, in local time.
  func log() -> [String] {
    ((try? rows()) ?? []).map { r in
      let when = r.startedAt ?? r.scheduledAt ?? Date(timeIntervalSince1970: 0)
      return "\(localString(when)) \(r.kind.rawValue) \(r.outcome.rawValue)"
    }
  }

  deinit {
    scheduler.stop()
    engine.shutdown(timeout: 2)
  }
}

/// Morning 05:30 and evening 17:00, Monday to Saturday; a short programme (chime + one sentence).
func twoSlotSchedule(start: String = "hard", tolerance: String = "10m", extraItems: String = "") -> String {
  """
  [settings]
  name = "Xã thử"

  [[program]]
  id = "sang"
  title = "Buổi sáng"
    [[program.item]]
    type = "chime"
    [[program.item]]
    type = "speech"
    title = "Bản tin sáng"
    text = "Xin chào bà con. Đây là bản tin buổi sáng."
  \(extraItems)

  [[program]]
  id = "chieu"
  title = "Buổi chiều"
    [[program.item]]
    type = "speech"
    title = "Bản tin chiều"
    text = "Bản tin buổi chiều."

  [[slot]]
  program = "sang"
  at = "05:30"
  days = ["T2", "T3", "T4", "T5", "T6", "T7"]
  start = "\(start)"
  tolerance = "\(tolerance)"
  length = "20m"

  [[slot]]
  program = "chieu"
  at = "17:00"
  days = ["T2", "T3", "T4", "T5", "T6", "T7"]
  start = "\(start)"
  tolerance = "\(tolerance)"
  length = "20m"
  """
}
