/// Converts a source to the output format: channel mapping and linear-interpolation resampling.
///
/// Linear interpolation is enough for horn loudspeakers (their response ends near 8 kHz);
/// it keeps CPU low on the small ARM board. When formats match it is a pass-through.
public final class FormatConverter: PCMSource {
  public let format: AudioFormat
  private let input: PCMSource
  private let inFormat: AudioFormat
  private var inBuffer: [Int16]
  private var inFrames = 0  // valid frames in inBuffer
  private var inIndex = 0  // integer frame index into inBuffer
  /// Where the next output frame falls between inIndex and inIndex + 1, in 1/`interpolation.den`
  /// of a frame.
  private var rem = 0
  private var ended = false
  private let interpolation: Interpolation
  /// Frames of the input consumed so far (for resuming files where they stopped).
  public private(set) var inputFramesConsumed = 0

  public init(_ input: PCMSource, to format: AudioFormat) {
    self.input = input
    self.format = format
    self.inFormat = input.format
    self.interpolation = Interpolation(from: input.format.sampleRate, to: format.sampleRate)
    self.inBuffer = [Int16](repeating: 0, count: 4096 * input.format.channels)
  }

  public func cancel() { input.cancel() }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    if inFormat == format {
      let n = try input.read(into: buffer, maxFrames: maxFrames)
      inputFramesConsumed += n
      return n
    }
    var produced = 0
    while produced < maxFrames {
      if inIndex + 1 >= inFrames && !ended {
        try refill()
        continue
      }
      if inIndex >= inFrames { break }  // ended and used up
      produced += convert(into: buffer, from: produced, maxFrames: maxFrames)
    }
    return produced
  }

  /// Converts frames from the buffered input until `maxFrames` are out or the next frame needs a
  /// refill. The state is copied to locals and the input read through a pointer: the member
  /// accesses' exclusivity checks had been half of the daemon's CPU while speaking (perf); the
  /// arithmetic is integer (`Interpolation`).
  private func convert(into out: UnsafeMutableBufferPointer<Int16>, from first: Int, maxFrames: Int) -> Int {
    let inCh = inFormat.channels
    let outCh = format.channels
    let (num, den) = (interpolation.num, interpolation.den)
    let frames = inFrames
    let ended = ended
    let mixDown = outCh == 1 && inCh > 1
    var i = inIndex
    var r = rem
    var consumed = 0
    var o = first
    inBuffer.withUnsafeBufferPointer { src in
      interpolation.withWeights { weight in
        @inline(__always) func advance() {
          r &+= num
          while r >= den {
            r &-= den
            i &+= 1
            consumed &+= 1
          }
        }
        if inCh == 1 && outCh == 1 {
          // The common case (speech at 22.05 kHz to a mono card): no channel arithmetic.
          while o < maxFrames && i + 1 < frames {
            out[o] = Interpolation.mix(src[i], src[i + 1], weight(r))
            o &+= 1
            advance()
          }
        }
        @inline(__always) func sample(_ frame: Int, _ c: Int) -> Int16 {
          if mixDown {
            var sum = 0
            for k in 0..<inCh { sum += Int(src[frame * inCh + k]) }
            // The mean, rounded half away from zero.
            return Int16(sum < 0 ? -((-2 * sum + inCh) / (2 * inCh)) : (2 * sum + inCh) / (2 * inCh))
          }
          return src[frame * inCh + min(c, inCh - 1)]
        }
        while o < maxFrames && (i + 1 < frames || (ended && i < frames)) {
          let j = min(i + 1, frames - 1)
          let w = weight(r)
          for c in 0..<outCh {
            out[o * outCh + c] = Interpolation.mix(sample(i, c), sample(j, c), w)
          }
          o += 1
          advance()
        }
      }
    }
    inIndex = i
    rem = r
    inputFramesConsumed += consumed
    return o - first
  }

  private func refill() throws(AudioError) {
    let ch = inFormat.channels
    // Keep the frames from inIndex on; when downsampling, inIndex may already be past the end.
    let keep = max(0, inFrames - inIndex)
    let skip = max(0, inIndex - inFrames)
    if keep > 0 && inIndex > 0 {
      for i in 0..<(keep * ch) { inBuffer[i] = inBuffer[inIndex * ch + i] }
    }
    inFrames = keep
    inIndex = 0
    defer { inIndex = min(skip, inFrames) }
    let capacity = inBuffer.count / ch - inFrames
    let n = try inBuffer.withUnsafeMutableBufferPointer { buf throws(AudioError) -> Int in
      let tail = UnsafeMutableBufferPointer(rebasing: buf[(inFrames * ch)...])
      return try input.read(into: tail, maxFrames: capacity)
    }
    if n == 0 { ended = true }
    inFrames += n
  }
}
