import Foundation
import LoaCore

/// The hours in which nothing but an emergency airs unless a schedule says so (default
/// 21:30–05:00 in the commune's zone). The installed schedule's `settings.quiet_hours` sets them.
public struct QuietHours: Sendable, Equatable, CustomStringConvertible {
  public var window: DayWindow
  public var zone: TimeZone

  public init(_ window: DayWindow, zone: TimeZone = LocalTime.zone) {
    self.window = window
    self.zone = zone
  }

  public static let standard = QuietHours(Schedule.defaultQuietHours)

  /// Whether `instant` falls inside the window, read in the zone.
  public func contains(_ instant: Date) -> Bool {
    let seconds = Int(instant.timeIntervalSince1970) + zone.secondsFromGMT(for: instant)
    let ofDay = ((seconds % 86400) + 86400) % 86400
    guard let t = TimeOfDay(seconds: ofDay) else { return false }
    return window.contains(t)
  }

  public var description: String { "\(window)" }
}
