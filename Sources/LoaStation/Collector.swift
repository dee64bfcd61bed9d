import Foundation
import LoaCore
import LoaMQTT
import LoaProtocol
import Logging

/// Reads what the boxes of the station's area publish (`status`, `ack`, `asrun`, and the last
/// will) through a persistent MQTT session at QoS 1, stores it, and confirms each stored as-run
/// batch to its box with a signed `receipt`.
///
/// The MQTT thread only parses and queues; one ingest thread owns the writes: it takes everything
/// queued, stores it in one transaction, then sends the receipts (never before the commit).
// @unchecked Sendable: the queue and counters live under `cond`; the store and the client are thread-safe.
public final class Collector: @unchecked Sendable {
  public struct Counters: Sendable, Equatable {
    public var messages = 0
    public var asRunRows = 0
    public var receipts = 0
    public var unreadable = 0
    public var lastError: String?
  }

  let config: StationConfig
  let store: StationStore
  let signer: Signer
  let logger: Logger
  let client: MQTTClient
  private let cond = NSCondition()
  private var queue: [StationStore.Incoming] = []
  private var running = false
  private var worker: Thread?
  private var counters = Counters()
  /// Queued messages beyond this hold up the MQTT thread (the broker keeps the rest).
  static let queueLimit = 50_000

  public init(config: StationConfig, store: StationStore, signer: Signer, logger: Logger) throws(MQTTError) {
    self.config = config
    self.store = store
    self.signer = signer
    self.logger = logger
    var o = MQTTClient.Options(
      host: config.brokerHost, port: config.brokerPort,
      clientId: config.clientId ?? Self.defaultClientId(config))
    o.username = config.username
    o.password = config.password
    o.caFile = config.caFile ?? (config.brokerTLS ? "/etc/ssl/certs/ca-certificates.crt" : nil)
    o.certFile = config.certFile
    o.keyFile = config.keyFile
    let prefix = config.shareGroup.map { "$share/\($0)/" } ?? ""
    o.subscriptions = UpstreamTopic.subscriptions(province: config.province, commune: config.commune).map {
      prefix + $0
    }
    client = try MQTTClient(options: o)
  }

  /// One station per area keeps one persistent session; stations sharing the load each need their
  /// own (the host's name tells them apart; two on one host set `client_id`).
  static func defaultClientId(_ config: StationConfig) -> String {
    let base = "loa-station-\(config.province)-\(config.commune ?? "all")"
    guard config.shareGroup != nil else { return base }
    return base + "-" + String(ProcessInfo.processInfo.hostName.prefix(40))
  }

  public var isConnected: Bool { client.isConnected }
  public var snapshot: Counters {
    cond.lock()
    defer { cond.unlock() }
    return counters
  }

  public func start() {
    cond.lock()
    running = true
    let t = Thread { [self] in work() }
    t.name = "loa-station-ingest"
    worker = t
    cond.unlock()
    t.start()
    client.start(
      onConnect: { [self] in
        logger.info(
          "station connected to the broker", metadata: ["broker": "\(config.brokerHost):\(config.brokerPort)"])
      },
      onMessage: { [self] m in received(m) })
  }

  public func stop() {
    client.stop()
    cond.lock()
    running = false
    cond.broadcast()
    while worker != nil { _ = cond.wait(until: Date().addingTimeInterval(0.1)) }
    cond.unlock()
  }

  /// Keys of others the station can check a broadcast against (`[[enroll.key]]`).
  lazy var otherKeys: [String: TrustedKey] = Dictionary(
    config.enrollKeys.compactMap { k in
      try? TrustedKey(
        id: k.id, publicKeyBase64: k.publicKey, role: TrustedKey.Role(rawValue: k.role) ?? .province, scope: k.scope)
    }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

  /// A job sent to the whole area by someone else (the province): kept to show in the station's
  /// inbox with its title. Nil for the station's own messages and for anything but a job.
  func parseInbound(_ payload: Data) -> StationStore.Incoming? {
    guard payload.count <= UplinkProtocol.maxEnvelopeBytes,
      let env = try? JSONDecoder().decode(Envelope.self, from: payload), env.kid != signer.kid,
      let m = try? UplinkJSON.decoder().decode(UplinkMessage.self, from: Data(env.msg.utf8)),
      m.type == .job || m.type == .update
    else { return nil }
    let verified =
      otherKeys[env.kid].map { k in
        Data(base64Encoded: env.sig).map { k.key.isValidSignature($0, for: Data(env.msg.utf8)) } ?? false
      } ?? false
    return .inbound(m, kid: env.kid, verified: verified)
  }

  /// On the MQTT thread: parse, and queue for the ingest thread.
  func received(_ m: MQTTClient.Message) {
    if UpstreamTopic.isAreaInbound(m.topic) {
      guard let item = parseInbound(m.payload) else { return }
      cond.lock()
      queue.append(item)
      cond.broadcast()
      cond.unlock()
      return
    }
    guard let item = Self.parse(m.topic, m.payload) else {
      cond.lock()
      counters.unreadable += 1
      cond.unlock()
      logger.warning("unreadable message ignored", metadata: ["topic": "\(m.topic.prefix(200))"])
      return
    }
    cond.lock()
    while queue.count >= Self.queueLimit && running { _ = cond.wait(until: Date().addingTimeInterval(0.1)) }
    queue.append(item)
    counters.messages += 1
    cond.broadcast()
    cond.unlock()
  }

  /// A message from a box, or nil when it is not one (wrong topic, malformed, a box id in the
  /// body that differs from the topic's).
  public static func parse(_ topic: String, _ payload: Data) -> StationStore.Incoming? {
    guard let t = UpstreamTopic(topic), payload.count <= 4 << 20 else { return nil }
    let d = UplinkJSON.decoder()
    switch t.leaf {
    case .status:
      guard let s = try? d.decode(StatusMessage.self, from: payload) else { return nil }
      if !s.online { return .will(t.identity, s) }
      guard let full = try? d.decode(StatusReport.self, from: payload), full.box == t.identity.box else { return nil }
      return .heartbeat(t.identity, full, raw: String(decoding: payload, as: UTF8.self))
    case .ack:
      guard let a = try? d.decode(Ack.self, from: payload), a.box == t.identity.box else { return nil }
      return .ack(t.identity, a)
    case .asrun:
      guard let b = try? d.decode(AsRunBatch.self, from: payload), b.box == t.identity.box, !b.log.isEmpty,
        let range = AsRunBatch.range(b.batch), b.rows.count <= 1000,
        b.rows.allSatisfy({ $0.id.map(range.contains) ?? false })
      else { return nil }
      return .asRun(t.identity, b)
    }
  }

  func work() {
    while true {
      cond.lock()
      while queue.isEmpty && running { cond.wait() }
      if !running && queue.isEmpty {
        worker = nil
        cond.broadcast()
        cond.unlock()
        return
      }
      let items = queue
      queue.removeAll(keepingCapacity: true)
      cond.broadcast()
      cond.unlock()
      do {
        let stored = try store.ingest(items)
        for s in stored { sendReceipt(s) }
        cond.lock()
        counters.asRunRows += stored.reduce(0) { $0 + $1.added }
        cond.unlock()
      } catch {
        // Not stored: no receipt goes out, so the boxes send these rows again.
        cond.lock()
        counters.lastError = error.message
        cond.unlock()
        logger.error("station could not store what arrived", metadata: ["error": "\(error.message)"])
      }
    }
  }

  func sendReceipt(_ s: StationStore.Stored) {
    let i = s.identity
    var m = UplinkMessage(
      type: .receipt, issuer: config.name,
      target: Target(province: i.province, commune: i.commune, hamlet: i.hamlet, box: i.box))
    m.log = s.log
    m.batch = s.batch
    m.lastRow = s.lastRow
    do {
      let envelope = try signer.envelope(m)
      try client.publish(m.target.topic, envelope)
      cond.lock()
      counters.receipts += 1
      cond.unlock()
    } catch {
      logger.warning("receipt not sent; the box will send the batch again", metadata: ["error": "\(error)"])
    }
  }
}
