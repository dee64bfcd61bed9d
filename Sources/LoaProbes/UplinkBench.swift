import ArgumentParser
import Foundation
import LoaCLI
import LoaCore
import LoaMQTT
import LoaProtocol
import LoaUplink

/// `loa uplink-bench`: N simulated boxes in one process, each with its own libmosquitto
/// connection and thread and the real Gatekeeper (envelope, Ed25519 signature, window, target,
/// role checks), acknowledging `accepted`; one emergency to the province topic; the time until
/// every box's ack reached the sender. Hidden: a measuring tool for `bench/`.
struct UplinkBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uplink", abstract: "Fan-out: N simulated boxes in one process (bench/fanout.py).")
  @Option var broker: String = "mqtt://127.0.0.1:1883"
  @Option var boxes: Int = 100
  @Option var runs: Int = 5

  func run() async throws {
    try await runReporting {
      let (host, port, _) = try brokerAddress(broker)
      let (priv, pub) = Signer.generate()
      let signer = try Signer(kid: "tinh-79", privateKeyBase64: priv)
      let key = try TrustedKey(id: "tinh-79", publicKeyBase64: pub, role: .province, scope: "79")
      let rss0 = Self.rssKB()
      var clients: [MQTTClient] = []
      let tag = UUID().uuidString.prefix(6).lowercased()
      for i in 0..<boxes {
        let id = try BoxIdentity(province: "79", commune: "c\(i % 50)", hamlet: "h\(i % 5)", box: "b\(i)")
        let gate = Gatekeeper(identity: id, keys: [key])
        var o = MQTTClient.Options(host: host, port: port, clientId: "bench-\(tag)-\(i)")
        o.cleanSession = true
        o.subscriptions = id.inboundTopics
        let c = try MQTTClient(options: o)
        let ackTopic = id.outbound("ack")
        c.start { [c] m in
          let ack: Ack
          switch gate.check(m.payload, now: Date()) {
          case .success(let (msg, _)): ack = Ack(box: id.box, ref: msg.id, outcome: .accepted, jobId: msg.id)
          case .failure(let r): ack = Ack(box: id.box, ref: r.ref ?? "-", outcome: .rejected, reason: r.reason)
          }
          if let d = try? UplinkJSON.encoder().encode(ack) { _ = try? c.publish(ackTopic, d) }
        }
        clients.append(c)
      }
      let connectStart = Date()
      while clients.contains(where: { !$0.isConnected }) {
        if Date().timeIntervalSince(connectStart) > 120 {
          let off = clients.filter { !$0.isConnected }
          throw CLIError(
            "\(off.count) of \(boxes) boxes did not connect within 120 s (for example: \(off.first?.lastError ?? "no error"))"
          )
        }
        usleep(50_000)
      }
      let connectSeconds = Date().timeIntervalSince(connectStart)
      usleep(500_000)  // subscriptions settle
      let rss1 = Self.rssKB()

      let collector = AckCollector()
      var o = MQTTClient.Options(host: host, port: port, clientId: "bench-\(tag)-sender")
      o.cleanSession = true
      o.subscriptions = ["loa/v1/79/+/+/+/ack"]
      let sender = try MQTTClient(options: o)
      sender.start { m in collector.add(m.payload) }
      while !sender.isConnected { usleep(10_000) }
      usleep(300_000)
      var results: [[String: String]] = []
      for _ in 0..<runs {
        var msg = UplinkMessage(type: .job, issuer: "bench", target: Target(province: "79"))
        msg.bulletinClass = "emergency"
        msg.content = UplinkContent(text: "Cảnh báo bão số 9. Bà con chằng chống nhà cửa.")
        let payload = try signer.envelope(msg)
        collector.reset(ref: msg.id)
        let t0 = Date()
        try sender.publish(Target(province: "79").topic, payload)
        let all = collector.wait(count: boxes, timeout: 30)
        let lat = collector.latencies(since: t0).sorted()
        func pct(_ p: Double) -> String {
          lat.isEmpty ? "-" : String(format: "%.1f", lat[min(lat.count - 1, Int(Double(lat.count) * p))] * 1000)
        }
        results.append([
          "acks": String(lat.count), "all": String(all), "p50_ms": pct(0.5), "p99_ms": pct(0.99),
          "max_ms": lat.last.map { String(format: "%.1f", $0 * 1000) } ?? "-",
        ])
        usleep(500_000)
      }
      sender.stop()
      for c in clients { c.stop() }
      try printJSONLine([
        "boxes": String(boxes), "connect_s": String(format: "%.2f", connectSeconds),
        "rss_per_box_kb": String(format: "%.1f", Double(rss1 - rss0) / Double(boxes)),
        "runs": String(decoding: try JSONSerialization.data(withJSONObject: results), as: UTF8.self),
      ])
    }
  }

  static func rssKB() -> Int {
    let s = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = s.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
  }
}

/// Ack arrival times for one message id.
// @unchecked Sendable: every field is read and written under `cond`.
final class AckCollector: @unchecked Sendable {
  private let cond = NSCondition()
  private var ref = ""
  private var times: [String: Date] = [:]

  func reset(ref: String) {
    cond.lock()
    self.ref = ref
    times = [:]
    cond.unlock()
  }

  func add(_ payload: Data) {
    let now = Date()
    guard let a = try? UplinkJSON.decoder().decode(Ack.self, from: payload), a.outcome == .accepted else { return }
    cond.lock()
    if a.ref == ref && times[a.box] == nil { times[a.box] = now }
    cond.broadcast()
    cond.unlock()
  }

  func wait(count: Int, timeout: TimeInterval) -> Bool {
    let until = Date().addingTimeInterval(timeout)
    cond.lock()
    defer { cond.unlock() }
    while times.count < count { if !cond.wait(until: until) { return times.count >= count } }
    return true
  }

  func latencies(since t0: Date) -> [Double] {
    cond.lock()
    defer { cond.unlock() }
    return times.values.map { $0.timeIntervalSince(t0) }
  }
}
