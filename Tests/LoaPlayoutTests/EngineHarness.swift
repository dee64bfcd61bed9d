import Foundation
import LoaAudio
import LoaCore
import LoaPlayout
import LoaSpeech
import LoaStorage
import LoaTesting
import Logging

let speechFormat = AudioFormat(sampleRate: 22050, channels: 1)

/// An engine on a fresh SQLite file with a capture output.
final class EngineHarness: @unchecked Sendable {
  let dir = TempDir("loa-engine")
  let store: Store
  let output: CaptureOutput
  let engine: PlayoutEngine
  let clock: any WallClock
  let synthesiser: any Synthesiser

  init(
    paced: Bool = false, speed: Double = 1, clock: any WallClock = SystemClock(), gap: Double = 0.3,
    espeak: Bool = false,
    storePath: String? = nil, configure: (inout EngineConfig) -> Void = { _ in },
    volume: ((Store) -> VolumeControl)? = nil, amplifier: AmplifierPower? = nil, recordings: ProofOfPlay? = nil,
    spill: AsRunSpill? = nil, port: ((Store) -> any PlayoutStore)? = nil
  ) throws {
    store = try Store(path: storePath ?? dir.file("loa.sqlite"))
    output = CaptureOutput(format: speechFormat, paced: paced, speed: speed)
    self.clock = clock
    var logger = Logger(label: "test")
    logger.logLevel = .error
    var config = EngineConfig(emergencyGapSeconds: gap)
    // The engine's logic does not need libespeak-ng: tones stand in for speech unless a test
    // is about real speech.
    synthesiser = espeak ? Espeak.shared : ToneSynthesiser()
    config.synthesiser = synthesiser
    configure(&config)
    engine = PlayoutEngine(
      store: port?(store) ?? store, output: output, deviceName: "capture", config: config,
      clock: clock, logger: logger, volume: volume?(store), amplifier: amplifier, recordings: recordings,
      spill: spill)
  }

  /// A normal (or other class) job that plays a file.
  @discardableResult
  func submitFile(_ path: String, _ cls: BulletinClass = .normal, title: String? = nil) throws -> Job {
    try engine.submit(
      Job(
        bulletinClass: cls, source: .api, title: title ?? (path as NSString).lastPathComponent,
        content: .file(path: path), repeatCount: 1, createdAt: clock.now(), operatorName: "test"))
  }

  func job(
    _ cls: BulletinClass, _ text: String, repeat r: Int = 1, title: String? = nil, notBefore: Date? = nil,
    expiresAt: Date? = nil
  ) -> Job {
    Job(
      bulletinClass: cls, source: .api, title: title ?? text, content: .speech(text: text, voice: "vi"),
      repeatCount: r, notBefore: notBefore, expiresAt: expiresAt, createdAt: clock.now(), operatorName: "test")
  }

  @discardableResult
  func submit(
    _ cls: BulletinClass, _ text: String, repeat r: Int = 1, title: String? = nil, notBefore: Date? = nil,
    expiresAt: Date? = nil
  ) throws -> Job {
    try engine.submit(job(cls, text, repeat: r, title: title, notBefore: notBefore, expiresAt: expiresAt))
  }

  func rows() throws -> [AsRunRecord] { try store.asRun() }

  /// Waits until `id` is on air (not a fixed sleep: the machine may be loaded).
  @discardableResult
  func waitOnAir(_ id: String, timeout: TimeInterval = 30) -> Bool {
    eventually(timeout: timeout) { engine.status().onAir?.job.id == id }
  }

  /// Waits until at least `seconds` of audio have been written to the output.
  @discardableResult
  func waitForAudio(seconds: Double, timeout: TimeInterval = 60) -> Bool {
    eventually(timeout: timeout) { output.sampleCount >= speechFormat.frames(seconds: seconds) }
  }

  /// Seconds of speech the engine would produce for a text, measured by synthesising it.
  func speechSeconds(_ text: String) throws -> Double {
    let profile = VoiceCatalog.builtIn.profile(named: "vi")!
    var frames = 0
    for sentence in engine.sentences(for: text, voice: profile) {
      try synthesiser.synthesize(sentence, profile: profile) { chunk in
        frames += chunk.count
        return true
      }
    }
    return speechFormat.seconds(frames: frames)
  }

  deinit { engine.shutdown(timeout: 2) }
}

let longText = """
  Thông báo của ủy ban nhân dân xã về lịch tiêm phòng cho gia súc và gia cầm. \
  Đợt tiêm phòng bắt đầu từ sáng thứ hai tuần sau tại nhà văn hóa các thôn. \
  Đề nghị bà con đưa vật nuôi đến đúng giờ để cán bộ thú y tiêm phòng. \
  Mọi thắc mắc xin liên hệ trưởng thôn hoặc cán bộ thú y của xã. \
  Xin trân trọng cảm ơn bà con.
  """

/// Polls the engine until it is idle.
func waitIdle(_ h: EngineHarness, timeout: TimeInterval = 60) -> Bool { h.engine.waitUntilIdle(timeout: timeout) }

/// The store behind a disk that takes `delay` for every write the player makes while airing
/// (an SD card under load): a job's insert stays fast, as the API's is.
final class SlowDisk: PlayoutStore {
  let store: Store
  let delay: TimeInterval
  init(_ store: Store, delay: TimeInterval) {
    self.store = store
    self.delay = delay
  }
  func insert(_ job: Job) throws(LoaError) -> Job { try store.insert(job) }
  func job(id: String) throws(LoaError) -> Job? { try store.job(id: id) }
  func activeJobs() throws(LoaError) -> [Job] { try store.activeJobs() }
  func markPlaying(_ id: String, at: Date) throws(LoaError) {
    Thread.sleep(forTimeInterval: delay)
    try store.markPlaying(id, at: at)
  }
  func setPosition(_ id: String, _ position: Double) throws(LoaError) { try store.setPosition(id, position) }
  func append(_ record: AsRunRecord, then progress: JobProgress, at: Date) throws(LoaError) -> Int64 {
    Thread.sleep(forTimeInterval: delay)
    return try store.append(record, then: progress, at: at)
  }
  func record(_ progress: JobProgress, jobId: String, at: Date) throws(LoaError) {
    Thread.sleep(forTimeInterval: delay)
    try store.record(progress, jobId: jobId, at: at)
  }
  func recoverInterrupted(now: Date, excluding: Set<String>) throws(LoaError) -> [AsRunRecord] {
    try store.recoverInterrupted(now: now, excluding: excluding)
  }
  func replay(_ spill: AsRunSpill) throws(LoaError) -> Int { try store.replay(spill) }
}
