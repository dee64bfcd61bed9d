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
  private var frac = 0.0  // fractional position between inIndex and inIndex + 1
  private var ended = false
  private let step: Double
  /// Frames of the input consumed so far (for resuming files where they stopped).
  public private(set) var inputFramesConsumed = 0

  public init(_ input: PCMSource, to format: AudioFormat) {
    self.input = input
    self.format = format
    self.inFormat = input.format
    self.step = Double(input.format.sampleRate) / Double(format.sampleRate)
    self.inBuffer = [Int16](repeating: 0, count: 4096 * input.format.channels)
  }

  public func cancel() { input.cancel() }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    if inFormat == format {
      let n = try input.read(into: buffer, maxFrames: maxFrames)
      inputFramesConsumed += n
      return n
    }
    let outCh = format.channels
    var produced = 0
    while produced < maxFrames {
      if inIndex + 1 >= inFrames && !ended {
        try refill()
        continue
      }
      if inIndex >= inFrames { break }  // ended and used up
      let next = min(inIndex + 1, inFrames - 1)
      writeFrame(at: inIndex, next: next, frac: frac, to: buffer, outFrame: produced, outCh: outCh)
      produced += 1
      frac += step
      let whole = Int(frac)
      inIndex += whole
      inputFramesConsumed += whole
      frac -= Double(whole)
    }
    return produced
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

  @inline(__always)
  private func writeFrame(
    at i: Int, next j: Int, frac: Double, to out: UnsafeMutableBufferPointer<Int16>, outFrame: Int,
    outCh: Int
  ) {
    let inCh = inFormat.channels
    func sample(_ frame: Int, _ c: Int) -> Double {
      if outCh == 1 && inCh > 1 {
        var sum = 0
        for k in 0..<inCh { sum += Int(inBuffer[frame * inCh + k]) }
        return Double(sum) / Double(inCh)
      }
      return Double(inBuffer[frame * inCh + min(c, inCh - 1)])
    }
    for c in 0..<outCh {
      let a = sample(i, c)
      let b = sample(j, c)
      let v = a + (b - a) * frac
      out[outFrame * outCh + c] = Int16(clamping: Int(v.rounded()))
    }
  }
}
