import COpusEnc
import Foundation

/// Writes PCM to an Ogg Opus file through libopusenc (which resamples any input rate to 48 kHz).
///
/// Speech and music at 24 kb/s mono: about 11 MB per hour of airtime. A write error (a full
/// disk) stops the recording and is reported; it never stops the audio.
public final class OpusRecorder {
  public let path: String
  public let format: AudioFormat
  private var encoder: OpaquePointer?
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
    guard let enc = ope_encoder_create_file(path, comments, Int32(format.sampleRate), Int32(format.channels), 0, &err)
    else {
      throw AudioError(.io, "cannot create recording '\(path)': \(Self.errorText(err))")
    }
    encoder = enc
    loa_ope_set_bitrate(enc, Int32(bitrate))
    loa_ope_set_complexity(enc, Int32(min(10, max(0, complexity))))
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
    let rc = ope_encoder_write(enc, samples.baseAddress, Int32(n))
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
