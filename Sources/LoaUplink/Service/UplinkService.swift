import Foundation
import LoaCore
import LoaMQTT
import LoaPlayout
import LoaProtocol
import LoaRelay
import LoaStorage
import Logging
import Metrics

/// The box's side of the uplink: holds an outbound MQTT connection to the province's broker,
/// checks every message (Gatekeeper), turns jobs into Loa jobs (the message id is the job id, so a
/// job delivered twice is stored and aired once), acknowledges after the job is in SQLite, reports
/// final outcomes, uploads the as-run log in order from a persisted cursor, and sends a heartbeat.
// @unchecked Sendable: counters, the seen-message memory and the as-run cursor live under `cond`; the store and engine are thread-safe.
public final class UplinkService: @unchecked Sendable {
  public struct Config: Sendable {
    public var identity: BoxIdentity
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var keys: [TrustedKey]
    public var heartbeatSeconds = 60.0
    public var maxSkew: TimeInterval = 300
    public var maxAge: TimeInterval = 24 * 3600
    public var rules: JobRules
    public var version = "0.1.0"
    /// Air CAP alerts whose status is not `Actual` (Exercise, Test…); off by default.
    public var capAirNonActual = false
    /// An emergency with the same text as one accepted this recently, under a new id, is a human
    /// re-send: logged and acknowledged `duplicate`, not aired twice in a row. 0 turns it off.
    public var resendWindow: TimeInterval = 600
    /// Relay and media URLs may lead to loopback, link-local or the box's own addresses.
    public var allowLocalURLs = false
    /// How long a CAP Cancel for an alert not yet received is remembered, at least.
    public var capCancelMemory: TimeInterval = 48 * 3600
    /// A TOML file of `[[key]]` tables, read again whenever it changes (key rotation).
    public var keysFile: String?
    /// An as-run batch no station has confirmed is sent again after this long.
    public var asRunResend: TimeInterval = 30
    public init(identity: BoxIdentity, host: String, port: Int, keys: [TrustedKey], rules: JobRules) {
      self.identity = identity
      self.host = host
      self.port = port
      self.keys = keys
      self.rules = rules
    }
  }

  public let config: Config
  let engine: PlayoutEngine
  let store: Store
  let logger: Logger
  /// Nil when the box has no broker (LAN ingest only).
  let client: MQTTClient?
  private var gate: Gatekeeper
  private var keysFileDate: Date?
  /// Fetches `media_url` jobs (the daemon passes its content cache).
  let fetchMedia: (@Sendable (String, String?) throws(LoaError) -> String)?
  /// Reads the installed schedule again (the `reload_schedule` command).
  let reloadSchedule: (@Sendable () throws(LoaError) -> Void)?
  /// Where the box keeps its state (free space goes in the heartbeat).
  public var stateDirectory: String?
  /// Installs a schedule sent over the uplink (its file, its texts, who sent it) as a local
  /// `loa schedule apply` would; returns the new version and its warnings. Nil: no scheduler.
  /// Restarts the Loa service (the `restart` command): the daemon stops as on SIGTERM and exits
  /// with a code that makes systemd start it again. Nil: the command is refused.
  public var restart: (@Sendable () -> Void)?
  /// Arguments: the file's text, its texts and its downloaded audio files (local paths) by
  /// relative path, and who sent it.
  public var applySchedule:
    (@Sendable (String, [String: String], [String: String], String) throws(LoaError) -> (Int64, [String]))?

  private let lock = NSCondition()
  private var running = false
  private var worker: Thread?
  private var counters = Counters()
  /// Uplink jobs whose final outcome has not been reported yet: job id → message id.
  private var pending: [String: String] = [:]
  /// Pending jobs that have started on the speakers, and whether `on_air` went out for them.
  private var onAir: [String: Bool] = [:]
  /// The as-run batch sent and not yet confirmed by a station: its last row and when it went out.
  private var sentBatch: (last: Int64, at: Date)?
  /// When a station last confirmed a batch (`loa status`).
  private var lastReceipt: Date?
  /// This database's as-run log id (`log` in batches and receipts).
  private var asRunLog = ""
  private var lastHeartbeat = Date.distantPast
  /// Set by `poke` (the engine committed something, a batch was acked): work now.
  private var wake = false
  /// Media jobs waiting for their download (one at a time, in arrival order).
  let downloads = MediaQueue()

  public struct Counters: Sendable, Codable, Equatable {
    public var received = 0
    public var accepted = 0
    public var duplicates = 0
    public var rejected: [String: Int] = [:]
    public var asRunUploaded = 0
    /// Rows no station has confirmed yet (counted when a batch goes out or a receipt comes in).
    public var asRunWaiting = 0
    public var lastReceipt: Date?
  }

  public init(
    config: Config, engine: PlayoutEngine, store: Store, logger: Logger = Logger(label: "loa.uplink"),
    fetchMedia: (@Sendable (String, String?) throws(LoaError) -> String)? = nil,
    reloadSchedule: (@Sendable () throws(LoaError) -> Void)? = nil
  ) throws(MQTTError) {
    self.reloadSchedule = reloadSchedule
    self.config = config
    self.engine = engine
    self.store = store
    self.logger = logger
    self.fetchMedia = fetchMedia
    var g = Gatekeeper(identity: config.identity, keys: config.keys)
    g.maxSkew = config.maxSkew
    g.maxAge = config.maxAge
    gate = g
    if config.host.isEmpty {
      client = nil
    } else {
      var o = MQTTClient.Options(host: config.host, port: config.port, clientId: "loa-" + config.identity.box)
      o.username = config.username
      o.password = config.password
      o.caFile = config.caFile
      o.certFile = config.certFile
      o.keyFile = config.keyFile
      o.subscriptions = config.identity.inboundTopics
      var will = LastWill(identity: config.identity, since: Date(), version: config.version)
      will.scheduleVersion = try? store.activeScheduleVersion()?.id
      o.will = (config.identity.outbound("status"), (try? UplinkJSON.encoder().encode(will)) ?? Data(), true)
      client = try MQTTClient(options: o)
    }
  }

  public var counterSnapshot: Counters {
    lock.lock()
    defer { lock.unlock() }
    return counters
  }
  public var isConnected: Bool { client?.isConnected ?? false }
  public var lastError: String? { client?.lastError }

  /// Wakes the outbound worker now (something was committed).
  func poke() {
    lock.lock()
    wake = true
    lock.broadcast()
    lock.unlock()
  }

  public func start() {
    asRunLog = Self.asRunLogId(store)
    engine.observe { [weak self] e in
      if e.onAir { self?.noteOnAir(e.jobId) }
      self?.poke()
    }
    if let jobs = try? store.activeJobs() {
      lock.lock()
      for j in jobs where j.source == .uplink { pending[j.id] = j.id }
      lock.unlock()
    }
    client?.start(
      onConnect: { [self] in
        logger.info("uplink connected", metadata: ["broker": "\(config.host):\(config.port)"])
        publishStatus()
        lock.lock()
        sentBatch = nil  // an unconfirmed batch is sent again from the cursor at once
        lock.unlock()
        poke()
      },
      onMessage: { [self] m in handle(m.payload) })
    lock.lock()
    running = true
    let t = Thread { [self] in work() }
    t.name = "loa-uplink"
    worker = t
    lock.unlock()
    t.start()
  }

  public func stop() {
    downloads.stop()
    lock.lock()
    running = false
    lock.broadcast()
    while worker != nil { _ = lock.wait(until: Date().addingTimeInterval(0.1)) }
    lock.unlock()
    client?.stop()
  }

  // MARK: Inbound

  /// On the MQTT thread: check, and act at once, except on a job whose media must be downloaded
  /// first, which goes to the download worker. A download never holds up the messages behind it
  /// (an emergency among them) nor the connection's keep-alive.
  func handle(_ payload: Data) {
    let now = Date()
    switch check(payload, now: now) {
    case .refused(let ack):
      self.ack(counted(ack))
    case .passed(let m, _) where m.type == .receipt:
      receipt(m)  // not acknowledged: a receipt is itself the answer to a batch
    case .passed(let m, let key):
      let downloads =
        (m.type.carriesJob && m.content?.mediaURL != nil) || (m.type == .schedule && m.media?.isEmpty == false)
      guard downloads else {
        ack(counted(act(m, key: key, now: now)))
        return
      }
      let queued = self.downloads.submit { [self] in ack(counted(act(m, key: key, now: Date()))) }
      if !queued {
        ack(
          counted(
            reject(
              Rejection(
                .busy, "\(MediaQueue.capacity) media downloads are already waiting; send again later", ref: m.id))))
      }
    }
  }

  /// Checks and acts on one envelope; returns the ack (LAN ingest, which runs off the event loop).
  public func process(_ payload: Data) -> Ack {
    let now = Date()
    switch check(payload, now: now) {
    case .refused(let ack): return counted(ack)
    case .passed(let m, let key): return counted(act(m, key: key, now: now))
    }
  }

  /// Counts the message and checks it (keys, signature, time, target, role): fast, no I/O but
  /// the keys file's modification time.
  enum Checked {
    case passed(UplinkMessage, TrustedKey)
    case refused(Ack)
  }

  func check(_ payload: Data, now: Date) -> Checked {
    lock.lock()
    counters.received += 1
    lock.unlock()
    reloadKeysIfChanged()
    lock.lock()
    let g = gate
    lock.unlock()
    switch g.check(payload, now: now) {
    case .success(let (m, key)): return .passed(m, key)
    case .failure(let r): return .refused(reject(r))
    }
  }

  func act(_ m: UplinkMessage, key: TrustedKey, now: Date) -> Ack {
    switch m.type {
    case .job: return acceptJob(m, key: key, now: now)
    case .update: return update(m, key: key, now: now)
    case .cancel: return cancel(m, key: key)
    case .cap: return acceptCAP(m, key: key, now: now)
    case .command: return command(m)
    case .receipt:
      receipt(m)
      return Ack(box: config.identity.box, ref: m.id, outcome: .accepted)
    case .schedule:
      return installSchedule(m, key: key)
    case .other(let t):
      return reject(Rejection(.unknownType, "unknown message type '\(t.prefix(32))'", ref: m.id))
    }
  }

  /// Key rotation without a restart: the keys file is read again when its modification time
  /// changes. A file that does not parse keeps the keys in use (and says so in the log).
  func reloadKeysIfChanged() {
    guard let path = config.keysFile else { return }
    guard let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else {
      // Deleted (or unreadable): its keys are revoked, only the keys in the config stay trusted.
      lock.lock()
      let wasLoaded = keysFileDate != .distantPast
      if wasLoaded {
        gate.keys = Dictionary(config.keys.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        keysFileDate = .distantPast
      }
      lock.unlock()
      if wasLoaded {
        logger.error(
          "uplink keys file is gone; its keys are no longer trusted (tệp khóa không còn)", metadata: ["file": "\(path)"]
        )
      }
      return
    }
    lock.lock()
    let same = keysFileDate == date
    lock.unlock()
    if same { return }
    do {
      let keys = try KeysFile.load(path)
      lock.lock()
      gate.keys = Dictionary((config.keys + keys).map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
      keysFileDate = date
      lock.unlock()
      logger.info("uplink keys loaded", metadata: ["file": "\(path)", "keys": "\(keys.map(\.id))"])
    } catch {
      lock.lock()
      keysFileDate = date
      lock.unlock()
      logger.error("uplink keys file not loaded; the previous keys stay", metadata: ["error": "\(error.message)"])
    }
  }

  func reject(_ r: Rejection) -> Ack {
    lock.lock()
    counters.rejected[r.reason, default: 0] += 1
    lock.unlock()
    logger.warning("uplink message rejected", metadata: ["reason": "\(r.reason)", "detail": "\(r.detail)"])
    return Ack(box: config.identity.box, ref: r.ref ?? "-", outcome: .rejected, reason: r.reason, detail: r.detail)
  }

  /// A job stored before (QoS 1 redelivery, a re-send, a restart): counted and acknowledged
  /// `duplicate` with its status; nil when the box has never had it.
  func seenBefore(_ id: String, ref: String, what: String) -> Ack? {
    guard let existing = try? store.job(id: id) else { return nil }
    lock.lock()
    counters.duplicates += 1
    lock.unlock()
    return Ack(
      box: config.identity.box, ref: ref, outcome: .duplicate,
      detail: "\(what)already received; status \(existing.status.rawValue)", jobId: id)
  }

  func acceptJob(_ m: UplinkMessage, key: TrustedKey, now: Date) -> Ack {
    switch prepareJob(m, key: key, now: now) {
    case .answered(let ack): return ack
    case .ready(let job): return labelled(commitJob(job, ref: m.id), m)
    }
  }

  /// An emergency is aired even when its labels are wrong (an unknown field, a language the
  /// station does not list): those are left unknown and the ack says which.
  func labelled(_ ack: Ack, _ m: UplinkMessage) -> Ack {
    guard ack.outcome == .accepted, m.bulletinClass?.lowercased() == "emergency" else { return ack }
    var req = JobRequest()
    req.field = m.field
    req.language = m.language
    req.origin = m.origin
    req.author = m.author
    req.newsSource = m.newsSource
    let problems = req.metadataProblems(rules: config.rules)
    guard !problems.isEmpty else { return ack }
    var out = ack
    out.detail =
      ([ack.detail].compactMap { $0 } + ["labels left unknown: " + problems.map(\.message).joined(separator: "; ")])
      .joined(separator: "; ")
    return out
  }

  /// A job message checked and turned into a job, not yet stored; or the answer when it will not be.
  enum Prepared {
    case ready(Job)
    case answered(Ack)
  }

  /// Everything that can refuse a job, before anything changes: a refused update must leave the
  /// job it refers to alone.
  /// How long after its start a live broadcast is still joined (the message's way through the broker).
  static let liveJoinWindow: TimeInterval = 20

  func prepareJob(_ m: UplinkMessage, key: TrustedKey, now: Date) -> Prepared {
    let id = m.id.lowercased()
    // Delivered before (QoS 1 redelivery, a re-send, a restart): stored once, acknowledged again.
    if let ack = seenBefore(id, ref: m.id, what: "") { return .answered(ack) }
    guard let c = m.content else {
      return .answered(reject(Rejection(.badMessage, "a job needs 'content'", ref: m.id)))
    }
    // A box that was offline when a live broadcast began does not join it in the middle, unless
    // the officer asked for it (`loa live --late-join`).
    if c.live != nil, c.lateJoin != true, now.timeIntervalSince(m.issuedAt) > Self.liveJoinWindow {
      return .answered(
        reject(
          Rejection(
            .stale,
            "the live broadcast began \(Int(now.timeIntervalSince(m.issuedAt))) s ago; a box that was offline "
              + "does not join late (late_join)", ref: m.id)))
    }
    var req = JobRequest(
      text: c.text, bulletinClass: m.bulletinClass, voice: c.voice, repeatCount: m.repeatCount, title: m.title,
      notBefore: m.notBefore, expiresAt: m.expiresAt, operatorName: "uplink:\(key.id)", source: "uplink",
      relay: c.relay, durationSeconds: c.durationSeconds)
    req.live = c.live
    req.mediaURL = c.mediaURL
    req.sha256 = c.sha256
    req.field = m.field
    req.language = m.language
    req.origin = m.origin
    req.author = m.author
    req.newsSource = m.newsSource
    do {
      // Checked before any download: a bad job costs no bandwidth.
      _ = try req.validated(rules: config.rules, now: now, defaultSource: .uplink, storedFile: c.mediaURL)
      for url in [c.relay, c.mediaURL, c.live].compactMap({ $0 }) {
        try URLGuard.check(url, allowLocal: config.allowLocalURLs)
      }
    } catch {
      return .answered(reject(Rejection(error, ref: m.id)))
    }
    var stored: String?
    if let url = c.mediaURL {
      guard let fetchMedia else {
        return .answered(reject(Rejection(.unsupported, "this box cannot download media", ref: m.id)))
      }
      do { stored = try fetchMedia(url, c.sha256) } catch {
        return .answered(reject(Rejection(error, ref: m.id)))
      }
    }
    do {
      var job = try req.validated(rules: config.rules, now: now, defaultSource: .uplink, storedFile: stored)
      job.id = id
      // The inbox is for what the province sends: the commune's own station speaks for the
      // officer who would approve it, so its bulletins are queued at once.
      if key.role == .commune && job.status == .inbox { job.status = .queued }
      if let ack = resent(job, ref: m.id, now: now) { return .answered(ack) }
      return .ready(job)
    } catch {
      return .answered(reject(Rejection(error, ref: m.id)))
    }
  }

  /// Stores a prepared job (the ack follows the commit).
  func commitJob(_ job: Job, ref: String) -> Ack {
    do {
      Failpoint.hit("uplink-before-commit")
      let saved = try engine.submit(job)
      Failpoint.hit("uplink-after-commit")
      lock.lock()
      counters.accepted += 1
      pending[job.id] = ref
      lock.unlock()
      return Ack(
        box: config.identity.box, ref: ref, outcome: saved.status == .inbox ? .queuedForApproval : .accepted,
        jobId: job.id)
    } catch {
      return reject(Rejection(error, ref: ref))
    }
  }

  /// A CAP 1.2 alert: Alert → an emergency or priority job; Update → cancel what it refers to and
  /// air the new one; Cancel → cancel what it refers to. The job id comes from sender, identifier
  /// and sent, so the same alert delivered twice (under any envelope id) airs once.
  func acceptCAP(_ m: UplinkMessage, key: TrustedKey, now: Date) -> Ack {
    guard let xml = m.cap else {
      return reject(Rejection(.badMessage, "a cap message needs 'cap' (the XML)", ref: m.id))
    }
    let alert: CAPAlert
    do { alert = try CAPAlert.parse(xml) } catch { return reject(Rejection(error.code, error.message, ref: m.id)) }
    if alert.status != .actual && !config.capAirNonActual {
      return reject(
        Rejection(
          .capNotActual, "CAP status '\(alert.status.rawValue)' is not aired (uplink.cap_air_non_actual)", ref: m.id))
    }
    var cancelled: [String] = []
    var remembered = 0
    if alert.msgType == .cancel || alert.msgType == .update {
      // A reference to an alert this box has not received (yet) is remembered: the alert may
      // still arrive (out of order, redelivered late), and must then not air. Kept until the
      // latest `expires` of this message, and at least `capCancelMemory`.
      let until = max(
        alert.infos.compactMap(\.expires).max() ?? .distantPast, now.addingTimeInterval(config.capCancelMemory))
      for id in alert.referencedJobIds {
        if (try? store.job(id: id)) == nil {
          do {
            try store.rememberCAPCancel(
              jobId: id, by: "CAP \(alert.msgType.rawValue) \(alert.identifier)",
              until: min(until, now.addingTimeInterval(30 * 86_400)), now: now)
            remembered += 1
          } catch {
            return reject(Rejection(error, ref: m.id))
          }
        } else if (try? engine.cancel(id: id, operatorName: "cap:\(alert.sender)")) != nil {
          cancelled.append(id)
        }
      }
    }
    guard alert.msgType == .alert || alert.msgType == .update else {
      return Ack(
        box: config.identity.box, ref: m.id, outcome: .accepted,
        detail: alert.msgType == .cancel
          ? "cancelled \(cancelled.count) job(s)"
            + (remembered > 0 ? "; \(remembered) alert(s) not received yet will not air if they arrive" : "")
          : "CAP \(alert.msgType.rawValue): nothing to air")
    }
    let id = alert.jobId
    if let ack = seenBefore(id, ref: m.id, what: "CAP \(alert.sender) \(alert.identifier) ") { return ack }
    if let by = try? store.capCancel(jobId: id, now: now) {
      logger.warning("CAP alert arrived after its cancel; not aired", metadata: ["job": "\(id)", "by": "\(by)"])
      return Ack(
        box: config.identity.box, ref: m.id, outcome: .cancelled,
        detail: "this alert was cancelled before it arrived (\(by)); not aired", jobId: id)
    }
    guard let info = alert.vietnamese else {
      return reject(Rejection(.capInvalid, "the alert has no <info> to air", ref: m.id))
    }
    if let e = info.expires, e <= now {
      return reject(Rejection(.expired, "the CAP alert expired at \(LocalTime.format(e))", ref: m.id))
    }
    let text = [info.headline, info.description, info.instruction].compactMap { $0 }.filter { !$0.isEmpty }
      .map { $0.hasSuffix(".") || $0.hasSuffix("!") ? $0 : $0 + "." }.joined(separator: " ")
    let urgent = [.extreme, .severe].contains(info.severity) && [.immediate, .expected].contains(info.urgency)
    let req = JobRequest(
      text: text.isEmpty ? info.event : text, bulletinClass: urgent ? "emergency" : "priority",
      title: String((info.headline ?? info.event).prefix(200)),
      notBefore: info.effective.flatMap { $0 > now ? $0 : nil }, expiresAt: info.expires,
      operatorName: "cap:\(alert.sender)", source: "uplink")
    do {
      var job = try req.validated(rules: config.rules, now: now, defaultSource: .uplink)
      job.id = id
      // A CAP alert is *thông tin đột xuất* from the province's warning system; the language is
      // the info block's (when the station airs it), the author the agency, the source its sender.
      job.info.field = .sudden
      job.info.origin = .provinceSystem
      if let l = Languages.primary(info.language), config.rules.languages.contains(l) { job.info.language = l }
      job.info.author = info.senderName.map { String($0.prefix(BulletinInfo.maxTextCharacters)) }
      job.info.newsSource = String(alert.sender.prefix(BulletinInfo.maxTextCharacters))
      if let ack = resent(job, ref: m.id, now: now) { return ack }
      _ = try engine.submit(job)
      lock.lock()
      counters.accepted += 1
      pending[id] = m.id
      lock.unlock()
      return Ack(
        box: config.identity.box, ref: m.id, outcome: .accepted,
        detail: cancelled.isEmpty ? nil : "replaces \(cancelled.joined(separator: ", "))", jobId: id)
    } catch {
      return reject(Rejection(error, ref: m.id))
    }
  }

  /// `update`: the job it refers to is withdrawn (cancelled, even on air) and this one takes its
  /// place as a new job under its own id. Who may cancel the old job may update it.
  func update(_ m: UplinkMessage, key: TrustedKey, now: Date) -> Ack {
    guard let target = m.refersTo?.lowercased() else {
      return reject(Rejection(.badMessage, "an update needs 'refers_to'", ref: m.id))
    }
    if (try? store.job(id: m.id.lowercased())) == nil {
      guard let old = try? store.job(id: target) else {
        return reject(Rejection(.jobNotFound, "no job \(target) on this box", ref: m.id))
      }
      if key.role != .province && old.operatorName != "uplink:\(key.id)" {
        return reject(Rejection(.notAllowed, "key '\(key.id)' may only update its own jobs", ref: m.id))
      }
    }
    // The new job is checked first: an update that is refused changes nothing.
    switch prepareJob(m, key: key, now: now) {
    case .answered(let ack):
      return ack
    case .ready(let job):
      _ = try? engine.cancel(id: target, operatorName: "uplink:\(key.id)")
      var ack = commitJob(job, ref: m.id)
      if ack.outcome == .accepted { ack.detail = "replaces \(target)" }
      return labelled(ack, m)
    }
  }

  /// A human re-send of the same emergency under a new id (same text within `resendWindow`).
  func resent(_ job: Job, ref: String, now: Date) -> Ack? {
    guard config.resendWindow > 0, job.bulletinClass == .emergency, let text = job.text,
      let earlier = try? store.recentEmergency(
        textSHA256: textSHA256(text), since: now.addingTimeInterval(-config.resendWindow))
    else { return nil }
    lock.lock()
    counters.duplicates += 1
    lock.unlock()
    let ago = Int(now.timeIntervalSince(earlier.createdAt))
    logger.warning(
      "emergency re-sent under a new id; not aired again",
      metadata: ["new": "\(job.id)", "earlier": "\(earlier.id)", "seconds_ago": "\(ago)"])
    return Ack(
      box: config.identity.box, ref: ref, outcome: .duplicate,
      detail: "same text as emergency \(earlier.id) accepted \(ago) s ago (a re-send under a new id); not aired again",
      jobId: earlier.id)
  }

  func cancel(_ m: UplinkMessage, key: TrustedKey) -> Ack {
    guard let target = m.refersTo?.lowercased() else {
      return reject(Rejection(.badMessage, "a cancel needs 'refers_to'", ref: m.id))
    }
    guard let job = try? store.job(id: target) else {
      return reject(Rejection(.jobNotFound, "no job \(target) on this box", ref: m.id))
    }
    if key.role != .province && job.operatorName != "uplink:\(key.id)" {
      return reject(Rejection(.notAllowed, "key '\(key.id)' may only cancel its own jobs", ref: m.id))
    }
    do {
      if job.status == .inbox {
        // Never placed: it leaves the inbox (the officer no longer sees it to approve).
        _ = try store.withdrawFromInbox(target, operatorName: "uplink:\(key.id)", at: Date())
        return Ack(
          box: config.identity.box, ref: m.id, outcome: .accepted, detail: "withdrawn from the inbox", jobId: target)
      }
      _ = try engine.cancel(id: target, operatorName: "uplink:\(key.id)")
      return Ack(box: config.identity.box, ref: m.id, outcome: .accepted, jobId: target)
    } catch {
      return reject(Rejection(error, ref: m.id))
    }
  }

  func command(_ m: UplinkMessage) -> Ack {
    switch m.command {
    case .volume:
      guard let level = m.level, let v = engine.volume else {
        return reject(Rejection(.badMessage, "'volume' needs 'level' 0–100", ref: m.id))
      }
      do { try v.set(level) } catch { return reject(Rejection(error, ref: m.id)) }
    case .stop:
      _ = engine.stopCurrent(operatorName: "uplink:\(m.issuer)")
    case .status:
      publishStatus()
    case .reloadSchedule:
      guard let reloadSchedule else {
        return reject(Rejection(.unsupported, "this box has no scheduler", ref: m.id))
      }
      do { try reloadSchedule() } catch { return reject(Rejection(error, ref: m.id)) }
    case .approve:
      guard let id = m.refersTo?.lowercased() else {
        return reject(Rejection(.badMessage, "'approve' needs 'refers_to' (the job in the inbox)", ref: m.id))
      }
      do {
        guard let job = try store.approve(id, notBefore: m.notBefore, operatorName: "uplink:\(m.issuer)") else {
          return reject(Rejection(.jobNotFound, "no job \(id) waits in this box's inbox", ref: m.id))
        }
        engine.enqueue(job)
        return Ack(
          box: config.identity.box, ref: m.id, outcome: .accepted,
          detail: "approved \(id)" + (m.notBefore.map { " to air at \(LocalTime.format($0))" } ?? ""), jobId: id)
      } catch {
        return reject(Rejection(error, ref: m.id))
      }
    case .amplifier:
      guard let level = m.level, level == 0 || level == 1 else {
        return reject(Rejection(.badMessage, "'amplifier' needs 'level' 1 (on) or 0 (off)", ref: m.id))
      }
      do { try engine.switchAmplifier(on: level == 1) } catch { return reject(Rejection(error, ref: m.id)) }
      publishStatus()
    case .endLive:
      guard let id = m.refersTo?.lowercased() else {
        return reject(Rejection(.badMessage, "'end_live' needs 'refers_to' (the live job)", ref: m.id))
      }
      engine.announceLiveEnd(jobId: id)
      return Ack(box: config.identity.box, ref: m.id, outcome: .accepted, detail: "live \(id) ends", jobId: id)
    case .pause, .resume:
      do {
        let changed = try m.command == .pause ? engine.pause(operatorName: "uplink:\(m.issuer)") : engine.resume()
        publishStatus()
        return Ack(
          box: config.identity.box, ref: m.id, outcome: .accepted,
          detail: changed ? nil : (m.command == .pause ? "already paused" : "was not paused"))
      } catch { return reject(Rejection(error, ref: m.id)) }
    case .restart:
      guard let restart else {
        return reject(Rejection(.unsupported, "this box cannot restart itself", ref: m.id))
      }
      logger.warning("restart asked over the uplink", metadata: ["by": "\(m.issuer)", "ref": "\(m.id)"])
      // After the ack has gone out: the sender learns the restart was taken.
      DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { restart() }
      return Ack(box: config.identity.box, ref: m.id, outcome: .accepted, detail: "restarting the Loa service")
    default:
      return reject(Rejection(.unknownCommand, "unknown command '\(m.command?.description ?? "")'", ref: m.id))
    }
    return Ack(box: config.identity.box, ref: m.id, outcome: .accepted)
  }

  /// `schedule`: checked against this box's voices and languages and installed, or refused with
  /// the same file:line errors a local apply shows (the running schedule stays).
  func installSchedule(_ m: UplinkMessage, key: TrustedKey) -> Ack {
    guard let text = m.schedule else {
      return reject(Rejection(.badMessage, "a schedule message needs 'schedule' (the file's text)", ref: m.id))
    }
    guard let applySchedule else {
      return reject(Rejection(.unsupported, "this box has no scheduler", ref: m.id))
    }
    var files: [String: String] = [:]
    if let media = m.media, !media.isEmpty {
      guard let fetchMedia else {
        return reject(Rejection(.unsupported, "this box cannot download media", ref: m.id))
      }
      // Every name, hash and address checked before the first byte is fetched.
      for (rel, f) in media.sorted(by: { $0.key < $1.key }) {
        guard ScheduleFolder.isRelativePath(rel) else {
          return reject(
            Rejection(
              LoaError(.scheduleInvalid, "'\(rel.prefix(120))' is not a relative path inside the schedule's folder"),
              ref: m.id))
        }
        guard f.sha256.count == 64, f.sha256.allSatisfy(\.isHexDigit) else {
          return reject(Rejection(.badMessage, "media '\(rel.prefix(120))' needs a SHA-256 (64 hex digits)", ref: m.id))
        }
        do { try URLGuard.check(f.url, allowLocal: config.allowLocalURLs) } catch {
          return reject(Rejection(error, ref: m.id))
        }
      }
      for (rel, f) in media.sorted(by: { $0.key < $1.key }) {
        do { files[rel] = try fetchMedia(f.url, f.sha256.lowercased()) } catch {
          return reject(
            Rejection(LoaError(error.code, "the schedule's file '\(rel.prefix(120))': \(error.message)"), ref: m.id))
        }
      }
    }
    do {
      let (version, warnings) = try applySchedule(text, m.texts ?? [:], files, "uplink:\(key.id)")
      logger.info("schedule installed from the uplink", metadata: ["version": "\(version)", "by": "\(key.id)"])
      publishStatus()  // the station sees the new version at once
      return Ack(
        box: config.identity.box, ref: m.id, outcome: .accepted,
        detail: (["schedule version \(version)"] + warnings).joined(separator: "; "))
    } catch {
      return reject(Rejection(error, ref: m.id))
    }
  }

  /// The answer to an inbound message, counted for `/metrics` by outcome and rejection reason.
  func counted(_ a: Ack) -> Ack {
    Counter(
      label: "loa_uplink_messages_total", dimensions: [("outcome", a.outcome.rawValue), ("reason", a.reason ?? "")]
    ).increment()
    return a
  }

  func ack(_ a: Ack) {
    guard let client, let data = try? UplinkJSON.encoder().encode(a) else { return }
    do { try client.publish(config.identity.outbound("ack"), data) } catch {
      logger.error("cannot publish ack", metadata: ["error": "\(error)"])
    }
  }

  // MARK: Outbound: final outcomes, as-run rows, heartbeat

  func work() {
    while true {
      lock.lock()
      if !running {
        worker = nil
        lock.broadcast()
        lock.unlock()
        return
      }
      // Woken by the engine's events (a row or a job's end committed) or an as-run batch acked;
      // otherwise every 5 s, for what ends by other paths (an inbox rejection) and the heartbeat.
      // (A heartbeat already due means the link is down: no hurry, onConnect sends one.)
      let heartbeat = lastHeartbeat.addingTimeInterval(config.heartbeatSeconds)
      let later = Date().addingTimeInterval(5)
      if !wake { _ = lock.wait(until: heartbeat > Date() ? min(later, heartbeat) : later) }
      wake = false
      let stillRunning = running
      lock.unlock()
      guard stillRunning else { continue }
      reportFinished()
      if client?.isConnected == true {
        uploadAsRun()
        lock.lock()
        let due = Date().timeIntervalSince(lastHeartbeat) >= config.heartbeatSeconds
        lock.unlock()
        if due { publishStatus() }
      }
    }
  }

  /// A job started on the speakers; if it came over the uplink, its sender hears `on_air`.
  func noteOnAir(_ jobId: String) {
    lock.lock()
    if pending[jobId] != nil && onAir[jobId] == nil { onAir[jobId] = false }
    lock.unlock()
  }

  func reportFinished() {
    lock.lock()
    let ids = pending
    lock.unlock()
    for (jobId, ref) in ids {
      guard let j = try? store.job(id: jobId) else { continue }
      if [.queued, .playing].contains(j.status) {
        lock.lock()
        let due = onAir[jobId] == false
        if due { onAir[jobId] = true }
        lock.unlock()
        if due { ack(Ack(box: config.identity.box, ref: ref, outcome: .onAir, jobId: jobId)) }
      }
      let outcome: Ack.Outcome? =
        switch j.status {
        case .completed: .aired
        case .failed: .failed
        case .cancelled, .rejected: .cancelled
        case .expired: .expired
        default: nil
        }
      guard let outcome else { continue }
      ack(Ack(box: config.identity.box, ref: ref, outcome: outcome, detail: j.lastError, jobId: jobId))
      lock.lock()
      pending[jobId] = nil
      onAir[jobId] = nil
      lock.unlock()
    }
  }

  /// The id of this database's as-run log, made once (a new database is a new log).
  static func asRunLogId(_ store: Store) -> String {
    if let id = try? store.setting("asrun_log_id") { return id }
    let id = UUID().uuidString.lowercased()
    try? store.setSetting("asrun_log_id", id)
    return id
  }

  var asRunCursor: Int64 {
    Int64((try? store.setting("uplink_asrun_cursor")).flatMap { $0.flatMap { Int64($0) } } ?? 0)
  }

  /// Sends the rows after the cursor, 50 at a time, as one batch; the cursor moves only when a
  /// station's receipt names the batch. Until then the batch is sent again every `asRunResend`
  /// (and at once on a new connection), so rows outlive a station, broker or link that was down.
  func uploadAsRun() {
    let now = Date()
    lock.lock()
    let waiting = sentBatch.map { now.timeIntervalSince($0.at) < config.asRunResend } ?? false
    lock.unlock()
    if waiting { return }
    let cursor = asRunCursor
    guard let client, let rows = try? store.asRun(afterId: cursor, limit: 50), let last = rows.last?.id else { return }
    let batch = AsRunBatch(box: config.identity.box, log: asRunLog, rows: rows)
    guard let data = try? UplinkJSON.encoder().encode(batch) else { return }
    // Marked as sent before the publish: the station's receipt can come back (on the MQTT
    // thread) before `publish` returns here, and must find the batch it clears. Marked after,
    // the receipt found nothing and the next batch waited out `asRunResend` (30 s).
    lock.lock()
    sentBatch = (last, now)
    lock.unlock()
    do {
      try client.publish(config.identity.outbound("asrun"), data)
      let unconfirmed = (try? store.asRunCount(afterId: cursor)) ?? rows.count
      lock.lock()
      counters.asRunWaiting = unconfirmed
      lock.unlock()
    } catch {
      lock.lock()
      if sentBatch?.last == last { sentBatch = nil }
      lock.unlock()
      logger.warning("cannot publish as-run rows", metadata: ["error": "\(error)"])
    }
  }

  /// A station stored a batch: the cursor moves past its last row (never back), and the next
  /// batch goes out at once. A receipt for another log (an older database) changes nothing.
  func receipt(_ m: UplinkMessage) {
    guard m.log == asRunLog, let batch = m.batch, let range = AsRunBatch.range(batch) else {
      logger.warning("as-run receipt for another log ignored", metadata: ["log": "\(m.log ?? "-")"])
      return
    }
    let cursor = asRunCursor
    // A batch starts right after the cursor of its time: one that starts beyond it would leave
    // a gap, so it is not taken (the batch from the cursor is sent again).
    guard range.lowerBound <= cursor + 1 else {
      logger.warning("as-run receipt leaves a gap; ignored", metadata: ["batch": "\(batch)", "cursor": "\(cursor)"])
      return
    }
    if range.upperBound > cursor { try? store.setSetting("uplink_asrun_cursor", String(range.upperBound)) }
    let unconfirmed = (try? store.asRunCount(afterId: max(cursor, range.upperBound))) ?? 0
    lock.lock()
    if range.upperBound > cursor { counters.asRunUploaded += Int(range.upperBound - cursor) }
    counters.asRunWaiting = unconfirmed
    counters.lastReceipt = Date()
    if let s = sentBatch, s.last <= range.upperBound { sentBatch = nil }
    wake = true
    lock.broadcast()
    lock.unlock()
  }

  public func publishStatus() {
    lock.lock()
    lastHeartbeat = Date()
    lock.unlock()
    let s = engine.status()
    let c = counterSnapshot
    var body = StatusReport(box: config.identity, at: Date(), version: config.version, deviceOpen: s.deviceOpen)
    body.onAir = s.onAir.map { $0.job.title }
    body.onAirClass = s.onAir?.job.bulletinClass.rawValue
    body.paused = s.paused != nil
    body.volume = s.volume?.level
    body.amplifierOn = s.amplifier?.on
    body.lastError = s.lastError
    body.queued = s.queued.count
    body.received = c.received
    body.rejected = c.rejected
    body.storageFreeMB = stateDirectory.flatMap { freeBytes(at: $0) }.map { Int($0 / 1_000_000) }
    body.scheduleVersion = try? store.activeScheduleVersion()?.id
    body.asRunWaiting = (try? store.asRunCount(afterId: asRunCursor)) ?? c.asRunWaiting
    if case .relay(let url, _)? = s.onAir?.job.content { body.onAirURL = url }
    if case .live(let url, _)? = s.onAir?.job.content { body.onAirURL = url }
    body.connection = DeviceFacts.connection()
    body.temperatureC = DeviceFacts.temperatureC()
    body.storageUsedPercent = stateDirectory.flatMap(DeviceFacts.usedPercent(at:))
    if let data = try? UplinkJSON.encoder().encode(body) {
      _ = try? client?.publish(config.identity.outbound("status"), data, retain: true)
    }
  }
}

/// A bounded queue of media jobs and the one thread that downloads them, in arrival order.
// @unchecked Sendable: the queue lives under `cond`; one worker thread takes from it.
final class MediaQueue: @unchecked Sendable {
  // Protected by `cond`: `items`, `stopped`, `started`.
  static let capacity = 32
  private let cond = NSCondition()
  private var items: [@Sendable () -> Void] = []
  private var stopped = false
  private var started = false

  /// Queues work; false when the queue is full or stopped.
  func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
    cond.lock()
    defer { cond.unlock() }
    guard !stopped, items.count < Self.capacity else { return false }
    items.append(work)
    if !started {
      started = true
      let t = Thread { [self] in run() }
      t.name = "loa-media"
      t.start()
    }
    cond.signal()
    return true
  }

  func stop() {
    cond.lock()
    stopped = true
    items.removeAll()
    cond.broadcast()
    cond.unlock()
  }

  private func run() {
    while true {
      cond.lock()
      while items.isEmpty && !stopped { cond.wait() }
      if stopped {
        cond.unlock()
        return
      }
      let work = items.removeFirst()
      cond.unlock()
      work()
    }
  }
}
