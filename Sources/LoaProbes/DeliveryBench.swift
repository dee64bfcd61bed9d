import ArgumentParser
import Foundation
import LoaCLI
import LoaCore
import LoaMQTT
import LoaProtocol

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `loa-probe delivery`: N simulated boxes (own connection each, the real Gatekeeper trusting the
/// station's commune key, `accepted` then `aired` acks), known to the station by their heartbeat;
/// then `POST /v1/send` to the commune and the time until `GET /v1/deliveries/ID` knows every
/// box's state (none `sent`) and until every box is `aired`. Hidden: for bench/station.py.
struct DeliveryBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delivery", abstract: "say --to xa to N simulated boxes (bench/station.py).")
  @Option var broker: String = "mqtt://127.0.0.1:1883"
  @Option var station: String = "http://127.0.0.1:8790"
  @Option(name: .customLong("key-pub"), help: "The station's commune public key (base64).") var keyPub: String
  @Option(help: "The station's token (its state folder's local-token).") var token: String?
  @Option var boxes: Int = 25
  @Option var runs: Int = 5

  func run() async throws {
    try await runReporting {
      let (host, port, _) = try brokerAddress(broker)
      let key = try TrustedKey(id: "xa-26734", publicKeyBase64: keyPub, role: .commune, scope: "26734")
      let tag = UUID().uuidString.prefix(6).lowercased()
      var clients: [MQTTClient] = []
      for i in 0..<boxes {
        let id = try BoxIdentity(province: "79", commune: "26734", hamlet: "h\(i % 5)", box: "d\(i)")
        let gate = Gatekeeper(identity: id, keys: [key])
        var o = MQTTClient.Options(host: host, port: port, clientId: "bench-\(tag)-\(i)")
        o.cleanSession = true
        o.subscriptions = id.inboundTopics
        let c = try MQTTClient(options: o)
        let ackTopic = id.outbound("ack")
        c.start(
          onConnect: { [c] in
            let s = StatusReport(box: id, at: Date(), version: "bench", deviceOpen: true)
            if let d = try? UplinkJSON.encoder().encode(s) {
              _ = try? c.publish(id.outbound("status"), d, retain: true)
            }
          },
          onMessage: { [c] m in
            guard case .success(let (msg, _)) = gate.check(m.payload, now: Date()), msg.type == .job else { return }
            for outcome in [Ack.Outcome.accepted, .aired] {
              let ack = Ack(box: id.box, ref: msg.id, outcome: outcome, jobId: msg.id)
              if let d = try? UplinkJSON.encoder().encode(ack) { _ = try? c.publish(ackTopic, d) }
            }
          })
        clients.append(c)
      }
      while clients.contains(where: { !$0.isConnected }) { usleep(20_000) }
      // The station knows them all.
      let deadline = Date().addingTimeInterval(30)
      while Date() < deadline {
        let (_, data) = try await http("GET", "/v1/fleet?state=online")
        let f = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let names = (f?["boxes"] as? [[String: Any]] ?? []).compactMap { $0["box"] as? String }
        if names.filter({ $0.hasPrefix("d") }).count >= boxes { break }
        try await Task.sleep(nanoseconds: 100_000_000)
      }
      var known: [Double] = []
      var aired: [Double] = []
      for _ in 0..<runs {
        let body = #"{"to":"xa","job":{"text":"Thông báo thử nghiệm.","class":"priority"}}"#
        let t0 = Date()
        let (status, data) = try await http("POST", "/v1/send", body: Data(body.utf8))
        guard status == 201, let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          let id = answer["id"] as? String
        else { throw CLIError("send answered \(status): \(String(decoding: data, as: UTF8.self))") }
        var knownAt: Double?
        while Date().timeIntervalSince(t0) < 30 {
          let (_, d) = try await http("GET", "/v1/deliveries/\(id)")
          let states =
            ((try JSONSerialization.jsonObject(with: d) as? [String: Any])?["boxes"] as? [[String: Any]] ?? [])
            .filter { ($0["box"] as? String)?.hasPrefix("d") == true }.compactMap { $0["state"] as? String }
          if knownAt == nil && states.count == boxes && !states.contains("sent") && !states.contains("offline") {
            knownAt = Date().timeIntervalSince(t0)
          }
          if states.count == boxes && states.allSatisfy({ $0 == "aired" }) {
            aired.append(Date().timeIntervalSince(t0))
            break
          }
          try await Task.sleep(nanoseconds: 20_000_000)
        }
        if let knownAt { known.append(knownAt) }
        try await Task.sleep(nanoseconds: 300_000_000)
      }
      for c in clients { c.stop() }
      func med(_ a: [Double]) -> String {
        a.isEmpty ? "-" : String(format: "%.0f", a.sorted()[a.count / 2] * 1000)
      }
      try printJSONLine([
        "boxes": String(boxes), "runs": String(runs), "known_runs": String(known.count),
        "known_median_ms": med(known), "known_max_ms": known.max().map { String(format: "%.0f", $0 * 1000) } ?? "-",
        "aired_median_ms": med(aired),
      ])
    }
  }

  func http(_ method: String, _ path: String, body: Data? = nil) async throws -> (Int, Data) {
    var r = URLRequest(url: URL(string: station + path)!)
    r.httpMethod = method
    r.httpBody = body
    if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if body != nil { r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    let (d, resp) = try await URLSession.shared.data(for: r)
    return ((resp as? HTTPURLResponse)?.statusCode ?? 0, d)
  }
}
