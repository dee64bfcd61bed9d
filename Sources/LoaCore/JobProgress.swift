/// What an as-run row means for its job, written in the same transaction as the row, so a
/// kill or a power cut can never leave one without the other (a row that says "completed"
/// for a job still marked playing would air again after a restart).
public enum JobProgress: Codable, Sendable, Equatable {
  /// The job goes on (still on air): where a restart must pick up.
  case next(ResumePoint)
  /// Interrupted: back in the queue to resume; the row's id becomes `interruptedRow`.
  case requeue(ResumePoint)
  /// The job has ended with this status.
  case finished(JobStatus, error: String?)
}
