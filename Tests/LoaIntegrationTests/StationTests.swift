import Foundation
import LoaCore
import LoaProtocol
import LoaTesting
import Testing

/// The commune station against real boxes on a real mosquitto: as-run rows that survive a
/// station, a broker or a box that was down; receipts only a trusted station can give; the fleet.
/// Every station suite, one at a time: each starts a broker, boxes and a station (one also a
/// browser), and all of them at once loaded the machine enough to slow the relay tests' servers.
@Suite(.serialized) enum StationSuites {}

/// Two boxes of commune 26734 (loa-01 in ap-3, loa-02 in ap-5) on one real broker, and the
/// commune's station signing with the commune key both trust; started, both seen online.
final class CommuneRig: @unchecked Sendable {
  let mqtt: MosquittoRig
  let a: UplinkBox
  let b: UplinkBox
  let station: StationProcess
  let da: DaemonProcess
  let db: DaemonProcess

  init(extraA: String = "", extraB: String = "", stationExtra: (UplinkBox) -> String = { _ in "" }) throws {
    mqtt = try MosquittoRig()
    a = try UplinkBox(mqtt: mqtt, extra: extraA)
    b = try UplinkBox(mqtt: mqtt, extra: extraB, id: "loa-02", hamlet: "ap-5", keysOf: a)
    station = try StationProcess(
      brokerPort: mqtt.port, kid: "xa-26734", keyFile: a.communeKey, extra: stationExtra(a))
    da = try a.start()
    db = try b.start()
    let station = station
    guard
      eventually(timeout: 20, { ["loa-01", "loa-02"].allSatisfy { station.box($0)?["state"] as? String == "online" } })
    else { throw RigError("the station did not see both boxes online:\n\(station.log.suffix(2000))") }
  }
}

extension StationSuites {
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
      #expect(
        eventually(timeout: 30) { ids(station.rows("loa-01")) == Array(1...all) }, "\(ids(station.rows("loa-01")))")
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
      let rig = try CommuneRig(extraA: Self.resend, extraB: Self.resend)
      let (station, db) = (rig.station, rig.db)
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
      r = try runCommand(stationBinary(), ["serve", "--config", s.config], timeout: 20)
      #expect(r.status != 0 && r.stderr.contains("chmod 600"), "\(r.stderr)")
    }
  }
}

extension StationSuites {
  /// Sending through the station: one command for the commune, a hamlet or a box, signed by the
  /// station, and the delivery of every box that should have it.
  @Suite(.serialized, .ownThread) struct StationSendTests {
    func delivery(_ s: StationProcess, _ id: String) -> [String: String] {
      let boxes = (try? s.json("/v1/deliveries/\(id)"))?.1["boxes"] as? [[String: Any]] ?? []
      return Dictionary(
        boxes.map { ($0["box"] as? String ?? "?", $0["state"] as? String ?? "?") }, uniquingKeysWith: { a, _ in a })
    }

    @Test func aBulletinForTheCommuneReachesEveryBoxAndOneThatWasOfflineAirsItOnReturn() throws {
      let mqtt = try MosquittoRig()
      let a = try UplinkBox(mqtt: mqtt)
      let b = try UplinkBox(mqtt: mqtt, id: "loa-02", hamlet: "ap-5", keysOf: a)
      let c = try UplinkBox(mqtt: mqtt, id: "loa-03", hamlet: "ap-5", keysOf: a)
      let station = try StationProcess(brokerPort: mqtt.port, kid: "xa-26734", keyFile: a.communeKey)
      let da = try a.start()
      let db = try b.start()
      let dc = try c.start()
      #expect(
        eventually(timeout: 20) {
          ["loa-01", "loa-02", "loa-03"].allSatisfy { station.box($0)?["state"] as? String == "online" }
        })
      dc.killHard()
      #expect(eventually(timeout: 20) { station.box("loa-03")?["state"] as? String == "offline" })

      // A normal bulletin of the commune's own: no inbox on the boxes, straight to air.
      var r = try station.cli(["say", "--to", "xa", "--title", "Họp dân", "Mời bà con dự họp lúc 19 giờ."])
      #expect(r.status == 0, "\(r.stderr)")
      let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(r.stderr.contains("3 cụm loa"), "\(r.stderr)")
      #expect(
        eventually(timeout: 30) {
          delivery(station, id) == ["loa-01": "aired", "loa-02": "aired", "loa-03": "offline"]
        },
        "\(delivery(station, id))")
      for d in [da, db] {
        let row = try #require(try asRun(d).first { $0["job_id"] as? String == id })
        #expect(row["origin"] as? String == "own" && row["operator"] as? String == "uplink:xa-26734", "\(row)")
      }
      // Back from its power cut, the third box gets it from the broker and airs it.
      c.daemon = nil
      let dc2 = try c.start()
      #expect(eventually(timeout: 40) { delivery(station, id)["loa-03"] == "aired" }, "\(delivery(station, id))")
      #expect(try asRun(dc2).contains { $0["job_id"] as? String == id })
      r = try station.cli(["delivery", id])
      #expect(r.status == 0 && r.stdout.contains("ĐÃ PHÁT 3"), "\(r.stdout)\(r.stderr)")

      // A hamlet: only its boxes.
      r = try station.cli(["volume", "--to", "ap-5", "40"])
      #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
      #expect(r.stdout.contains("đã thực hiện 2"), "\(r.stdout)")
      #expect(try db.cli(["volume"]).stdout.contains("volume: 40"))
      #expect(try dc2.cli(["volume"]).stdout.contains("volume: 40"))
      #expect(!(try da.cli(["volume"]).stdout.contains("volume: 40")))

      // Every box refuses a voice none of them has: the delivery says so, box by box, and --wait fails.
      r = try station.cli(["say", "--to", "xa", "--voice", "khong-co", "--wait", "--wait-timeout", "20", "Thử giọng."])
      #expect(r.status == 4, "\(r.stdout)\(r.stderr)")
      #expect(r.stdout.contains("TỪ CHỐI 3") && r.stdout.contains("unknown_voice"), "\(r.stdout)")
    }

    @Test func badTargetsAndWhatACommuneMayNotSendAreNamed() throws {
      let mqtt = try MosquittoRig()
      let a = try UplinkBox(mqtt: mqtt)
      let station = try StationProcess(brokerPort: mqtt.port, kid: "xa-26734", keyFile: a.communeKey)
      try a.start()
      #expect(eventually(timeout: 20) { station.box("loa-01")?["state"] as? String == "online" })
      let cases: [([String], String)] = [
        (["say", "--to", "thon-khong-co", "Thử."], "unknown_target"),
        (["say", "--to", " ", "Thử."], "bad_target"),
        (["say", "--to", "xa", "--class", "emergency", "Thử."], "trạm xã không được gửi bản tin khẩn cấp"),
        (["say", "--to", "xa", "--class", "gap", "Thử."], "unknown class"),
        (["volume", "--to", "xa", "140"], "0 to 100"),
        (["play", "--to", "xa", "/etc/hostname"], "neither WAV nor MP3"),
        (["delivery", "khong-phai-id"], "is not a delivery id"),
        (["delivery", UUID().uuidString.lowercased()], "unknown_send"),
      ]
      for (args, expected) in cases {
        let r = try station.cli(args)
        #expect(r.status != 0 && r.stderr.contains(expected), "\(args): \(r.stderr)")
      }
      // Nothing of that reached the box.
      #expect(try asRun(try #require(a.daemon)).isEmpty)
    }
  }
}

extension StationSuites {
  /// Reports across boxes, from the rows the station collected.
  @Suite(.serialized, .ownThread) struct StationReportTests {
    @Test func theCommuneReportAddsUpEachBoxsOwnReport() throws {
      let rig = try CommuneRig()
      let (station, da, db) = (rig.station, rig.da, rig.db)
      #expect(try da.cli(["say", "--wait", "--field", "4", "Thông báo lịch tiêm phòng cho trẻ em."]).status == 0)
      #expect(try da.cli(["say", "--wait", "--class", "priority", "Thông báo cắt điện từ 8 giờ."]).status == 0)
      #expect(try db.cli(["say", "--wait", "--language", "vi", "Mời bà con đi họp."]).status == 0)
      let counts = ["loa-01": try asRun(da).count, "loa-02": try asRun(db).count]
      // Well inside the 30 s after which an unconfirmed batch is sent again: each row goes up as
      // soon as the receipt for the one before it is in (a receipt that came back before the box
      // had marked its batch sent used to leave the next row waiting those 30 s).
      #expect(
        eventually(timeout: 10) {
          counts.allSatisfy { station.rows($0.key).count == $0.value }
        }, "\(counts) vs \(station.rows("loa-01").count), \(station.rows("loa-02").count)")
      var cal = Calendar(identifier: .gregorian)
      cal.timeZone = LocalTime.zone
      let today = cal.startOfDay(for: Date())
      func day(_ d: Date) -> String {
        let c = cal.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
      }
      let period = ["--from", day(today), "--to", day(cal.date(byAdding: .day, value: 1, to: today)!)]
      let r = try station.cli(["report", "airtime", "--for", "xa", "--json", "--station-url", station.url] + period)
      #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
      let area = try #require(jsonLines(r.stdout).first)
      let perBox = try #require(area["per_box"] as? [[String: Any]])
      #expect(perBox.count == 2)
      var totalAirings = 0
      for (box, d) in [("loa-01", da), ("loa-02", db)] {
        let own = try #require(jsonLines(try d.cli(["report", "airtime", "--json"] + period).stdout).first)
        let there = try #require((perBox.first { $0["box"] as? String == box })?["report"] as? [String: Any])
        for key in ["airings", "sessions", "own_bulletins", "failures"] {
          #expect(
            there[key] as? Int == own[key] as? Int,
            "\(box) \(key): station \(there[key] ?? "-"), box \(own[key] ?? "-")")
        }
        #expect(abs((there["hours"] as? Double ?? -1) - (own["hours"] as? Double ?? -2)) < 1e-6, "\(box) hours")
        #expect((there["up_hours"] as? Double ?? 0) > 0, "the station saw \(box) online")
        totalAirings += there["airings"] as? Int ?? 0
      }
      let total = try #require(area["total"] as? [String: Any])
      #expect(total["airings"] as? Int == totalAirings)
      #expect(((area["hamlets"] as? [[String: Any]]) ?? []).map { $0["hamlet"] as? String } == ["ap-3", "ap-5"])
      // The text and CSV forms, one hamlet, and a target the station does not know.
      let text = try station.cli(["report", "airtime", "--for", "ap-5", "--station-url", station.url] + period)
      #expect(text.status == 0 && text.stdout.contains("loa-02") && !text.stdout.contains("loa-01"), "\(text.stdout)")
      let csv = try station.cli(["report", "airtime", "--for", "xa", "--csv", "--station-url", station.url] + period)
      // (The test's reader drops the BOM the CLI writes first.)
      #expect(csv.stdout.hasPrefix("Thôn/ấp,Cụm loa,Số buổi phát"), "\(csv.stdout.prefix(80))")
      #expect(csv.stdout.split(whereSeparator: \.isNewline).count == 1 + 2 + 2, "\(csv.stdout)")
      // The printed page: the area's heading, the figures, a table by hamlet and one by box.
      let page = station.dir.file("bao-cao-xa.html")
      let printed = try station.cli(
        ["report", "airtime", "--for", "xa", "--html", page, "--station-url", station.url] + period)
      #expect(printed.status == 0, "\(printed.stderr)")
      let html = (try? String(contentsOfFile: page, encoding: .utf8)) ?? ""
      for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "toàn xã · 2 cụm loa", "Theo thôn/ấp", "Theo cụm loa", "<td>loa-01</td>",
        "<td>loa-02</td>", "<td>ap-5</td>", "NGƯỜI LẬP BIỂU",
      ] {
        #expect(html.contains(needle), "\(needle)")
      }
      let bad = try station.cli(["report", "airtime", "--for", "thon-9", "--station-url", station.url] + period)
      #expect(bad.status != 0 && bad.stderr.contains("unknown_target"), "\(bad.stderr)")
    }
  }
}

extension StationSuites {
  /// Enrolment: the station issues the box's id and config; the installer types a code on the box.
  @Suite(.serialized, .ownThread) struct StationEnrolTests {
    @Test func anEnrolledBoxIsExpectedBeforeItSpeaksAndItsConfigWorks() throws {
      let mqtt = try MosquittoRig()
      let box = Box()
      let key = box.dir.file("xa.key")
      _ = try runCommand(loaBinary(), ["uplink", "keygen", "--out", key])
      let station = try StationProcess(brokerPort: mqtt.port, kid: "xa-26734", keyFile: key)
      var r = try station.stationCLI(["enroll", "--hamlet", "ap-7", "--name", "Cụm loa chợ"])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.contains("Cụm loa / box: ap-7-01"), "\(r.stdout)")
      let codeLine = r.stdout.split(separator: "\n").first { $0.hasPrefix("Mã đăng ký") }
      let code = String(try #require(codeLine?.split(separator: " ").dropFirst(5).first))
      // Known before it ever spoke: the fleet lists it, a delivery expects it.
      let listed = station.box("ap-7-01")
      #expect(
        listed?["state"] as? String == "unknown" && listed?["name"] as? String == "Cụm loa chợ", "\(listed ?? [:])")
      // On the box: the code, once.
      let out = box.dir.file("enrolled.toml")
      r = try station.cli(["enroll", code, "--out", out])
      #expect(r.status == 0, "\(r.stderr)")
      let text = try String(contentsOfFile: out, encoding: .utf8)
      #expect(text.contains("box = \"ap-7-01\"") && text.contains("id = \"xa-26734\""), "\(text)")
      let mode = (try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? NSNumber)?.intValue
      #expect(mode == 0o600)
      r = try station.cli(["enroll", code, "--out", box.dir.file("again.toml")])
      #expect(r.status != 0 && r.stderr.contains("code_used"), "\(r.stderr)")
      r = try station.cli(["enroll", code, "--out", out])
      #expect(r.status != 0 && r.stderr.contains("already exists"), "\(r.stderr)")
      // The box with that config (plus the test's audio): the station's bulletin reaches it.
      let d = try DaemonProcess(
        stateDir: box.state, device: box.captureDevice,
        extraArgs: ["--config", box.config(text)])
      #expect(eventually(timeout: 20) { station.box("ap-7-01")?["state"] as? String == "online" })
      r = try station.cli(["say", "--to", "ap-7-01", "--wait", "--wait-timeout", "30", "Chào bà con ấp 7."])
      #expect(r.status == 0 && r.stdout.contains("ĐÃ PHÁT 1"), "\(r.stdout)\(r.stderr)")
      #expect(try asRun(d).contains { $0["operator"] as? String == "uplink:xa-26734" })
      // Bad input.
      for (args, expected) in [
        (["loa-station", "enroll", "--hamlet", "ấp 7"], "must be 1–64 letters"),
        (["loa-station", "enroll", "--hamlet", "ap-7", "--box", "ap-7-01"], "already in use"),
        (["loa", "enroll", "ABC", "--out", box.dir.file("x.toml")], "8 letters and digits"),
        (["loa", "enroll", "ZZZZZZZZ", "--out", box.dir.file("x.toml")], "unknown_code"),
      ] {
        let x =
          try args[0] == "loa" ? station.cli(Array(args.dropFirst())) : station.stationCLI(Array(args.dropFirst()))
        #expect(x.status != 0 && x.stderr.contains(expected), "\(args): \(x.stderr)")
      }
    }
  }
}

extension StationSuites {
  /// Enrolment on a locked broker: TLS with the commune's own CA, no anonymous client, an account
  /// per box (deploy/mosquitto/loa.acl: a box writes only its own topics).
  @Suite(.serialized, .ownThread) struct StationBrokerAccountTests {
    @Test func anEnrolledBoxLogsInWithItsOwnAccountAndSpeaksOnlyForItself() throws {
      let work = TempDir("loa-broker-auth")
      let passwd = work.file("passwd")
      let tool = which("mosquitto_passwd") ?? "/usr/bin/mosquitto_passwd"
      // The station's own account, as the installer makes it.
      var r = try runCommand(tool, ["-c", "-b", passwd, "loa-station", "station-secret"])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(chmod(passwd, 0o640) == 0)
      let acl = FileManager.default.currentDirectoryPath + "/deploy/mosquitto/loa.acl"
      let mqtt = try MosquittoRig(tls: true, passwordFile: passwd, aclFile: acl)
      let pid = try #require(mqtt.pid)
      let box = Box()
      let key = box.dir.file("xa.key")
      _ = try runCommand(loaBinary(), ["uplink", "keygen", "--out", key])
      let station = try StationProcess(
        brokerPort: mqtt.port, kid: "xa-26734", keyFile: key,
        broker: "username = \"loa-station\"\npassword = \"station-secret\"\nca_file = \"\(mqtt.caFile)\"\n",
        extra: """
          [enroll]
          ca_file = "\(mqtt.caFile)"
          password_file = "\(passwd)"
          reload_command = ["kill", "-HUP", "\(pid)"]
          """,
        brokerURL: mqtt.url)

      r = try station.stationCLI(["enroll", "--hamlet", "ap-7"])
      #expect(r.status == 0, "\(r.stderr)")
      let codeLine = r.stdout.split(separator: "\n").first { $0.hasPrefix("Mã đăng ký") }
      let code = String(try #require(codeLine?.split(separator: " ").dropFirst(5).first))
      let user = "79/26734/ap-7/ap-7-01"
      // The account is in the broker's file, hashed, and the file kept its mode.
      let file = try String(contentsOfFile: passwd, encoding: .utf8)
      #expect(file.contains("\(user):$7$") && file.contains("loa-station:$"), "\(file)")
      let mode = (try FileManager.default.attributesOfItem(atPath: passwd)[.posixPermissions] as? NSNumber)?.intValue
      #expect(mode == 0o640)

      let out = box.dir.file("enrolled.toml")
      r = try station.cli(["enroll", code, "--out", out])
      #expect(r.status == 0 && r.stdout.contains("broker-ca.crt"), "\(r.stdout)\(r.stderr)")
      let text = try String(contentsOfFile: out, encoding: .utf8)
      #expect(text.contains("username = \"\(user)\"") && text.contains("ca_file = \"broker-ca.crt\""), "\(text)")
      #expect(text.contains("broker = \"mqtts://127.0.0.1:\(mqtt.port)\""), "\(text)")
      let password = try #require(
        text.split(separator: "\n").first { $0.hasPrefix("password = ") }.map {
          String($0.dropFirst("password = \"".count).dropLast())
        })
      #expect(password.count == 24 && !file.contains(password))
      #expect(
        try String(contentsOfFile: box.dir.file("broker-ca.crt"), encoding: .utf8)
          == String(contentsOfFile: mqtt.caFile, encoding: .utf8))

      // The box with that config beside its CA: online, it airs the station's bulletin, its as-run
      // rows reach the station.
      let d = try DaemonProcess(
        stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config(text)])
      #expect(eventually(timeout: 20) { station.box("ap-7-01")?["state"] as? String == "online" }, "\(d.log)")
      r = try station.cli(["say", "--to", "ap-7-01", "--wait", "--wait-timeout", "30", "Chào bà con ấp 7."])
      #expect(r.status == 0 && r.stdout.contains("ĐÃ PHÁT 1"), "\(r.stdout)\(r.stderr)")
      #expect(eventually(timeout: 20) { !station.rows("ap-7-01").isEmpty })

      // A wrong password is refused at the door.
      let pub = which("mosquitto_pub") ?? "/usr/bin/mosquitto_pub"
      func publish(_ u: String, _ p: String, _ topic: String, _ message: String) throws -> Int32 {
        try runCommand(
          pub,
          [
            "-h", "127.0.0.1", "-p", String(mqtt.port), "--cafile", mqtt.caFile, "-u", u, "-P", p, "-q", "1", "-t",
            topic, "-m", message,
          ]
        ).status
      }
      #expect(try publish(user, "wrong-password", "loa/v1/79/26734/ap-7/ap-7-01/ack", "x") != 0)
      // With its own account the box cannot speak for another box nor send a bulletin: a listener
      // with the station's account sees the marker published after them, and not them.
      let seen = work.file("seen.txt")
      _ = FileManager.default.createFile(atPath: seen, contents: nil)
      let sub = try Spawned(
        which("mosquitto_sub") ?? "/usr/bin/mosquitto_sub",
        [
          "-h", "127.0.0.1", "-p", String(mqtt.port), "--cafile", mqtt.caFile, "-u", "loa-station", "-P",
          "station-secret", "-q", "1", "-v", "-t", "loa/v1/79/26734/#",
        ], stdout: seen, stderr: seen + ".err")
      defer { sub.signal(SIGKILL) }
      let marker = "loa/v1/79/26734/ap-7/ap-7-01/marker"
      #expect(
        eventually(timeout: 10) {
          (try? publish("loa-station", "station-secret", marker, "ready")) == 0
            && ((try? String(contentsOfFile: seen, encoding: .utf8)) ?? "").contains("\(marker) ready")
        })
      #expect(try publish(user, password, "loa/v1/79/26734/ap-7/ap-7-99/status", "forged-status") == 0)
      #expect(try publish(user, password, "loa/v1/79/26734/in", "forged-bulletin") == 0)
      #expect(try publish("loa-station", "station-secret", marker, "after") == 0)
      #expect(
        eventually(timeout: 10) {
          ((try? String(contentsOfFile: seen, encoding: .utf8)) ?? "").contains("\(marker) after")
        })
      let heard = (try? String(contentsOfFile: seen, encoding: .utf8)) ?? ""
      #expect(!heard.contains("forged"), "\(heard)")
      #expect(station.box("ap-7-99") == nil)
    }
  }
}

extension StationSuites {
  /// The web console, in a real headless Chromium.
  @Suite(.serialized, .ownThread) struct StationConsoleTests {
    @Test func theConsoleShowsTheFleetAndABoxGoingOfflineLive() throws {
      let rig = try CommuneRig()
      let (a, station, da, db) = (rig.a, rig.station, rig.da, rig.db)
      #expect(try da.cli(["say", "--wait", "Thông báo lịch tiêm phòng."]).status == 0)
      let chromium = try #require(which("chromium") ?? which("chromium-browser"), "scripts/install-deps.sh installs it")
      // The browser signs in once with a token (a cookie keeps it) and lands on the overview.
      let login = station.url + "/login?token=" + (station.token ?? "")
      // The overview as printed by Chromium (fonts, Vietnamese, the counts), read back from the PDF.
      let pdf = a.box.dir.file("console.pdf")
      var r = try runCommand(
        chromium,
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--print-to-pdf=\(pdf)", login],
        timeout: 120)
      #expect(r.status == 0, "\(r.stderr)")
      let text = try runCommand("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout
      #expect(text.contains("tổng số cụm loa") && text.contains("đang kết nối"), "\(text)")
      #expect(text.contains("loa-01") && text.contains("loa-02") && text.contains("ap-5"), "\(text)")
      #expect(!text.contains("Đang lọc"), "no filter given: \(text)")
      // A hamlet's filter.
      let filtered = String(
        decoding: try httpRequest(station.url + "/?hamlet=ap-5", bearer: station.token).1, as: UTF8.self)
      #expect(filtered.contains("Đang lọc: ap-5") && filtered.contains("loa-02") && !filtered.contains("/box/loa-01"))
      // Live: the page is open; box 2 loses power; the count changes without a reload.
      let log = a.box.dir.file("watch.txt")
      let watch = try Spawned(
        "/usr/bin/python3", ["scripts/console-watch.py", login, "online", "2", "1", "60"], stdout: log,
        stderr: log + ".err")
      func seen() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
      #expect(eventually(timeout: 40) { seen().contains("ready") }, "\(seen())")
      db.killHard()
      #expect(
        watch.wait(timeout: 60) == 0, "\(seen()) station: \(station.log.suffix(3000))")
      #expect(seen().contains("changed"))
      // The other pages.
      let (s1, box) = try httpRequest(station.url + "/box/loa-01", bearer: station.token)
      let boxPage = String(decoding: box, as: UTF8.self)
      #expect(
        s1 == 200 && boxPage.contains("Cụm loa loa-01") && boxPage.contains("Thông báo lịch tiêm phòng"), "\(boxPage)")
      let (s2, missing) = try httpRequest(station.url + "/box/khong-co", bearer: station.token)
      #expect(s2 == 404 && String(decoding: missing, as: UTF8.self).contains("Không có cụm loa"))
      let (s3, report) = try httpRequest(station.url + "/report", bearer: station.token)
      #expect(s3 == 200 && String(decoding: report, as: UTF8.self).contains("Báo cáo tháng"))
      let (s4, _) = try httpRequest(station.url + "/report?month=2026-13", bearer: station.token)
      #expect(s4 == 422)
      r = try station.cli(["say", "--to", "ap-3", "--wait", "--wait-timeout", "30", "Chào bà con."])
      let id = r.stdout.split(separator: "\n").first.map(String.init) ?? "-"
      let (s5, delivery) = try httpRequest(station.url + "/delivery/\(id)", bearer: station.token)
      let page = String(decoding: delivery, as: UTF8.self)
      #expect(s5 == 200 && page.contains("loa-01") && page.contains("ĐÃ PHÁT"), "\(page)")
    }
  }
}

extension StationSuites {
  /// Who may use the station: a token for everything but what the station is and an enrolment code.
  @Suite(.serialized, .ownThread) struct StationAuthTests {
    @Test func tokensAndRolesGuardTheAPIAndTheConsole() throws {
      let mqtt = try MosquittoRig()
      let box = Box()
      let key = box.dir.file("xa.key")
      _ = try runCommand(loaBinary(), ["uplink", "keygen", "--out", key])
      let station = try StationProcess(brokerPort: mqtt.port, kid: "xa-26734", keyFile: key)
      func status(_ path: String, _ token: String?, method: String = "GET", body: String? = nil) throws -> Int {
        try httpRequest(station.url + path, method: method, body: body.map { Data($0.utf8) }, bearer: token).0
      }
      let send = #"{"to":"xa","job":{"text":"Thử."}}"#
      #expect(try status("/v1/station", nil) == 200, "what it is: open")
      #expect(try status("/v1/fleet", nil) == 401)
      #expect(try status("/", nil) == 401)
      #expect(try status("/v1/fleet", "khong-dung") == 401)
      #expect(try status("/v1/send", nil, method: "POST", body: send) == 401)
      // Tokens made on the station's machine.
      var r = try runCommand(
        stationBinary(), ["token", "add", "xem", "--role", "viewer", "--config", station.config])
      #expect(r.status == 0, "\(r.stderr)")
      let viewer = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(viewer.count == 64)
      #expect(try status("/v1/fleet", viewer) == 200)
      #expect(try status("/", viewer) == 200)
      #expect(try status("/v1/send", viewer, method: "POST", body: send) == 403, "a viewer does not send")
      r = try runCommand(
        stationBinary(), ["token", "add", "can-bo", "--role", "officer", "--config", station.config])
      let officer = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(try status("/v1/send", officer, method: "POST", body: #"{"to":"khong-co","job":{"text":"Thử."}}"#) == 404)
      r = try runCommand(stationBinary(), ["token", "list", "--config", station.config])
      #expect(r.stdout.contains("xem") && r.stdout.contains("can-bo") && !r.stdout.contains(viewer), "\(r.stdout)")
      r = try runCommand(stationBinary(), ["token", "remove", "xem", "--config", station.config])
      #expect(r.status == 0)
      #expect(try status("/v1/fleet", viewer) == 401, "removed")
      // The CLI without a token names the need.
      r = try runCommand(
        loaBinary(), ["fleet", "--station", station.url], environment: ["LOA_STATION_STATE_DIR": "/nonexistent"])
      #expect(r.status != 0 && r.stderr.contains("unauthorized"), "\(r.stderr)")
      // Bad input on the token command.
      r = try runCommand(stationBinary(), ["token", "add", "x", "--role", "admin", "--config", station.config])
      #expect(r.status != 0 && r.stderr.contains("viewer or officer"))
      r = try runCommand(stationBinary(), ["token", "add", "can-bo", "--config", station.config])
      #expect(r.status != 0 && r.stderr.contains("exists"))
    }
  }
}

extension StationSuites {
  /// A schedule sent through the station: each box checks it as a local apply would.
  @Suite(.serialized, .ownThread) struct StationScheduleTests {
    @Test func aScheduleRefusedByOneBoxIsReportedWithItsErrorsWhileTheOthersInstallIt() throws {
      let rig = try CommuneRig(extraA: "[content]\nlanguages = [\"vi\", \"hmn\"]\n")
      let (a, station, db) = (rig.a, rig.station, rig.db)
      // The example schedule, its morning bulletin in Hmong: box 1 airs Hmong, box 2 does not.
      let dir = a.box.dir.file("lich")
      try FileManager.default.createDirectory(atPath: dir + "/ban-tin", withIntermediateDirectories: true)
      for f in ["ban-tin/sang.txt", "ban-tin/chieu.txt"] {
        try FileManager.default.copyItem(atPath: "Schedules/" + f, toPath: dir + "/" + f)
      }
      let example = try String(contentsOfFile: "Schedules/xa-mau.toml", encoding: .utf8)
      let hmong = example.replacingOccurrences(
        of: "text_file = \"ban-tin/sang.txt\"\n", with: "text_file = \"ban-tin/sang.txt\"\n  language = \"hmn\"\n")
      #expect(hmong != example)
      try hmong.write(toFile: dir + "/lich-hmong.toml", atomically: true, encoding: .utf8)
      try example.write(toFile: dir + "/lich.toml", atomically: true, encoding: .utf8)
      var r = try station.cli(["schedule", "apply", dir + "/lich-hmong.toml", "--to", "xa"])
      #expect(r.status == 4, "\(r.stdout)\(r.stderr)")
      #expect(r.stdout.contains("đã thực hiện 1") && r.stdout.contains("TỪ CHỐI 1"), "\(r.stdout)")
      #expect(
        r.stdout.contains("loa-02") && r.stdout.contains("schedule_invalid") && r.stdout.contains("hmn"), "\(r.stdout)")
      #expect(r.stdout.contains("schedule version"), "box 1 says which version it runs: \(r.stdout)")
      #expect(eventually(timeout: 10) { station.box("loa-01")?["schedule_version"] as? Int != nil })
      #expect(station.box("loa-02")?["schedule_version"] as? Int == nil, "box 2 kept what it ran (nothing)")
      #expect((try db.json("GET", "/v1/schedule").1["version"] as? Int) == nil)
      // The plain example: both install it.
      r = try station.cli(["schedule", "apply", dir + "/lich.toml", "--to", "xa"])
      #expect(r.status == 0 && r.stdout.contains("đã thực hiện 2"), "\(r.stdout)\(r.stderr)")
      #expect(eventually(timeout: 10) { station.box("loa-02")?["schedule_version"] as? Int != nil })
      // Audio at an address the boxes may not fetch from (loopback; these boxes do not allow
      // local URLs): refused by each box before any download, and both keep what they run.
      let versions = ["loa-01", "loa-02"].map { station.box($0)?["schedule_version"] as? Int }
      let local = try JSONSerialization.data(withJSONObject: [
        "to": "xa",
        "schedule": example
          + "\n[[program]]\nid = \"nhac\"\n  [[program.item]]\n  type = \"file\"\n  path = \"nhac.wav\"\n",
        "media": ["nhac.wav": ["url": "http://127.0.0.1:9/nhac.wav", "sha256": String(repeating: "a", count: 64)]],
      ])
      let (status, body) = try httpRequest(station.url + "/v1/send", method: "POST", body: local, bearer: station.token)
      #expect(status == 201, "\(String(decoding: body, as: UTF8.self))")
      let id = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["id"] as? String)
      r = try station.cli(["delivery", id, "--wait", "20"])
      #expect(
        r.stdout.contains("TỪ CHỐI 2") && r.stdout.components(separatedBy: "— local_url: ").count == 3,
        "\(r.stdout)\(r.stderr)")
      #expect(["loa-01", "loa-02"].map { station.box($0)?["schedule_version"] as? Int } == versions)
    }
  }
}

extension StationSuites {
  /// A file from the officer's PC, through the station to every box.
  @Suite(.serialized, .ownThread) struct StationMediaTests {
    @Test func aFileFromTheOfficersPCAirsOnEveryBoxChecksummed() throws {
      // The station is on this machine's loopback in the test; a box refuses loopback URLs unless told.
      let rig = try CommuneRig(extraA: "allow_local_urls = true\n", extraB: "allow_local_urls = true\n")
      let (a, station, da, db) = (rig.a, rig.station, rig.da, rig.db)
      let tone = a.box.dir.file("thong-bao.wav")
      try makeToneWAV(tone, parts: [(660, 1.5, 0.5)])
      var r = try station.cli(["play", "--to", "xa", tone, "--wait", "--wait-timeout", "40"])
      #expect(r.status == 0 && r.stdout.contains("ĐÃ PHÁT 2"), "\(r.stdout)\(r.stderr)")
      for d in [da, db] {
        let row = try #require(try asRun(d).first { $0["kind"] as? String == "file" })
        #expect(row["title"] as? String == "thong-bao.wav" && row["outcome"] as? String == "completed", "\(row)")
        #expect(abs((row["duration_s"] as? Double ?? 0) - 1.5) < 0.1, "\(row)")
      }
      try aScheduleCarriesItsAudioFiles(rig)
      // Not audio: refused at the station, before anything is sent.
      let notAudio = a.box.dir.file("ghi-chu.wav")
      try Data("<html>không phải âm thanh</html>".utf8).write(to: URL(fileURLWithPath: notAudio))
      r = try station.cli(["play", "--to", "xa", notAudio])
      #expect(r.status != 0 && r.stderr.contains("neither WAV nor MP3"), "\(r.stderr)")
      // The files are served by name only.
      #expect(try httpRequest(station.url + "/media/khong-co.mp3").0 == 404)
      #expect(try httpRequest(station.url + "/media/../station.sqlite", bearer: station.token).0 == 404)
      #expect(try httpRequest(station.url + "/media/%2E%2E%2Fstation.sqlite").0 == 404)
    }
  }
}

extension StationSuites.StationMediaTests {
  /// A schedule that plays an audio file of the officer's PC: the CLI sends the file to the
  /// station, the boxes download it, check its SHA-256 and install the schedule as a local apply
  /// would (the scheduler keeps its own copy, named by the content's hash). A wrong hash is
  /// refused by every box, naming the file, and the running schedule stays.
  func aScheduleCarriesItsAudioFiles(_ rig: CommuneRig) throws {
    let (a, b, station) = (rig.a, rig.b, rig.station)
    let dir = a.box.dir.file("lich-nhac")
    try FileManager.default.createDirectory(atPath: dir + "/am-thanh", withIntermediateDirectories: true)
    let schedule = """
      [[program]]
      id = "nhac"
      title = "Nhạc buổi sáng"
        [[program.item]]
        type = "file"
        path = "am-thanh/nhac.wav"

      [[slot]]
      program = "nhac"
      at = "05:30"
      days = "daily"
      """
    try schedule.write(toFile: dir + "/lich.toml", atomically: true, encoding: .utf8)
    try makeToneWAV(dir + "/am-thanh/nhac.wav", parts: [(440, 1, 0.5)])
    let sha = dataSHA256(try Data(contentsOf: URL(fileURLWithPath: dir + "/am-thanh/nhac.wav")))
    var r = try station.cli(["schedule", "apply", dir + "/lich.toml", "--to", "xa"])
    #expect(r.status == 0 && r.stdout.contains("đã thực hiện 2"), "\(r.stdout)\(r.stderr)")
    for u in [a, b] {
      let copies = FileManager.default.enumerator(atPath: u.box.dir.path)?.compactMap { $0 as? String }
        .filter { $0.hasSuffix("schedule-\(sha.prefix(16)).wav") }
      #expect(copies?.count == 1, "the box keeps the file it checked: \(copies ?? [])")
    }
    let version = station.box("loa-01")?["schedule_version"] as? Int
    // The same schedule with a hash the file does not have.
    let bad = try JSONSerialization.data(withJSONObject: [
      "to": "xa", "schedule": schedule,
      "media": [
        "am-thanh/nhac.wav": ["url": station.url + "/media/\(sha).wav", "sha256": String(repeating: "0", count: 64)]
      ],
    ])
    let (status, body) = try httpRequest(station.url + "/v1/send", method: "POST", body: bad, bearer: station.token)
    #expect(status == 200 || status == 201, "\(String(decoding: body, as: UTF8.self))")
    let id = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["id"] as? String)
    r = try station.cli(["delivery", id, "--wait", "20"])
    #expect(r.stdout.contains("TỪ CHỐI 2") && r.stdout.contains("am-thanh/nhac.wav"), "\(r.stdout)\(r.stderr)")
    #expect(station.box("loa-01")?["schedule_version"] as? Int == version, "the running schedule stays")
    // Bad input at the station: a path out of the folder, a missing hash.
    for (media, says) in [
      (["../nhac.wav": ["url": station.url + "/media/\(sha).wav", "sha256": sha]], "relative path"),
      (["nhac.wav": ["url": station.url + "/media/\(sha).wav", "sha256": "abc"]], "SHA-256"),
      (["nhac.wav": ["url": "file:///etc/passwd", "sha256": sha]], "http(s) URL"),
    ] {
      let body = try JSONSerialization.data(withJSONObject: ["to": "xa", "schedule": schedule, "media": media])
      let (status, answer) = try httpRequest(
        station.url + "/v1/send", method: "POST", body: body, bearer: station.token)
      #expect(status >= 400 && String(decoding: answer, as: UTF8.self).contains(says), "\(status) \(says)")
    }
  }
}

extension StationSuites {
  /// The province's normal bulletins, approved once at the station for every box that holds them.
  @Suite(.serialized, .ownThread) struct StationInboxTests {
    @Test func aProvinceBulletinIsApprovedOnceForTheWholeCommune() throws {
      // The station knows the province's key (as it gives it to the boxes it enrols).
      let rig = try CommuneRig(stationExtra: { a in
        "[[enroll.key]]\nid = \"tinh-79\"\npublic_key = \"\(a.provincePub)\"\nrole = \"province\"\nscope = \"79\"\n"
      })
      let (a, station, da, db) = (rig.a, rig.station, rig.da, rig.db)
      let id = UUID().uuidString.lowercased()
      let sent = try a.publish([
        "--id", id, "--class", "normal", "--title", "Lịch tiêm chủng tháng 12", "--text",
        "Trạm y tế thông báo lịch tiêm chủng.",
        "--wait-ack", "3",
      ])
      #expect(
        jsonLines(sent.stdout).filter { $0["outcome"] as? String == "queued_for_approval" }.count == 2, "\(sent.stdout)"
      )
      var r = try station.cli(["inbox", "list", "--to", "xa"])
      #expect(r.stdout.contains("Lịch tiêm chủng tháng 12") && r.stdout.contains("2 cụm loa"), "\(r.stdout)\(r.stderr)")
      #expect(!r.stdout.contains("CHƯA XÁC MINH"), "the province's signature was checked: \(r.stdout)")
      r = try station.cli(["inbox", "approve", String(id.prefix(8)), "--to", "xa"])
      #expect(r.status == 0 && r.stdout.contains("đã thực hiện 2"), "\(r.stdout)\(r.stderr)")
      for d in [da, db] {
        #expect(
          eventually(timeout: 30) {
            ((try? asRun(d)) ?? []).contains {
              $0["job_id"] as? String == id && $0["outcome"] as? String == "completed"
            }
          })
      }
      r = try station.cli(["inbox", "list", "--to", "xa"])
      #expect(r.stdout.contains("Hộp chờ trống"), "\(r.stdout)")
      r = try station.cli(["inbox", "approve", String(id.prefix(8)), "--to", "xa"])
      #expect(r.status != 0 && r.stderr.contains("không có trong hộp chờ"), "\(r.stderr)")

      // Approved for a time: each box holds it until then.
      let later = UUID().uuidString.lowercased()
      _ = try a.publish([
        "--id", later, "--class", "normal", "--title", "Họp dân", "--text", "Mời bà con họp dân.", "--wait-ack", "3",
      ])
      #expect(
        eventually(timeout: 10) {
          ((try? station.cli(["inbox", "list", "--to", "xa"]))?.stdout ?? "").contains("Họp dân")
        })
      let approvedAt = Date()
      r = try station.cli(["inbox", "approve", String(later.prefix(8)), "--to", "xa", "--at", "+6s"])
      #expect(r.status == 0 && r.stdout.contains("đã thực hiện 2"), "\(r.stdout)\(r.stderr)")
      for d in [da, db] {
        #expect(
          eventually(timeout: 30) {
            ((try? asRun(d)) ?? []).contains {
              $0["job_id"] as? String == later && $0["outcome"] as? String == "completed"
            }
          })
        let row = try #require(
          try asRun(d).first { $0["job_id"] as? String == later && $0["kind"] as? String != "chime" })
        let started = LocalTime.parseISO(row["started_at"] as? String ?? "") ?? .distantPast
        #expect(started.timeIntervalSince(approvedAt) >= 5, "\(row)")
      }
      r = try station.cli(["inbox", "approve", String(later.prefix(8)), "--to", "xa", "--program", "tin-sang"])
      #expect(r.status != 0 && r.stderr.contains("--program is for one box"), "\(r.stderr)")
    }
  }
}

extension StationSuites {
  /// What a box does with a bad `schedule` or `approve` from a trusted station key: refuses it
  /// by name, and keeps what it had.
  @Suite(.serialized, .ownThread) struct StationBadMessageTests {
    @Test func aBadScheduleOrApprovalIsRefusedByNameAndChangesNothing() throws {
      let mqtt = try MosquittoRig()
      let u = try UplinkBox(mqtt: mqtt)
      let d = try u.start()
      let acks = try mqtt.listen("loa/v1/79/26734/ap-3/loa-01/ack", clientId: "watch-ack")
      let commune = try u.signer("xa-26734", key: u.communeKey)
      let good = try String(contentsOfFile: "Schedules/xa-mau.toml", encoding: .utf8)
      func message(_ edit: (inout UplinkMessage) -> Void) throws -> Data {
        var m = UplinkMessage(
          type: .schedule, issuer: "test",
          target: Target(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01"))
        edit(&m)
        return try commune.envelope(m)
      }
      let cases: [(String, String, Data)] = [
        ("bad_message", "needs 'schedule'", try message { _ in }),
        (
          "schedule_invalid", "not a relative path",
          try message {
            $0.schedule = good
            $0.texts = ["../../etc/loa-thu.txt": "x", "ban-tin/sang.txt": "x", "ban-tin/chieu.txt": "x"]
          }
        ),
        ("schedule_invalid", "ban-tin/sang.txt", try message { $0.schedule = good }),
        (
          "bad_message", "needs 'refers_to'",
          try message {
            $0.type = .command
            $0.command = .approve
          }
        ),
        (
          "job_not_found", "inbox",
          try message {
            $0.type = .command
            $0.command = .approve
            $0.refersTo = UUID().uuidString.lowercased()
          }
        ),
      ]
      for (_, _, payload) in cases { try mqtt.publish("loa/v1/79/26734/ap-3/loa-01/in", payload) }
      #expect(eventually(timeout: 20) { acks.objects.count >= cases.count }, "\(acks.lines)")
      for (i, (reason, detail, _)) in cases.enumerated() where i < acks.objects.count {
        let a = acks.objects[i]
        #expect(a["outcome"] as? String == "rejected" && a["reason"] as? String == reason, "\(i): \(a)")
        #expect((a["detail"] as? String ?? "").contains(detail), "\(i): \(a)")
      }
      // Nothing was installed, nothing written outside the state folder, and the box still takes a good one.
      #expect((try d.json("GET", "/v1/schedule").1["version"] as? Int) == nil)
      #expect(!FileManager.default.fileExists(atPath: "/etc/loa-thu.txt"))
      let texts = [
        "ban-tin/sang.txt": try String(contentsOfFile: "Schedules/ban-tin/sang.txt", encoding: .utf8),
        "ban-tin/chieu.txt": try String(contentsOfFile: "Schedules/ban-tin/chieu.txt", encoding: .utf8),
      ]
      try mqtt.publish(
        "loa/v1/79/26734/ap-3/loa-01/in",
        try message {
          $0.schedule = good
          $0.texts = texts
        })
      #expect(eventually(timeout: 20) { (try? d.json("GET", "/v1/schedule").1["version"] as? Int) != nil })
    }
  }
}

extension StationSuites {
  /// A province's scale: two station processes on one PostgreSQL database, splitting the boxes'
  /// messages between them through an MQTT shared subscription.
  @Suite(.serialized, .ownThread) struct SharedStationTests {
    @Test func twoStationsOnOnePostgreSQLShareTheBoxesAndLoseNothing() throws {
      let database = try PostgresRig.shared.get().database()
      let mqtt = try MosquittoRig()
      let a = try UplinkBox(mqtt: mqtt, extra: "asrun_resend_seconds = 1\n")
      let b = try UplinkBox(mqtt: mqtt, extra: "asrun_resend_seconds = 1\n", id: "loa-02", hamlet: "ap-5", keysOf: a)
      func station() throws -> StationProcess {
        try StationProcess(
          brokerPort: mqtt.port, kid: "xa-26734", keyFile: a.communeKey, stationKeys: "database = \"\(database)\"",
          broker: "share = \"tram-26734\"")
      }
      let one = try station()
      let two = try station()
      let da = try a.start()
      let db = try b.start()
      #expect(
        eventually(timeout: 20) { ["loa-01", "loa-02"].allSatisfy { two.box($0)?["state"] as? String == "online" } },
        "\(one.log.suffix(1500))")
      for i in 1...6 {
        #expect(try da.cli(["say", "--wait", "Bản tin số \(i) của cụm một."]).status == 0)
        #expect(try db.cli(["say", "--wait", "Bản tin số \(i) của cụm hai."]).status == 0)
      }
      let made = ["loa-01": try asRun(da).count, "loa-02": try asRun(db).count]
      // Every row once, whichever station stored it, read from either.
      #expect(
        eventually(timeout: 20) { made.allSatisfy { one.rows($0.key).count == $0.value } },
        "\(made) vs \(one.rows("loa-01").count), \(one.rows("loa-02").count)")
      for (box, count) in made {
        let ids = two.rows(box).compactMap { $0["id"] as? Int }
        #expect(ids == Array(1...count), "\(box): \(ids)")
      }
      // Both took part, and each box's upload cursor moved past every row (receipts came back).
      let infos = try [one, two].map { try $0.json("/v1/station").1 }
      #expect(infos.allSatisfy { $0["database"] as? String == "postgres" && $0["share"] as? String == "tram-26734" })
      let stored = infos.map { (($0["ingest"] as? [String: Any])?["messages"] as? Int) ?? 0 }
      #expect(stored.allSatisfy { $0 > 0 }, "each station stored some of the messages: \(stored)")
      for d in [da, db] {
        #expect(
          eventually(timeout: 10) {
            ((try? d.json("GET", "/v1/status"))?.1["uplink"] as? [String: Any])?["asrun_waiting"] as? Int == 0
          })
      }
      // A bulletin sent through one station: its delivery is known at the other.
      let r = try one.cli(["say", "--to", "xa", "Mời bà con đi họp.", "--json"])
      #expect(r.status == 0, "\(r.stderr)")
      let id = try #require(jsonLines(r.stdout).last?["id"] as? String)
      #expect(
        eventually(timeout: 20) {
          let boxes = (try? two.json("/v1/deliveries/\(id)"))?.1["boxes"] as? [[String: Any]] ?? []
          return boxes.count == 2 && boxes.allSatisfy { $0["state"] as? String == "aired" }
        }, "\(String(describing: try? two.json("/v1/deliveries/\(id)")))")
      // The report across boxes, from either station.
      let report = try two.cli(["report", "airtime", "--for", "xa", "--json", "--month", monthName()])
      #expect(report.status == 0, "\(report.stderr)")
      let total = (jsonLines(report.stdout).first?["total"] as? [String: Any])?["airings"] as? Int ?? 0
      #expect(total >= 13, "12 bulletins and the one sent through the station: \(total)")
    }

    func monthName() -> String {
      var cal = Calendar(identifier: .gregorian)
      cal.timeZone = LocalTime.zone
      let c = cal.dateComponents([.year, .month], from: Date())
      return String(format: "%04d-%02d", c.year!, c.month!)
    }
  }
}
