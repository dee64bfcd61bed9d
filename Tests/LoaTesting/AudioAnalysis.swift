import Foundation

/// Reads raw s16le PCM and finds where the sound is.
public struct PCMRecording: Sendable {
  public let samples: [Int16]
  public let sampleRate: Int
  public let channels: Int

  public init(samples: [Int16], sampleRate: Int, channels: Int = 1) {
    self.samples = samples
    self.sampleRate = sampleRate
    self.channels = channels
  }

  public init(rawFile path: String, sampleRate: Int, channels: Int = 1) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var s = [Int16](repeating: 0, count: data.count / 2)
    _ = s.withUnsafeMutableBytes { data.copyBytes(to: $0) }
    self.init(samples: s, sampleRate: sampleRate, channels: channels)
  }

  public var durationSeconds: Double { Double(samples.count / channels) / Double(sampleRate) }

  /// RMS level in dBFS of the whole recording or a slice.
  public func rmsDBFS(from: Double = 0, to: Double? = nil) -> Double {
    let a = min(samples.count, Int(from * Double(sampleRate)) * channels)
    let b = min(samples.count, Int((to ?? durationSeconds) * Double(sampleRate)) * channels)
    guard b > a else { return -120 }
    var sum = 0.0
    for i in a..<b { sum += Double(samples[i]) * Double(samples[i]) }
    let rms = (sum / Double(b - a)).squareRoot()
    return rms > 0 ? 20 * log10(rms / 32768) : -120
  }

  /// Stretches of sound louder than `threshold` dBFS (50 ms windows), merging gaps shorter than `bridge`.
  public func soundSegments(threshold: Double = -45, bridge: Double = 0.35) -> [(start: Double, end: Double)] {
    let win = sampleRate / 20
    var out: [(Double, Double)] = []
    var cur: (Double, Double)?
    var i = 0
    while i + win * channels <= samples.count {
      var sum = 0.0
      for k in i..<(i + win * channels) { sum += Double(samples[k]) * Double(samples[k]) }
      let rms = (sum / Double(win * channels)).squareRoot()
      let db = rms > 0 ? 20 * log10(rms / 32768) : -120
      let t = Double(i / channels) / Double(sampleRate)
      if db > threshold {
        if let c = cur, t - c.1 <= bridge {
          cur = (c.0, t + 0.05)
        } else {
          if let c = cur { out.append(c) }
          cur = (t, t + 0.05)
        }
      }
      i += win * channels
    }
    if let c = cur { out.append(c) }
    return out.map { (start: $0.0, end: $0.1) }
  }

  /// Zero crossings per second of the first channel between two times (a pure tone of f Hz
  /// crosses 2f times a second): tells a low tone from the chime's notes (523–784 Hz).
  public func crossingsPerSecond(from: Double, to: Double) -> Double {
    let a = max(0, Int(from * Double(sampleRate))) * channels
    let b = min(samples.count / channels, Int(to * Double(sampleRate))) * channels
    guard b > a + channels else { return 0 }
    var count = 0
    var i = a + channels
    while i < b {
      if (samples[i - channels] < 0) != (samples[i] < 0) { count += 1 }
      i += channels
    }
    return Double(count) / (Double(b - a) / Double(channels) / Double(sampleRate))
  }

  /// Total seconds of sound.
  public func soundSeconds(threshold: Double = -45) -> Double {
    soundSegments(threshold: threshold, bridge: 0).reduce(0) { $0 + ($1.end - $1.start) }
  }
}

/// Where two sample arrays first differ, described briefly (nil when equal). Keeps test
/// failures readable instead of printing whole arrays.
public func firstDifference(_ a: [Int16], _ b: [Int16]) -> String? {
  if a == b { return nil }
  let n = min(a.count, b.count)
  for i in 0..<n where a[i] != b[i] { return "differ at sample \(i) of \(a.count)/\(b.count): \(a[i]) vs \(b[i])" }
  return "lengths differ: \(a.count) vs \(b.count)"
}

/// Correlation (−1…1) of the loudness envelopes of two renderings, in `window`-sample
/// windows over their common length. Same speech with tiny timing drift stays above 0.9;
/// different sentences fall well below.
public func envelopeCorrelation(_ a: [Int16], _ b: [Int16], window: Int = 551) -> Double {
  func envelope(_ x: [Int16]) -> [Double] {
    stride(from: 0, to: x.count - window, by: window).map { start in
      var sum = 0.0
      for i in start..<(start + window) { sum += Double(x[i]) * Double(x[i]) }
      return (sum / Double(window)).squareRoot()
    }
  }
  let ea = envelope(a)
  let eb = envelope(b)
  let n = min(ea.count, eb.count)
  guard n > 2 else { return 0 }
  let xa = Array(ea[0..<n])
  let xb = Array(eb[0..<n])
  let ma = xa.reduce(0, +) / Double(n)
  let mb = xb.reduce(0, +) / Double(n)
  var cov = 0.0
  var va = 0.0
  var vb = 0.0
  for i in 0..<n {
    cov += (xa[i] - ma) * (xb[i] - mb)
    va += (xa[i] - ma) * (xa[i] - ma)
    vb += (xb[i] - mb) * (xb[i] - mb)
  }
  return cov / ((va * vb).squareRoot() + 1e-9)
}

/// The median fundamental frequency of the voiced parts of a recording, by autocorrelation over
/// 40 ms frames: frames quieter than `threshold` dBFS are skipped, and a frame counts as voiced
/// when its best normalised autocorrelation between 60 and 400 Hz is above 0.5.
public func medianPitchHz(_ x: [Int16], sampleRate: Int, threshold: Double = -35) -> Double? {
  let frame = sampleRate / 25
  let minLag = sampleRate / 400
  let maxLag = sampleRate / 60
  var pitches: [Double] = []
  var start = 0
  while start + frame + maxLag <= x.count {
    var energy = 0.0
    for i in start..<(start + frame) { energy += Double(x[i]) * Double(x[i]) }
    let rms = (energy / Double(frame)).squareRoot() / 32768
    if rms > 0, 20 * log10(rms) > threshold {
      var best = 0.0
      var bestLag = 0
      for lag in minLag...maxLag {
        var c = 0.0
        var e2 = 0.0
        for i in start..<(start + frame) {
          c += Double(x[i]) * Double(x[i + lag])
          e2 += Double(x[i + lag]) * Double(x[i + lag])
        }
        let r = c / ((energy * e2).squareRoot() + 1e-9)
        if r > best {
          best = r
          bestLag = lag
        }
      }
      if best > 0.5 { pitches.append(Double(sampleRate) / Double(bestLag)) }
    }
    start += frame
  }
  guard !pitches.isEmpty else { return nil }
  return pitches.sorted()[pitches.count / 2]
}
