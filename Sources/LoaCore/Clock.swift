import Foundation

/// The wall clock, behind a protocol so the engine can be driven by a test clock.
public protocol WallClock: Sendable {
  func now() -> Date
}

public struct SystemClock: WallClock {
  public init() {}
  public func now() -> Date { Date() }
}
