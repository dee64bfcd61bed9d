import Foundation
import LoaCore
import LoaTesting
import Testing

let bulletin = """
  Thông báo của ủy ban nhân dân xã về lịch tiêm phòng cho gia súc và gia cầm. \
  Đợt tiêm phòng bắt đầu từ sáng thứ hai tuần sau tại nhà văn hóa các thôn. \
  Đề nghị bà con đưa vật nuôi đến đúng giờ để cán bộ thú y tiêm phòng. \
  Xin trân trọng cảm ơn bà con.
  """

/// On the PulseAudio null-sink rig, which plays at wall-clock speed like the box.
@Suite(.serialized, .ownThread) struct RealTimeTests {
  @Test func emergencyPreemptsWithChimeRepeatsAndTheBulletinResumes() throws {
    let rig = try PulseRig()
    let box = Box()
    let config = box.dir.write("rt.toml", "[emergency]\ngap_seconds = 1.0\nrepeat = 2\n")
    let d = try DaemonProcess(
      stateDir: box.state, device: "pulse", extraArgs: ["--config", config], environment: rig.environment)
    try rig.startRecording()
    let (s1, normal) = try postJob(d, ["text": bulletin, "title": "Tiêm phòng"])
    #expect(s1 == 201)
    let normalId = normal["id"] as? String ?? ""
    #expect(try eventually(timeout: 10) { try jobStatus(d, normalId) == "playing" })
    usleep(3_000_000)
    let sent = Date()
    let (s2, emergency) = try postJob(
      d, ["text": "Cảnh báo lũ quét. Bà con khẩn trương sơ tán.", "class": "emergency"])
    #expect(s2 == 201)
    let eId = emergency["id"] as? String ?? ""
    #expect(try eventually(timeout: 90) { try jobStatus(d, normalId) == "completed" })
    let recording = try rig.stopRecording()
    let rows = try asRun(d)

    #expect(rows.map { $0["job_id"] as? String ?? "" } == [normalId, eId, eId, eId, normalId])
    #expect(rows.map { $0["kind"] as? String ?? "" } == ["speech", "chime", "speech", "speech", "speech"])
    try #require(
      rows.map { $0["outcome"] as? String ?? "" } == ["preempted", "completed", "completed", "completed", "completed"])
    #expect(rows[0]["preempted_by"] as? String == eId)
    #expect(rows[4]["resumed_from"] as? Int == rows[0]["id"] as? Int)

    // Pre-emption: the chime's first frame went to ALSA soon after the API call.
    let chimeStart = LocalTime.parseISO(rows[1]["started_at"] as? String ?? "")!
    let latency = chimeStart.timeIntervalSince(sent)
    // Generous: the suite runs several daemons side by side on two cores, and one run saw 0.88 s
    // while a fuzzer shared the machine. The figure itself comes from bench/run.py (p50 ~20 ms,
    // p99 ~36 ms); this catches an emergency that waits for a sentence or an item to end.
    #expect(latency < 1.2, "pre-emption latency \(latency) s")
    // The interrupted airing ended when the emergency began.
    #expect(abs(seconds(rows[0]["ended_at"], rows[1]["started_at"]) ?? 9) < 1.2)
    // Durations come from frames played, never more than the time that passed. (A new
    // PulseAudio stream takes 0.5–1.5 s to start consuming, so wall time may run longer; with
    // the station suites' brokers, boxes and browser on the same two cores a 3.8 s segment once
    // took 7.6 s of wall time. The promise is the lower bound; the upper one only catches a
    // duration that lost most of its frames.)
    #expect(abs((rows[1]["duration_s"] as? Double ?? 0) - 2.2) < 0.01)
    for row in rows {
      let frames = row["duration_s"] as? Double ?? 0
      let wall = seconds(row["started_at"], row["ended_at"]) ?? 0
      #expect(
        wall >= frames - 0.15 && wall <= frames * 2 + 2.5, "\(row["kind"] ?? "") frames \(frames) s, wall \(wall) s")
    }
    // The repeat waits the configured gap.
    let gap = seconds(rows[2]["ended_at"], rows[3]["started_at"]) ?? 0
    // At least the configured 1 s; well under the 3 s default (the next repetition's first words
    // are synthesised after the gap, later when neighbouring daemons share the CPU).
    #expect(gap > 0.9 && gap < 2.5, "gap \(gap)")

    // What came out of the loudspeaker: as much sound as the log says aired.
    let logged = rows.compactMap { $0["duration_s"] as? Double }.reduce(0, +)
    let heard = recording.soundSeconds(threshold: -50)
    #expect(heard > logged * 0.6 && heard <= logged + 0.5, "heard \(heard) s, logged \(logged) s")
    let segments = recording.soundSegments(threshold: -50, bridge: 0.8)
    #expect(segments.count >= 2, "\(segments)")
    #expect(recording.rmsDBFS() > -40)
  }

  @Test func aJobOnAirWhenTheDaemonIsKilledAirsOnceAfterRestart() throws {
    let rig = try PulseRig()
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: "pulse", environment: rig.environment)
    let (_, job) = try postJob(d, ["text": bulletin])
    let id = job["id"] as? String ?? ""
    #expect(try eventually(timeout: 10) { try jobStatus(d, id) == "playing" })
    usleep(1_500_000)
    d.killHard()
    let d2 = try DaemonProcess(stateDir: box.state, device: "pulse", environment: rig.environment)
    #expect(try eventually(timeout: 60) { try jobStatus(d2, id) == "completed" })
    let rows = try asRun(d2)
    try #require(rows.map { $0["outcome"] as? String ?? "" } == ["failed", "completed"])
    #expect((rows[0]["error"] as? String)?.contains("power cut") == true)
    #expect(rows[1]["resumed_from"] as? Int == rows[0]["id"] as? Int)
    #expect(rows.filter { $0["outcome"] as? String == "completed" }.count == 1)
  }
}
