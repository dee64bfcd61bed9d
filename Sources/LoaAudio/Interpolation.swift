/// Linear interpolation between two samples in integer arithmetic, for the player's
/// `FormatConverter` and the recorder's `LinearResampler`.
///
/// A position between input frames is a whole `step` count `rem` of `1/den` of a frame
/// (`0 ≤ rem < den`, where `den` is the output rate divided by the two rates' greatest common
/// divisor), so the walk over the input is exact however long it runs. The weight of each `rem`
/// is `rem/den` in 32-bit fixed point (a table for `den` up to 4096); the result is the exact
/// `a + (b − a) × rem/den` rounded half away from zero, as `rounded()` does (see `mix`).
/// (The Double arithmetic this replaced was a chain of dependent floating-point operations and
/// checked conversions per sample: a quarter of the daemon's CPU while speaking with its
/// recording on, by `perf`.)
struct Interpolation: Sendable {
  /// Input and output rates divided by their greatest common divisor.
  let num: Int
  let den: Int
  /// `rem/den` × 2³², rounded, for each `rem` (for `den` up to 4096), else computed from `scale`.
  private let weights: [Int]
  private let scale: Int

  init(from inputRate: Int, to outputRate: Int) {
    precondition(inputRate > 0 && outputRate > 0)
    var (a, b) = (inputRate, outputRate)
    while b != 0 { (a, b) = (b, a % b) }
    let d = outputRate / a
    let one = 1 << 32
    num = inputRate / a
    den = d
    scale = one / d
    weights = d <= 4096 ? (0..<d).map { ($0 * one + d / 2) / d } : []
  }

  /// Runs `body` with a function from a position `rem` (`0 ≤ rem < den`) to its fixed-point
  /// weight, reading the table through a pointer.
  @inline(__always) func withWeights<R>(_ body: ((Int) -> Int) -> R) -> R {
    let scale = scale
    return weights.withUnsafeBufferPointer { table in
      table.isEmpty ? body { $0 &* scale } : body { table[$0] }
    }
  }

  /// `a + (b − a) × weight/2³²`, rounded half away from zero. It lies between `a` and `b`, so it
  /// needs no clamping.
  ///
  /// With a table weight (off by at most half a unit of 2⁻³²), `(b − a) × weight` is off by at
  /// most 2¹⁵ units, while a value that is not a half lies at least 2³¹/`den` ≥ 2¹⁹ units from
  /// one: adding 2¹⁶ before the shift rounds a half that came out a hair low the way the exact
  /// value would, and moves nothing else. So the result is the exact one for every `den` ≤ 4096.
  @inline(__always) static func mix(_ a: Int16, _ b: Int16, _ weight: Int) -> Int16 {
    let t = Int(a) << 32 &+ (Int(b) &- Int(a)) &* weight
    let sign = t >> 63  // 0 or −1
    let magnitude = (t ^ sign) &- sign
    let r = (magnitude &+ (1 << 31) &+ (1 << 16)) >> 32
    return Int16(truncatingIfNeeded: (r ^ sign) &- sign)
  }
}
