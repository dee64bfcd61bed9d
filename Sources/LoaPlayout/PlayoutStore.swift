import Foundation
import LoaCore
import LoaStorage

/// The player's port to durable state: the jobs and the as-run log. `LoaStorage.Store` (SQLite
/// through GRDB) is the one in production; the engine needs nothing else of it.
///
/// Every write here is durable when it returns (synchronous in WAL mode); the engine never calls
/// them on the player thread (the committer, `Committer`, does, in order) except at start.
public protocol PlayoutStore: Sendable {
  /// Stores a new job; a job that needs the officer's approval comes back with status `inbox`.
  func insert(_ job: Job) throws(LoaError) -> Job
  func job(id: String) throws(LoaError) -> Job?
  /// The jobs waiting or on air, in no particular order.
  func activeJobs() throws(LoaError) -> [Job]
  func markPlaying(_ id: String, at: Date) throws(LoaError)
  func setPosition(_ id: String, _ position: Double) throws(LoaError)
  /// Appends an as-run row and records what it means for its job, in one transaction.
  func append(_ record: AsRunRecord, then progress: JobProgress, at: Date) throws(LoaError) -> Int64
  func record(_ progress: JobProgress, jobId: String, at: Date) throws(LoaError)
  /// Logs the jobs a previous run left on air as failed (one row each) and requeues or ends them.
  func recoverInterrupted(now: Date, excluding: Set<String>) throws(LoaError) -> [AsRunRecord]
  /// Writes the rows a full disk sent to the spill file; returns how many.
  func replay(_ spill: AsRunSpill) throws(LoaError) -> Int
}

extension Store: PlayoutStore {}
