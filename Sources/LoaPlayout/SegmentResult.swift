import Foundation
import LoaLadder

/// What one segment (chime, one repetition of speech or file, a gap) did on the device.
struct SegmentResult {
  var end: SegmentEnd
  var startedAt: Date?
  var endedAt: Date?
  /// Frames that reached the loudspeaker (written minus still buffered when cut).
  var framesPlayed: Int
  /// What else happened (Vietnamese): dead air, fallback, amplifier warm-up, device lost.
  var notes: [String] = []
  var deadAirSeconds: Double?
  var fallbackSeconds: Double?
  /// Relative path of the off-air recording.
  var recording: String?
}
