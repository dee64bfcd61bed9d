import Dispatch
import Foundation

/// Work that shares nothing, spread over the machine's cores: a long text's pieces, the lines of
/// `loa normalize`. The results come back in the order of the inputs.
public enum Parallel {
  /// Everything in the calling thread, for one call: `Parallel.$serial.withValue(true) { … }`
  /// (what tests compare the parallel reading with).
  @TaskLocal public static var serial = false

  /// `transform` of every element, on up to one thread per core when there are at least
  /// `minimum` elements (below that, on one core or when `serial`, in this thread). The
  /// task-local switch the normaliser reads (`Reference.patterns`) is carried to the workers.
  public static func map<T: Sendable>(
    _ items: [Substring], minimum: Int = 2, _ transform: @escaping @Sendable (Substring) -> T
  ) -> [T] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard items.count >= max(minimum, 2), cores > 1, !serial else { return items.map(transform) }
    let reference = Reference.patterns
    // Contiguous runs, a few per core so that a slow run does not leave a core idle.
    let runs = min(items.count, cores * 4)
    var results = [T?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { buffer in
      let out = Slots(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: runs) { run in
        let from = items.count * run / runs
        let to = items.count * (run + 1) / runs
        Reference.$patterns.withValue(reference) {
          for i in from..<to { out.buffer[i] = transform(items[i]) }
        }
      }
    }
    return results.map { $0! }
  }

  /// @unchecked Sendable: each run writes its own slots of the buffer, which outlives the runs
  /// (`concurrentPerform` returns when all are done).
  private struct Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
  }
}
