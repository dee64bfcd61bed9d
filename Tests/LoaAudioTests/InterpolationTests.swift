import LoaTesting
import Testing

@testable import LoaAudio

/// The integer interpolation under the player's converter and the recorder's resampler.
@Suite struct InterpolationTests {
  /// The exact value of `a + (b − a) × rem/den`, rounded half away from zero, by integer division.
  func exact(_ a: Int16, _ b: Int16, _ rem: Int, _ den: Int) -> Int16 {
    let t = Int(a) * den + (Int(b) - Int(a)) * rem
    return Int16(t < 0 ? -((-2 * t + den) / (2 * den)) : (2 * t + den) / (2 * den))
  }

  @Test func halvesRoundAwayFromZeroAsRoundedDoes() {
    let half = Interpolation(from: 22_050, to: 44_100)
    #expect(half.num == 1 && half.den == 2)
    half.withWeights { weight in
      #expect(weight(1) == 1 << 31)
      for (a, b) in [(0, 1), (-1, 2), (-2, 1), (-3, 0), (1, 2), (-32_768, 32_767), (32_767, -32_768), (5, 5)] {
        let a16 = Int16(a)
        let b16 = Int16(b)
        let want = Int16((Double(a) + Double(b - a) * 0.5).rounded())
        #expect(Interpolation.mix(a16, b16, weight(1)) == want, "\(a), \(b)")
        #expect(Interpolation.mix(a16, b16, weight(0)) == a16)
      }
    }
  }

  /// The rates a box meets (44.1 → 48 kHz for the recorder: den 160; 22.05 → 48: 320; 16 →
  /// 44.1: 441; 48 → 44.1: 147) agree with exact rational arithmetic on every position and a
  /// spread of sample pairs, extremes and halves included.
  @Test(arguments: [(44_100, 48_000, 160), (22_050, 48_000, 320), (16_000, 44_100, 441), (48_000, 44_100, 147)])
  func agreesWithExactArithmetic(_ from: Int, _ to: Int, _ den: Int) {
    let i = Interpolation(from: from, to: to)
    #expect(i.den == den)
    let values: [Int16] = [-32_768, -32_767, -20_001, -1, 0, 1, 2, 999, 20_000, 32_766, 32_767]
    i.withWeights { weight in
      for rem in 0..<i.den {
        for a in values {
          for b in values {
            #expect(Interpolation.mix(a, b, weight(rem)) == exact(a, b, rem, i.den), "\(a) \(b) \(rem)")
          }
        }
      }
    }
  }

  /// A rate pair whose reduced output rate is too large for the table still interpolates within
  /// one step of the exact value.
  @Test func largeDenominatorsUseTheScale() {
    let i = Interpolation(from: 44_101, to: 48_000)
    #expect(i.den == 48_000)
    i.withWeights { weight in
      for rem in stride(from: 0, to: i.den, by: 997) {
        for (a, b) in [(Int16(-32_768), Int16(32_767)), (100, -100), (0, 1)] {
          #expect(abs(Int(Interpolation.mix(a, b, weight(rem))) - Int(exact(a, b, rem, i.den))) <= 1)
        }
      }
    }
  }
}
