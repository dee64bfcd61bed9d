import LoaCore

/// What the end of one segment means: the as-run row's outcome and what is committed with it for
/// the job. The player shell writes the row and the progress in one transaction and, for a
/// requeue, puts the job back on the ladder with the resume point.
public struct SegmentEffect: Sendable, Equatable {
  /// The row's outcome; `nil` writes no row (a gap or silence that was cut, which is not airtime).
  public var outcome: AiringOutcome?
  public var preemptedBy: String?
  /// Who cancelled (a cancel); otherwise the job's own operator.
  public var cancelledBy: String?
  public var error: String?
  /// Committed with the row.
  public var progress: JobProgress
  /// The device failed: the player marks it closed with the error.
  public var deviceFailed: Bool = false

  /// Whether the job goes on with its next segment.
  public var goesOn: Bool {
    if case .next = progress { return true }
    if case .finished(.completed, _) = progress { return true }
    return false
  }

  public var requeued: Bool {
    if case .requeue = progress { return true }
    return false
  }

  /// How a segment's end turns into a row and the job's progress.
  ///
  /// - `next`: what a completed segment means for the job (go on from here, or finished).
  /// - `resume`: where a requeued job picks up (from the frames that reached the loudspeaker).
  /// - `itemFailureGoesOn`: a programme item whose source failed is logged and the programme goes
  ///   on; a one-off job whose source failed is failed.
  /// - `airtime`: false for gaps and silence (an interrupt writes no row, except a cancel, which
  ///   always leaves one).
  public static func of(
    _ end: SegmentEnd, next: JobProgress, resume: ResumePoint, itemFailureGoesOn: Bool = false,
    airtime: Bool = true
  ) -> SegmentEffect {
    switch end {
    case .completed:
      return SegmentEffect(outcome: airtime ? .completed : nil, progress: next)
    case .failed(let message):
      return SegmentEffect(
        outcome: .failed, error: message, progress: .finished(.failed, error: message), deviceFailed: true)
    case .sourceFailed(let message):
      if !airtime { return SegmentEffect(outcome: nil, progress: next) }
      return SegmentEffect(
        outcome: .failed, error: message, progress: itemFailureGoesOn ? next : .finished(.failed, error: message))
    case .interrupted(let irq):
      return interrupted(irq, resume: resume, airtime: airtime)
    }
  }

  /// An interrupt: pre-emption and shutdown requeue at `resume`; a cancel ends the job.
  public static func interrupted(_ irq: Interrupt, resume: ResumePoint, airtime: Bool = true) -> SegmentEffect {
    switch irq {
    case .preempt(let by):
      return SegmentEffect(outcome: airtime ? .preempted : nil, preemptedBy: by, progress: .requeue(resume))
    case .shutdown:
      return SegmentEffect(
        outcome: airtime ? .preempted : nil, error: airtime ? "Loa was stopped (shutdown); resumes on next start" : nil,
        progress: .requeue(resume))
    case .cancel(let op):
      return SegmentEffect(outcome: .cancelled, cancelledBy: op, progress: .finished(.cancelled, error: nil))
    }
  }
}
