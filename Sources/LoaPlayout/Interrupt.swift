import Foundation

/// Why the player must stop what it is writing.
enum Interrupt: Sendable, Equatable {
  /// An emergency job is due: drop, log `preempted`, resume later.
  case preempt(by: String)
  /// An officer cancelled or stopped the job: drop, log `cancelled`.
  case cancel(operatorName: String?)
  /// The daemon is stopping: drop, log `preempted`, keep the job queued to resume.
  case shutdown
}

/// How one segment (chime, one repetition of speech or file, a gap) ended.
struct SegmentResult {
  enum End {
    case completed
    case interrupted(Interrupt)
    case failed(String)
    /// The source (a file, a stream) failed; the device is fine.
    case sourceFailed(String)
  }
  var end: End
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
