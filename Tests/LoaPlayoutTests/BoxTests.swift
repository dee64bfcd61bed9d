import Foundation
import LoaAudio
import LoaCore
import LoaHardware
import LoaPlayout
import LoaStorage
import LoaTesting
import Logging
import Testing

private func quietLogger() -> Logger {
  var l = Logger(label: "test")
  l.logLevel = .error
  return l
}

private func seconds(_ s: Double) -> Int { speechFormat.frames(seconds: s) }

/// Dead air, fallback, volume, amplifier, recordings and a lost device, on the engine with a
/// capture output (exact samples) and real files made by sox.
@Suite(.serialized, .ownThread) struct BoxTests {
  @Test func deadAirInAFileIsLoggedAndCounted() throws {
    let h = try EngineHarness(configure: { $0.deadAir = DeadAirDetector(thresholdDBFS: -50, limitSeconds: 1) })
    let file = h.dir.file("quiet-middle.wav")
    try makeToneWAV(
      file, parts: [(440, 0.5, 0.5), (440, 2.5, 0.0002), (440, 0.5, 0.5)])
    try h.engine.start()
    try h.submitFile(file)
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 1)
    #expect(rows[0].outcome == .completed)
    let dead = try #require(rows[0].deadAirSeconds)
    #expect(abs(dead - 2.5) < 0.06, "dead air \(dead) s")
    #expect(rows[0].note?.contains("im lặng trên sóng từ giây 0.5") == true, "\(rows[0].note ?? "-")")
    let s = h.engine.status()
    #expect(s.deadAirEvents == 1)
    #expect(s.lastDeadAir?.jobId == rows[0].jobId)
  }

  @Test func aShortPauseIsNotDeadAir() throws {
    let h = try EngineHarness(configure: { $0.deadAir = DeadAirDetector(thresholdDBFS: -50, limitSeconds: 1) })
    let file = h.dir.file("pause.wav")
    try makeToneWAV(file, parts: [(440, 0.5, 0.5), (nil, 0.9, 0), (440, 0.5, 0.5)])
    try h.engine.start()
    try h.submitFile(file)
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 1)
    #expect(rows[0].deadAirSeconds == nil)
    #expect(h.engine.status().deadAirEvents == 0)
  }

  @Test func aFileThatGoesSilentFallsBackAndComesBack() throws {
    let dir = TempDir("loa-fallback")
    let fallback = dir.file("nhac-nen.wav")
    try makeToneWAV(fallback, parts: [(1000, 10, 0.5)])
    let h = try EngineHarness(configure: {
      $0.deadAir = DeadAirDetector(thresholdDBFS: -50, limitSeconds: 1)
      $0.fallback.files = [fallback]
      $0.fallback.backAfter = 1
    })
    let file = h.dir.file("bulletin.wav")
    try makeToneWAV(file, parts: [(440, 1, 0.5), (nil, 3, 0), (440, 3, 0.5)])
    try h.engine.start()
    try h.submitFile(file)
    #expect(waitIdle(h))
    let out = h.output.samples
    // The airing keeps the primary's length: 7 s.
    #expect(abs(out.count - seconds(7)) < seconds(0.05), "\(out.count) samples")
    try #require(out.count >= seconds(6.9))
    let rate = speechFormat.sampleRate
    let during = toneHz(out[seconds(2.1)..<seconds(3.9)], sampleRate: rate)
    let before = toneHz(out[seconds(0.1)..<seconds(0.9)], sampleRate: rate)
    let after = toneHz(out[seconds(5.2)..<seconds(6.9)], sampleRate: rate)
    #expect(abs(during - 1000) < 15, "fallback \(during) Hz")
    #expect(abs(before - 440) < 10 && abs(after - 440) < 10, "\(before) / \(after) Hz")
    let rows = try h.rows()
    try #require(rows.count == 1)
    let fb = try #require(rows[0].fallbackSeconds)
    // Quiet from 1 s, dead at 2 s; sound again at 4 s, back after 1 s at 5 s: 3 s of fallback.
    #expect(abs(fb - 3) < 0.1, "fallback \(fb) s")
    #expect(rows[0].deadAirSeconds == nil, "the fallback kept the air alive")
    #expect(rows[0].note?.contains("phát dự phòng") == true)
    #expect(rows[0].note?.contains("phát tiếp nguồn") == true)
  }

  @Test func softwareVolumeScalesTheAudioAndEmergenciesHaveAFloor() throws {
    let h = try EngineHarness(
      configure: { $0.emergencyChime = false },
      volume: { VolumeControl(store: $0, mode: .software, emergencyMinimum: 100) })
    let file = h.dir.file("tone.wav")
    try makeToneWAV(file, parts: [(440, 1, 0.5)])
    try h.engine.start()
    try h.engine.volume!.set(50)
    try h.submitFile(file)
    #expect(waitIdle(h))
    try h.submitFile(file, .emergency)
    #expect(waitIdle(h))
    let out = h.output.samples
    try #require(out.count == seconds(2))
    let rec = PCMRecording(samples: out, sampleRate: speechFormat.sampleRate)
    let normal = rec.rmsDBFS(from: 0.1, to: 0.9)
    let emergency = rec.rmsDBFS(from: 1.1, to: 1.9)
    // 0.5 amplitude sine = −9.0 dBFS; volume 50 = −18.1 dB.
    #expect(abs(normal - (-27.1)) < 0.3, "normal at volume 50: \(normal) dBFS")
    #expect(abs(emergency - (-9.0)) < 0.3, "emergency at its floor of 100: \(emergency) dBFS")
    // Kept across restarts.
    #expect(VolumeControl(store: h.store, mode: .software, emergencyMinimum: nil).current == 50)
    #expect(throws: LoaError.self) { try h.engine.volume!.set(101) }
    #expect(throws: LoaError.self) { try h.engine.volume!.set(-1) }
    #expect(h.engine.volume!.current == 50)
  }

  @Test func amplifierWarmsUpBeforeTheFirstFrameOnceAndGoesOffWhenIdle() throws {
    let dir = TempDir("loa-amp")
    let log = dir.file("amp.log")
    let amp = AmplifierPower(
      power: CommandAmplifier(on: "date +on,%s.%N >> '\(log)'", off: "date +off,%s.%N >> '\(log)'"),
      warmUp: 1.0, idleOff: 0.6, logger: quietLogger())
    let h = try EngineHarness(paced: true, configure: { $0.emergencyChime = false }, amplifier: amp)
    let file = h.dir.file("tone.wav")
    try makeToneWAV(file, parts: [(440, 1, 0.5)])
    func events() -> [(String, Double)] {
      ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
        let p = $0.split(separator: ",")
        return p.count == 2 ? (String(p[0]), Double(p[1]) ?? 0) : nil
      }
    }
    try h.engine.start()
    let normal = try h.submitFile(file, title: "normal")
    #expect(eventually(timeout: 10) { events().count == 1 })
    // An emergency arrives during the warm-up: it waits only for what is left of it.
    let emergency = try h.submitFile(file, .emergency, title: "emergency")
    #expect(waitIdle(h, timeout: 30))
    let ev = events()
    try #require(ev.count >= 1)
    #expect(ev[0].0 == "on")
    let rows = try h.rows()
    let first = try #require(rows.first { $0.jobId == emergency.id && $0.startedAt != nil })
    let wait = first.startedAt!.timeIntervalSince1970 - ev[0].1
    #expect(wait >= 0.95, "emergency's first frame \(wait) s after the amplifier went on")
    // It did not wait for the normal item either: nothing of that one aired before it. (No upper
    // bound on `wait`: the warm-up counts from when the switch command returned, and under the
    // loaded suite one run saw 5.07 s between the command's own timestamp and the first frame;
    // alone it is 1.0–1.1 s.)
    let normalRows = rows.filter { $0.jobId == normal.id }
    #expect(normalRows.allSatisfy { $0.startedAt == nil || $0.startedAt! > first.startedAt! }, "\(rows)")
    #expect(normalRows.contains { $0.outcome == .completed })
    // Switched on once, off after the idle time.
    #expect(eventually(timeout: 10) { events().map(\.0) == ["on", "off"] }, "\(events())")
    #expect(amp.status.timesSwitchedOn == 1)
    #expect(amp.status.on == false)
  }

  @Test func aFailingAmplifierCommandIsReportedAndAudioStillPlays() throws {
    let amp = AmplifierPower(
      power: CommandAmplifier(on: "echo 'relay board not found' >&2; exit 3", off: "true"), warmUp: 0.1, idleOff: 60,
      logger: quietLogger())
    let h = try EngineHarness(amplifier: amp)
    let file = h.dir.file("tone.wav")
    try makeToneWAV(file, parts: [(440, 0.5, 0.5)])
    try h.engine.start()
    try h.submitFile(file)
    #expect(waitIdle(h))
    #expect(try h.rows().first?.outcome == .completed)
    #expect(amp.status.lastError?.contains("relay board not found") == true, "\(amp.status.lastError ?? "-")")
    #expect(amp.status.lastError?.contains("exit 3") == true)
  }

  @Test func recordingHoldsExactlyWhatWasWritten() throws {
    let rec = TempDir("loa-rec")
    let pop = ProofOfPlay(directory: rec.path, config: ProofOfPlay.Config(), logger: quietLogger())
    let h = try EngineHarness(
      volume: { VolumeControl(store: $0, mode: .software, emergencyMinimum: nil) }, recordings: pop)
    try h.engine.start()
    try h.engine.volume!.set(50)
    let file = h.dir.file("tone.wav")
    try makeToneWAV(file, parts: [(440, 2, 0.5)])
    try h.submitFile(file)
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 1)
    let rel = try #require(rows[0].recording)
    let path = try #require(pop.file(for: rel))
    let decoded = try decodeWithFFmpeg(path, sampleRate: speechFormat.sampleRate)
    #expect(abs(decoded.durationSeconds - 2.0) < 0.03, "recording \(decoded.durationSeconds) s")
    let hz = toneHz(decoded.samples[seconds(0.2)..<seconds(1.8)], sampleRate: speechFormat.sampleRate)
    #expect(abs(hz - 440) < 5, "\(hz) Hz")
    // The volume was applied before the device, so the recording has it too.
    let level = decoded.rmsDBFS(from: 0.2, to: 1.8)
    #expect(abs(level - (-27.1)) < 1.0, "recorded level \(level) dBFS")
    #expect(pop.file(for: "../loa.sqlite") == nil)
  }

  @Test(arguments: [true, false])
  func anMP3FilesRecordingIsTheFramesThatAiredUnlessCopyingIsOff(copy: Bool) throws {
    let rec = TempDir("loa-rec-mp3")
    var cfg = ProofOfPlay.Config()
    cfg.copyMP3 = copy
    let pop = ProofOfPlay(directory: rec.path, config: cfg, logger: quietLogger())
    let h = try EngineHarness(
      volume: { VolumeControl(store: $0, mode: .software, emergencyMinimum: nil) }, recordings: pop)
    try h.engine.start()
    try h.engine.volume!.set(50)
    let file = h.dir.file("programme.mp3")
    try makeMP3(file, seconds: 2, sampleRate: speechFormat.sampleRate, channels: 1)
    _ = try h.submitFile(file, title: "Chương trình tỉnh")
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 1)
    let rel = try #require(rows[0].recording)
    #expect(rel.hasSuffix(copy ? ".mp3" : ".opus"), "\(rel)")
    let path = try #require(pop.file(for: rel))
    let decoded = try decodeWithFFmpeg(path, sampleRate: speechFormat.sampleRate)
    #expect(
      abs(decoded.durationSeconds - speechFormat.seconds(frames: h.output.sampleCount)) < 0.06,
      "\(decoded.durationSeconds) s")
    let hz = toneHz(decoded.samples[seconds(0.2)..<seconds(1.8)], sampleRate: speechFormat.sampleRate)
    #expect(abs(hz - 440) < 5, "\(hz) Hz")
    // The copy is the file's frames, before the volume (ffmpeg's sine has amplitude 1/8: −21.1 dBFS
    // RMS); the Opus record is of the samples after it (50 = −18.1 dB more).
    let level = decoded.rmsDBFS(from: 0.2, to: 1.8)
    #expect(abs(level - (copy ? -21.1 : -39.2)) < 1.0, "recorded level \(level) dBFS")
  }

  @Test func retentionDropsOldRecordingsAndKeepsTheBudget() throws {
    let rec = TempDir("loa-retention")
    var cfg = ProofOfPlay.Config()
    cfg.keepDays = 90
    cfg.budgetBytes = 25_000
    let pop = ProofOfPlay(directory: rec.path, config: cfg, logger: quietLogger())
    let fm = FileManager.default
    let now = Date()
    func make(_ rel: String, bytes: Int, age days: Double) throws {
      let p = rec.path + "/" + rel
      try fm.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      _ = fm.createFile(atPath: p, contents: Data(repeating: 1, count: bytes))
      try fm.setAttributes([.modificationDate: now.addingTimeInterval(-days * 86_400)], ofItemAtPath: p)
    }
    try make("2026-08-01/old.opus", bytes: 1000, age: 91)
    try make("2026-10-01/a.opus", bytes: 10_000, age: 50)
    try make("2026-11-01/b.opus", bytes: 10_000, age: 20)
    try make("2026-11-20/c.opus", bytes: 10_000, age: 2)
    pop.sweep(now: now, force: true)
    #expect(pop.file(for: "2026-08-01/old.opus") == nil, "older than 90 days")
    #expect(!fm.fileExists(atPath: rec.path + "/2026-08-01"), "empty day folder removed")
    #expect(pop.file(for: "2026-10-01/a.opus") == nil, "oldest removed to fit 25 kB")
    #expect(pop.file(for: "2026-11-01/b.opus") != nil)
    #expect(pop.file(for: "2026-11-20/c.opus") != nil)
    #expect(pop.usedBytes() == 20_000)
  }

  @Test func aDeviceThatDisappearsMidAiringIsOpenedAgain() throws {
    let h = try EngineHarness(paced: true, configure: { $0.deviceRetrySeconds = 10 })
    let file = h.dir.file("tone.wav")
    try makeToneWAV(file, parts: [(440, 3, 0.5)])
    try h.engine.start()
    try h.submitFile(file)
    #expect(h.waitForAudio(seconds: 1))
    h.output.setGone("ALSA device 'hw:1': No such device")
    usleep(1_000_000)
    h.output.setGone(nil)
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 1)
    #expect(rows[0].outcome == .completed)
    #expect(rows[0].note?.contains("thiết bị âm thanh mất") == true, "\(rows[0].note ?? "-")")
    #expect(h.engine.status().deviceRecoveries == 1)
    #expect(h.engine.status().deviceOpen)
    // Everything after the loss still went out.
    #expect(h.output.sampleCount >= seconds(2.9))
  }

  @Test func aDeviceThatStaysGoneFailsTheAiringAndTheNextJobRecovers() throws {
    let h = try EngineHarness(paced: true, configure: { $0.deviceRetrySeconds = 0.5 })
    let file = h.dir.file("tone.wav")
    try makeToneWAV(file, parts: [(440, 2, 0.5)])
    try h.engine.start()
    try h.submitFile(file, title: "first")
    #expect(h.waitForAudio(seconds: 0.5))
    h.output.setGone("ALSA device 'hw:1': No such device")
    #expect(eventually(timeout: 10) { (try? h.rows().count) == 1 })
    h.output.setGone(nil)
    try h.submitFile(file, title: "second")
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 2)
    #expect(rows[0].outcome == .failed)
    #expect(rows[0].error?.contains("No such device") == true)
    #expect(rows[1].outcome == .completed)
  }
}

@Suite(.serialized, .ownThread) struct RecordingDiskTests {
  @Test(.enabled(if: TinyDisk.available, "needs root to mount a small tmpfs"))
  func aFullDiskStopsTheRecordingNotTheAudio() throws {
    let disk = try TinyDisk(kilobytes: 16)
    let pop = ProofOfPlay(directory: disk.path + "/recordings", config: ProofOfPlay.Config(), logger: quietLogger())
    let h = try EngineHarness(recordings: pop)
    try h.engine.start()
    let file = h.dir.file("long.wav")
    try makeToneWAV(file, parts: [(440, 20, 0.5)])  // ~60 kB of Opus at 24 kb/s on a 16 kB disk
    try h.submitFile(file)
    #expect(waitIdle(h))
    let rows = try h.rows()
    try #require(rows.count == 1)
    #expect(rows[0].outcome == .completed)
    #expect(abs((rows[0].durationSeconds ?? 0) - 20) < 0.01)
    #expect(rows[0].note?.contains("bản ghi phát sóng không đầy đủ") == true, "\(rows[0].note ?? "-")")
    #expect(h.output.sampleCount == speechFormat.frames(seconds: 20))
  }
}
