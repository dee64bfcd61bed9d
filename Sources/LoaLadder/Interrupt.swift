import LoaCore

/// Why the player must stop what it is writing.
public enum Interrupt: Sendable, Equatable {
  /// A job that outranks the one on air is due (an emergency; a hard-start programme over a
  /// normal job): drop, log `preempted`, resume later.
  case preempt(by: String)
  /// An officer cancelled or stopped the job: drop, log `cancelled`.
  case cancel(operatorName: String?)
  /// The daemon is stopping: drop, log `preempted`, keep the job queued to resume.
  case shutdown
}

/// How one segment (chime, one repetition of speech or file, a gap, a programme item) ended.
public enum SegmentEnd: Sendable, Equatable {
  case completed
  case interrupted(Interrupt)
  /// The device failed (and could not be opened again).
  case failed(String)
  /// The source (a file, a stream) failed; the device is fine.
  case sourceFailed(String)
}
