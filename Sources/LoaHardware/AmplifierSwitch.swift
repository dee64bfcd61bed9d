import Foundation
import LoaCore

/// Something that switches the amplifier's power: a GPIO line, or a command the installer wrote.
public protocol AmplifierSwitch: AnyObject, Sendable {
  func set(on: Bool) throws(LoaError)
  /// What it is, for `loa status` (for example `gpio gpiochip0 line 17`).
  var description: String { get }
}
