/// Something that produces PCM frames: speech, a decoded file, a chime, silence.
///
/// A source is owned by the one thread that reads it (the player): `read` and `cancel()` are
/// called from that thread only, and `cancel()` makes the next `read` return 0. Sources with a
/// producer thread of their own (speech synthesis, a relay's HTTP stream) guard what that
/// thread shares with a lock inside.
public protocol PCMSource: AnyObject {
  var format: AudioFormat { get }
  /// Reads up to `maxFrames` interleaved frames. Returns 0 at the end.
  func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int
  func cancel()
}

/// A source over samples already in memory.
public final class BufferSource: PCMSource {
  public let format: AudioFormat
  private let samples: [Int16]
  private var position = 0  // in samples

  public init(format: AudioFormat, samples: [Int16]) {
    self.format = format
    self.samples = samples
  }

  public var frameCount: Int { samples.count / format.channels }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) -> Int {
    let remainingFrames = (samples.count - position) / format.channels
    let n = min(maxFrames, remainingFrames)
    guard n > 0 else { return 0 }
    let count = n * format.channels
    samples.withUnsafeBufferPointer { src in
      buffer.baseAddress!.update(from: src.baseAddress! + position, count: count)
    }
    position += count
    return n
  }

  public func cancel() { position = samples.count }
}

/// Digital silence for a number of frames (gaps between repetitions).
public final class SilenceSource: PCMSource {
  public let format: AudioFormat
  private var remaining: Int

  public init(format: AudioFormat, frames: Int) {
    self.format = format
    self.remaining = frames
  }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) -> Int {
    let n = min(maxFrames, remaining)
    guard n > 0 else { return 0 }
    buffer.baseAddress!.update(repeating: 0, count: n * format.channels)
    remaining -= n
    return n
  }

  public func cancel() { remaining = 0 }
}
