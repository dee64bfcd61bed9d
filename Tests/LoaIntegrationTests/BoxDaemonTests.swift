import Foundation
import LoaCore
import LoaTesting
import Testing

/// Volume, amplifier, dead air and recordings through the daemon and the officer's CLI.
@Suite(.serialized, .ownThread) struct BoxDaemonTests {
  @Test func volumeAmplifierAndRecordingsThroughTheCLI() throws {
    let box = Box()
    let amp = box.dir.file("amp.log")
    let cfg = box.config(
      """
      [amplifier]
      on_command = "echo on >> '\(amp)'"
      off_command = "echo off >> '\(amp)'"
      warm_up_seconds = 0.2
      [dead_air]
      seconds = 1
      """)
    var d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    var r = try d.cli(["volume"])
    #expect(r.status == 0 && r.stdout.contains("volume: 100") && r.stdout.contains("software gain"), "\(r.stdout)")
    r = try d.cli(["volume", "40"])
    #expect(r.status == 0 && r.stdout.contains("volume: 40"), "\(r.stdout)\(r.stderr)")
    // Bad values: a clear error, nothing changes.
    for bad in ["150", "-3", "abc", "4.5"] {
      r = try d.cli(["volume", "--", bad])
      #expect(r.status != 0, "\(bad)")
      #expect(r.stderr.contains("0 to 100") || r.stderr.contains("0 đến 100"), "\(bad): \(r.stderr)")
    }
    for body in ["", "{}", "{\"level\": \"loud\"}", "{\"level\": 101}", "[1]"] {
      let (status, data) = try d.http("PUT", "/v1/volume", body: Data(body.utf8))
      #expect([400, 422].contains(status), "\(body) → \(status) \(String(decoding: data, as: UTF8.self))")
    }
    #expect(try d.cli(["volume"]).stdout.contains("volume: 40"))

    let tone = box.dir.file("tone.wav")
    try makeToneWAV(tone, parts: [(440, 2, 0.5)])
    let quiet = box.dir.file("quiet.wav")
    try makeToneWAV(quiet, parts: [(440, 1.5, 0.0001)])
    #expect(try d.cli(["play", tone, "--wait"]).status == 0)
    #expect(try d.cli(["play", quiet, "--wait"]).status == 0)
    let rows = try asRun(d)
    try #require(rows.count == 2)
    let id = try #require(rows[0]["id"] as? Int)
    #expect(rows[0]["recording"] is String)
    #expect((rows[0]["note"] as? String)?.contains("ampli") == true, "\(rows[0])")
    #expect(rows[1]["dead_air_s"] as? Double ?? 0 >= 1.4, "\(rows[1])")

    // The officer exports the recording of the first airing.
    let out = box.dir.file("xuat.opus")
    r = try d.cli(["log", "--audio", String(id), "-o", out])
    #expect(r.status == 0, "\(r.stderr)")
    let decoded = try decodeWithFFmpeg(out, sampleRate: 22050)
    #expect(abs(decoded.durationSeconds - 2) < 0.03, "\(decoded.durationSeconds) s")
    // 0.5 amplitude = −9 dBFS, volume 40 = −23.9 dB.
    let level = decoded.rmsDBFS(from: 0.2, to: 1.8)
    #expect(abs(level - (-32.9)) < 1, "\(level) dBFS")
    r = try d.cli(["log", "--audio", "9999"])
    #expect(r.status != 0 && r.stderr.contains("asrun_not_found"), "\(r.stderr)")
    r = try d.cli(["log", "--audio", "0"])
    #expect(r.status != 0)
    let (badStatus, _) = try d.http("GET", "/v1/asrun/abc/audio")
    #expect(badStatus == 400)

    let status = try d.cli(["status"]).stdout
    #expect(status.contains("Âm lượng / volume: 40"), "\(status)")
    #expect(status.contains("Ampli / amplifier: BẬT / on"), "\(status)")
    #expect(status.contains("dead air") && status.contains(": 1 lần"), "\(status)")
    #expect(status.contains("Bản ghi phát sóng / recordings: bật, giữ 90 ngày"), "\(status)")
    #expect((try? String(contentsOfFile: amp, encoding: .utf8)) == "on\n")

    // Kept across a restart.
    #expect(d.terminate() == 0)
    d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    #expect(try d.cli(["volume"]).stdout.contains("volume: 40"))
    #expect((try? String(contentsOfFile: amp, encoding: .utf8))?.contains("off") == true, "switched off at shutdown")
    #expect(d.isRunning)
  }

  @Test func aFileSentByURLIsDownloadedCheckedAndAired() throws {
    let box = Box()
    let www = box.dir.file("www")
    try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: true)
    try makeMP3(www + "/ban-tin.mp3", seconds: 2, sampleRate: 22050, channels: 1)
    let sha = dataSHA256(try Data(contentsOf: URL(fileURLWithPath: www + "/ban-tin.mp3")))
    let port = freePort()
    let server = try Spawned(
      which("python3") ?? "/usr/bin/python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "-d", www],
      stdout: box.dir.file("http.log"), stderr: box.dir.file("http.log"))
    defer { _ = server.stop(grace: 1) }
    let url = "http://127.0.0.1:\(port)/ban-tin.mp3"
    #expect(
      eventually(timeout: 10) { (try? runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", url]))?.status == 0 })
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    var r = try d.cli(["play", url, "--sha256", sha, "--wait"])
    #expect(r.status == 0, "\(r.stderr)")
    let row = try #require(try asRun(d).last)
    #expect(row["outcome"] as? String == "completed")
    #expect(row["title"] as? String == "ban-tin.mp3")
    #expect(abs((row["duration_s"] as? Double ?? 0) - 2) < 0.1)
    // Its record is the MPEG frames that aired, exported as they are.
    let id = try #require(row["id"] as? Int)
    let out = box.dir.file("ban-ghi")
    r = try d.cli(["log", "--audio", String(id), "-o", out])
    #expect(r.status == 0 && r.stdout.contains("MP3"), "\(r.stdout)\(r.stderr)")
    let record = try Data(contentsOf: URL(fileURLWithPath: out))
    #expect(record.starts(with: Array("ID3".utf8)), "\(record.prefix(4).map { $0 })")
    let decoded = try decodeWithFFmpeg(out, sampleRate: 22050)
    #expect(abs(decoded.durationSeconds - 2) < 0.1, "\(decoded.durationSeconds) s")
    r = try d.cli(["play", url, "--sha256", String(repeating: "0", count: 64)])
    #expect(r.status != 0 && r.stderr.contains("checksum_mismatch"), "\(r.stderr)")
    r = try d.cli(["play", "http://127.0.0.1:\(port)/khong-co.mp3"])
    #expect(r.status != 0 && r.stderr.contains("HTTP 404"), "\(r.stderr)")
    let (status, _) = try d.http(
      "POST", "/v1/jobs", body: Data("{\"media_url\": \"\(url)\", \"text\": \"hai nội dung\"}".utf8))
    #expect(status == 422)
    #expect(try asRun(d).count == 1, "nothing refused was logged as aired")
    #expect(d.isRunning)
  }

  @Test func withoutAnAmplifierSwitchStatusSaysSo() throws {
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    let status = try d.cli(["status"]).stdout
    #expect(status.contains("Ampli / amplifier: không cấu hình điều khiển"), "\(status)")
  }

  @Test func badBoxSettingsStopTheDaemonWithTheirName() throws {
    let cases: [(String, String)] = [
      ("[amplifier]\ngpio_chip = \"gpiochip0\"\n", "go together"),
      ("[amplifier]\non_command = \"true\"\n", "go together"),
      (
        "[amplifier]\ngpio_chip = \"gpiochip0\"\ngpio_line = 3\non_command = \"true\"\noff_command = \"true\"\n",
        "not both"
      ),
      ("[amplifier]\ngpio_chip = \"gpiochip-khong-co\"\ngpio_line = 3\n", "gpiochip-khong-co"),
      ("[amplifier]\nwarm_up_seconds = 90\n", "amplifier.warm_up_seconds"),
      ("[volume]\ndefault = 101\n", "volume.default"),
      ("[dead_air]\nseconds = \"lâu\"\n", "dead_air.seconds"),
      ("[fallback]\nfiles = \"nhac.mp3\"\n", "list of strings"),
      ("[recordings]\nkeep_days = 0\n", "recordings.keep_days"),
      ("[recordings]\ncopy_mp3 = \"có\"\n", "recordings.copy_mp3"),
      ("mixer = 5\n", "audio.mixer"),
      // A config that made the TOML library abort the process (found by bench/fuzz).
      ("[=\n", "table header needs a name"),
      ("[http]\nmax_connections = 1\n", "http.max_connections"),
      ("[media]\nmax_mb = 0\n", "media.max_mb"),
    ]
    for (text, needle) in cases {
      let box = Box()
      let cfg = box.config(text)
      let d = try DaemonProcess(
        stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg], waitUntilReady: false)
      #expect(eventually(timeout: 20) { !d.isRunning }, "\(text) should stop the daemon")
      #expect(d.log.contains(needle), "\(text): \(d.log)")
    }
  }

  @Test func aStateDirThatIsAFileIsOneClearLine() throws {
    // Before: a raw NSError dump.
    let box = Box()
    let file = box.dir.write("not-a-folder", "x")
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--state-dir", file], waitUntilReady: false)
    #expect(eventually(timeout: 20) { !d.isRunning })
    #expect(d.log.contains("is a file, not a folder"), "\(d.log)")
    #expect(!d.log.contains("NSCocoaErrorDomain"), "\(d.log)")
  }
}

/// Volume through the sound server's mixer, and a sound server that dies and comes back, on the
/// PulseAudio rig (real time).
@Suite(.serialized, .ownThread) struct BoxRealTimeTests {
  @Test func volumeUsesTheMixerAndEmergenciesGetTheirFloor() throws {
    let rig = try PulseRig(sampleRate: 22050)
    let box = Box()
    let cfg = box.config("[volume]\nemergency_minimum = 90\n[emergency]\nrepeat = 1\n")
    let d = try DaemonProcess(
      stateDir: box.state, device: "pulse", extraArgs: ["--config", cfg], environment: rig.environment)
    var r = try d.cli(["volume", "40"])
    #expect(r.status == 0 && r.stdout.contains("mixer pulse 'Master'"), "\(r.stdout)\(r.stderr)")
    #expect(try rig.sinkVolumePercent() == 40)
    r = try d.cli(["say", "--class", "emergency", "Thông báo khẩn cấp về lũ quét. Bà con di dời ngay."])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(eventually(timeout: 20) { (try? rig.sinkVolumePercent()) == 90 }, "the floor while the emergency airs")
    #expect(eventually(timeout: 60) { (try? rig.sinkVolumePercent()) == 40 }, "back to the officer's level after it")
    #expect(try asRun(d).contains { $0["class"] as? String == "emergency" && $0["outcome"] as? String == "completed" })
  }

  @Test func theDaemonRidesOutASoundServerRestart() throws {
    let rig = try PulseRig(sampleRate: 22050)
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: "pulse", environment: rig.environment)
    let tone = box.dir.file("tone.wav")
    try makeToneWAV(tone, parts: [(440, 10, 0.5)])
    #expect(try d.cli(["play", tone]).status == 0)
    #expect(eventually(timeout: 10) { (try? d.json("GET", "/v1/status").1["on_air"]) is [String: Any] })
    usleep(2_000_000)
    rig.killServer()
    usleep(2_000_000)
    try rig.startServer()
    try rig.startRecording()
    usleep(6_000_000)
    let heard = try rig.stopRecording()
    // parec on a fresh server takes a moment to deliver; the tone has about 6 s left to play.
    #expect(heard.soundSeconds(threshold: -40) > 2, "the airing went on after the device came back")
    #expect(eventually(timeout: 30) { ((try? asRun(d)) ?? []).count == 1 })
    let row = try #require(try asRun(d).first)
    #expect(row["outcome"] as? String == "completed", "\(row)")
    #expect((row["note"] as? String)?.contains("thiết bị âm thanh mất") == true, "\(row)")
    // The next job plays normally, and the daemon never restarted.
    #expect(try d.cli(["play", tone, "--wait"]).status == 0)
    #expect(try asRun(d).last?["outcome"] as? String == "completed")
    #expect(d.isRunning)
  }
}
