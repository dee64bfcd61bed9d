import Foundation
import LoaCore
import LoaTesting
import Testing

/// A commune station with Icecast for live broadcasts, two boxes playing in real time.
final class LiveRig: @unchecked Sendable {
  let mqtt: MosquittoRig
  let ice: IcecastRig
  let pulse: PulseRig
  let a: UplinkBox
  let b: UplinkBox
  let station: StationProcess
  let da: DaemonProcess
  let db: DaemonProcess
  let dir = TempDir("loa-live")
  /// Where the last `goLive` writes (its first line on stdout is the session's id).
  private(set) var lastLog = ""

  /// `province`: the station is the province's (its key may send emergencies), not the commune's.
  init(province: Bool = false) throws {
    mqtt = try MosquittoRig()
    ice = try IcecastRig()
    pulse = try PulseRig()
    a = try UplinkBox(mqtt: mqtt, extra: "allow_local_urls = true\n")
    b = try UplinkBox(mqtt: mqtt, extra: "allow_local_urls = true\n", id: "loa-02", hamlet: "ap-5", keysOf: a)
    station = try StationProcess(
      brokerPort: mqtt.port, kid: province ? "tinh-79" : "xa-26734", keyFile: province ? a.provinceKey : a.communeKey,
      commune: province ? nil : "26734",
      extra: "[live]\nicecast = \"http://127.0.0.1:\(ice.port)\"\nsource_password = \"loa-test\"\n")
    da = try a.start(pulse: pulse)
    db = try b.start(pulse: pulse)
    let station = station
    guard
      eventually(timeout: 20, { ["loa-01", "loa-02"].allSatisfy { station.box($0)?["state"] as? String == "online" } })
    else { throw RigError("the station did not see both boxes online:\n\(station.log.suffix(2000))") }
  }

  /// `loa live …` in the background (the officer's terminal); `microphone`: the rig's microphone.
  func goLive(_ args: [String], microphone: Bool = false) throws -> Spawned {
    var env = microphone ? pulse.microphoneEnvironment : ProcessInfo.processInfo.environment
    env["LOA_STATION"] = station.url
    env["LOA_STATION_TOKEN"] = station.token
    let log = dir.file("live-\(UUID().uuidString.prefix(6)).log")
    lastLog = log
    return try Spawned(loaBinary(), ["live"] + args, environment: env, stdout: log, stderr: log)
  }

  func liveRows(_ d: DaemonProcess) -> [[String: Any]] {
    ((try? asRun(d)) ?? []).filter { $0["kind"] as? String == "live" }
  }
}

extension StationSuites {
  @Suite(.serialized, .ownThread) struct LiveTests {
    @Test func aFilePlayedLiveAirsOnTheChosenBoxOnlyAndIsLoggedLive() throws {
      let rig = try LiveRig()
      let mp3 = rig.dir.file("thong-bao.mp3")
      try makeMP3(mp3, seconds: 6, sampleRate: 22050, channels: 1, frequency: 220)
      try rig.pulse.startRecording()
      let r = try rig.station.cli([
        "live", "--to", "loa-01", "--file", mp3, "--title", "Thông báo khẩn của xã", "--chime-after",
      ])
      #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
      let recording = try rig.pulse.stopRecording()
      #expect(eventually(timeout: 15) { !rig.liveRows(rig.da).isEmpty })
      let row = try #require(rig.liveRows(rig.da).first)
      #expect(row["outcome"] as? String == "completed", "\(row)")
      #expect(row["title"] as? String == "Thông báo khẩn của xã")
      // It opened with the attention chime.
      #expect(
        ((try? asRun(rig.da)) ?? []).contains {
          $0["kind"] as? String == "chime" && $0["job_id"] as? String == row["job_id"] as? String
        })
      let seconds = row["duration_s"] as? Double ?? 0
      // The file follows the silence sent until the box said it was on air (its chime played),
      // and the closing chime follows it.
      #expect(seconds > 7.7 && seconds < 11.5, "\(seconds) s of a 6 s file and the 2.2 s chime")
      // What the loudspeaker carried: the 220 Hz tone (about 440 crossings a second), then the
      // chime's higher notes (1,000 and more) in its last second and a half.
      let last = try #require(recording.soundSegments(threshold: -40, bridge: 0.4).last)
      let tone = recording.crossingsPerSecond(from: last.start + 1, to: last.start + 4)
      let closing = recording.crossingsPerSecond(from: last.end - 1.7, to: last.end - 0.2)
      #expect(tone > 380 && tone < 500 && closing > 950, "tone \(tone)/s, closing \(closing)/s, \(last)")
      // The officer saw the box go on air, then was told to speak, then that it aired.
      let told = r.stderr + r.stdout
      let onAir = try #require(told.range(of: "loa-01: ĐANG PHÁT"), "\(told)")
      let speak = try #require(told.range(of: "NÓI ĐI / speak now — 1/1"), "\(told)")
      #expect(onAir.lowerBound < speak.lowerBound)
      #expect(told.contains("ĐÃ PHÁT 1"), "\(told)")
      // The tone reached the loudspeaker.
      let heard = recording.soundSeconds(threshold: -40)
      #expect(heard > 3.5, "heard \(heard) s")
      #expect(rig.liveRows(rig.db).isEmpty && ((try? asRun(rig.db)) ?? []).isEmpty)
      // The station's as-run copy has it, kind live.
      #expect(eventually(timeout: 20) { rig.station.rows("loa-01").contains { $0["kind"] as? String == "live" } })
    }

    @Test func theOfficerSpeaksIntoTheMicrophoneAndTheBoxCarriesIt() throws {
      let rig = try LiveRig()
      let voice = rig.dir.file("giong-noi.wav")
      try makeToneWAV(voice, sampleRate: 44100, parts: [(hz: 1000, seconds: 8, amplitude: 0.5)])
      try rig.pulse.startRecording()
      let live = try rig.goLive(["--to", "loa-01", "--device", "pulse", "--title", "Tìm trẻ lạc"], microphone: true)
      // The officer speaks when told to (the box on air, its chime played), as at the office.
      let log = rig.lastLog
      func told() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
      #expect(eventually(timeout: 30) { told().contains("NÓI ĐI") }, "\(told().suffix(1500))")
      let speaking = try rig.pulse.playIntoMicrophone(voice)
      speaking.wait(timeout: 15)
      Thread.sleep(forTimeInterval: 1)
      live.signal(SIGINT)  // the officer presses Ctrl-C
      #expect(live.wait(timeout: 20) == 0, "\(told().suffix(1500))")
      let recording = try rig.pulse.stopRecording()
      #expect(eventually(timeout: 15) { !rig.liveRows(rig.da).isEmpty })
      let row = try #require(rig.liveRows(rig.da).first)
      #expect(row["outcome"] as? String == "completed" && row["title"] as? String == "Tìm trẻ lạc", "\(row)")
      // What was said reached the loudspeaker: the 1 kHz tone, for most of its 8 s.
      let heard = recording.soundSeconds(threshold: -35)
      #expect(heard > 5 && heard < 12, "heard \(heard) s")
      #expect(rig.liveRows(rig.db).isEmpty)
    }

    @Test func oneLiveAtATimeAndAStreamLostMidwayEndsAsFailedWithItsTime() throws {
      let rig = try LiveRig()
      let mp3 = rig.dir.file("dai.mp3")
      try makeMP3(mp3, seconds: 40, sampleRate: 22050, channels: 1, frequency: 500)
      let first = try rig.goLive(["--to", "xa", "--file", mp3])
      #expect(
        eventually(timeout: 20) {
          ((try? rig.da.json("GET", "/v1/status"))?.1["on_air"] as? [String: Any]) != nil
            && ((try? rig.db.json("GET", "/v1/status"))?.1["on_air"] as? [String: Any]) != nil
        })
      // A second officer: refused, and told who is live.
      let second = try rig.station.cli(["live", "--to", "xa", "--file", mp3])
      #expect(second.status != 0 && second.stderr.contains("đang có người phát trực tiếp"), "\(second.stderr)")
      // The officer's PC dies: the stream ends without an announced end; the boxes wait, then
      // end the airing as failed, with the time it aired.
      Thread.sleep(forTimeInterval: 3)
      let killedAt = Date()
      first.signal(SIGKILL)
      for d in [rig.da, rig.db] {
        #expect(eventually(timeout: 20) { !rig.liveRows(d).isEmpty }, "\((try? asRun(d)) ?? [])")
        let row = try #require(rig.liveRows(d).first)
        #expect(row["outcome"] as? String == "failed", "\(row)")
        #expect((row["error"] as? String)?.contains("lost") == true, "\(row)")
        let seconds = row["duration_s"] as? Double ?? 0
        #expect(seconds > 2 && seconds < 12, "\(seconds)")
        let ended = LocalTime.parseISO(row["ended_at"] as? String ?? "") ?? .distantFuture
        // 5 s without audio (live_loss_seconds) after up to 3 s of buffer, plus the box's one
        // reconnection try: 8–10 s alone; 12.0 s once beside the other station suites. The file
        // would have gone on for 37 s more.
        #expect(ended.timeIntervalSince(killedAt) < 16, "ended \(ended.timeIntervalSince(killedAt)) s after the loss")
      }
    }

    @Test func anEmergencyLiveFromTheProvinceCutsABulletinWhichThenResumes() throws {
      let rig = try LiveRig(province: true)
      let bulletin =
        "Thông báo về việc tiêm phòng cho đàn gia súc. Ủy ban nhân dân xã đề nghị bà con đưa trâu bò đến "
        + "điểm tiêm tại nhà văn hóa ấp ba. Thời gian từ bảy giờ đến mười một giờ sáng thứ bảy. Bà con nhớ "
        + "mang theo sổ theo dõi vật nuôi. Mọi thắc mắc xin liên hệ cán bộ thú y xã. Xin cảm ơn bà con."
      let body = try JSONSerialization.data(withJSONObject: ["text": bulletin, "title": "Tiêm phòng"])
      let (s, normal) = try rig.da.json("POST", "/v1/jobs", body: body)
      #expect(s == 201)
      let normalId = try #require(normal["id"] as? String)
      #expect(
        eventually(timeout: 15) {
          let onAir = (try? rig.da.json("GET", "/v1/status"))?.1["on_air"] as? [String: Any]
          return (onAir?["job"] as? [String: Any])?["id"] as? String == normalId
        })
      Thread.sleep(forTimeInterval: 2)
      let mp3 = rig.dir.file("khan.mp3")
      try makeMP3(mp3, seconds: 4, sampleRate: 22050, channels: 1, frequency: 220)
      let r = try rig.station.cli([
        "live", "--to", "ap-3", "--class", "emergency", "--file", mp3, "--title", "Sơ tán khẩn cấp",
      ])
      #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
      #expect(
        eventually(timeout: 90) {
          ((try? asRun(rig.da)) ?? []).contains {
            $0["job_id"] as? String == normalId && $0["outcome"] as? String == "completed"
          }
        }, "\((try? asRun(rig.da)) ?? [])")
      let rows = (try? asRun(rig.da)) ?? []
      // The bulletin, cut; the emergency's chime and the live voice; the bulletin resumed.
      #expect(
        rows.map { "\($0["kind"] ?? "")/\($0["outcome"] ?? "")" }
          == ["speech/preempted", "chime/completed", "live/completed", "speech/completed"], "\(rows)")
      #expect(rows.first?["preempted_by"] as? String == rows.dropFirst().first?["job_id"] as? String)
      #expect(rows.last?["resumed_from"] as? Int == rows.first?["id"] as? Int)
      let live = try #require(rows.first { $0["kind"] as? String == "live" })
      #expect(live["class"] as? String == "emergency" && live["title"] as? String == "Sơ tán khẩn cấp", "\(live)")
      #expect((live["duration_s"] as? Double ?? 0) > 3.8, "\(live)")
      // Box 2, in another hamlet, carried nothing.
      #expect(((try? asRun(rig.db)) ?? []).isEmpty)
    }

    @Test func whoIsLiveIsShownAndLoaLiveStopEndsItFromAnotherTerminal() throws {
      let rig = try LiveRig()
      var r = try rig.station.cli(["live", "status"])
      #expect(r.status == 0 && r.stdout.contains("Không có ai đang phát trực tiếp"), "\(r.stdout)\(r.stderr)")
      r = try rig.station.cli(["live", "stop"])
      #expect(r.status != 0 && r.stderr.contains("không có ai đang phát trực tiếp"), "\(r.stderr)")
      let mp3 = rig.dir.file("dai.mp3")
      try makeMP3(mp3, seconds: 40, sampleRate: 22050, channels: 1, frequency: 500)
      let live = try rig.goLive(["--to", "xa", "--file", mp3, "--operator", "Cán bộ Lan", "--title", "Họp khẩn"])
      // Who is live, and on which boxes, from another terminal.
      #expect(
        eventually(timeout: 25) {
          let r = try? rig.station.cli(["live", "status"])
          return r?.stdout.contains("Cán bộ Lan → xa") == true
            && r?.stdout.components(separatedBy: "ĐANG PHÁT").count == 4  // the summary and two boxes
        }, "\((try? rig.station.cli(["live", "status"]))?.stdout ?? "")")
      Thread.sleep(forTimeInterval: 2)
      // The chairman stops it from his own terminal: the officer's `loa live` hangs up by itself.
      let stoppedAt = Date()
      r = try rig.station.cli(["live", "stop", "--operator", "Chủ tịch xã"])
      #expect(r.status == 0 && r.stderr.contains("đã dừng phát trực tiếp"), "\(r.stdout)\(r.stderr)")
      #expect(live.wait(timeout: 20) == 0)
      let told = (try? String(contentsOfFile: rig.lastLog, encoding: .utf8)) ?? ""
      #expect(told.contains("Chủ tịch xã đã dừng buổi phát"), "\(told.suffix(800))")
      for d in [rig.da, rig.db] {
        #expect(eventually(timeout: 15) { rig.liveRows(d).first?["outcome"] as? String == "completed" })
        let row = try #require(rig.liveRows(d).first)
        let ended = LocalTime.parseISO(row["ended_at"] as? String ?? "") ?? .distantFuture
        #expect(ended.timeIntervalSince(stoppedAt) < 5, "ended \(ended.timeIntervalSince(stoppedAt)) s after the stop")
      }
      r = try rig.station.cli(["live", "status"])
      #expect(r.stdout.contains("Không có ai đang phát trực tiếp"), "\(r.stdout)")
      r = try rig.station.cli(["live", "stop", "khong-phai-ma"])
      #expect(r.status != 0 && r.stderr.contains("not a live broadcast's id"), "\(r.stderr)")
    }

    @Test func aBoxOfflineWhenTheBroadcastBeganDoesNotJoinLate() throws {
      let rig = try LiveRig()
      rig.db.killHard()  // box 2 is off when the officer goes live
      let mp3 = rig.dir.file("dai.mp3")
      try makeMP3(mp3, seconds: 45, sampleRate: 22050, channels: 1, frequency: 500)
      let live = try rig.goLive(["--to", "xa", "--file", mp3])
      #expect(
        eventually(timeout: 20) { ((try? rig.da.json("GET", "/v1/status"))?.1["on_air"] as? [String: Any]) != nil })
      Thread.sleep(forTimeInterval: 22)
      // Box 2 comes back while the broadcast is still on: the broker hands it the job, which it refuses.
      let back = try rig.b.start(pulse: rig.pulse)
      let id = try #require(
        (try String(contentsOfFile: rig.lastLog, encoding: .utf8)).split(separator: "\n").first {
          UUID(uuidString: String($0)) != nil
        })
      // Its answer, through the station's delivery: refused, and why.
      #expect(
        eventually(timeout: 30) {
          let boxes = (try? rig.station.json("/v1/deliveries/\(id)"))?.1["boxes"] as? [[String: Any]] ?? []
          let two = boxes.first { $0["box"] as? String == "loa-02" }
          return two?["state"] as? String == "rejected" && (two?["detail"] as? String)?.contains("late") == true
        }, "\((try? rig.station.json("/v1/deliveries/\(id)"))?.1 ?? [:])")
      #expect(rig.liveRows(back).isEmpty, "\((try? asRun(back)) ?? [])")
      #expect(((try? back.json("GET", "/v1/status"))?.1["on_air"] as? [String: Any]) == nil)
      live.signal(SIGINT)
      // The officer is told at the end that one box did not carry it (exit 4, as `loa say --to`).
      #expect(live.wait(timeout: 30) == 4)
      let told = (try? String(contentsOfFile: rig.lastLog, encoding: .utf8)) ?? ""
      #expect(told.contains("1 cụm loa không phát / did not air it: loa-02"), "\(told.suffix(800))")
      #expect(eventually(timeout: 15) { rig.liveRows(rig.da).first?["outcome"] as? String == "completed" })
    }

    @Test func badLiveInputIsRefusedByName() throws {
      let rig = try LiveRig()
      let text = rig.dir.write("khong-phai.mp3", "Đây không phải âm thanh.")
      var r = try rig.station.cli(["live", "--to", "xa", "--file", text])
      #expect(r.status != 0 && r.stderr.contains("neither WAV nor MP3"), "\(r.stderr)")
      r = try rig.station.cli(["live", "--to", "xa", "--lead-in", "30"])
      #expect(r.status != 0 && r.stderr.contains("--lead-in"), "\(r.stderr)")
      r = try rig.station.cli(["live", "--to", "xa", "--ready-wait", "99"])
      #expect(r.status != 0 && r.stderr.contains("--ready-wait"), "\(r.stderr)")
      let (unknown, body) = try rig.station.json("/v1/live/\(UUID().uuidString.lowercased())")
      #expect(unknown == 404 && "\(body)".contains("no live broadcast"), "\(body)")
      r = try rig.station.cli(["live", "--to", "xa", "--device", "khong-co-micro"])
      #expect(r.status != 0 && r.stderr.contains("cannot open the microphone"), "\(r.stderr)")
      r = try rig.station.cli(["live", "--to", "xa", "--file", rig.dir.file("khong-co.mp3")])
      #expect(r.status != 0 && r.stderr.contains("cannot read"), "\(r.stderr)")
      let mp3 = rig.dir.file("a.mp3")
      try makeMP3(mp3, seconds: 2, sampleRate: 22050, channels: 1)
      let wav = rig.dir.file("a.wav")
      try makeToneWAV(wav, parts: [(hz: 600, seconds: 3, amplitude: 0.5)])
      r = try rig.station.cli(["live", "--to", "thon-khong-co", "--file", mp3])
      #expect(r.status != 0 && r.stderr.contains("thon-khong-co"), "\(r.stderr)")
      r = try rig.station.cli(["live", "--to", "xa", "--file", mp3, "--class", "emergency"])
      #expect(r.status != 0 && r.stderr.contains("emergency"), "\(r.stderr)")
      // Nothing aired, and a good one still can go live afterwards (no session was left open): a
      // WAV, encoded to MP3 on the way.
      #expect(rig.liveRows(rig.da).isEmpty)
      try rig.pulse.startRecording()
      r = try rig.station.cli(["live", "--to", "loa-02", "--file", wav])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(eventually(timeout: 15) { rig.liveRows(rig.db).first?["outcome"] as? String == "completed" })
      let recording = try rig.pulse.stopRecording()
      let seconds = rig.liveRows(rig.db).first?["duration_s"] as? Double ?? 0
      // This box's first airing opened its device and played the chime for about 4 s after the
      // job came, and its output fell behind; the file waited until the box said it was on air,
      // and the box caught up by dropping silence only, so all 3 s of the tone reached the speaker.
      let tone = recording.soundSegments(threshold: -40, bridge: 0.2).last
      #expect(
        tone.map { $0.end - $0.start > 2.8 && $0.end - $0.start < 3.4 } == true,
        "\(recording.soundSegments(threshold: -40, bridge: 0.2))")
      #expect(
        seconds > 2.8 && seconds < 6,
        "\(seconds) s of a 3 s file: \(rig.liveRows(rig.db))"
      )
    }
  }
}
