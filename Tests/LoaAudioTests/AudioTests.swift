import Foundation
import LoaAudio
import LoaTesting
import Testing

/// Makes test files with sox, an independent encoder.
func soxFile(_ dir: TempDir, _ name: String, _ args: [String]) throws -> String {
  let path = dir.file(name)
  let r = try runCommand(which("sox")!, ["-n"] + args + [path, "synth", "0.5", "sine", "440", "vol", "0.5"])
  guard r.status == 0 else { throw RigError("sox failed: \(r.stderr)") }
  return path
}

func readAll(_ s: any PCMSource, frames: Int = 4096) throws -> [Int16] {
  var out: [Int16] = []
  var buf = [Int16](repeating: 0, count: frames * s.format.channels)
  while true {
    let n = try buf.withUnsafeMutableBufferPointer { try s.read(into: $0, maxFrames: frames) }
    if n == 0 { break }
    out += buf[0..<(n * s.format.channels)]
  }
  return out
}

/// A WAV header built byte by byte, for malformed-file tests.
func wavHeader(code: UInt16, channels: UInt16 = 1, rate: UInt32 = 44100, withData: Bool = true) -> [UInt8] {
  func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
  func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
  var b = Array("RIFF".utf8) + le32(36) + Array("WAVEfmt ".utf8) + le32(16)
  b += le16(code) + le16(channels) + le32(rate) + le32(rate * 2) + le16(2) + le16(16)
  if withData { b += Array("data".utf8) + le32(0) }
  return b
}

@Suite struct WAVFileTests {
  let dir = TempDir()

  @Test(arguments: [
    (["-r", "44100", "-c", "1", "-b", "16"], 44100, 1),
    (["-r", "48000", "-c", "2", "-b", "16"], 48000, 2),
    (["-r", "22050", "-c", "1", "-b", "8"], 22050, 1),
    (["-r", "16000", "-c", "1", "-b", "24"], 16000, 1),
    (["-r", "32000", "-c", "1", "-b", "32", "-e", "floating-point"], 32000, 1),
  ])
  func readsWhatSoxWrites(_ args: [String], _ rate: Int, _ channels: Int) throws {
    let path = try soxFile(dir, "t-\(rate)-\(channels).wav", args)
    let wav = try WAVFile(path: path)
    #expect(wav.format == AudioFormat(sampleRate: rate, channels: channels))
    #expect(wav.frameCount == rate / 2)
    let samples = try readAll(wav)
    let rec = PCMRecording(samples: samples, sampleRate: rate, channels: channels)
    // A sine at half scale: RMS = 0.5/sqrt(2) → about -9 dBFS.
    #expect(abs(rec.rmsDBFS() - (-9.03)) < 0.5, "\(rec.rmsDBFS())")
  }

  @Test func startsAtAFrame() throws {
    let path = try soxFile(dir, "s.wav", ["-r", "8000", "-c", "1", "-b", "16"])
    let all = try readAll(try WAVFile(path: path))
    let tail = try readAll(try WAVFile(path: path, startFrame: 1000))
    #expect(firstDifference(tail, Array(all[1000...])) == nil)
  }

  @Test func badFilesAreNamed() throws {
    let cases: [(String, String)] = [
      (dir.write("text.wav", "this is not audio"), "not a WAV file"),
      (dir.write("empty.wav", ""), "not a WAV file"),
      (dir.write("nodata.wav", bytes: wavHeader(code: 1, withData: false)), "no 'data' chunk"),
      (dir.write("mp3.wav", bytes: wavHeader(code: 0x55)), "unsupported WAV encoding 85"),
      (dir.write("rate.wav", bytes: wavHeader(code: 1, rate: 1000)), "unsupported sample rate 1000"),
      (dir.write("chan.wav", bytes: wavHeader(code: 1, channels: 0)), "unsupported channel count 0"),
      (dir.write("silent.wav", bytes: wavHeader(code: 1)), "holds no audio"),
      (dir.file("missing.wav"), "no such file"),
    ]
    for (path, expected) in cases {
      do {
        _ = try WAVFile(path: path)
        Issue.record("accepted \(path)")
      } catch {
        #expect(error.message.contains(expected), "\(error.message)")
      }
    }
  }
}

@Suite struct ConverterTests {
  @Test func upsamplesSpeechRate() throws {
    let input = BufferSource(
      format: AudioFormat(sampleRate: 22050, channels: 1), samples: (0..<22050).map { Int16($0 % 1000) })
    let out = try readAll(FormatConverter(input, to: AudioFormat(sampleRate: 44100, channels: 1)))
    #expect(abs(out.count - 44100) <= 2)
    // Interpolated values lie between neighbours.
    #expect(out[0] == 0 && out[2] == 1 && out[1] >= 0 && out[1] <= 1)
  }

  /// The converter's output is the linear interpolation walked over the whole input at once,
  /// sample for sample, whatever size its reads are and wherever its input buffer refills.
  @Test func resamplesExactlyWhateverTheReadSize() throws {
    let s: [Int16] = (0..<20_000).map { Int16(truncatingIfNeeded: ($0 &* 7919) % 20_000 - 10_000) }
    var expected: [Int16] = []
    var i = 0
    var f = 0.0
    while i < s.count {
      let a = Double(s[i])
      let b = Double(s[min(i + 1, s.count - 1)])
      expected.append(Int16(clamping: Int((a + (b - a) * f).rounded())))
      f += 22050.0 / 44100.0
      let whole = Int(f)
      i += whole
      f -= Double(whole)
    }
    for frames in [1, 7, 441, 4096, 10_000] {
      let input = BufferSource(format: AudioFormat(sampleRate: 22050, channels: 1), samples: s)
      let out = try readAll(FormatConverter(input, to: AudioFormat(sampleRate: 44100, channels: 1)), frames: frames)
      #expect(firstDifference(out, expected) == nil, "reads of \(frames) frames")
    }
  }

  @Test func downsamplesAndMixesToMono() throws {
    var stereo: [Int16] = []
    for _ in 0..<48000 { stereo += [1000, 3000] }
    let input = BufferSource(format: AudioFormat(sampleRate: 48000, channels: 2), samples: stereo)
    let out = try readAll(FormatConverter(input, to: AudioFormat(sampleRate: 16000, channels: 1)))
    #expect(abs(out.count - 16000) <= 2)
    #expect(out.allSatisfy { $0 == 2000 })
  }

  @Test func monoToStereoDuplicates() throws {
    let input = BufferSource(format: AudioFormat(sampleRate: 8000, channels: 1), samples: [1, 2, 3, 4])
    let out = try readAll(FormatConverter(input, to: AudioFormat(sampleRate: 8000, channels: 2)))
    #expect(out == [1, 1, 2, 2, 3, 3, 4, 4])
  }

  @Test func passThroughIsExact() throws {
    let s: [Int16] = (0..<5000).map { Int16(truncatingIfNeeded: $0 &* 37) }
    let out = try readAll(
      FormatConverter(
        BufferSource(format: AudioFormat(sampleRate: 44100, channels: 1), samples: s),
        to: AudioFormat(sampleRate: 44100, channels: 1)))
    #expect(firstDifference(out, s) == nil)
  }
}

@Suite struct ChimeTests {
  @Test func chimeIsAudibleAndEndsQuiet() {
    let f = AudioFormat(sampleRate: 44100, channels: 1)
    let rec = PCMRecording(samples: Chime.samples(format: f), sampleRate: 44100)
    #expect(abs(rec.durationSeconds - Chime.duration) < 0.01)
    #expect(rec.rmsDBFS(from: 0, to: 1) > -20)
    #expect(rec.rmsDBFS(from: Chime.duration - 0.05) < -50)
  }
}

@Suite struct ALSAOutputTests {
  /// The ALSA `file` plugin (slave `null`) captures the exact bytes written, no sound card needed.
  @Test func writesExactBytesThroughALSA() throws {
    let dir = TempDir()
    let raw = dir.file("cap.raw")
    let f = AudioFormat(sampleRate: 22050, channels: 1)
    let out = ALSAOutput(device: "file:'\(raw)',raw", format: f)
    try out.open()
    let samples: [Int16] = (0..<22050).map { Int16(truncatingIfNeeded: ($0 * 131) % 20000 - 10000) }
    let accepted = try samples.withUnsafeBufferPointer { try out.write($0, frames: samples.count) }
    #expect(accepted == samples.count)
    out.close()
    let rec = try PCMRecording(rawFile: raw, sampleRate: 22050)
    #expect(firstDifference(rec.samples, samples) == nil)
  }

  @Test func missingDeviceGivesTheALSAErrorAndCanRetry() throws {
    let out = ALSAOutput(device: "hw:77,0", format: AudioFormat(sampleRate: 44100, channels: 1))
    do {
      try out.open()
      Issue.record("opened a device that does not exist")
    } catch {
      #expect(error.message.contains("hw:77,0"))
      #expect(error.message.contains("cannot be opened"))
      // The ALSA reason follows (its wording depends on the machine: no such device, invalid argument).
      let reason = error.message.components(separatedBy: "cannot be opened: ").last ?? ""
      #expect(reason.count > 3, "\(error.message)")
    }
    // The same output can be used again once the device exists: here a second open still fails cleanly.
    #expect(throws: AudioError.self) { try out.open() }
  }

  @Test func unknownPCMNameIsAnError() {
    let out = ALSAOutput(device: "no_such_pcm_name", format: AudioFormat(sampleRate: 44100, channels: 1))
    #expect(throws: AudioError.self) { try out.open() }
  }
}
