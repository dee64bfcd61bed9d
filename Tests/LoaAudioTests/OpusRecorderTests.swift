import Foundation
import LoaTesting
import Testing

@testable import LoaAudio

/// The proof-of-play recorder: libopus frames in Ogg pages, read back by ffmpeg and opusinfo.
@Suite struct OpusRecorderTests {
  func tone(seconds: Double, rate: Int, channels: Int, hz: Double = 440) -> [Int16] {
    let frames = Int((seconds * Double(rate)).rounded())
    var out = [Int16](repeating: 0, count: frames * channels)
    for i in 0..<frames {
      let v = Int16(12_000 * sin(2 * Double.pi * hz * Double(i) / Double(rate)))
      for c in 0..<channels { out[i * channels + c] = v }
    }
    return out
  }

  func write(_ r: OpusRecorder, _ samples: [Int16], blocks: Int) {
    let ch = r.format.channels
    let frames = samples.count / ch
    var start = 0
    while start < frames {
      let n = min(blocks, frames - start)
      samples.withUnsafeBufferPointer { all in
        r.write(UnsafeBufferPointer(rebasing: all[(start * ch)..<((start + n) * ch)]), frames: n)
      }
      start += n
    }
  }

  @Test(arguments: [(44_100, 2), (22_050, 1), (48_000, 1)])
  func aRecordingHasItsExactLengthItsToneAndItsTags(rate: Int, channels: Int) throws {
    let dir = TempDir("loa-opus")
    let path = dir.file("r.opus")
    let format = AudioFormat(sampleRate: rate, channels: channels)
    let r = try OpusRecorder(path: path, format: format, tags: ["TITLE": "Thông báo lịch cắt điện", "LOA_JOB": "j-1"])
    write(r, tone(seconds: 1.2345, rate: rate, channels: channels), blocks: 1_000)
    let seconds = try r.finish()
    #expect(abs(seconds - 1.2345) < 0.0001)
    // The pre-skip and the last page's granule trim the encoder's delay and the last frame's
    // padding: what decodes is as long as what was written, to the sample at 48 kHz.
    let decoded = try decodeWithFFmpeg(path, sampleRate: 48_000)
    #expect(abs(decoded.samples.count - 59_256) <= 2, "\(decoded.samples.count) samples at 48 kHz")
    let hz = toneHz(decoded.samples[4_800..<52_000], sampleRate: 48_000)
    #expect(abs(hz - 440) < 3, "\(hz) Hz")
    let level = decoded.rmsDBFS(from: 0.1, to: 1.1)
    #expect(abs(level - (-11.7)) < 1.0, "\(level) dBFS")
    let probe = try runCommand(
      which("ffprobe") ?? "/usr/bin/ffprobe",
      ["-v", "error", "-show_entries", "stream_tags=TITLE,LOA_JOB:stream=channels", "-of", "default=nw=1", path])
    #expect(probe.stdout.contains("TAG:TITLE=Thông báo lịch cắt điện"), "\(probe.stdout)")
    #expect(probe.stdout.contains("TAG:LOA_JOB=j-1"), "\(probe.stdout)")
    #expect(probe.stdout.contains("channels=\(channels)"), "\(probe.stdout)")
    let info = try runCommand(which("opusinfo") ?? "/usr/bin/opusinfo", [path])
    #expect(info.status == 0 && !info.stdout.contains("WARNING") && !info.stdout.contains("ERROR"), "\(info.stdout)")
  }

  @Test func aRecordingCutShortStillPlaysToItsLastSecond() throws {
    let dir = TempDir("loa-opus-cut")
    let path = dir.file("r.opus")
    let r = try OpusRecorder(path: path, format: AudioFormat(sampleRate: 44_100, channels: 1))
    write(r, tone(seconds: 3.5, rate: 44_100, channels: 1), blocks: 441)
    // What a crash now would leave: the file as it stands, never finished.
    let copy = dir.file("cut.opus")
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    let decoded = try decodeWithFFmpeg(copy, sampleRate: 48_000)
    #expect(decoded.durationSeconds >= 2.9, "\(decoded.durationSeconds) s of 3.5 s")
    try r.finish()
  }

  @Test func aBadFormatOrPathIsRefusedByName() {
    let dir = TempDir("loa-opus-bad")
    #expect(throws: AudioError.self) {
      try OpusRecorder(path: dir.file("a.opus"), format: AudioFormat(sampleRate: 48_000, channels: 6))
    }
    do {
      _ = try OpusRecorder(path: dir.file("no/such/folder.opus"), format: AudioFormat(sampleRate: 48_000, channels: 1))
      Issue.record("created a file in a missing folder")
    } catch {
      #expect(error.message.contains("no/such/folder.opus") && error.message.contains("No such file"), "\(error)")
    }
  }
}
