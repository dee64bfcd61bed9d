import Foundation
import Testing

/// Runs each test of a suite on a thread of its own instead of Swift's cooperative pool.
///
/// The daemon and real-time tests spend most of their time blocked — waiting for a process, a
/// socket, audio played at real speed. Blocked on the cooperative pool (one thread per core, two
/// here), they kept every other test waiting; on their own threads they wait side by side while
/// the pool runs the rest. The test is the same task (task-local state, `#expect`, `Issue` all
/// work); only the thread its code runs on changes (`withTaskExecutorPreference`).
public struct OwnThread: SuiteTrait, TestTrait, TestScoping {
  public var isRecursive: Bool { true }

  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    guard testCase != nil else {
      try await function()
      return
    }
    let executor = ThreadExecutor(name: "test-" + test.name.prefix(40))
    defer { executor.stop() }
    try await withTaskExecutorPreference(executor) { try await function() }
  }
}

extension Trait where Self == OwnThread {
  /// Each test on a thread of its own (see `OwnThread`).
  public static var ownThread: Self { OwnThread() }
}

/// A task executor with one thread that runs its jobs in order.
// @unchecked Sendable: the job list and the stop flag live under `cond`.
final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
  private let cond = NSCondition()
  private var jobs: [UnownedJob] = []
  private var stopping = false

  init(name: String) {
    let t = Thread { [self] in run() }
    t.name = name
    t.stackSize = 8 << 20
    t.start()
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let unowned = UnownedJob(job)
    cond.lock()
    jobs.append(unowned)
    cond.signal()
    cond.unlock()
  }

  /// Ends the thread once its jobs are run.
  func stop() {
    cond.lock()
    stopping = true
    cond.signal()
    cond.unlock()
  }

  private func run() {
    while true {
      cond.lock()
      while jobs.isEmpty && !stopping { cond.wait() }
      if jobs.isEmpty {
        cond.unlock()
        return
      }
      let job = jobs.removeFirst()
      cond.unlock()
      job.runSynchronously(on: asUnownedTaskExecutor())
    }
  }
}
