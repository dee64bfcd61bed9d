import Foundation

/// The live broadcasts whose end the officer has announced (`end_live`): when such a stream ends,
/// the airing is complete; any other end of a live stream is a loss. Written by the uplink's
/// thread, read by the relay source on the player thread.
// @unchecked Sendable: the set lives under `lock`.
public final class LiveEnds: @unchecked Sendable {
  private let lock = NSLock()
  private var ids: [String: Date] = [:]

  public init() {}

  public func announce(_ jobId: String, at now: Date = Date()) {
    lock.lock()
    // Kept a day: an announcement for a job that never aired here must not grow for ever.
    ids = ids.filter { now.timeIntervalSince($0.value) < 86_400 }
    ids[jobId] = now
    lock.unlock()
  }

  public func contains(_ jobId: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return ids[jobId] != nil
  }
}
