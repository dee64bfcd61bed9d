import Foundation
import Hummingbird
import HummingbirdCore
import LoaAPI
import LoaAudio
import LoaCore
import LoaLadder
import LoaPlayout
import LoaProtocol
import LoaRelay
import LoaScheduling
import LoaSpeech
import LoaStorage
import LoaTLS
import LoaUplink
import Logging
import ServiceLifecycle

/// `loa serve`: the store, the playout engine and the control API in one service group,
/// stopped gracefully on SIGTERM or SIGINT.
public struct Daemon {
  public let config: DaemonConfig
  public var logger: Logger
  /// Builds the config again as at start (file, environment, flags): `systemctl reload` (SIGHUP).
  public var reread: (@Sendable () throws(LoaError) -> DaemonConfig)?

  public init(config: DaemonConfig, logger: Logger = Logger(label: "loa")) {
    self.config = config
    self.logger = logger
  }

  public func run() async throws {
    let started = Date()
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: config.stateDir, isDirectory: &isDir), !isDir.boolValue {
      throw LoaError(
        .stateDir, "state_dir '\(config.stateDir)' is a file, not a folder (thư mục trạng thái không phải thư mục)")
    }
    do { try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true) } catch {
      throw LoaError(
        .stateDir, "cannot create state_dir '\(config.stateDir)': \((error as NSError).localizedDescription)")
    }
    let lock = try StateLock(directory: config.stateDir)
    defer { lock.release() }

    // The voices and the pronunciation lexicon are part of the product: without the lexicon
    // `UBND` is read letter by letter, so a missing one stops the start instead of going unnoticed.
    guard let voicesDir = config.voicesDir else {
      throw LoaError(
        .voicesDir,
        "no voices folder: looked in /usr/share/loa/Voices (the package's) and ./Voices; install the package or "
          + "set voices_dir / LOA_VOICES_DIR (không tìm thấy thư mục giọng đọc và từ điển phát âm)")
    }
    let voices = try VoiceCatalog.load(directory: voicesDir)
    guard voices.profile(named: config.defaultVoice) != nil else {
      throw LoaError(.config, "default voice '\(config.defaultVoice)' is not a known voice profile")
    }
    for p in voices.profiles where try !Espeak.shared.hasVoice(p.espeakVoice) {
      throw LoaError(
        .config, "voice profile '\(p.name)' names espeak-ng voice '\(p.espeakVoice)', which is not installed")
    }

    for w in config.warnings { logger.warning("\(w)") }
    let lexicon = try Lexicon.load(directory: voicesDir)
    guard !lexicon.entries.isEmpty else {
      throw LoaError(
        .lexicon,
        "no pronunciation lexicon (*.tsv with entries) in '\(voicesDir)'; the package installs lexicon-vi.tsv there "
          + "(thiếu từ điển phát âm)")
    }
    guard !lexicon.units.isEmpty else {
      throw LoaError(
        .lexicon,
        "no unit table (units-*.tsv) in '\(voicesDir)'; the package installs units-vi.tsv there (thiếu bảng đơn vị đo)")
    }
    guard !lexicon.symbols.isEmpty else {
      throw LoaError(
        .lexicon,
        "no symbol table (symbols-*.tsv) in '\(voicesDir)'; the package installs symbols-vi.tsv there (thiếu bảng ký hiệu)"
      )
    }
    logger.info(
      "voices and lexicon",
      metadata: [
        "dir": "\(voicesDir)", "lexicon_entries": "\(lexicon.entries.count)", "units": "\(lexicon.units.words.count)",
      ])
    let opened = try Store.openChecked(path: config.stateDir + "/loa.sqlite")
    let store = opened.store
    // This run, for up-time; a previous run left open ended uncleanly at its last sign of life.
    let markPath = config.stateDir + "/alive"
    let run = try store.beginRun(at: started, version: LoaVersion.described, mark: AliveMark.read(path: markPath))
    let aliveMark = try AliveMark(path: markPath)
    if let last = run.unclean {
      logger.warning(
        "the previous run did not stop cleanly (power cut, kill or crash) (lần chạy trước dừng bất thường)",
        metadata: ["last_alive": "\(LocalTime.format(last.aliveAt))"])
    }
    if let alarm = opened.alarm {
      logger.critical("storage alarm (cảnh báo lưu trữ): \(alarm)")
    }
    let format = AudioFormat(sampleRate: config.sampleRate, channels: config.channels)
    let output = ALSAOutput(device: config.device, format: format, bufferMilliseconds: config.bufferMilliseconds)
    var engineConfig = EngineConfig(
      emergencyGapSeconds: config.emergencyGapSeconds, emergencyChime: config.emergencyChime,
      voices: voices, normalizer: VietnameseNormalizer(lexicon: lexicon), chimeFile: config.chimeFile)
    engineConfig.respellings = try Respellings.load(directory: voicesDir)
    engineConfig.deadAir = DeadAirDetector(
      thresholdDBFS: config.deadAirThresholdDBFS, limitSeconds: config.deadAirSeconds)
    engineConfig.fallback.files = config.fallbackFiles
    engineConfig.fallback.downLimit = config.fallbackDownSeconds
    engineConfig.fallbackForFiles = config.fallbackForFiles
    engineConfig.deviceRetrySeconds = config.deviceRetrySeconds
    engineConfig.quietHours = config.quietHours.map { QuietHours($0) }
    if let chime = config.chimeFile, !FileManager.default.isReadableFile(atPath: chime) {
      logger.warning(
        "chime_file cannot be read; emergencies use the built-in chime (không đọc được tệp chuông)",
        metadata: ["file": "\(chime)"])
    }
    for f in config.fallbackFiles where !FileManager.default.fileExists(atPath: f) {
      logger.warning("fallback file does not exist; it will be skipped", metadata: ["file": "\(f)"])
    }
    let box = try BoxParts(config: config, store: store, logger: logger)
    let spill = try AsRunSpill(path: config.stateDir + "/asrun-spill.jsonl")
    let engine = PlayoutEngine(
      store: store, output: output, deviceName: config.device, config: engineConfig, logger: logger,
      volume: box.volume, amplifier: box.amplifier, recordings: box.recordings, spill: spill)
    box.recordings?.sweep(force: true)
    var rules = JobRules(
      maxTextCharacters: config.maxTextCharacters, emergencyRepeat: config.emergencyRepeat,
      defaultVoice: config.defaultVoice, knownVoices: voices.allNames)
    rules.languages = config.languages
    var schedulerConfig = Scheduler.Config()
    schedulerConfig.voices = voices
    schedulerConfig.mediaDir = config.stateDir + "/media"
    // The clock guard is written with the run's sign of life (UptimeService), not every minute.
    schedulerConfig.highWaterStep = nil
    let scheduler = Scheduler(
      store: store, engine: engine, config: schedulerConfig, logger: Logger(label: "loa.schedule"))
    let cache = ContentCache(
      directory: config.stateDir + "/cache", budgetBytes: Int64(config.cacheBudgetMB) * 1_000_000)
    var uplink: UplinkService?
    if let u = config.uplink {
      uplink = try UplinkParts.make(
        u, engine: engine, store: store, rules: rules, cache: cache, scheduler: scheduler, stateDir: config.stateDir,
        logger: logger)
    }
    var uplinkStatus: (@Sendable () -> Wire.UplinkView?)?
    var ingest: (@Sendable (Data) -> IngestAnswer)?
    if let u = uplink {
      uplinkStatus = { UplinkParts.view(u) }
      ingest = { body in
        let a = u.process(body)
        return IngestAnswer(ack: (try? UplinkJSON.encoder().encode(a)) ?? Data(), kind: UplinkParts.ingestKind(a))
      }
    }
    var api = ControlAPI(
      store: store, engine: engine, scheduler: scheduler, rules: rules, voices: voices,
      mediaDirectory: config.stateDir + "/media",
      stateDirectory: config.stateDir, version: LoaVersion.described, startedAt: started,
      cache: cache, uplinkStatus: uplinkStatus, ingest: ingest)
    api.auth = AuthSettings(localTokenSHA256: textSHA256(try Self.writeLocalToken(stateDir: config.stateDir)))
    let metrics = DaemonMetrics()
    let metricsStore = store
    let stateDir = config.stateDir
    api.metricsText = { [engine] in
      metrics.text(
        engine: engine, store: metricsStore, stateDir: stateDir, startedAt: started, version: LoaVersion.described)
    }
    api.mediaLimits.maxBytes = Int64(config.mediaMaxMB) * 1_000_000
    api.mediaLimits.freeFloorBytes = Int64(config.mediaFreeFloorMB) * 1_000_000

    let log = logger
    let cfg = config
    // Limits on the listener: a connection that sends nothing for 30 s while idle or while its
    // request is being read is closed (a handler that is still answering is not cut), and at most
    // `max_connections` are open at once; more wait in the kernel's backlog instead of taking
    // descriptors.
    let app = Application(
      router: api.router(),
      server: try HTTPSListener.server(
        cert: config.tlsCert, key: config.tlsKey, prefix: "http.",
        http: .init(idleTimeout: .seconds(Int64(config.httpIdleSeconds)))),
      configuration: .init(
        address: .hostname(config.listenHost, port: config.listenPort), serverName: "loa",
        availableConnectionsDelegate: MaximumAvailableConnections(config.httpMaxConnections)),
      onServerRunning: { _ in
        log.info(
          "Loa is listening",
          metadata: ["listen": "\(cfg.listen)", "device": "\(cfg.device)", "state": "\(cfg.stateDir)"])
        Systemd.notify("READY=1\nSTATUS=listening on \(cfg.listen)")
      },
      logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
      .init(service: EngineService(engine: engine, scheduler: scheduler, uplink: uplink, store: store, run: run.id)),
      .init(service: app),
      .init(
        service: UptimeService(
          mark: aliveMark, run: run.id, scheduler: scheduler, every: .seconds(Int64(config.aliveMinutes * 60)),
          logger: logger)),
    ]
    if config.trimMinutes > 0 {
      services.append(
        .init(
          service: CodePagesService(
            engine: engine, every: .milliseconds(Int64(config.trimMinutes * 60_000)), logger: logger)))
    }
    if let interval = Systemd.watchdogInterval {
      logger.info("systemd watchdog on", metadata: ["interval_s": "\(interval)"])
      services.append(.init(service: WatchdogService(engine: engine, interval: interval, logger: logger)))
    }
    // SIGHUP (`systemctl reload`, a closed terminal) never stops the box: it reads the config, the
    // schedule and the keys again (Reloader), off the player's thread.
    signal(SIGHUP, SIG_IGN)
    let reloader = Reloader(
      running: config, reread: reread ?? { [config] () throws(LoaError) in config }, scheduler: scheduler,
      logger: logger)
    let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "loa.reload"))
    hangup.setEventHandler { reloader.reload() }
    hangup.resume()
    defer { hangup.cancel() }
    let group = ServiceGroup(
      configuration: .init(
        services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    logger.info("Loa stopped")
  }
}

/// Runs the player and the scheduler threads for as long as the service group runs.
struct EngineService: Service {
  let engine: PlayoutEngine
  let scheduler: Scheduler
  let uplink: UplinkService?
  let store: Store
  /// This run's row in `daemon_runs`, closed as a clean stop.
  let run: Int64
  func run() async throws {
    try engine.start()
    try scheduler.start()
    uplink?.start()
    try? await gracefulShutdown()
    Systemd.notify("STOPPING=1")
    uplink?.stop()
    scheduler.stop()
    engine.shutdown()
    try? store.endRun(run, at: Date(), highWater: scheduler.highWaterMark())
    // Everything into loa.sqlite itself: a clean stop leaves no state in the WAL alone.
    try? store.checkpoint()
  }
}

/// Marks the run alive every `[state] alive_minutes` (15), with the scheduler's clock guard in the
/// same write, in the file mark (`AliveMark`: one block overwritten in place, not a database
/// commit; 8 KB reach the disk per mark, measured): an unclean stop is known to within that, and an
/// idle box writes 96 marks a day (flash cards wear out; bench/idle.py).
struct UptimeService: Service {
  let mark: AliveMark
  let run: Int64
  let scheduler: Scheduler
  var every: Duration = .seconds(900)
  let logger: Logger

  func run() async throws {
    var failing = false
    while !Task.isShuttingDownGracefully {
      try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
      if Task.isShuttingDownGracefully || Task.isCancelled { return }
      do {
        try mark.write(.init(run: run, at: Date(), highWater: scheduler.highWaterMark()))
        failing = false
      } catch {
        if !failing { logger.error("cannot write the sign of life (không ghi được dấu hoạt động): \(error)") }
        failing = true
      }
    }
  }
}

/// One daemon per state folder: two players on one database could air a job twice.
final class StateLock: Sendable {
  let fd: Int32
  init(directory: String) throws(LoaError) {
    let path = directory + "/loa.lock"
    fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw LoaError(.stateDir, "cannot create \(path): \(String(cString: strerror(errno)))") }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw LoaError(
        .alreadyRunning,
        "another Loa daemon is already using \(directory) (một dịch vụ Loa khác đang chạy)")
    }
  }
  func release() {
    flock(fd, LOCK_UN)
    close(fd)
  }
}

/// A restart asked over the uplink (the province's "restart the device"): `loa serve` stops as on
/// SIGTERM, then exits with `exitCode` so systemd starts it again (`Restart=always`, and
/// `RestartForceExitStatus=75` in the shipped unit for units that restart only on failure).
public final class RestartRequest: @unchecked Sendable {
  public static let shared = RestartRequest()
  public static let exitCode: Int32 = 75
  private let lock = NSLock()
  private var asked = false

  public func set() {
    lock.lock()
    asked = true
    lock.unlock()
  }

  public var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return asked
  }
}
