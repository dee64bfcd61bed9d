import Foundation
import LoaCore
import LoaProtocol
import LoaTesting
import Testing

/// The commune station against real boxes on a real mosquitto: as-run rows that survive a
/// station, a broker or a box that was down; receipts only a trusted station can give; the fleet.
@Suite(.serialized, .ownThread) struct StationTests {
  static let resend = "asrun_resend_seconds = 1\n"

  func waiting(_ d: DaemonProcess) -> Int? {
    ((try? d.json("GET", "/v1/status"))?.1["uplink"] as? [String: Any])?["asrun_waiting"] as? Int
  }

  func ids(_ rows: [[String: Any]]) -> [Int] { rows.compactMap { $0["id"] as? Int } }

  @Test func asRunRowsWaitForAStationAndNoneIsLostWhileItIsDown() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt, extra: Self.resend)
    let d = try u.start()
    let upstream = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/asrun", clientId: "watch-asrun")
    // No station yet: the rows stay on the box, and it says so.
    for i in 1...2 { #expect(try d.cli(["say", "--wait", "Bản tin số \(i)."]).status == 0) }
    let made = try asRun(d).count
    #expect(eventually(timeout: 20) { waiting(d) == made }, "waiting \(String(describing: waiting(d))) of \(made)")
    let status = try d.cli(["status"]).stdout
    #expect(status.contains("nhật ký chờ trạm xác nhận / as-run waiting for a station: \(made) dòng"), "\(status)")
    #expect(status.contains("chưa có trạm nào xác nhận"), "\(status)")

    // The station comes up: everything arrives, in order, and the box's cursor moves.
    let station = try StationProcess(brokerPort: mqtt.port, kid: "xa-26734", keyFile: u.communeKey)
    #expect(eventually(timeout: 30) { ids(station.rows("loa-01")) == Array(1...made) }, "\(station.log)")
    #expect(eventually(timeout: 20) { waiting(d) == 0 })

    // The station's machine loses power; the box airs on; the station comes back.
    station.kill()
    for i in 3...4 { #expect(try d.cli(["say", "--wait", "Bản tin số \(i) khi trạm tắt."]).status == 0) }
    let all = try asRun(d).count
    #expect(eventually(timeout: 20) { waiting(d) == all - made })
    try station.start()
    #expect(eventually(timeout: 30) { ids(station.rows("loa-01")) == Array(1...all) }, "\(ids(station.rows("loa-01")))")
    #expect(eventually(timeout: 20) { waiting(d) == 0 })

    // A batch delivered twice (a broker redelivery, a box that did not hear the receipt) is
    // stored once.
    // The station answers each with a receipt (the first may have been lost), so once two more
    // receipts have come, both copies were handled.
    let receipts = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/in", clientId: "watch-in")
    let first = try #require(upstream.lines.first)
    try mqtt.publish("loa/v1/79/26734/ap-3/loa-01/asrun", Data(first.utf8))
    try mqtt.publish("loa/v1/79/26734/ap-3/loa-01/asrun", Data(first.utf8))
    #expect(eventually(timeout: 10) { receipts.lines.count >= 2 }, "\(receipts.lines)")
    #expect(ids(station.rows("loa-01")) == Array(1...all), "stored once")
    let titles = try asRun(d).map { $0["title"] as? String ?? "" }
    #expect(station.rows("loa-01").map { $0["title"] as? String ?? "" } == titles)
  }

  @Test func onlyATrustedStationsReceiptForThisBoxMovesTheCursor() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt, extra: Self.resend)
    let d = try u.start()
    let upstream = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/asrun", clientId: "watch-asrun")
    let acks = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/ack", clientId: "watch-ack")
    #expect(try d.cli(["say", "--wait", "Thông báo họp thôn."]).status == 0)
    let n = try asRun(d).count
    #expect(eventually(timeout: 20) { !upstream.objects.isEmpty && waiting(d) == n })
    let batch = try #require(upstream.objects.first)
    let log = try #require(batch["log"] as? String)
    let name = try #require(batch["batch"] as? String)

    func receipt(box: String, signer: Signer) throws -> Data {
      var m = UplinkMessage(
        type: .receipt, issuer: "test", target: Target(province: "79", commune: "26734", hamlet: "ap-3", box: box))
      m.log = log
      m.batch = name
      m.lastRow = Int64(n)
      return try signer.envelope(m)
    }
    let trusted = try u.signer("xa-26734", key: u.communeKey)
    let forger = try Signer(kid: "xa-26734", privateKeyBase64: Signer.generate().privateKey)
    // Forged (right key id, wrong key), and genuine but for another box, sent to this box's topic.
    try mqtt.publish("loa/v1/79/26734/ap-3/loa-01/in", try receipt(box: "loa-01", signer: forger))
    try mqtt.publish("loa/v1/79/26734/ap-3/loa-01/in", try receipt(box: "loa-02", signer: trusted))
    #expect(
      eventually(timeout: 10) {
        Set(acks.objects.compactMap { $0["reason"] as? String }).isSuperset(of: ["bad_signature", "wrong_target"])
      }, "\(acks.lines)")
    #expect(waiting(d) == n, "nothing moved")
    // The genuine receipt for this box: the cursor moves.
    try mqtt.publish("loa/v1/79/26734/ap-3/loa-01/in", try receipt(box: "loa-01", signer: trusted))
    #expect(eventually(timeout: 10) { waiting(d) == 0 })
  }

  @Test func theFleetShowsEveryBoxAndABoxThatGoesOffline() throws {
    let mqtt = try MosquittoRig()
    let a = try UplinkBox(mqtt: mqtt, extra: Self.resend)
    let b = try UplinkBox(mqtt: mqtt, extra: Self.resend, id: "loa-02", hamlet: "ap-5", keysOf: a)
    let station = try StationProcess(brokerPort: mqtt.port, kid: "xa-26734", keyFile: a.communeKey)
    try a.start()
    let db = try b.start()
    #expect(
      eventually(timeout: 20) {
        station.box("loa-01")?["state"] as? String == "online" && station.box("loa-02")?["state"] as? String == "online"
      })
    var r = try station.cli(["fleet"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Tổng số cụm loa 2 · đang kết nối 2 · mất kết nối 0"), "\(r.stdout)")
    // Box 2 loses power: the broker publishes its will, the station marks it offline.
    db.killHard()
    #expect(eventually(timeout: 20) { station.box("loa-02")?["state"] as? String == "offline" })
    r = try station.cli(["fleet", "--offline", "--json"])
    let offline = (jsonLines(r.stdout).first?["boxes"] as? [[String: Any]])?.compactMap { $0["box"] as? String }
    #expect(offline == ["loa-02"], "\(r.stdout)")
    r = try station.cli(["fleet"])
    #expect(r.stdout.contains("đang kết nối 1 · mất kết nối 1"), "\(r.stdout)")
    #expect(r.stdout.contains("NGOẠI TUYẾN"), "\(r.stdout)")
    r = try station.cli(["fleet", "--hamlet", "ap-5", "--json"])
    #expect((jsonLines(r.stdout).first?["boxes"] as? [[String: Any]])?.count == 1, "\(r.stdout)")
    // Bad input: a hamlet the station does not know.
    r = try station.cli(["fleet", "--hamlet", "thon-khong-co"])
    #expect(r.status != 0 && r.stderr.contains("unknown_hamlet") && r.stderr.contains("không có thôn"), "\(r.stderr)")
  }

  @Test func aURLThatIsNotAStationAndAStationThatIsNotRunningAreNamed() throws {
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    var r = try runCommand(loaBinary(), ["fleet", "--station", d.url])
    #expect(r.status == 3 && r.stderr.contains("is not a Loa station"), "\(r.stderr)")
    r = try runCommand(loaBinary(), ["fleet", "--station", "http://127.0.0.1:\(freePort())"])
    #expect(r.status == 3 && r.stderr.contains("no Loa station answers"), "\(r.stderr)")
    r = try runCommand(loaBinary(), ["fleet", "--station", "ftp://127.0.0.1"])
    #expect(r.status != 0 && r.stderr.contains("--station must be an http(s) URL"), "\(r.stderr)")
    // A signing key others can read: the station does not start, and says why.
    let key = box.dir.file("xa.key")
    _ = try runCommand(loaBinary(), ["uplink", "keygen", "--out", key])
    chmod(key, 0o644)
    let s = try StationProcess(brokerPort: freePort(), kid: "xa", keyFile: key, start: false)
    r = try runCommand(loaBinary(), ["station", "serve", "--config", s.config], timeout: 20)
    #expect(r.status != 0 && r.stderr.contains("chmod 600"), "\(r.stderr)")
  }
}
