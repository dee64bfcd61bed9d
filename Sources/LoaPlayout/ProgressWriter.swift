import Foundation
import LoaCore
import LoaStorage
import Logging

/// Commits how far the airing on air has got (the sentence or the frame a restart would resume
/// from) on a thread of its own, so the player never waits for an fsync in the middle of a
/// segment. Holds at most one pending point: a newer one replaces it.
///
/// Ordering: before the player commits a segment's row (`PlayoutEngine.commit`) it calls
/// `flush()`, which drops a pending point and waits for one being written, so a stale point can
/// never land after the row and move the job back.
// @unchecked Sendable: the pending point and the writing flag live under `cond`; only its own thread writes to the store.
final class ProgressWriter: @unchecked Sendable {
  // Protected by `cond`: `pending`, `writing`, `stopped`, `thread`.
  private let cond = NSCondition()
  private var pending: (jobId: String, point: ResumePoint)?
  private var writing = false
  private var stopped = false
  private var started = false
  private let store: Store
  private let logger: Logger

  init(store: Store, logger: Logger) {
    self.store = store
    self.logger = logger
  }

  func post(jobId: String, _ point: ResumePoint) {
    cond.lock()
    defer { cond.unlock() }
    guard !stopped else { return }
    pending = (jobId, point)
    if !started {
      started = true
      let t = Thread { [self] in run() }
      t.name = "loa-progress"
      t.start()
    }
    cond.broadcast()
  }

  /// Drops what is pending and waits for a write in flight.
  func flush() {
    cond.lock()
    pending = nil
    while writing { cond.wait() }
    cond.unlock()
  }

  func stop() {
    cond.lock()
    stopped = true
    pending = nil
    cond.broadcast()
    while writing { cond.wait() }
    cond.unlock()
  }

  private func run() {
    while true {
      cond.lock()
      while pending == nil && !stopped { cond.wait() }
      if stopped {
        cond.unlock()
        return
      }
      let (jobId, point) = pending!
      pending = nil
      writing = true
      cond.unlock()
      do { try store.record(.next(point), jobId: jobId, at: Date()) } catch {
        logger.warning(
          "cannot record how far the airing got", metadata: ["job": "\(jobId)", "error": "\(error.message)"])
      }
      cond.lock()
      writing = false
      cond.broadcast()
      cond.unlock()
    }
  }
}
