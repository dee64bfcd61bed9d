import CLame
import Foundation

/// PCM to MP3 with libmp3lame (CBR, no lookahead beyond the codec's own), for a live source.
public final class MP3Encoder {
  private let lame: OpaquePointer
  public let format: AudioFormat
  private var out = [UInt8](repeating: 0, count: 64 * 1024)

  public init(format: AudioFormat, kbps: Int = 64) throws(AudioError) {
    guard format.channels == 1 || format.channels == 2, let l = lame_init() else {
      throw AudioError(.decode, "cannot start the MP3 encoder")
    }
    self.format = format
    lame_set_in_samplerate(l, Int32(format.sampleRate))
    lame_set_out_samplerate(l, Int32(format.sampleRate))
    lame_set_num_channels(l, Int32(format.channels))
    lame_set_mode(l, format.channels == 1 ? MONO : JOINT_STEREO)
    lame_set_brate(l, Int32(kbps))
    lame_set_quality(l, 7)  // fast: a commune PC, a voice
    guard lame_init_params(l) >= 0 else {
      lame_close(l)
      throw AudioError(.decode, "the MP3 encoder does not take \(format) at \(kbps) kbit/s")
    }
    lame = l
  }

  deinit { lame_close(lame) }

  /// Encodes interleaved samples; returns whatever MP3 bytes are ready.
  public func encode(_ samples: [Int16]) -> [UInt8] {
    let frames = samples.count / format.channels
    guard frames > 0 else { return [] }
    let need = frames * 5 / 4 + 7200
    if out.count < need { out = [UInt8](repeating: 0, count: need) }
    var pcm = samples
    let n = pcm.withUnsafeMutableBufferPointer { p in
      out.withUnsafeMutableBufferPointer { o in
        format.channels == 1
          ? lame_encode_buffer(lame, p.baseAddress, p.baseAddress, Int32(frames), o.baseAddress, Int32(o.count))
          : lame_encode_buffer_interleaved(lame, p.baseAddress, Int32(frames), o.baseAddress, Int32(o.count))
      }
    }
    return n > 0 ? Array(out[0..<Int(n)]) : []
  }

  /// What the encoder still holds, at the end.
  public func flush() -> [UInt8] {
    let n = out.withUnsafeMutableBufferPointer { o in lame_encode_flush(lame, o.baseAddress, Int32(o.count)) }
    return n > 0 ? Array(out[0..<Int(n)]) : []
  }
}
