import COpus
import Foundation

/// Writes PCM to an Ogg Opus file: libopus' encoder on 20 ms frames at 48 kHz (its own rate), the
/// pages written with libogg (`OggOpusFile`).
///
/// Speech and music at 16 kb/s by default, up to 8 kHz of audio, CELT only (libopus' restricted
/// low-delay application): about 7.3 MB per hour of airtime. libopus' work grows with the bitrate,
/// not with the input rate: 16 kb/s costs a fifth less CPU than 24 (bench/speech-cpu.sh,
/// docs/performance.md).
/// Input at another rate is interpolated linearly to 48 kHz first. A write error (a full disk)
/// stops the recording and is reported; it never stops the audio.
public final class OpusRecorder {
  public let path: String
  public let format: AudioFormat
  private var encoder: OpaquePointer?
  private var file: OggOpusFile?
  /// To 48 kHz, when the input is at another rate.
  private var resampler: LinearResampler?
  /// The frame being filled (interleaved, 48 kHz), and the packet it is encoded into.
  private var pending: [Int16]
  private var pendingFrames = 0
  private var packet = [UInt8](repeating: 0, count: 4_000)
  /// Frames at 48 kHz handed to the encoder, the last one's padding not counted.
  private var encodedFrames = 0
  public private(set) var frames = 0
  /// Why the recording stopped early, if it did.
  public private(set) var failure: String?

  static let opusRate = 48_000
  /// 20 ms: libopus' cost per hour was the same at 20, 40, 60 and 120 ms (bench notes).
  static let frameSize = 960

  /// - complexity: libopus' 0 (cheapest) … 10; proof of play needs little (bench/speech-cpu.sh).
  public init(
    path: String, format: AudioFormat, bitrate: Int = 16_000, complexity: Int = 0, tags: [String: String] = [:]
  ) throws(AudioError) {
    self.path = path
    self.format = format
    guard (1...2).contains(format.channels) else {
      throw AudioError(.io, "recording: \(format.channels) channels (1 or 2 only)")
    }
    var err: Int32 = 0
    guard
      let enc = opus_encoder_create(
        Int32(Self.opusRate), Int32(format.channels), OPUS_APPLICATION_RESTRICTED_LOWDELAY, &err)
    else {
      throw AudioError(.io, "libopus: \(String(cString: opus_strerror(err)))")
    }
    encoder = enc
    loa_opus_set_bitrate(enc, Int32(bitrate))
    loa_opus_set_complexity(enc, Int32(min(10, max(0, complexity))))
    loa_opus_set_max_bandwidth_wideband(enc)
    pending = [Int16](repeating: 0, count: Self.frameSize * format.channels)
    if format.sampleRate != Self.opusRate {
      resampler = LinearResampler(from: format.sampleRate, to: Self.opusRate, channels: format.channels)
    }
    do {
      file = try OggOpusFile(
        path: path, channels: format.channels, inputRate: format.sampleRate,
        preSkip: Int(loa_opus_lookahead(enc)), vendor: String(cString: opus_get_version_string()), tags: tags)
    } catch {
      opus_encoder_destroy(enc)
      encoder = nil
      throw error
    }
  }

  deinit {
    if let encoder { opus_encoder_destroy(encoder) }
  }

  /// Appends interleaved frames. After a failure further writes are ignored.
  public func write(_ samples: UnsafeBufferPointer<Int16>, frames n: Int) {
    guard encoder != nil, n > 0 else { return }
    if resampler == nil {
      take(samples, frames: n)
    } else {
      resampler!.push(samples, frames: n) { out, m in take(out, frames: m) }
    }
    if let problem = file?.failure { stop(problem) }
    if encoder != nil { frames += n }
  }

  /// Fills frames of 20 ms and encodes each one full.
  private func take(_ samples: UnsafeBufferPointer<Int16>, frames n: Int) {
    let ch = format.channels
    var from = 0
    while from < n, encoder != nil {
      let count = min(n - from, Self.frameSize - pendingFrames)
      pending.withUnsafeMutableBufferPointer { dst in
        for k in 0..<(count * ch) { dst[pendingFrames * ch + k] = samples[from * ch + k] }
      }
      pendingFrames += count
      from += count
      if pendingFrames == Self.frameSize {
        guard let bytes = encodePending() else { return }
        encodedFrames += Self.frameSize
        packet.withUnsafeBufferPointer {
          file?.append(UnsafeBufferPointer(rebasing: $0[0..<bytes]), samples: Self.frameSize)
        }
      }
    }
  }

  /// Encodes the pending frame (padded with silence) into `packet`; nil after stopping on an error.
  private func encodePending() -> Int? {
    guard let enc = encoder else { return nil }
    let ch = format.channels
    pending.withUnsafeMutableBufferPointer { for k in (pendingFrames * ch)..<$0.count { $0[k] = 0 } }
    let bytes = pending.withUnsafeBufferPointer { pcm in
      packet.withUnsafeMutableBufferPointer { out in
        opus_encode(enc, pcm.baseAddress!, Int32(Self.frameSize), out.baseAddress!, Int32(out.count))
      }
    }
    pendingFrames = 0
    if bytes < 0 {
      stop("libopus: \(String(cString: opus_strerror(bytes)))")
      return nil
    }
    return Int(bytes)
  }

  private func stop(_ problem: String) {
    failure = failure ?? "recording stopped: \(problem)"
    if let encoder { opus_encoder_destroy(encoder) }
    encoder = nil
  }

  /// Flushes and closes the file. Returns the seconds recorded, or throws when the file is not whole.
  @discardableResult
  public func finish() throws(AudioError) -> Double {
    if encoder != nil, let file {
      // The rest of the input, and the encoder's look-ahead, go out in a last padded frame.
      let rest = pendingFrames
      if let bytes = encodePending() {
        packet.withUnsafeBufferPointer {
          file.finish(
            lastPacket: UnsafeBufferPointer(rebasing: $0[0..<bytes]), totalSamples: encodedFrames + rest)
        }
      }
      if let problem = file.failure { failure = failure ?? "recording not finished: \(problem)" }
      if let encoder { opus_encoder_destroy(encoder) }
      encoder = nil
    }
    file = nil
    if let failure { throw AudioError(.io, failure) }
    return format.seconds(frames: frames)
  }
}
