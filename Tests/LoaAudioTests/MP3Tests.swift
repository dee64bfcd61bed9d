import Foundation
import LoaAudio
import LoaTesting
import Testing

@Suite struct MP3Tests {
  let dir = TempDir("loa-mp3")
  let out = AudioFormat(sampleRate: 22050, channels: 1)

  func decodeAll(_ s: any PCMSource) throws -> [Int16] {
    var all: [Int16] = []
    var buf = [Int16](repeating: 0, count: 4096 * s.format.channels)
    while true {
      let n = try buf.withUnsafeMutableBufferPointer { try s.read(into: $0, maxFrames: 4096) }
      if n == 0 { break }
      all += buf.prefix(n * s.format.channels)
    }
    return all
  }

  /// Zero crossings per second of a mono signal ≈ 2 × its frequency.
  func frequency(_ x: [Int16], rate: Int) -> Double {
    var crossings = 0
    for i in 1..<x.count where (x[i - 1] < 0) != (x[i] < 0) { crossings += 1 }
    return Double(crossings) / 2 / (Double(x.count) / Double(rate))
  }

  @Test(arguments: [(8000, 1), (22050, 1), (44100, 2), (48000, 2), (32000, 1)])
  func decodesAnyRateAndChannelCountToTheOutputFormat(_ rate: Int, _ channels: Int) throws {
    let path = dir.file("tone-\(rate)-\(channels).mp3")
    try makeMP3(path, seconds: 2, sampleRate: rate, channels: channels)
    let src = try AudioFile.open(path, format: out)
    #expect(src.format == out)
    let pcm = try decodeAll(src)
    let seconds = out.seconds(frames: pcm.count)
    // MP3 adds encoder delay and padding, which Loa keeps (gapless trimming is off): a few tens of
    // milliseconds, up to three 72 ms frames at the MPEG-2.5 rates (8 kHz).
    let slack = rate < 16000 ? 0.25 : 0.15
    #expect(abs(seconds - 2) < slack, "\(seconds) s")
    let edge = out.frames(seconds: 0.3)
    let f = frequency(Array(pcm.dropFirst(edge).dropLast(edge)), rate: out.sampleRate)
    #expect(abs(f - 440) < 10, "\(f) Hz")
    #expect(abs(try AudioFile.duration(path) - 2) < slack)
  }

  @Test func resumesFromAFrame() throws {
    let path = dir.file("resume.mp3")
    try makeMP3(path, seconds: 3, sampleRate: 44100, channels: 1)
    let whole = try decodeAll(try AudioFile.open(path, format: out))
    let tail = try decodeAll(try AudioFile.open(path, format: out, startFrame: 22050))
    #expect(abs(tail.count - (whole.count - 22050)) <= 1)
  }

  @Test func badFilesAreRefusedWithTheReason() throws {
    let html = dir.write("page.mp3", "<!doctype html><html><body>404 Not Found</body></html>")
    #expect {
      _ = try AudioFile.open(html, format: out)
    } throws: { ($0 as? AudioError)?.message.contains("not an MP3 or WAV") == true }
    // Truncated and corrupted MP3: no crash; whatever decodes is returned or a clear error.
    let good = dir.file("good.mp3")
    try makeMP3(good, seconds: 2, sampleRate: 44100, channels: 1)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: good)))
    for i in stride(from: 2000, to: bytes.count, by: 97) { bytes[i] ^= 0x5A }
    let corrupt = dir.write("corrupt.mp3", bytes: bytes)
    do {
      let pcm = try decodeAll(try AudioFile.open(corrupt, format: out))
      #expect(pcm.count < out.frames(seconds: 2.5))
    } catch let e as AudioError {
      #expect(!e.message.isEmpty)
    }
    let empty = dir.write("empty.mp3", "")
    #expect(throws: AudioError.self) { _ = try AudioFile.open(empty, format: out) }
    #expect(throws: AudioError.self) { _ = try AudioFile.open(dir.file("missing.mp3"), format: out) }
  }
}
