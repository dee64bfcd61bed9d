import Foundation

/// Volume 0–100 as a gain on the samples, for devices without a mixer control.
///
/// The curve is cubic, as in PulseAudio: 100 → 0 dB, 50 → −18 dB, 20 → −42 dB, 0 → mute.
/// Equal steps of the number sound like roughly equal steps of loudness.
public enum SoftwareGain {
  public static func factor(volume: Int) -> Float {
    let v = Float(min(100, max(0, volume))) / 100
    return v * v * v
  }

  public static func decibels(volume: Int) -> Double {
    let f = Double(factor(volume: volume))
    return f > 0 ? 20 * log10(f) : -.infinity
  }

  /// Scales samples in place; unity gain leaves them untouched.
  public static func apply(_ samples: UnsafeMutableBufferPointer<Int16>, count: Int, factor: Float) {
    if factor >= 1 { return }
    for i in 0..<count {
      samples[i] = Int16((Float(samples[i]) * factor).rounded())
    }
  }
}
