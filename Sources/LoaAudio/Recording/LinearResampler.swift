/// Linear interpolation of interleaved PCM to another rate, pushed a block at a time: the
/// recorder's input is written to it, where the player's `FormatConverter` pulls from a source.
/// The last frame of each block is kept to interpolate into the next.
struct LinearResampler {
  let channels: Int
  let inputRate: Int
  let outputRate: Int
  /// Where the next output frame falls, in input frames × `outputRate` from the start of the
  /// next block (−outputRate … 0: between the last block's final frame and the next block's
  /// first). Whole numbers, so that the output is the same however the input is cut in blocks.
  private var phase = 0
  private var last: [Int16]
  private var output: [Int16] = []
  private let interpolation: Interpolation

  init(from inputRate: Int, to outputRate: Int, channels: Int) {
    self.channels = channels
    self.inputRate = inputRate
    self.outputRate = outputRate
    self.last = [Int16](repeating: 0, count: channels)
    self.interpolation = Interpolation(from: inputRate, to: outputRate)
  }

  /// Converts a block of `frames` frames and hands the output frames to `body`.
  mutating func push<R>(
    _ input: UnsafeBufferPointer<Int16>, frames: Int, _ body: (UnsafeBufferPointer<Int16>, Int) -> R
  ) -> R {
    let ch = channels
    let (inRate, outRate) = (inputRate, outputRate)
    let capacity = ((frames + 1) * outRate / inRate + 2) * ch
    if output.count < capacity { output = [Int16](repeating: 0, count: capacity) }
    // The next output frame lies between input frames i and i + 1, rem / outRate of the way.
    var i = phase < 0 ? -1 : phase / outRate
    var rem = phase - i * outRate
    // The same position in the interpolation's reduced units: rem only ever moves by whole
    // multiples of the rates' common divisor, so this is exact.
    let unit = outRate / interpolation.den
    let (num, den) = (interpolation.num, interpolation.den)
    var r = rem / unit
    var produced = 0
    last.withUnsafeBufferPointer { previous in
      output.withUnsafeMutableBufferPointer { out in
        interpolation.withWeights { weight in
          while i < frames - 1 {
            let w = weight(r)
            if ch == 1 {
              out[produced] = Interpolation.mix(i < 0 ? previous[0] : input[i], input[i + 1], w)
            } else {
              for c in 0..<ch {
                out[produced * ch + c] = Interpolation.mix(
                  i < 0 ? previous[c] : input[i * ch + c], input[(i + 1) * ch + c], w)
              }
            }
            produced += 1
            r &+= num
            while r >= den {
              r &-= den
              i += 1
            }
          }
        }
      }
    }
    rem = r * unit
    let t = i * outRate + rem
    if frames > 0 {
      phase = t - frames * outRate
      for c in 0..<ch { last[c] = input[(frames - 1) * ch + c] }
    }
    return output.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<(produced * ch)]), produced) }
  }
}
