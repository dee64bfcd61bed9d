import Foundation
import LoaCore
import LoaProtocol
import LoaTesting
import Testing

/// A box on a real mosquitto broker, and the province's publisher (`loa uplink publish`).
final class UplinkBox: @unchecked Sendable {
  let box = Box()
  let mqtt: MosquittoRig
  let provinceKey: String
  let provincePub: String
  let communeKey: String
  let communePub: String
  let config: String
  var daemon: DaemonProcess?
  static let target = "79/26734/ap-3/loa-01"

  /// `keysOf`: trust the keys of another box of the test (one province, one commune station).
  init(mqtt: MosquittoRig, extra: String = "", id: String = "loa-01", hamlet: String = "ap-3", keysOf: UplinkBox? = nil)
    throws
  {
    self.mqtt = mqtt
    if let k = keysOf {
      (provinceKey, provincePub, communeKey, communePub) = (k.provinceKey, k.provincePub, k.communeKey, k.communePub)
    } else {
      provinceKey = box.dir.file("tinh.key")
      communeKey = box.dir.file("xa.key")
      let loa = loaBinary()
      provincePub = try runCommand(loa, ["uplink", "keygen", "--out", provinceKey]).stdout.trimmingCharacters(
        in: .whitespacesAndNewlines)
      communePub = try runCommand(loa, ["uplink", "keygen", "--out", communeKey]).stdout.trimmingCharacters(
        in: .whitespacesAndNewlines)
    }
    config = box.config(
      """
      [uplink]
      broker = "\(mqtt.url)"
      province = "79"
      commune = "26734"
      hamlet = "\(hamlet)"
      box = "\(id)"
      heartbeat_seconds = 5
      \(extra)
      [[uplink.key]]
      id = "tinh-79"
      public_key = "\(provincePub)"
      role = "province"
      scope = "79"
      [[uplink.key]]
      id = "xa-26734"
      public_key = "\(communePub)"
      role = "commune"
      scope = "26734"
      """)
  }

  /// `pulse`: on the PulseAudio rig (real time) instead of the capture file.
  @discardableResult
  func start(pulse: PulseRig? = nil) throws -> DaemonProcess {
    let d = try DaemonProcess(
      stateDir: box.state, device: pulse == nil ? box.captureDevice : "pulse", extraArgs: ["--config", config],
      environment: pulse?.environment ?? [:])
    daemon = d
    #expect(
      eventually(timeout: 10) {
        (try? d.json("GET", "/v1/status").1["uplink"] as? [String: Any])?["connected"] as? Bool == true
      })
    return d
  }

  func publish(_ args: [String], key: String? = nil, kid: String = "tinh-79", to: String = "79/26734") throws
    -> CommandResult
  {
    try runCommand(
      loaBinary(),
      ["uplink", "publish", "--broker", mqtt.url, "--kid", kid, "--key", key ?? provinceKey, "--to", to]
        + (mqtt.tls ? ["--cafile", mqtt.caFile] : []) + args,
      timeout: 60)
  }

  func signer(_ kid: String = "tinh-79", key: String? = nil) throws -> Signer {
    try Signer(kid: kid, privateKeyBase64: try String(contentsOfFile: key ?? provinceKey, encoding: .utf8))
  }

  func rows() throws -> [[String: Any]] { try daemon.map(asRun) ?? [] }
}

/// A LAN-only box (no broker) that trusts `key` as province 79's key "tinh-a" through a keys
/// file; returns the keys file and the running daemon.
func lanBox(_ box: Box, key: (privateKey: String, publicKey: String), extra: String = "") throws -> (
  String, DaemonProcess
) {
  let keys = box.dir.write(
    "keys.toml", "[[key]]\nid = \"tinh-a\"\npublic_key = \"\(key.publicKey)\"\nrole = \"province\"\nscope = \"79\"\n")
  let cfg = box.config(
    extra
      + "[uplink]\nprovince = \"79\"\ncommune = \"26734\"\nhamlet = \"ap-3\"\nbox = \"loa-01\"\nkeys_file = \"\(keys)\"\n"
  )
  return (keys, try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg]))
}

@Suite(.serialized, .ownThread) struct UplinkTests {
  @Test func aJobDeliveredOnlineIsAcceptedAiredAndAcknowledged() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    try u.start()
    let r = try u.publish([
      "--class", "emergency", "--text", "Cảnh báo lũ quét. Bà con di dời ngay.", "--wait-ack", "6",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let acks = jsonLines(r.stdout)
    // Stored, on the speakers after its chime (once, not per repetition), aired.
    #expect(acks.map { $0["outcome"] as? String } == ["accepted", "on_air", "aired"], "\(r.stdout)")
    let rows = try u.rows()
    #expect(rows.count == 3, "chime + 2 repetitions: \(rows)")
    let chimeEnded = LocalTime.parseISO(rows.first?["ended_at"] as? String ?? "") ?? .distantFuture
    let onAirAt = LocalTime.parseISO(acks.dropFirst().first?["at"] as? String ?? "") ?? .distantPast
    #expect(onAirAt >= chimeEnded.addingTimeInterval(-0.05), "on air \(onAirAt), chime ended \(chimeEnded)")
    #expect(rows.allSatisfy { $0["source"] as? String == "uplink" && $0["class"] as? String == "emergency" })
    #expect(rows.first?["operator"] as? String == "uplink:tinh-79")
  }

  @Test func jobsPublishedWhileTheBoxIsOfflineArriveWhenItReconnects() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    try u.start()  // the broker now holds the box's persistent session
    #expect(u.daemon?.terminate() == 0)
    for i in 1...3 {
      let r = try u.publish(["--class", "priority", "--text", "Thông báo số \(i) khi hộp đang mất kết nối."])
      #expect(r.status == 0, "\(r.stderr)")
    }
    try u.start()
    #expect(eventually(timeout: 60) { ((try? u.rows()) ?? []).count == 3 })
    let titles = try u.rows().compactMap { $0["title"] as? String }
    #expect(titles == (1...3).map { "Thông báo số \($0) khi hộp đang mất kết nối." }, "in order: \(titles)")
  }

  @Test func aJobDeliveredTwiceAirsOnceAndARestartDoesNotAirItAgain() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    try u.start()
    let id = UUID().uuidString.lowercased()
    var r = try u.publish([
      "--id", id, "--text", "Họp dân lúc 19 giờ tại nhà văn hóa.", "--class", "priority", "--wait-ack", "3",
    ])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    #expect(eventually(timeout: 30) { ((try? u.rows()) ?? []).count == 1 })
    // The province re-sends after a timeout; then the box is killed hard and restarted.
    r = try u.publish([
      "--id", id, "--text", "Họp dân lúc 19 giờ tại nhà văn hóa.", "--class", "priority", "--wait-ack", "3",
    ])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "duplicate", "\(r.stdout)")
    u.daemon?.killHard()
    try u.start()
    r = try u.publish([
      "--id", id, "--text", "Họp dân lúc 19 giờ tại nhà văn hóa.", "--class", "priority", "--wait-ack", "3",
    ])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "duplicate", "\(r.stdout)")
    usleep(1_000_000)
    #expect(try u.rows().count == 1, "aired once")
  }

  @Test func aBoxKilledAfterAcceptingAJobAirsItOnceAfterRestart() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    try u.start()
    let id = UUID().uuidString.lowercased()
    let later = LocalTime.iso(Date().addingTimeInterval(4))
    // Accepted now, due in 4 s; the box dies before it airs.
    let signer = try u.signer()
    var m = UplinkMessage(type: .job, id: id, issuer: "tinh-79", target: Target(province: "79", commune: "26734"))
    m.bulletinClass = "priority"  // (normal uplink jobs wait in the inbox for the officer)
    m.content = UplinkContent(text: "Lịch cắt điện ngày mai từ 7 giờ đến 11 giờ.")
    m.notBefore = LocalTime.parseISO(later)
    try mqtt.publish(m.target.topic, try signer.envelope(m))
    #expect(eventually(timeout: 10) { (try? jobStatus(u.daemon!, id)) == "queued" })
    u.daemon?.killHard()
    try u.start()
    #expect(eventually(timeout: 30) { ((try? u.rows()) ?? []).count == 1 })
    usleep(1_500_000)
    let rows = try u.rows()
    #expect(rows.count == 1 && rows[0]["job_id"] as? String == id && rows[0]["outcome"] as? String == "completed")
  }

  /// The crash windows, forced with failpoints: killed after the broker's PUBACK but before the
  /// job is committed (the broker will not deliver it again: the sender's re-send does), and
  /// killed after the commit but before the ack (the re-send is a duplicate). Each airs once.
  @Test(arguments: ["uplink-before-commit", "uplink-after-commit"])
  func aBoxKilledBetweenReceivingAndAcknowledgingAirsTheJobOnce(_ point: String) throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    let marker = u.box.dir.file("failpoint-\(point)")
    var d = try DaemonProcess(
      stateDir: u.box.state, device: u.box.captureDevice, extraArgs: ["--config", u.config],
      environment: ["LOA_FAILPOINT": point, "LOA_FAILPOINT_ONCE": marker])
    #expect(
      eventually(timeout: 10) {
        (try? d.json("GET", "/v1/status").1["uplink"] as? [String: Any])?["connected"] as? Bool == true
      })
    let id = UUID().uuidString.lowercased()
    nonisolated(unsafe) var result: CommandResult?
    let sender = Thread {
      result = try? u.publish(["--id", id, "--class", "priority", "--text", "Tin khẩn về nước sạch.", "--retry", "60"])
    }
    sender.start()
    #expect(
      eventually(timeout: 20) { FileManager.default.fileExists(atPath: marker) && !d.isRunning }, "the failpoint fired")
    d = try DaemonProcess(stateDir: u.box.state, device: u.box.captureDevice, extraArgs: ["--config", u.config])
    u.daemon = d
    #expect(eventually(timeout: 60) { result != nil })
    #expect(result?.status == 0, "\(result?.stderr ?? "-")")
    let outcome = jsonLines(result?.stdout ?? "").first?["outcome"] as? String
    // Before the commit the re-send is the first the box stores; after it, the restarted box
    // already has the job: it reports it `on_air` (resumed) or `aired`, or answers the re-send
    // with `duplicate`, whichever the sender hears first (a fresh-clone run heard `on_air`).
    let expected: Set = point == "uplink-before-commit" ? ["accepted"] : ["on_air", "aired", "duplicate"]
    #expect(outcome.map(expected.contains) == true, "\(result?.stdout ?? "")")
    func completed() -> [[String: Any]] { ((try? asRun(d)) ?? []).filter { $0["outcome"] as? String == "completed" } }
    #expect(eventually(timeout: 30) { completed().count == 1 })
    usleep(1_500_000)
    // Aired once. If the kill came while the job had just started, the log says so honestly: a
    // `failed` row ("Loa stopped while this was on air") that the completed row resumes.
    let rows = try asRun(d)
    #expect(completed().count == 1, "aired exactly once: \(rows)")
    #expect(rows.allSatisfy { $0["outcome"] as? String == "completed" || $0["error"] as? String != nil }, "\(rows)")
  }

  /// A box that was offline when a live broadcast began does not join it in the middle (20 s
  /// after its issue), unless the officer asked for it (`late_join`, `loa live --late-join`).
  @Test func aLiveBroadcastIsNotJoinedLateUnlessItSaysSo() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt, extra: "allow_local_urls = true\n")
    try u.start()
    let acks = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/ack")
    let province = try u.signer()
    func live(ago: Double, lateJoin: Bool?) -> UplinkMessage {
      var m = UplinkMessage(
        type: .job, issuer: "tinh-79", issuedAt: Date().addingTimeInterval(-ago),
        target: Target(province: "79", commune: "26734"))
      m.bulletinClass = "priority"
      m.content = UplinkContent(durationSeconds: 60)
      m.content?.live = "http://127.0.0.1:9/live-x.mp3"
      m.content?.lateJoin = lateJoin
      return m
    }
    let late = live(ago: 60, lateJoin: nil)
    let asked = live(ago: 60, lateJoin: true)
    let fresh = live(ago: 5, lateJoin: nil)
    for m in [late, asked, fresh] { try mqtt.publish("loa/v1/79/26734/in", try province.envelope(m)) }
    func ack(_ m: UplinkMessage) -> [String: Any]? { acks.objects.first { $0["ref"] as? String == m.id } }
    #expect(eventually(timeout: 15) { [late, asked, fresh].allSatisfy { ack($0) != nil } }, "\(acks.lines)")
    #expect(ack(late)?["outcome"] as? String == "rejected" && ack(late)?["reason"] as? String == "stale")
    #expect((ack(late)?["detail"] as? String)?.contains("does not join late") == true, "\(ack(late) ?? [:])")
    #expect(ack(asked)?["outcome"] as? String == "accepted", "\(ack(asked) ?? [:])")
    #expect(ack(fresh)?["outcome"] as? String == "accepted", "\(ack(fresh) ?? [:])")
  }

  @Test func forgedReplayedAndMalformedMessagesAreRejectedWithAReason() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    let d = try u.start()
    let acks = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/ack")
    let topic = "loa/v1/79/26734/ap-3/loa-01/in"
    let province = try u.signer()
    let commune = try u.signer("xa-26734", key: u.communeKey)
    let stranger = box2Key(u)
    func job(_ edit: (inout UplinkMessage) -> Void = { _ in }) -> UplinkMessage {
      var m = UplinkMessage(type: .job, issuer: "tinh-79", target: Target(province: "79", commune: "26734"))
      m.bulletinClass = "normal"
      m.content = UplinkContent(text: "Thông báo thử.")
      edit(&m)
      return m
    }
    let cases: [(String, Data)] = [
      ("bad_envelope", Data("{not json".utf8)),
      ("bad_envelope", Data("[1,2,3]".utf8)),
      ("bad_envelope", Data("{\"v\":1,\"kid\":\"tinh-79\"}".utf8)),
      ("unsupported_version", Data("{\"v\":2,\"kid\":\"tinh-79\",\"sig\":\"\",\"msg\":\"{}\"}".utf8)),
      ("too_large", Data(repeating: 0x20, count: 100_000)),
      ("unknown_key", try Signer(kid: "ai-do", privateKeyBase64: stranger).envelope(job())),
      ("bad_signature", try Signer(kid: "tinh-79", privateKeyBase64: stranger).envelope(job())),
      ("bad_message", try province.envelope(text: "{\"type\":\"job\"}")),
      ("bad_message", try province.envelope(job { $0.id = "khong-phai-uuid" })),
      ("unknown_type", try province.envelope(job { $0.type = .other("launch") })),
      ("stale", try province.envelope(job { $0.issuedAt = Date().addingTimeInterval(-25 * 3600) })),
      ("future", try province.envelope(job { $0.issuedAt = Date().addingTimeInterval(3600) })),
      ("expired", try province.envelope(job { $0.expiresAt = Date().addingTimeInterval(-60) })),
      ("wrong_target", try province.envelope(job { $0.target = Target(province: "79", commune: "99999") })),
      ("not_allowed", try commune.envelope(job { $0.bulletinClass = "emergency" })),
      ("not_allowed", try commune.envelope(job { $0.target = Target(province: "79") })),
      ("wrong_target", try province.envelope(job { $0.target = Target(province: "80", commune: "26734") })),
      ("unknown_class", try province.envelope(job { $0.bulletinClass = "urgent" })),
      ("missing_content", try province.envelope(job { $0.content = UplinkContent() })),
    ]
    for (_, payload) in cases { try mqtt.publish(topic, payload) }
    #expect(eventually(timeout: 20) { acks.objects.count >= cases.count }, "\(acks.lines)")
    let reasons = acks.objects.map { $0["reason"] as? String ?? "-" }
    #expect(reasons == cases.map(\.0), "\(reasons)")
    #expect(acks.objects.allSatisfy { $0["outcome"] as? String == "rejected" })
    // Nothing aired, the daemon is up, and a good message still goes through.
    #expect(try u.rows().isEmpty)
    #expect(d.isRunning)
    try mqtt.publish(topic, try commune.envelope(job { $0.bulletinClass = "priority" }))
    #expect(eventually(timeout: 20) { ((try? u.rows()) ?? []).count == 1 })
    let (_, status) = try d.json("GET", "/v1/status")
    let up = status["uplink"] as? [String: Any]
    #expect((up?["rejected"] as? [String: Int])?.values.reduce(0, +) == cases.count, "\(String(describing: up))")
  }

  /// The outage lasts LOA_OUTAGE_SECONDS (default 3; `bench/outage.sh` runs it for 600).
  @Test func asRunRowsProducedDuringABrokerOutageAllArriveInOrder() throws {
    let outage = Double(ProcessInfo.processInfo.environment["LOA_OUTAGE_SECONDS"] ?? "") ?? 3
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    let d = try u.start()
    let upstream = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/asrun", clientId: "province-asrun")
    mqtt.stop()
    let start = Date()
    var n = 0
    repeat {
      n += 1
      #expect(try d.cli(["say", "--wait", "Bản tin nội bộ số \(n)."]).status == 0)
      let next = start.addingTimeInterval(outage * Double(n) / 20)
      if next > Date() { usleep(UInt32(next.timeIntervalSinceNow * 1_000_000)) }
    } while Date().timeIntervalSince(start) < outage && n < 200
    #expect(try asRun(d).count == n)
    #expect(upstream.objects.isEmpty)
    try mqtt.start()
    #expect(
      eventually(timeout: 60) {
        Set(upstream.objects.flatMap { ($0["rows"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } }).count
          >= min(n, 50)
      }, "\(upstream.lines.count) batches upstream for \(n) rows")
    // Batches of up to 50 rows; with no station to confirm them, the first is sent again.
    var ids: [Int] = []
    for batch in upstream.objects {
      for r in batch["rows"] as? [[String: Any]] ?? [] {
        if let id = r["id"] as? Int, !ids.contains(id) { ids.append(id) }
      }
    }
    #expect(ids == Array(1...min(n, 50)), "\(ids)")
  }

  @Test func anUpdateReplacesAWaitingJobAndABrokerRestartLosesNothing() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    let d = try u.start()
    let first = UUID().uuidString.lowercased()
    var r = try u.publish(["--id", first, "--class", "priority", "--text", "Họp lúc 19 giờ.", "--wait-ack", "2"])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    #expect(eventually(timeout: 30) { (try? jobStatus(d, first)) == "completed" })
    r = try u.publish([
      "--replaces", first, "--class", "priority", "--text", "Đổi giờ: họp lúc 20 giờ.", "--wait-ack", "2",
    ])
    let ack = try #require(jsonLines(r.stdout).first)
    #expect(ack["outcome"] as? String == "accepted" && (ack["detail"] as? String)?.contains(first) == true, "\(ack)")
    r = try u.publish([
      "--replaces", UUID().uuidString.lowercased(), "--text", "x", "--class", "priority", "--wait-ack", "2",
    ])
    #expect(jsonLines(r.stdout).first?["reason"] as? String == "job_not_found", "\(r.stdout)")
    // An update that is refused changes nothing: the job it refers to stays queued (it used to be
    // withdrawn while the sender was told nothing changed).
    let waiting = UUID().uuidString.lowercased()
    r = try u.publish([
      "--id", waiting, "--class", "priority", "--after", "2h", "--text", "Họp tối.", "--wait-ack", "2",
    ])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    r = try u.publish([
      "--replaces", waiting, "--class", "priority", "--repeat", "99", "--text", "Họp tối mai.", "--wait-ack", "2",
    ])
    #expect(jsonLines(r.stdout).first?["reason"] as? String == "bad_repeat", "\(r.stdout)")
    #expect(try jobStatus(d, waiting) == "queued")
    // The broker restarts between publishes; the box reconnects by itself.
    mqtt.stop()
    try mqtt.start()
    #expect(
      eventually(timeout: 60) {
        (try? d.json("GET", "/v1/status").1["uplink"] as? [String: Any])?["connected"] as? Bool == true
      })
    for i in 1...3 {
      #expect(try u.publish(["--class", "priority", "--text", "Sau khi máy chủ khởi động lại, tin \(i)."]).status == 0)
    }
    #expect(
      eventually(timeout: 60) { ((try? u.rows()) ?? []).filter { $0["outcome"] as? String == "completed" }.count == 5 })
    let up = try d.json("GET", "/v1/status").1["uplink"] as? [String: Any]
    #expect((up?["accepted"] as? Int) == 6, "five aired and one waiting: \(String(describing: up))")
  }

  @Test func aMediaJobIsDownloadedCheckedAndAiredOrRefused() throws {
    let mqtt = try MosquittoRig()
    // The test's web server is on loopback, which a box refuses unless told otherwise.
    let u = try UplinkBox(mqtt: mqtt, extra: "allow_local_urls = true")
    let www = u.box.dir.file("www")
    try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: true)
    try makeMP3(www + "/ban-tin.mp3", seconds: 2, sampleRate: 22050, channels: 1)
    let sha = dataSHA256(try Data(contentsOf: URL(fileURLWithPath: www + "/ban-tin.mp3")))
    let port = freePort()
    let server = try Spawned(
      which("python3") ?? "/usr/bin/python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "-d", www],
      stdout: u.box.dir.file("http.log"), stderr: u.box.dir.file("http.log"))
    defer { _ = server.stop(grace: 1) }
    let url = "http://127.0.0.1:\(port)/ban-tin.mp3"
    #expect(
      eventually(timeout: 10) { (try? runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", url]))?.status == 0 })
    let d = try u.start()
    var r = try u.publish(["--class", "priority", "--media-url", url, "--sha256", sha, "--wait-ack", "4"])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    #expect(eventually(timeout: 30) { ((try? asRun(d)) ?? []).first?["outcome"] as? String == "completed" })
    #expect(abs((try asRun(d).first?["duration_s"] as? Double ?? 0) - 2) < 0.1)
    r = try u.publish([
      "--class", "priority", "--media-url", url, "--sha256", String(repeating: "1", count: 64), "--wait-ack", "3",
    ])
    #expect(jsonLines(r.stdout).first?["reason"] as? String == "checksum_mismatch", "\(r.stdout)")
    r = try u.publish([
      "--class", "priority", "--media-url", "http://127.0.0.1:\(port)/khong-co.mp3", "--wait-ack", "3",
    ])
    #expect(jsonLines(r.stdout).first?["reason"] as? String == "download_failed", "\(r.stdout)")
    #expect(try asRun(d).count == 1)
  }

  @Test func anEmergencyIsNotHeldUpByAMediaDownload() throws {
    // Before: the MQTT thread downloaded a media job's file before reading the next message, so an
    // emergency behind it waited for the whole download (and the keep-alive was not serviced).
    let mqtt = try MosquittoRig()
    let slow = try SlowServer()
    let u = try UplinkBox(mqtt: mqtt, extra: "allow_local_urls = true")
    let d = try u.start()
    let media = UUID().uuidString.lowercased()
    #expect(try u.publish(["--id", media, "--class", "priority", "--media-url", slow.url("50mb.mp3")]).status == 0)
    let emergency = UUID().uuidString.lowercased()
    let sent = Date()
    #expect(
      try u.publish(["--id", emergency, "--class", "emergency", "--text", "Sơ tán ngay khỏi bờ sông."]).status == 0)
    #expect(eventually(timeout: 10) { (try? jobStatus(d, emergency)) != nil })
    let reached = Date().timeIntervalSince(sent)
    // The 50 MB file takes over 40 minutes at 20 KB/s: the emergency did not wait for it.
    #expect(reached < 3, "the emergency reached the queue \(reached) s after it was sent")
    #expect(eventually(timeout: 30) { (try? jobStatus(d, emergency)) == "completed" })
    #expect(try jobStatus(d, media) == nil, "the media job is still downloading")
    // bench/slowpath.sh: the emergency's arrival on the box (its job's created_at, taken on the
    // MQTT thread) → its chime's first frame handed to the device; and from the publishing CLI's
    // start (which includes launching it and connecting to the broker).
    let chime = try asRun(d).first { $0["job_id"] as? String == emergency && $0["kind"] as? String == "chime" }
    let firstFrame = (chime?["started_at"] as? String).flatMap { LocalTime.parseISO($0) }
    let first = try #require(firstFrame)
    let created = try d.json("GET", "/v1/jobs/\(emergency)").1["created_at"] as? String
    let arrival = created.flatMap { LocalTime.parseISO($0) }
    let arrived = try #require(arrival)
    benchFigure("mqtt_emergency_arrival_to_first_frame_ms", first.timeIntervalSince(arrived) * 1000)
    benchFigure("mqtt_emergency_cli_start_to_first_frame_ms", first.timeIntervalSince(sent) * 1000)
    #expect(
      eventually(timeout: 10) {
        (try? d.json("GET", "/v1/status").1["uplink"] as? [String: Any])?["connected"] as? Bool == true
      })
  }

  @Test func theAPIAnswersWhileLANIngestDownloads() throws {
    // Before: three slow media downloads through POST /v1/uplink blocked the request threads and
    // /v1/health did not answer within 3 s.
    let mqtt = try MosquittoRig()
    let slow = try SlowServer()
    let u = try UplinkBox(mqtt: mqtt, extra: "allow_local_urls = true")
    let d = try u.start()
    let signer = try u.signer()
    for i in 0..<10 {
      var m = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79"))
      m.bulletinClass = "priority"
      m.content = UplinkContent(mediaURL: slow.url("tin-\(i).mp3"))
      let body = try signer.envelope(m)
      Thread { _ = try? d.http("POST", "/v1/uplink", body: body, timeout: 120) }.start()
    }
    usleep(1_000_000)
    var slowest = 0.0
    for _ in 0..<5 {
      // curl: the probe is timed from outside the test process, on a connection of its own.
      let r = try runCommand(
        "/usr/bin/curl", ["-s", "-o", "/dev/null", "-m", "5", "-w", "%{http_code} %{time_total}", d.url + "/v1/health"])
      let parts = r.stdout.split(separator: " ")
      #expect(parts.first == "200", "\(r.stdout) \(r.stderr)")
      slowest = max(slowest, parts.count > 1 ? Double(parts[1]) ?? 99 : 99)
      benchFigure("health_during_10_downloads_ms", (parts.count > 1 ? Double(parts[1]) ?? 99 : 99) * 1000)
    }
    #expect(slowest < 0.5, "slowest /v1/health: \(slowest) s")
    let r = try d.cli(["say", "--class", "emergency", "Thử loa khẩn cấp."])
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func commandsHeartbeatAndTheLastWill() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    let status = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/status")
    let d = try u.start()
    var r = try u.publish(["--to", UplinkBox.target, "--command", "volume", "--level", "35", "--wait-ack", "2"])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    #expect(try d.cli(["volume"]).stdout.contains("volume: 35"))
    r = try u.publish(["--to", UplinkBox.target, "--command", "reload_schedule", "--wait-ack", "2"])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    r = try u.publish(["--to", UplinkBox.target, "--command", "self_destruct", "--wait-ack", "2"])
    #expect(jsonLines(r.stdout).first?["reason"] as? String == "unknown_command", "\(r.stdout)")
    // A commune key may run its own loudspeakers (stop, volume, status), nothing more.
    r = try u.publish(
      ["--to", UplinkBox.target, "--command", "reload_schedule", "--wait-ack", "2"], key: u.communeKey,
      kid: "xa-26734")
    #expect(jsonLines(r.stdout).first?["reason"] as? String == "not_allowed", "\(r.stdout)")
    r = try u.publish(
      ["--to", UplinkBox.target, "--command", "stop", "--wait-ack", "2"], key: u.communeKey, kid: "xa-26734")
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    r = try u.publish(["--to", UplinkBox.target, "--command", "status"])
    #expect(eventually(timeout: 10) { status.objects.contains { $0["volume"] as? Int == 35 } }, "\(status.lines)")
    let beat = try #require(status.objects.last { $0["online"] as? Bool == true })
    #expect(beat["version"] is String && beat["storage_free_mb"] is Int && beat["device_open"] is Bool, "\(beat)")
    // Killed hard: the broker publishes the will.
    d.killHard()
    #expect(eventually(timeout: 90) { status.objects.last?["online"] as? Bool == false }, "\(status.lines.suffix(2))")
    // The will names the box and where it is (before: `{"v":1,"type":"status","online":false}`).
    let will = try #require(status.objects.last)
    #expect(will["box"] as? String == "loa-01" && will["hamlet"] as? String == "ap-3", "\(will)")
    #expect(will["commune"] as? String == "26734" && will["since"] is String && will["version"] is String, "\(will)")
  }

  @Test func overTLSWithTheBrokersCA() throws {
    let mqtt = try MosquittoRig(tls: true)
    let u = try UplinkBox(mqtt: mqtt, extra: "ca_file = \"\(mqtt.caFile)\"")
    try u.start()
    let r = try u.publish(["--class", "priority", "--text", "Thông báo qua kết nối mã hoá.", "--wait-ack", "4"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    #expect(eventually(timeout: 30) { ((try? u.rows()) ?? []).count == 1 })
  }

  @Test func aBrokerThatRequiresClientCertificatesTakesTheBoxsCertificate() throws {
    let mqtt = try MosquittoRig(clientCertificates: true)
    let u = try UplinkBox(
      mqtt: mqtt,
      extra: "ca_file = \"\(mqtt.caFile)\"\ncert_file = \"\(mqtt.clientCert)\"\nkey_file = \"\(mqtt.clientKey)\"")
    try u.start()
    // The same box without its certificate: the broker refuses it, and it says so.
    let other = try UplinkBox(mqtt: mqtt, extra: "ca_file = \"\(mqtt.caFile)\"")
    let d2 = try DaemonProcess(
      stateDir: other.box.state, device: other.box.captureDevice, extraArgs: ["--config", other.config])
    usleep(2_000_000)
    let up = try d2.json("GET", "/v1/status").1["uplink"] as? [String: Any]
    #expect(up?["connected"] as? Bool == false, "\(String(describing: up))")
  }

  @Test func aBoxThatDoesNotTrustTheBrokersCertificateStaysOffAndSaysWhy() throws {
    let mqtt = try MosquittoRig(tls: true)
    let other = try MosquittoRig(tls: true)  // a different CA
    let u = try UplinkBox(mqtt: mqtt, extra: "ca_file = \"\(other.caFile)\"")
    let d = try DaemonProcess(stateDir: u.box.state, device: u.box.captureDevice, extraArgs: ["--config", u.config])
    usleep(2_000_000)
    let up = try d.json("GET", "/v1/status").1["uplink"] as? [String: Any]
    #expect(up?["connected"] as? Bool == false)
    #expect((up?["last_error"] as? String)?.isEmpty == false, "\(String(describing: up))")
    // Local work goes on.
    #expect(try d.cli(["say", "--wait", "Thông báo tại chỗ."]).status == 0)
    #expect(d.isRunning)
  }

  @Test func aCancelStopsAJobOnAir() throws {
    let mqtt = try MosquittoRig()
    let u = try UplinkBox(mqtt: mqtt)
    let rig = try PulseRig(sampleRate: 22050)
    let d = try DaemonProcess(
      stateDir: u.box.state, device: "pulse", extraArgs: ["--config", u.config], environment: rig.environment)
    u.daemon = d
    #expect(
      eventually(timeout: 10) {
        (try? d.json("GET", "/v1/status").1["uplink"] as? [String: Any])?["connected"] as? Bool == true
      })
    let id = UUID().uuidString.lowercased()
    let long = String(repeating: "Thông báo về việc tiêm phòng cho gia súc tại các thôn trong xã. ", count: 8)
    #expect(try u.publish(["--id", id, "--class", "priority", "--text", long]).status == 0)
    #expect(eventually(timeout: 20) { (try? jobStatus(d, id)) == "playing" })
    usleep(1_000_000)
    let r = try u.publish(["--cancel", id, "--wait-ack", "3"])
    #expect(jsonLines(r.stdout).first?["outcome"] as? String == "accepted", "\(r.stdout)")
    #expect(eventually(timeout: 10) { (try? jobStatus(d, id)) == "cancelled" })
    let row = try #require(try asRun(d).first)
    #expect(row["outcome"] as? String == "cancelled")
    #expect((row["duration_s"] as? Double ?? 99) < 10)
  }
}

@Suite(.serialized, .ownThread) struct LANIngestTests {
  @Test func signedMessagesOverTheHTTPAPIWithoutABroker() throws {
    let box = Box()
    let keyFile = box.dir.file("tinh.key")
    let pub = try runCommand(loaBinary(), ["uplink", "keygen", "--out", keyFile]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let cfg = box.config(
      """
      [uplink]
      province = "79"
      commune = "26734"
      hamlet = "ap-3"
      box = "loa-01"
      [[uplink.key]]
      id = "tinh-79"
      public_key = "\(pub)"
      role = "province"
      scope = "79"
      """)
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    let signer = try Signer(kid: "tinh-79", privateKeyBase64: try String(contentsOfFile: keyFile, encoding: .utf8))
    var m = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79", commune: "26734"))
    m.bulletinClass = "priority"
    m.content = UplinkContent(text: "Thông báo qua mạng nội bộ.")
    m.field = 4
    m.author = "Văn phòng UBND tỉnh"
    m.newsSource = "Sở Thông tin và Truyền thông"
    let env = try signer.envelope(m)
    var (status, body) = try d.http("POST", "/v1/uplink", body: env)
    #expect(status == 201, "\(String(decoding: body, as: UTF8.self))")
    (status, body) = try d.http("POST", "/v1/uplink", body: env)
    #expect(status == 200 && String(decoding: body, as: UTF8.self).contains("duplicate"))
    let forged = try Signer(kid: "tinh-79", privateKeyBase64: Signer.generate().privateKey).envelope(m)
    (status, body) = try d.http("POST", "/v1/uplink", body: forged)
    #expect(status == 403 && String(decoding: body, as: UTF8.self).contains("bad_signature"))
    (status, _) = try d.http("POST", "/v1/uplink", body: Data("{".utf8))
    #expect(status == 422)
    #expect(eventually(timeout: 30) { ((try? asRun(d)) ?? []).count == 1 })
    // The province's labels are on the row: field, origin (the province's system), author, source.
    let row = try #require(try asRun(d).first)
    #expect(row["field"] as? Int == 4 && row["origin"] as? String == "province-system", "\(row)")
    #expect(row["author"] as? String == "Văn phòng UBND tỉnh" && row["language"] as? String == "vi", "\(row)")
    #expect(row["news_source"] as? String == "Sở Thông tin và Truyền thông")
    // A bulletin in a language this box does not air is refused by name; an emergency is not.
    var other = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79", commune: "26734"))
    other.bulletinClass = "priority"
    other.content = UplinkContent(text: "Tin tiếng Khmer.")
    other.language = "km"
    (status, body) = try d.http("POST", "/v1/uplink", body: try signer.envelope(other))
    #expect(status == 422 && String(decoding: body, as: UTF8.self).contains("unknown_language"))
    other.id = UUID().uuidString.lowercased()
    other.bulletinClass = "emergency"
    other.field = 9
    other.content = UplinkContent(text: "Sạt lở, sơ tán ngay.")
    (status, body) = try d.http("POST", "/v1/uplink", body: try signer.envelope(other))
    let text = String(decoding: body, as: UTF8.self)
    #expect(status == 201 && text.contains("labels left unknown") && text.contains("unknown field 9"), "\(text)")
    let up = try d.json("GET", "/v1/status").1["uplink"] as? [String: Any]
    #expect(up?["broker"] as? String == "LAN only")
    #expect(d.isRunning)
  }

  /// `/metrics` in the Prometheus format counts what happened (airings by class, kind and
  /// outcome; the emergency's start; uplink messages by outcome and reason) and shows the state;
  /// `/v1/health` answers booleans.
  @Test func metricsCountAiringsEmergenciesAndUplinkMessages() throws {
    let box = Box()
    let a = Signer.generate()
    let (_, d) = try lanBox(box, key: a)
    #expect(try d.cli(["say", "Một.", "--wait"]).status == 0)
    #expect(try d.cli(["say", "--class", "emergency", "--repeat", "1", "Hai.", "--wait"]).status == 0)
    let signer = try Signer(kid: "tinh-a", privateKeyBase64: a.privateKey)
    var m = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79", commune: "26734"))
    m.bulletinClass = "normal"
    m.content = UplinkContent(text: "Vào hộp thư.")
    #expect(try d.http("POST", "/v1/uplink", body: try signer.envelope(m)).0 == 201)
    let forged = try Signer(kid: "tinh-a", privateKeyBase64: Signer.generate().privateKey).envelope(m)
    #expect(try d.http("POST", "/v1/uplink", body: forged).0 == 403)
    let (status, body) = try d.http("GET", "/metrics")
    let text = String(decoding: body, as: UTF8.self)
    #expect(status == 200)
    /// The value of the sample `name` whose labels include `labels`.
    func value(_ name: String, _ labels: [String] = []) -> Double? {
      for line in text.split(separator: "\n") where line.hasPrefix(name + " ") || line.hasPrefix(name + "{") {
        if labels.allSatisfy({ line.contains($0) }), let v = line.split(separator: " ").last.flatMap({ Double($0) }) {
          return v
        }
      }
      return nil
    }
    #expect(
      value("loa_airings_total", ["class=\"normal\"", "kind=\"speech\"", "outcome=\"completed\""]) == 1, "\(text)")
    #expect(value("loa_airings_total", ["class=\"emergency\"", "kind=\"chime\""]) == 1)
    #expect(value("loa_emergency_start_seconds_count") == 1, "\(text)")
    #expect((value("loa_emergency_start_seconds_sum") ?? 99) < 5)
    #expect((value("loa_airtime_seconds_total", ["class=\"normal\""]) ?? 0) > 0)
    #expect(value("loa_uplink_messages_total", ["outcome=\"queued_for_approval\""]) == 1, "\(text)")
    #expect(value("loa_uplink_messages_total", ["outcome=\"rejected\"", "reason=\"bad_signature\""]) == 1)
    #expect(value("loa_queue_jobs") == 0)
    #expect((value("loa_state_disk_free_bytes") ?? 0) > 1_000_000)
    #expect((value("loa_uptime_seconds") ?? -1) >= 0)
    #expect(text.contains("loa_build_info{version=\""))
    let health = try d.json("GET", "/v1/health").1
    #expect(health["ok"] as? Bool == true && health["player"] as? Bool == true, "\(health)")
  }

  @Test func capAlertsAreAiredOnceUpdatedCancelledOrRefused() throws {
    let box = Box()
    let keyFile = box.dir.file("tinh.key")
    let pub = try runCommand(loaBinary(), ["uplink", "keygen", "--out", keyFile]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let cfg = box.config(
      """
      [emergency]
      repeat = 1
      [uplink]
      province = "79"
      commune = "26734"
      hamlet = "ap-3"
      box = "loa-01"
      [[uplink.key]]
      id = "tinh-79"
      public_key = "\(pub)"
      role = "province"
      scope = "79"
      """)
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    let signer = try Signer(kid: "tinh-79", privateKeyBase64: try String(contentsOfFile: keyFile, encoding: .utf8))
    func send(_ xml: String) throws -> (Int, [String: Any]) {
      var m = UplinkMessage(type: .cap, issuer: "nchmf", target: Target(province: "79"))
      m.cap = xml
      let (status, body) = try d.http("POST", "/v1/uplink", body: try signer.envelope(m))
      return (status, (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:])
    }
    func cap(
      _ id: String, _ extra: String = "", type: String = "Alert", refs: String = "", status: String = "Actual",
      effective: String = "", expires: String = "2099-01-01T00:00:00+07:00", severity: String = "Extreme"
    ) -> String {
      """
      <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>\(id)</identifier>
      <sender>canhbao@nchmf.gov.vn</sender><sent>2026-11-23T10:00:00+07:00</sent><status>\(status)</status>
      <msgType>\(type)</msgType><scope>Public</scope>\(refs.isEmpty ? "" : "<references>\(refs)</references>")
      <info><language>vi-VN</language><category>Met</category><event>Bão</event><urgency>Immediate</urgency>
      <severity>\(severity)</severity><certainty>Observed</certainty>\(effective)<expires>\(expires)</expires>
      <senderName>Trung tâm Dự báo KTTV quốc gia</senderName>
      <headline>Bão số 9 \(extra)</headline><description>Gió mạnh cấp 12.</description>
      <instruction>Bà con chằng chống nhà cửa</instruction></info></alert>
      """
    }
    // An alert airs as an emergency with its Vietnamese text.
    var (status, ack) = try send(cap("A1"))
    #expect(status == 201 && ack["outcome"] as? String == "accepted", "\(ack)")
    let jobId = try #require(ack["job_id"] as? String, "\(status) \(ack)")
    #expect(eventually(timeout: 30) { (try? jobStatus(d, jobId)) == "completed" })
    let (_, job) = try d.json("GET", "/v1/jobs/\(jobId)")
    #expect(job["class"] as? String == "emergency")
    #expect(job["text"] as? String == "Bão số 9. Gió mạnh cấp 12. Bà con chằng chống nhà cửa.", "\(job)")
    // Labelled as the province's warning system sent it: sudden news, its agency and sender.
    #expect(job["field"] as? Int == 2 && job["origin"] as? String == "province-system", "\(job)")
    #expect(job["language"] as? String == "vi" && job["author"] as? String == "Trung tâm Dự báo KTTV quốc gia")
    #expect(job["news_source"] as? String == "canhbao@nchmf.gov.vn")
    // The same alert again (a new envelope): a duplicate by sender + identifier + sent.
    (status, ack) = try send(cap("A1"))
    #expect(status == 200 && ack["outcome"] as? String == "duplicate", "\(ack)")
    // A later alert (not yet effective) is cancelled by a Cancel that references it.
    (status, ack) = try send(
      cap("A2", effective: "<effective>2098-01-01T00:00:00+07:00</effective>", severity: "Moderate"))
    let laterId = try #require(ack["job_id"] as? String, "\(ack)")
    #expect(try d.json("GET", "/v1/jobs/\(laterId)").1["class"] as? String == "priority")
    (status, ack) = try send(cap("A3", type: "Cancel", refs: "canhbao@nchmf.gov.vn,A2,2026-11-23T10:00:00+07:00"))
    #expect(status == 201, "\(ack)")
    #expect(try jobStatus(d, laterId) == "cancelled")
    // A Cancel that arrives before its alert is remembered: the alert, delivered late, does not air.
    (status, ack) = try send(cap("A8", type: "Cancel", refs: "canhbao@nchmf.gov.vn,A7,2026-11-23T10:00:00+07:00"))
    #expect(status == 201 && (ack["detail"] as? String)?.contains("not received yet") == true, "\(ack)")
    (status, ack) = try send(cap("A7", "muộn"))
    #expect(status == 200 && ack["outcome"] as? String == "cancelled", "\(ack)")
    #expect((try d.json("GET", "/v1/jobs").1["queued"] as? [Any])?.isEmpty == true)
    // Refused: an exercise, an expired alert, an entity trick.
    (status, ack) = try send(cap("A4", status: "Exercise"))
    #expect(status == 422 && ack["reason"] as? String == "cap_not_actual", "\(ack)")
    (status, ack) = try send(cap("A5", expires: "2020-01-01T00:00:00+07:00"))
    #expect(ack["reason"] as? String == "expired", "\(ack)")
    (status, ack) = try send("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + cap("A6", "&x;"))
    #expect(ack["reason"] as? String == "cap_forbidden_xml", "\(ack)")
    #expect(
      try asRun(d).filter { $0["kind"] as? String == "speech" && $0["outcome"] as? String == "completed" }.count == 1,
      "only A1 aired")
    #expect(d.isRunning)
  }

  @Test func aReSentEmergencyUnderANewIdIsNotAiredTwiceAndKeysRotateWithoutARestart() throws {
    let box = Box()
    let a = Signer.generate()
    let b = Signer.generate()
    let (keys, d) = try lanBox(box, key: a, extra: "[emergency]\nrepeat = 1\nchime = false\n")
    func send(_ signer: Signer, _ text: String) throws -> (Int, [String: Any]) {
      var m = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79"))
      m.bulletinClass = "emergency"
      m.content = UplinkContent(text: text)
      let (status, body) = try d.http("POST", "/v1/uplink", body: try signer.envelope(m))
      return (status, (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:])
    }
    let sa = try Signer(kid: "tinh-a", privateKeyBase64: a.privateKey)
    let sb = try Signer(kid: "tinh-b", privateKeyBase64: b.privateKey)
    var (status, ack) = try send(sa, "Sạt lở đất tại thôn 3, bà con tránh xa khu vực đồi.")
    #expect(status == 201, "\(ack)")
    // The duty officer presses send again: a new id, the same words.
    (status, ack) = try send(sa, "Sạt lở đất tại thôn 3, bà con tránh xa khu vực đồi.")
    #expect(status == 200 && ack["outcome"] as? String == "duplicate", "\(ack)")
    #expect((ack["detail"] as? String)?.contains("re-send") == true)
    #expect(eventually(timeout: 30) { ((try? asRun(d)) ?? []).count == 1 })
    usleep(500_000)
    #expect(try asRun(d).count == 1, "aired once")
    // Key rotation: b is not trusted yet; add it to the file (no restart); then drop a.
    (status, ack) = try send(sb, "Thông báo từ khoá mới.")
    #expect(ack["reason"] as? String == "unknown_key", "\(ack)")
    try
      (String(contentsOfFile: keys, encoding: .utf8)
      + "[[key]]\nid = \"tinh-b\"\npublic_key = \"\(b.publicKey)\"\nrole = \"province\"\nscope = \"79\"\n")
      .write(toFile: keys, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: keys)
    (status, ack) = try send(sb, "Thông báo từ khoá mới.")
    #expect(status == 201, "\(ack)")
    _ = box.dir.write(
      "keys.toml", "[[key]]\nid = \"tinh-b\"\npublic_key = \"\(b.publicKey)\"\nrole = \"province\"\nscope = \"79\"\n")
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: keys)
    (status, ack) = try send(sa, "Khoá cũ đã bị thu hồi.")
    #expect(ack["reason"] as? String == "unknown_key", "\(ack)")
    // Deleting the keys file revokes its keys (the box used to keep trusting the last ones read).
    try FileManager.default.removeItem(atPath: keys)
    (status, ack) = try send(sb, "Xoá tệp khoá thì khoá bị thu hồi.")
    #expect(ack["reason"] as? String == "unknown_key", "\(ack)")
    #expect(d.isRunning)
  }

  @Test func relayAndMediaURLsThatLeadToTheBoxItselfAreRefused() throws {
    let box = Box()
    let a = Signer.generate()
    let (_, d) = try lanBox(box, key: a)
    let signer = try Signer(kid: "tinh-a", privateKeyBase64: a.privateKey)
    let api = "http://127.0.0.1:\(d.port)"
    let cases: [UplinkContent] = [
      UplinkContent(relay: api + "/v1/stop", durationSeconds: 60),
      UplinkContent(relay: "http://localhost:\(d.port)/v1/jobs", durationSeconds: 60),
      UplinkContent(relay: "http://[::1]:8707/", durationSeconds: 60),
      UplinkContent(relay: "http://2130706433:\(d.port)/", durationSeconds: 60),
      UplinkContent(relay: "http://0.0.0.0:\(d.port)/", durationSeconds: 60),
      UplinkContent(mediaURL: "http://169.254.169.254/latest/meta-data"),
      UplinkContent(mediaURL: api + "/v1/asrun"),
    ]
    for c in cases {
      var m = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79"))
      m.bulletinClass = "priority"
      m.content = c
      let (status, body) = try d.http("POST", "/v1/uplink", body: try signer.envelope(m))
      let ack = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
      #expect(ack["reason"] as? String == "local_url", "\(c) → \(status) \(ack)")
    }
    let queued = (try d.json("GET", "/v1/jobs").1["queued"] as? [Any]) ?? []
    #expect(queued.isEmpty)
    #expect(d.isRunning)
  }

  @Test func aProvinceEmergencyIsNotSwallowedByALocalOneThatWasCancelled() throws {
    // The officer queued and cancelled a local emergency with the same words a moment before: the
    // province's emergency used to be answered `duplicate` and never aired.
    let box = Box()
    let a = Signer.generate()
    let (_, d) = try lanBox(box, key: a, extra: "[emergency]\nrepeat = 1\nchime = false\n")
    let text = "Lũ quét ở suối Nậm Pàn, bà con không qua suối."
    let local = try d.cli(["say", "--class", "emergency", "--at", "23:59", text])
    #expect(local.status == 0, "\(local.stderr)")
    let localId = local.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try d.cli(["cancel", localId]).status == 0)
    var m = UplinkMessage(type: .job, issuer: "tinh", target: Target(province: "79"))
    m.bulletinClass = "emergency"
    m.content = UplinkContent(text: text)
    let signer = try Signer(kid: "tinh-a", privateKeyBase64: a.privateKey)
    let (status, body) = try d.http("POST", "/v1/uplink", body: try signer.envelope(m))
    let ack = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    #expect(status == 201 && ack["outcome"] as? String == "accepted", "\(ack)")
    #expect(
      eventually(timeout: 30) {
        ((try? asRun(d)) ?? []).contains { $0["job_id"] as? String == m.id && $0["outcome"] as? String == "completed" }
      }, "the province's emergency aired")
  }

  @Test func withoutAnUplinkSectionLANIngestIsRefused() throws {
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    let (status, body) = try d.http("POST", "/v1/uplink", body: Data("{}".utf8))
    #expect(status == 404 && String(decoding: body, as: UTF8.self).contains("no_uplink"))
  }

  @Test func badUplinkSettingsStopTheDaemonWithTheirName() throws {
    let cases: [(String, String)] = [
      (
        "[uplink]\nbroker = \"http://x\"\nprovince = \"79\"\ncommune = \"1\"\nhamlet = \"h\"\nbox = \"b\"\n",
        "uplink.broker"
      ),
      ("[uplink]\nprovince = \"79\"\ncommune = \"1\"\nhamlet = \"h\"\n", "box"),
      ("[uplink]\nprovince = \"7 9\"\ncommune = \"1\"\nhamlet = \"h\"\nbox = \"b\"\n", "uplink.province"),
      (
        "[uplink]\nprovince = \"79\"\ncommune = \"1\"\nhamlet = \"h\"\nbox = \"b\"\n[[uplink.key]]\nid = \"k\"\npublic_key = \"abc\"\nrole = \"province\"\nscope = \"79\"\n",
        "32 bytes"
      ),
      (
        "[uplink]\nprovince = \"79\"\ncommune = \"1\"\nhamlet = \"h\"\nbox = \"b\"\n[[uplink.key]]\nid = \"k\"\npublic_key = \"abc\"\nrole = \"admin\"\nscope = \"79\"\n",
        "role 'admin'"
      ),
    ]
    for (text, needle) in cases {
      let box = Box()
      let d = try DaemonProcess(
        stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config(text)], waitUntilReady: false
      )
      #expect(eventually(timeout: 20) { !d.isRunning }, "\(text)")
      #expect(d.log.contains(needle), "\(text): \(d.log)")
    }
  }
}

/// A key no box trusts.
private func box2Key(_ u: UplinkBox) -> String {
  Signer.generate().privateKey
}

@Suite(.ownThread) struct PublishOptionTests {
  @Test func badLANAddressesAndDurationsAreOneClearLine() throws {
    let box = Box()
    let key = box.dir.file("k.key")
    #expect(try runCommand(loaBinary(), ["uplink", "keygen", "--out", key]).status == 0)
    let base = ["uplink", "publish", "--kid", "k", "--key", key, "--to", "79", "--text", "x"]
    let cases: [([String], String)] = [
      (["--lan", "ftp://127.0.0.1:1"], "must be an http(s) URL"),
      (["--lan", "http://127.0.0.1:\(freePort())"], "cannot reach the box"),
      (["--lan", "http://127.0.0.1:1", "--after", "soon"], "--after must be a duration"),
      ([], "give --broker"),
    ]
    for (args, needle) in cases {
      let r = try runCommand(loaBinary(), base + args)
      #expect(r.status != 0, "\(args)")
      #expect(r.stderr.contains(needle), "\(args): \(r.stderr)")
    }
  }
}
