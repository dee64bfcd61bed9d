import Foundation
import LoaAudio
import LoaLadder

/// Per segment: measures the level of each block (before the volume, so a low volume is not
/// dead air), watches for dead air, applies the software gain, and keeps the segment's notes.
struct AiringTap {
  var deadAir: DeadAirDetector?
  var notes: [String] = []
  var lastLevel = LevelMeter.floor
  var measured = false
  private var seconds = 0.0

  init(deadAir: DeadAirDetector?) { self.deadAir = deadAir }

  /// Returns the offset (seconds into the segment) when dead air has just reached its limit.
  mutating func process(
    _ buf: UnsafeMutableBufferPointer<Int16>, frames n: Int, format: AudioFormat, gain: Float
  ) -> Double? {
    let count = n * format.channels
    let dt = format.seconds(frames: n)
    var event: Double?
    if var d = deadAir {
      lastLevel = LevelMeter.rmsDBFS(UnsafeBufferPointer(rebasing: buf[0..<count]))
      measured = true
      if d.feed(dbfs: lastLevel, seconds: dt) {
        event = seconds + dt - d.quietSeconds
        notes.append(
          "im lặng trên sóng từ giây \(String(format: "%.1f", event!)) (dưới \(Int(d.thresholdDBFS)) dBFS quá \(Int(d.limitSeconds)) s)"
        )
      }
      deadAir = d
    }
    seconds += dt
    SoftwareGain.apply(buf, count: count, factor: gain)
    return event
  }
}

/// How an attempt to get a lost device back ended.
enum DeviceRecovery {
  case recovered(seconds: Double)
  case interrupted(Interrupt)
  case gaveUp
}
