import CGPIOLine
import Foundation
import LoaCore

/// The amplifier on a GPIO line through libgpiod (character device, `/dev/gpiochipN`), 1.x or 2.x
/// as the package was built (`CGPIOLine`). The line is requested once as an output, off, and held
/// for the life of the daemon.
// @unchecked Sendable: the line handle is used only under `lock`.
public final class GPIOAmplifier: AmplifierSwitch, @unchecked Sendable {
  public let chip: String
  public let line: UInt32
  public let activeLow: Bool
  private let lock = NSLock()
  private var handle: OpaquePointer?

  /// The libgpiod API this build uses (1 or 2), for `loa doctor`.
  public static var libgpiodAPI: Int { Int(loa_gpio_api()) }

  public init(chip: String, line: UInt32, activeLow: Bool = false) throws(LoaError) {
    self.chip = chip
    self.line = line
    self.activeLow = activeLow
    var stage: Int32 = 0
    // Off at the start: the physical level is high only for an active-low amplifier.
    guard let h = loa_gpio_open(chip, line, activeLow ? 1 : 0, "loa-amplifier", &stage) else {
      let why = String(cString: strerror(errno))
      switch UInt32(stage) {
      case LOA_GPIO_NO_LINE.rawValue:
        throw LoaError(.gpio, "GPIO chip '\(chip)' has no line \(line): \(why)")
      case LOA_GPIO_NOT_TAKEN.rawValue:
        throw LoaError(.gpio, "GPIO '\(chip)' line \(line) cannot be taken as an output: \(why)")
      default:
        throw LoaError(.gpio, "GPIO chip '\(chip)' cannot be opened: \(why)")
      }
    }
    handle = h
  }

  deinit { loa_gpio_close(handle) }

  public var description: String { "gpio \(chip) line \(line)\(activeLow ? " (active low)" : "")" }

  public func set(on: Bool) throws(LoaError) {
    lock.lock()
    defer { lock.unlock() }
    guard let handle else { throw LoaError(.gpio, "GPIO line is closed") }
    if loa_gpio_set(handle, on != activeLow ? 1 : 0) != 0 {
      throw LoaError(.gpio, "GPIO '\(chip)' line \(line): \(String(cString: strerror(errno)))")
    }
  }
}
