import Foundation
import LoaCore
import Logging

/// Writes the player's bookkeeping to the store on a thread of its own, in the order the player
/// posted it: a job marked playing, how far an airing has got, each segment's as-run row with
/// what it means for its job. The player never waits for an fsync: an emergency's first frame
/// follows the cut of what was on air at once, while the cut airing's row is still being written.
///
/// Order is the only promise, and it is enough: a restart finds every write up to some point.
/// A progress point is superseded by a newer one or by any later write for its job (a row that
/// ends the segment), so at most one is pending per job and a stale one can never land after the
/// row and move the job back.
///
/// The one value the player needs back is the id of the row that interrupted a job (its resume
/// point names it); `interruptedRow(of:)` waits for that write only when the job airs again
/// before it is done.
// @unchecked Sendable: the queue, flags and ids live under `cond`; only its own thread runs the items.
final class Committer: @unchecked Sendable {
  enum Item {
    case progress(jobId: String, ResumePoint)
    case write(jobId: String?, () -> Void)

    var jobId: String? {
      switch self {
      case .progress(let id, _): id
      case .write(let id, _): id
      }
    }
  }

  private let cond = NSCondition()
  // Under `cond`:
  private var queue: [Item] = []
  private var writing: String?? = nil
  private var stopped = false
  private var started = false
  private var interrupted: [String: Int64] = [:]
  private let logger: Logger
  private let recordProgress: (String, ResumePoint) throws(LoaError) -> Void

  init(logger: Logger, recordProgress: @escaping (String, ResumePoint) throws(LoaError) -> Void) {
    self.logger = logger
    self.recordProgress = recordProgress
  }

  /// How far the airing of `jobId` has got; replaces a point of the same job still waiting.
  func progress(jobId: String, _ point: ResumePoint) {
    cond.lock()
    defer { cond.unlock() }
    guard !stopped else { return }
    queue.removeAll { if case .progress(let id, _) = $0 { return id == jobId } else { return false } }
    queue.append(.progress(jobId: jobId, point))
    wake()
  }

  /// Queues a write; a progress point of the same job still waiting is dropped. After `stop` the
  /// write runs at once on the caller's thread.
  func post(jobId: String?, _ write: @escaping () -> Void) {
    cond.lock()
    if stopped {
      cond.unlock()
      write()
      return
    }
    if let jobId {
      queue.removeAll { if case .progress(let id, _) = $0 { return id == jobId } else { return false } }
    }
    queue.append(.write(jobId: jobId, write))
    wake()
    cond.unlock()
  }

  /// Queues a write and waits for it (an officer's cancel of a waiting job, which must land after
  /// anything already queued for that job).
  func sync<T>(jobId: String?, _ write: @escaping () -> T) -> T {
    let reply = Reply<Carried<T>>()
    post(jobId: jobId) { reply.send(Carried(write())) }
    return reply.wait().value
  }

  /// Notes (from a write) the row that interrupted `jobId`.
  func noteInterrupted(_ jobId: String, row: Int64) {
    cond.lock()
    interrupted[jobId] = row
    cond.unlock()
  }

  /// The row that interrupted `jobId` in this run, once written (waits only while a write for the
  /// job is queued or running); taken, so it names one resumption.
  func interruptedRow(of jobId: String) -> Int64? {
    cond.lock()
    defer { cond.unlock() }
    while writing == .some(jobId) || queue.contains(where: { $0.jobId == jobId }) { cond.wait() }
    return interrupted.removeValue(forKey: jobId)
  }

  /// Waits until everything queued so far is written.
  func waitUntilWritten() {
    cond.lock()
    while !queue.isEmpty || writing != nil { cond.wait() }
    cond.unlock()
  }

  var isIdle: Bool {
    cond.lock()
    defer { cond.unlock() }
    return queue.isEmpty && writing == nil
  }

  /// Writes what is queued, then ends the thread; later writes run on their caller's thread.
  func stop() {
    cond.lock()
    while !queue.isEmpty || writing != nil { cond.wait() }
    stopped = true
    cond.broadcast()
    cond.unlock()
  }

  // Called under `cond`.
  private func wake() {
    if !started {
      started = true
      let t = Thread { [self] in run() }
      t.name = "loa-commit"
      t.start()
    }
    cond.broadcast()
  }

  private func run() {
    while true {
      cond.lock()
      while queue.isEmpty && !stopped { cond.wait() }
      if queue.isEmpty {
        cond.unlock()
        return
      }
      let item = queue.removeFirst()
      writing = .some(item.jobId)
      cond.unlock()
      switch item {
      case .progress(let jobId, let point):
        do { try recordProgress(jobId, point) } catch {
          logger.warning(
            "cannot record how far the airing got", metadata: ["job": "\(jobId)", "error": "\(error.message)"])
        }
      case .write(_, let write):
        write()
      }
      cond.lock()
      writing = nil
      cond.broadcast()
      cond.unlock()
    }
  }
}

/// Carries a value through `Reply` (which needs a Sendable payload) from the committer's thread
/// back to the caller that waits for it.
// @unchecked Sendable: written once on the committer's thread before `Reply.send`, read after `wait`.
final class Carried<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
