import COpusEnc
import Foundation

/// Writes PCM to an Ogg Opus file through libopusenc, at 48 kHz (libopus' own rate).
///
/// Speech and music at 24 kb/s mono, 120 ms frames, up to 8 kHz of audio: about 11 MB per hour
/// of airtime. Input at another rate is interpolated linearly to 48 kHz first: libopusenc's own
/// resampler cost a third of the recording's CPU (bench/mp3-cpu.sh). A write error (a full disk)
/// stops the recording and is reported; it never stops the audio.
public final class OpusRecorder {
  public let path: String
  public let format: AudioFormat
  private var encoder: OpaquePointer?
  /// To 48 kHz, when the input is at another rate.
  private var resampler: LinearResampler?
  public private(set) var frames = 0
  /// Why the recording stopped early, if it did.
  public private(set) var failure: String?

  /// - complexity: libopus' 0 (cheapest) … 10; proof of play needs little (bench/speech-cpu.sh).
  public init(
    path: String, format: AudioFormat, bitrate: Int = 24_000, complexity: Int = 0, tags: [String: String] = [:]
  ) throws(AudioError) {
    self.path = path
    self.format = format
    guard let comments = ope_comments_create() else { throw AudioError(.io, "libopusenc: out of memory") }
    defer { ope_comments_destroy(comments) }
    for (k, v) in tags.sorted(by: { $0.key < $1.key }) { ope_comments_add(comments, k, v) }
    var err: Int32 = 0
    let opusRate = 48_000
    if format.sampleRate != opusRate {
      resampler = LinearResampler(from: format.sampleRate, to: opusRate, channels: format.channels)
    }
    guard let enc = ope_encoder_create_file(path, comments, Int32(opusRate), Int32(format.channels), 0, &err)
    else {
      throw AudioError(.io, "cannot create recording '\(path)': \(Self.errorText(err))")
    }
    encoder = enc
    loa_ope_set_bitrate(enc, Int32(bitrate))
    loa_ope_set_complexity(enc, Int32(min(10, max(0, complexity))))
    // Proof of play, not a master: 120 ms frames and an 8 kHz band cost half the CPU of 20 ms
    // frames at full band (bench/speech-cpu.sh; docs/performance.md).
    loa_ope_set_frame_120ms(enc)
    loa_ope_set_max_bandwidth_wideband(enc)
  }

  deinit {
    if let encoder { ope_encoder_destroy(encoder) }
  }

  static func errorText(_ code: Int32) -> String {
    let s = String(cString: ope_strerror(code))
    return errno != 0 && code == OPE_CANNOT_OPEN ? "\(s) (\(String(cString: strerror(errno))))" : s
  }

  /// Appends interleaved frames. After a failure further writes are ignored.
  public func write(_ samples: UnsafeBufferPointer<Int16>, frames n: Int) {
    guard let enc = encoder, n > 0 else { return }
    let rc =
      resampler == nil
      ? ope_encoder_write(enc, samples.baseAddress, Int32(n))
      : resampler!.push(samples, frames: n) { out, m in
        m == 0 ? OPE_OK : ope_encoder_write(enc, out.baseAddress, Int32(m))
      }
    if rc != OPE_OK {
      failure = "recording stopped: \(Self.errorText(rc))"
      ope_encoder_destroy(enc)
      encoder = nil
      return
    }
    frames += n
  }

  /// Flushes and closes the file. Returns the seconds recorded, or throws when the file is not whole.
  @discardableResult
  public func finish() throws(AudioError) -> Double {
    if let enc = encoder {
      let rc = ope_encoder_drain(enc)
      ope_encoder_destroy(enc)
      encoder = nil
      if rc != OPE_OK && failure == nil { failure = "recording not finished: \(Self.errorText(rc))" }
    }
    if let failure { throw AudioError(.io, failure) }
    return format.seconds(frames: frames)
  }
}
