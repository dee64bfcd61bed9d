import Foundation

/// Loudness of PCM blocks, in dBFS (0 = full scale; digital silence is `LevelMeter.floor`).
public enum LevelMeter {
  /// The value reported for digital silence.
  public static let floor = -120.0

  /// RMS level of interleaved samples in dBFS, relative to a full-scale sine's RMS of 1/√2
  /// (so a full-scale sine reads about −3 dBFS and a square wave 0 dBFS).
  public static func rmsDBFS(_ samples: UnsafeBufferPointer<Int16>) -> Double {
    guard !samples.isEmpty else { return floor }
    var sum = 0.0
    for s in samples {
      let x = Double(s)
      sum += x * x
    }
    let rms = (sum / Double(samples.count)).squareRoot() / 32768
    return rms > 0 ? max(floor, 20 * log10(rms)) : floor
  }
}

/// Dead air: a level below a threshold (default −50 dBFS) for longer than a limit (default 20 s).
/// Fed block by block with what is written to the device.
public struct DeadAirDetector: Sendable, Equatable {
  public var thresholdDBFS: Double
  public var limitSeconds: Double
  /// Length of the current quiet run.
  public private(set) var quietSeconds = 0.0
  /// Quiet time counted in runs that reached the limit (the dead air itself).
  public private(set) var deadSeconds = 0.0
  /// How many quiet runs reached the limit.
  public private(set) var events = 0

  public init(thresholdDBFS: Double = -50, limitSeconds: Double = 20) {
    self.thresholdDBFS = thresholdDBFS
    self.limitSeconds = limitSeconds
  }

  /// True while the current quiet run is at or past the limit.
  public var isDead: Bool { quietSeconds >= limitSeconds }

  /// Feeds one block. Returns true exactly when a quiet run reaches the limit.
  @discardableResult
  public mutating func feed(dbfs: Double, seconds: Double) -> Bool {
    guard dbfs < thresholdDBFS else {
      quietSeconds = 0
      return false
    }
    let wasDead = isDead
    quietSeconds += seconds
    if isDead {
      deadSeconds += wasDead ? seconds : quietSeconds
      if !wasDead {
        events += 1
        return true
      }
    }
    return false
  }
}
