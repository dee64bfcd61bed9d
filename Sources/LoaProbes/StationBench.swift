import ArgumentParser
import Foundation
import LoaCLI
import LoaCore
import LoaMQTT
import LoaProtocol

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `loa-probe station`: N simulated boxes, published through a few connections (the station does
/// not care which connection a box's topic arrives on), each sending a heartbeat and an as-run
/// batch every `period` seconds, paced evenly; the time from a batch's publish to the station's
/// receipt for it (the station has stored it), and rows per second. Then, optionally, a burst:
/// every box sends a 50-row batch at once (a backlog after an outage). Hidden: for bench/station.py.
struct StationBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "station", abstract: "Station ingest: N simulated boxes (bench/station.py).")
  @Option var broker: String = "mqtt://127.0.0.1:1883"
  @Option var boxes: Int = 5000
  @Option(help: "Seconds between a box's heartbeats and batches.") var period: Double = 60
  @Option(help: "How long the steady phase lasts, seconds.") var seconds: Double = 120
  @Option(name: .customLong("rows"), help: "Rows per steady batch.") var rowsPerBatch: Int = 5
  @Flag(help: "After the steady phase, every box sends a 50-row batch at once.") var burst = false
  @Option(help: "Publishing connections.") var connections: Int = 4

  func run() async throws {
    try await runReporting {
      let (host, port, _) = try brokerAddress(broker)
      let tag = UUID().uuidString.prefix(6).lowercased()
      let receipts = ReceiptClock()
      var o = MQTTClient.Options(host: host, port: port, clientId: "bench-\(tag)-receipts")
      o.cleanSession = true
      o.subscriptions = ["loa/v1/79/+/+/+/in"]
      let listener = try MQTTClient(options: o)
      listener.start { m in receipts.received(m.payload) }
      var pubs: [MQTTClient] = []
      for i in 0..<connections {
        var p = MQTTClient.Options(host: host, port: port, clientId: "bench-\(tag)-pub-\(i)")
        p.cleanSession = true
        let c = try MQTTClient(options: p)
        c.start { _ in }
        pubs.append(c)
      }
      while !listener.isConnected || pubs.contains(where: { !$0.isConnected }) { usleep(20_000) }
      usleep(500_000)
      let ids = try (0..<boxes).map { i in
        try BoxIdentity(province: "79", commune: "26734", hamlet: "h\(i % 25)", box: "b\(i)")
      }
      var next = [Int64](repeating: 1, count: boxes)
      let log = "bench-\(tag)"
      func batch(_ i: Int, rows n: Int) throws -> (String, Data) {
        let id = ids[i]
        let now = Date()
        let rows = (0..<n).map { k -> AsRunRecord in
          var r = AsRunRecord(
            id: next[i] + Int64(k), jobId: "job-\(i)-\(next[i] + Int64(k))", bulletinClass: .normal, source: .schedule,
            kind: .speech, title: "Bản tin thời sự", startedAt: now.addingTimeInterval(-60), endedAt: now,
            durationSeconds: 60, outcome: .completed, deadAirSeconds: 0)
          r.loggedAt = now
          return r
        }
        next[i] += Int64(n)
        let b = AsRunBatch(box: id.box, log: log, rows: rows)
        receipts.sent(box: id.box, batch: b.batch)
        return (id.outbound("asrun"), try UplinkJSON.encoder().encode(b))
      }
      func heartbeat(_ i: Int) throws -> (String, Data) {
        var s = StatusReport(box: ids[i], at: Date(), version: "bench", deviceOpen: true)
        s.volume = 80
        return (ids[i].outbound("status"), try UplinkJSON.encoder().encode(s))
      }
      // Steady: box i's turn comes every `period`, offset by i/boxes of it.
      let start = Date()
      var sentRows = 0
      var k = 0
      while Date().timeIntervalSince(start) < seconds {
        let i = k % boxes
        let due = start.addingTimeInterval(Double(k) * period / Double(boxes))
        if due > Date() { usleep(UInt32(max(0, due.timeIntervalSinceNow) * 1_000_000)) }
        let c = pubs[k % pubs.count]
        let (ht, hd) = try heartbeat(i)
        try c.publish(ht, hd)
        let (bt, bd) = try batch(i, rows: rowsPerBatch)
        try c.publish(bt, bd)
        sentRows += rowsPerBatch
        k += 1
      }
      let steadyCount = receipts.expected
      _ = receipts.wait(timeout: 60)
      let steady = receipts.latencies()
      var out: [String: String] = [
        "boxes": String(boxes), "period_s": String(period), "seconds": String(seconds),
        "batches": String(steadyCount), "rows": String(sentRows), "receipts": String(steady.count),
        "p50_ms": pct(steady, 0.5), "p99_ms": pct(steady, 0.99), "max_ms": pct(steady, 1.0),
        "rows_per_s": String(format: "%.0f", Double(sentRows) / seconds),
      ]
      if burst {
        receipts.reset()
        let t0 = Date()
        var rows = 0
        for i in 0..<boxes {
          let (bt, bd) = try batch(i, rows: 50)
          try pubs[i % pubs.count].publish(bt, bd)
          rows += 50
        }
        let all = receipts.wait(timeout: 600)
        let t = Date().timeIntervalSince(t0)
        out["burst_rows"] = String(rows)
        out["burst_all"] = String(all)
        out["burst_s"] = String(format: "%.2f", t)
        out["burst_rows_per_s"] = String(format: "%.0f", Double(rows) / t)
      }
      listener.stop()
      for p in pubs { p.stop() }
      try printJSONLine(out)
    }
  }

  func pct(_ lat: [Double], _ p: Double) -> String {
    let s = lat.sorted()
    guard !s.isEmpty else { return "-" }
    return String(format: "%.1f", s[min(s.count - 1, Int(Double(s.count) * p))] * 1000)
  }
}

/// When each batch went out and when its receipt came back.
// @unchecked Sendable: every field is read and written under `cond`.
final class ReceiptClock: @unchecked Sendable {
  private let cond = NSCondition()
  private var sentAt: [String: Date] = [:]
  private var latency: [Double] = []
  private(set) var expected = 0

  func sent(box: String, batch: String) {
    cond.lock()
    sentAt["\(box) \(batch)"] = Date()
    expected += 1
    cond.unlock()
  }

  func received(_ payload: Data) {
    let now = Date()
    guard let env = try? JSONDecoder().decode(Envelope.self, from: payload),
      let m = try? UplinkJSON.decoder().decode(UplinkMessage.self, from: Data(env.msg.utf8)), m.type == .receipt,
      let box = m.target.box, let batch = m.batch
    else { return }
    cond.lock()
    if let t = sentAt.removeValue(forKey: "\(box) \(batch)") { latency.append(now.timeIntervalSince(t)) }
    cond.broadcast()
    cond.unlock()
  }

  func reset() {
    cond.lock()
    sentAt = [:]
    latency = []
    expected = 0
    cond.unlock()
  }

  /// Until every batch sent has its receipt, or the timeout.
  func wait(timeout: TimeInterval) -> Bool {
    let until = Date().addingTimeInterval(timeout)
    cond.lock()
    defer { cond.unlock() }
    while !sentAt.isEmpty { if !cond.wait(until: until) { return sentAt.isEmpty } }
    return true
  }

  func latencies() -> [Double] {
    cond.lock()
    defer { cond.unlock() }
    return latency
  }
}
