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
