import Foundation
import LoaTesting
import Testing

@testable import LoaAudio

/// The record of an MP3 file's airing: the MPEG frames that aired, copied, read back by
/// libmpg123, ffmpeg and ffprobe; and libmpg123 frame by frame against the mpg123 program.
@Suite struct MP3FrameRecorderTests {
  let dir = TempDir("loa-mp3rec")

  func readAll(
    _ s: any PCMSource, block: Int = 1_000, upTo limit: Int = .max, each: ([Int16], Int) -> Void = { _, _ in }
  )
    throws -> [Int16]
  {
    var all: [Int16] = []
    var buf = [Int16](repeating: 0, count: block * s.format.channels)
    while all.count / s.format.channels < limit {
      let want = min(block, limit - all.count / s.format.channels)
      let n = try buf.withUnsafeMutableBufferPointer { try s.read(into: $0, maxFrames: want) }
      if n == 0 { break }
      let got = Array(buf.prefix(n * s.format.channels))
      each(got, n)
      all += got
    }
    return all
  }

  /// Plays `source` into a recorder the way the player does (each block written as the device
  /// takes it), at most `limit` frames; returns what was read.
  func record(_ source: MP3File, to path: String, upTo limit: Int = .max, tags: [String: String] = [:]) throws
    -> [Int16]
  {
    let r = try MP3FrameRecorder(path: path, format: source.format, source: source, tags: tags)
    let read = try readAll(source, upTo: limit) { got, n in
      got.withUnsafeBufferPointer { r.write($0, frames: n) }
    }
    let seconds = try r.finish()
    #expect(abs(seconds - source.format.seconds(frames: read.count / source.format.channels)) < 1e-9)
    return read
  }

  @Test(arguments: [(44_100, 2), (22_050, 1), (8_000, 1)])
  func framesDecodeToWhatTheMpg123ProgramGives(rate: Int, channels: Int) throws {
    let path = dir.file("t-\(rate).mp3")
    try makeMP3(path, seconds: 2, sampleRate: rate, channels: channels, bitrate: "32k")
    let ours = try readAll(try MP3File(path: path, format: AudioFormat(sampleRate: rate, channels: channels)))
    let raw = dir.file("t-\(rate).raw")
    let r = try runCommand("/bin/sh", ["-c", "mpg123 -q --no-gapless -s '\(path)' > '\(raw)'"])
    #expect(r.status == 0, "\(r.stderr)")
    let theirs = try Data(contentsOf: URL(fileURLWithPath: raw)).withUnsafeBytes {
      Array($0.bindMemory(to: Int16.self))
    }
    #expect(ours.count == theirs.count, "\(ours.count) against \(theirs.count) samples")
    #expect(ours == theirs)
  }

  @Test func theRecordOfAWholeFileIsItsFramesAndItsTags() throws {
    let path = dir.file("whole.mp3")
    try makeMP3(path, seconds: 3, sampleRate: 44_100, channels: 1)
    let format = AudioFormat(sampleRate: 44_100, channels: 1)
    let rec = dir.file("whole-rec.mp3")
    let aired = try record(
      try MP3File(path: path, format: format, keepFrames: true), to: rec,
      tags: ["TITLE": "Chương trình phát thanh tỉnh", "LOA_JOB": "j-7", "LOA_CLASS": "normal"])
    // The same frames: the same samples, bit for bit, and no more bytes than the file had.
    let back = try readAll(try MP3File(path: rec, format: format))
    #expect(back.count == aired.count, "\(back.count) against \(aired.count)")
    #expect(back == aired)
    let size = { (p: String) in ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? Int) ?? 0 }
    #expect(size(rec) > 0 && size(rec) <= size(path), "record \(size(rec)) B, file \(size(path)) B")
    // Other tools read it too, with its tags.
    let ff = try decodeWithFFmpeg(rec, sampleRate: 44_100)
    #expect(abs(ff.durationSeconds - format.seconds(frames: aired.count)) < 0.06, "\(ff.durationSeconds) s")
    let probe = try runCommand(
      which("ffprobe") ?? "/usr/bin/ffprobe",
      ["-v", "error", "-show_entries", "format_tags:format=format_name", "-of", "default=nw=1", rec])
    #expect(probe.stdout.contains("format_name=mp3"), "\(probe.stdout)")
    #expect(probe.stdout.contains("TAG:title=Chương trình phát thanh tỉnh"), "\(probe.stdout)")
    #expect(probe.stdout.contains("TAG:LOA_JOB=j-7"), "\(probe.stdout)")
  }

  /// A 3 s mono tone at 44.1 kHz, its format, and all it decodes to.
  func threeSeconds(_ name: String) throws -> (path: String, format: AudioFormat, whole: [Int16]) {
    let path = dir.file(name)
    try makeMP3(path, seconds: 3, sampleRate: 44_100, channels: 1)
    let format = AudioFormat(sampleRate: 44_100, channels: 1)
    return (path, format, try readAll(try MP3File(path: path, format: format)))
  }

  @Test func aRecordCutShortEndsWithTheFrameOfTheLastSampleAired() throws {
    let (path, format, whole) = try threeSeconds("cut.mp3")
    let rec = dir.file("cut-rec.mp3")
    let aired = try record(try MP3File(path: path, format: format, keepFrames: true), to: rec, upTo: 44_100)
    #expect(aired.count == 44_100)
    let back = try readAll(try MP3File(path: rec, format: format))
    // Up to the end of the MPEG frame (1,152 samples) that holds the last sample the device took.
    #expect(back.count >= 44_100 && back.count < 44_100 + 1_152, "\(back.count) samples")
    #expect(back[...] == whole[0..<back.count])
  }

  @Test func aResumedAiringIsRecordedFromTheFrameItResumedIn() throws {
    let (path, format, whole) = try threeSeconds("resume.mp3")
    let rec = dir.file("resume-rec.mp3")
    let aired = try record(try MP3File(path: path, format: format, startFrame: 50_000, keepFrames: true), to: rec)
    #expect(aired.count == whole.count - 50_000)
    let back = try readAll(try MP3File(path: rec, format: format))
    // From the start of the frame that holds frame 50,000 (a decoder may lose the first frame or
    // two of the record: their bit reservoir is in frames that did not air).
    #expect(
      back.count >= aired.count - 2 * 1_152 && back.count < aired.count + 1_152, "\(back.count) of \(aired.count)")
    // The same frames as the file's, so the same audio — to the last bit but for a rare sample one
    // step off: a decoder started mid-file carries other floating-point rounding in its filter
    // state (the mpg123 program started at that frame, `-k 43`, gives the same one-step difference).
    let tail = 22_050
    let steps = zip(back.suffix(tail), whole.suffix(tail)).map { abs(Int($0) - Int($1)) }
    #expect(steps.max() ?? 99 <= 1 && steps.filter { $0 > 0 }.count <= 10, "max \(steps.max() ?? -1)")
  }

  @Test func framesNobodyTakesAreLetGo() throws {
    let path = dir.file("long.mp3")
    try makeMP3(path, seconds: 130, sampleRate: 44_100, channels: 1, bitrate: "32k")
    let source = try MP3File(path: path, format: AudioFormat(sampleRate: 44_100, channels: 1), keepFrames: true)
    var most = 0
    _ = try readAll(source, block: 44_100) { _, _ in most = max(most, source.keptCount) }
    // 130 s is ~4,980 frames; nothing took them, and no more than 4,096 + one read's were kept.
    #expect(most <= 4_096 + 64, "\(most) frames kept")
    #expect(most >= 4_000, "\(most): frames were kept until the bound")
  }

  @Test func aFullDiskStopsTheRecordNotTheReading() throws {
    let path = dir.file("full.mp3")
    try makeMP3(path, seconds: 2, sampleRate: 44_100, channels: 1)
    let format = AudioFormat(sampleRate: 44_100, channels: 1)
    // The tag cannot be written: refused at once, by name.
    #expect {
      _ = try MP3FrameRecorder(
        path: "/dev/full", format: format, source: try MP3File(path: path, format: format, keepFrames: true),
        tags: ["TITLE": "x"])
    } throws: { ($0 as? AudioError)?.message.contains("No space left") == true }
    // Without a tag the first write fails: the reading goes on, the record says why it is not whole.
    let source = try MP3File(path: path, format: format, keepFrames: true)
    let r = try MP3FrameRecorder(path: "/dev/full", format: format, source: source)
    let read = try readAll(source) { got, n in got.withUnsafeBufferPointer { r.write($0, frames: n) } }
    #expect(read.count > 80_000)
    #expect(r.failure?.contains("No space left") == true, "\(r.failure ?? "-")")
    #expect(throws: AudioError.self) { try r.finish() }
  }

  @Test func aSourceThatKeepsNoFramesIsRefused() throws {
    let path = dir.file("plain.mp3")
    try makeMP3(path, seconds: 1, sampleRate: 44_100, channels: 1)
    let format = AudioFormat(sampleRate: 44_100, channels: 1)
    #expect(throws: AudioError.self) {
      try MP3FrameRecorder(path: dir.file("x.mp3"), format: format, source: try MP3File(path: path, format: format))
    }
    #expect(MP3FrameRecorder.id3([:]).isEmpty)
  }
}
