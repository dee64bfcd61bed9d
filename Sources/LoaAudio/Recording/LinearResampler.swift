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

  init(from inputRate: Int, to outputRate: Int, channels: Int) {
    self.channels = channels
    self.inputRate = inputRate
    self.outputRate = outputRate
    self.last = [Int16](repeating: 0, count: channels)
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
    let scale = 1 / Double(outRate)
    var produced = 0
    last.withUnsafeBufferPointer { previous in
      output.withUnsafeMutableBufferPointer { out in
        @inline(__always) func put(_ a: Int16, _ b: Int16, at k: Int) {
          let (a, b) = (Double(a), Double(b))
          let v = a + (b - a) * (Double(rem) * scale)
          out[k] = Int16(v < 0 ? -Int(0.5 - v) : Int(v + 0.5))
        }
        while i < frames - 1 {
          if ch == 1 {
            put(i < 0 ? previous[0] : input[i], input[i + 1], at: produced)
          } else {
            for c in 0..<ch {
              put(i < 0 ? previous[c] : input[i * ch + c], input[(i + 1) * ch + c], at: produced * ch + c)
            }
          }
          produced += 1
          rem += inRate
          while rem >= outRate {
            rem -= outRate
            i += 1
          }
        }
      }
    }
    let t = i * outRate + rem
    if frames > 0 {
      phase = t - frames * outRate
      for c in 0..<ch { last[c] = input[(frames - 1) * ch + c] }
    }
    return output.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<(produced * ch)]), produced) }
  }
}
