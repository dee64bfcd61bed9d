import Foundation

/// Makes an MP3 of a sine tone with ffmpeg (a real encoder, as the province would use).
public func makeMP3(
  _ path: String, seconds: Double, sampleRate: Int, channels: Int, frequency: Int = 440, bitrate: String = "64k"
) throws {
  let r = try runCommand(
    which("ffmpeg") ?? "/usr/bin/ffmpeg",
    [
      "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
      "sine=frequency=\(frequency):sample_rate=\(sampleRate):duration=\(seconds)", "-ac", String(channels),
      "-ar", String(sampleRate), "-c:a", "libmp3lame", "-b:a", bitrate, path,
    ])
  guard r.status == 0 else { throw RigError("ffmpeg failed: \(r.stderr)") }
}

/// Makes a mono WAV of tone parts with sox: each part a frequency (nil = digital silence), a length
/// and an amplitude (0–1).
public func makeToneWAV(
  _ path: String, sampleRate: Int = 22050, parts: [(hz: Int?, seconds: Double, amplitude: Double)]
)
  throws
{
  var inputs: [String] = []
  for (i, p) in parts.enumerated() {
    let part = path + ".part\(i).wav"
    var args = ["-n", "-r", String(sampleRate), "-c", "1", "-b", "16", part, "synth", String(p.seconds)]
    args += ["sine", String(p.hz ?? 1000), "vol", String(p.hz == nil ? 0 : p.amplitude)]
    let r = try runCommand(which("sox") ?? "/usr/bin/sox", args)
    guard r.status == 0 else { throw RigError("sox failed: \(r.stderr)") }
    inputs.append(part)
  }
  let r = try runCommand(which("sox") ?? "/usr/bin/sox", inputs + [path])
  guard r.status == 0 else { throw RigError("sox failed: \(r.stderr)") }
  for p in inputs { try? FileManager.default.removeItem(atPath: p) }
}

/// The frequency of a tone from its zero crossings.
public func toneHz(_ x: ArraySlice<Int16>, sampleRate: Int) -> Double {
  var c = 0
  var prev = x.first ?? 0
  for v in x.dropFirst() {
    if (prev < 0) != (v < 0) { c += 1 }
    prev = v
  }
  return Double(c) / 2 / (Double(x.count) / Double(sampleRate))
}

/// Decodes any audio file (an Ogg Opus recording) to mono s16 PCM at a rate, with ffmpeg.
public func decodeWithFFmpeg(_ path: String, sampleRate: Int) throws -> PCMRecording {
  let raw = path + ".decoded.raw"
  let r = try runCommand(
    which("ffmpeg") ?? "/usr/bin/ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-y", "-i", path, "-f", "s16le", "-ac", "1", "-ar", String(sampleRate), raw])
  guard r.status == 0 else { throw RigError("ffmpeg cannot decode \(path): \(r.stderr)") }
  defer { try? FileManager.default.removeItem(atPath: raw) }
  return try PCMRecording(rawFile: raw, sampleRate: sampleRate)
}
