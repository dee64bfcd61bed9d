import Foundation
import LoaCore

/// A clock the test moves by hand: hours of schedule in no time.
public final class ManualClock: WallClock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  public init(_ start: Date = Date()) { current = start }
  public func now() -> Date {
    lock.lock()
    defer { lock.unlock() }
    return current
  }
  public func advance(by seconds: TimeInterval) {
    lock.lock()
    current = current.addingTimeInterval(seconds)
    lock.unlock()
  }
}
