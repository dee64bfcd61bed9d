import Foundation
import LoaCore
import LoaTesting
import Testing

/// Relays through the daemon on the PulseAudio null-sink rig (real time) from a real icecast2.
@Suite(.serialized, .ownThread) struct RelayDaemonTests {
  @Test func loaRelayAirsTheStreamForItsTimeAndLogsTheURL() throws {
    let ice = try IcecastRig()
    try ice.startSource("vov1", frequency: 600)
    let rig = try PulseRig()
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: "pulse", environment: rig.environment)
    try rig.startRecording()
    let r = try d.cli(["relay", ice.url("vov1"), "--for", "10s", "--wait", "--wait-timeout", "60"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    let recording = try rig.stopRecording()
    let rows = try asRun(d)
    try #require(rows.count == 1)
    #expect(rows[0]["kind"] as? String == "relay")
    #expect(rows[0]["outcome"] as? String == "completed")
    #expect(rows[0]["url"] as? String == ice.url("vov1"))
    let seconds = rows[0]["duration_s"] as? Double ?? 0
    #expect(abs(seconds - 10) < 0.2, "\(seconds) s")
    // The tone reached the loudspeaker for most of the slot.
    let heard = recording.soundSeconds(threshold: -40)
    #expect(heard > 7 && heard < 11, "heard \(heard) s")

    // A stream that does not exist: the job fails and says why; the daemon goes on.
    let bad = try d.cli(["relay", ice.url("khong-co"), "--for", "10s", "--wait", "--wait-timeout", "60"])
    #expect(bad.status != 0)
    let last = try asRun(d).last
    #expect(last?["outcome"] as? String == "failed")
    #expect((last?["error"] as? String)?.contains("HTTP 404") == true, "\(String(describing: last))")
    let badURL = try d.cli(["relay", "rtsp://10.0.0.1/vov", "--for", "15m"])
    #expect(badURL.status != 0)
    #expect(badURL.stderr.contains("bad_relay_url"))
    #expect(try d.cli(["relay", ice.url("vov1"), "--for", "2s"]).stderr.contains("bad_duration"))
    #expect(d.isRunning)
  }

  @Test func aScheduledProgrammeRelaysBetweenItsOtherItems() throws {
    let ice = try IcecastRig()
    try ice.startSource("tinh", frequency: 800)
    let rig = try PulseRig()
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: "pulse", environment: rig.environment)
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = LocalTime.zone
    let start = Date().addingTimeInterval(5).rounded()
    let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: start)
    let file = box.dir.write(
      "relay.toml",
      """
      [settings]
      quiet_hours = "off"
      [[program]]
      id = "tiep-song"
      title = "Tiếp sóng đài tỉnh"
        [[program.item]]
        type = "chime"
        [[program.item]]
        type = "relay"
        title = "Đài tỉnh"
        url = "\(ice.url("tinh"))"
        duration = "10s"
        [[program.item]]
        type = "relay"
        title = "Luồng hỏng"
        url = "\(ice.url("khong-co"))"
        duration = "10s"
        [[program.item]]
        type = "speech"
        text = "Hết giờ tiếp sóng."
      [[slot]]
      program = "tiep-song"
      at = "\(String(format: "%02d:%02d:%02d", c.hour!, c.minute!, c.second!))"
      dates = ["\(String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))"]
      length = "1m"
      """)
    let a = try d.cli(["schedule", "apply", file])
    #expect(a.status == 0, "\(a.stdout)\(a.stderr)")
    #expect(try eventually(timeout: 90) { try asRun(d).count >= 4 })
    let rows = try asRun(d)
    try #require(rows.map { $0["kind"] as? String ?? "" } == ["chime", "relay", "relay", "speech"], "\(rows)")
    #expect(rows.map { $0["outcome"] as? String ?? "" } == ["completed", "completed", "failed", "completed"])
    #expect(rows[1]["url"] as? String == ice.url("tinh"))
    #expect(rows[1]["title"] as? String == "Tiếp sóng đài tỉnh — Đài tỉnh")
    #expect(abs((rows[1]["duration_s"] as? Double ?? 0) - 10) < 0.2)
    #expect(rows.allSatisfy { $0["source"] as? String == "schedule" })
  }

  @Test func aSilentStreamFallsBackThroughTheDaemonAndTheRowSaysSo() throws {
    let ice = try IcecastRig()
    try ice.startSource("im-lang", silent: true)
    let rig = try PulseRig()
    let box = Box()
    let fallback = box.dir.file("nhac-nen.wav")
    try makeToneWAV(fallback, sampleRate: 44100, parts: [(1000, 30, 0.5)])
    let cfg = box.dir.write(
      "loa.toml", "[dead_air]\nseconds = 2\n[fallback]\nfiles = [\"\(fallback)\"]\n")
    let d = try DaemonProcess(
      stateDir: box.state, device: "pulse", extraArgs: ["--config", cfg], environment: rig.environment)
    try rig.startRecording()
    let r = try d.cli(["relay", ice.url("im-lang"), "--for", "10s", "--wait", "--wait-timeout", "60"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    let recording = try rig.stopRecording()
    let row = try #require(try asRun(d).first)
    #expect(row["outcome"] as? String == "completed")
    let fb = row["fallback_s"] as? Double ?? 0
    #expect(abs(fb - 8) < 0.3, "fallback \(fb) s: \(row)")
    #expect((row["note"] as? String)?.contains("nguồn im lặng") == true, "\(row)")
    #expect(row["dead_air_s"] == nil, "the fallback kept the air alive: \(row)")
    // What reached the loudspeaker: about 8 s of the fallback tone.
    let heard = recording.soundSeconds(threshold: -40)
    #expect(heard > 6.5 && heard < 9, "heard \(heard) s")
    let status = try d.cli(["status"]).stdout
    #expect(status.contains(": 0 lần"), "no dead air on the output: \(status)")
  }
}
