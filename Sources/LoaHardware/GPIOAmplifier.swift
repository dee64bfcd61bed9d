import CGPIOD
import Foundation
import LoaCore

/// The amplifier on a GPIO line through libgpiod (character device, `/dev/gpiochipN`).
/// The line is requested once as an output, off, and held for the life of the daemon.
// @unchecked Sendable: the line handle is used only under `lock`.
public final class GPIOAmplifier: AmplifierSwitch, @unchecked Sendable {
  public let chip: String
  public let line: UInt32
  public let activeLow: Bool
  private let lock = NSLock()
  private var chipHandle: OpaquePointer?
  private var lineHandle: OpaquePointer?

  public init(chip: String, line: UInt32, activeLow: Bool = false) throws(LoaError) {
    self.chip = chip
    self.line = line
    self.activeLow = activeLow
    guard let c = gpiod_chip_open_lookup(chip) else {
      throw LoaError(.gpio, "GPIO chip '\(chip)' cannot be opened: \(String(cString: strerror(errno)))")
    }
    guard let l = gpiod_chip_get_line(c, line) else {
      gpiod_chip_close(c)
      throw LoaError(.gpio, "GPIO chip '\(chip)' has no line \(line): \(String(cString: strerror(errno)))")
    }
    if gpiod_line_request_output(l, "loa-amplifier", activeLow ? 1 : 0) != 0 {
      gpiod_chip_close(c)
      throw LoaError(
        .gpio, "GPIO '\(chip)' line \(line) cannot be taken as an output: \(String(cString: strerror(errno)))")
    }
    chipHandle = c
    lineHandle = l
  }

  deinit {
    if let lineHandle { gpiod_line_release(lineHandle) }
    if let chipHandle { gpiod_chip_close(chipHandle) }
  }

  public var description: String { "gpio \(chip) line \(line)\(activeLow ? " (active low)" : "")" }

  public func set(on: Bool) throws(LoaError) {
    lock.lock()
    defer { lock.unlock() }
    guard let lineHandle else { throw LoaError(.gpio, "GPIO line is closed") }
    let level: Int32 = (on != activeLow) ? 1 : 0
    if gpiod_line_set_value(lineHandle, level) != 0 {
      throw LoaError(.gpio, "GPIO '\(chip)' line \(line): \(String(cString: strerror(errno)))")
    }
  }
}
