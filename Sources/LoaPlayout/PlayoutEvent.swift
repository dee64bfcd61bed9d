import Foundation
import LoaCore

/// What the engine tells observers after it is on disk: an as-run row committed (with what it
/// meant for its job). The uplink acks and uploads from it at once instead of polling SQLite; the
/// station and metrics can follow the same stream.
public struct PlayoutEvent: Sendable {
  /// The row as committed (its `id` set), or nil when only the job's progress was committed.
  public var row: AsRunRecord?
  public var jobId: String
  public var progress: JobProgress
  /// The job's content has just started on the speakers (after its chime): nothing is on disk
  /// for this; the uplink tells the sender `on_air`.
  public var onAir = false
}

/// Observers of `PlayoutEvent`s, called on the thread that committed (the player's, or an API
/// thread for a waiting job's cancel): they must only note the event and return.
// @unchecked Sendable: the handler list lives under `lock`.
final class EventHub: @unchecked Sendable {
  private let lock = NSLock()
  private var handlers: [@Sendable (PlayoutEvent) -> Void] = []

  func add(_ handler: @escaping @Sendable (PlayoutEvent) -> Void) {
    lock.lock()
    handlers.append(handler)
    lock.unlock()
  }

  func send(_ event: PlayoutEvent) {
    lock.lock()
    let hs = handlers
    lock.unlock()
    for h in hs { h(event) }
  }
}
