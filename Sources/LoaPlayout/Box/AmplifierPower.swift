import Foundation
import LoaCore
import LoaHardware
import Logging

/// Switches the amplifier on before audio and off after an idle time.
///
/// Switching on starts a warm-up (default 1.5 s) before the first frame; whoever airs next waits
/// only what is left of it, so an emergency that cuts in during a warm-up does not wait twice.
/// Without a switch configured it does nothing (and `loa status` says so).
// @unchecked Sendable: the switch state lives under `lock`; the switch command itself runs outside it.
public final class AmplifierPower: @unchecked Sendable {
  public let power: (any AmplifierSwitch)?
  public let warmUp: TimeInterval
  public let idleOff: TimeInterval
  let logger: Logger
  private let lock = NSLock()
  private var onSince: Date?
  private var lastError: String?
  private var switchedOn = 0

  public init(power: (any AmplifierSwitch)?, warmUp: TimeInterval = 1.5, idleOff: TimeInterval = 60, logger: Logger) {
    self.power = power
    self.warmUp = warmUp
    self.idleOff = idleOff
    self.logger = logger
  }

  public struct Status: Sendable, Codable, Equatable {
    public var configured: String?
    public var on: Bool
    public var warmUpSeconds: Double
    public var idleOffSeconds: Double
    public var timesSwitchedOn: Int
    public var lastError: String?
  }

  public var status: Status {
    lock.lock()
    defer { lock.unlock() }
    return Status(
      configured: power?.description, on: onSince != nil, warmUpSeconds: warmUp, idleOffSeconds: idleOff,
      timesSwitchedOn: switchedOn, lastError: lastError)
  }

  /// Switches on if it is off. Returns the warm-up time still to wait (0 when warm or no switch).
  ///
  /// Only the player thread switches (and `switchOff` after it stopped), so the switch command runs
  /// outside the lock: `loa status` never waits for a relay board's command.
  func switchOn() -> TimeInterval {
    guard let power else { return 0 }
    let now = Date()
    lock.lock()
    let since = onSince
    lock.unlock()
    if let since { return max(0, warmUp - now.timeIntervalSince(since)) }
    var failure: String?
    do { try power.set(on: true) } catch {
      // Audio goes out anyway: a stuck relay board must not silence an emergency.
      failure = error.message
      logger.error("cannot switch the amplifier on", metadata: ["error": "\(error.message)"])
    }
    lock.lock()
    lastError = failure
    // The warm-up counts from when the switch has acted (its command returned), not from the ask.
    onSince = Date()
    switchedOn += 1
    lock.unlock()
    logger.info("amplifier on", metadata: ["warm_up_s": "\(warmUp)"])
    return warmUp
  }

  /// Switches off when nothing has aired for `idleOff` seconds.
  func switchOffIfIdle(lastAudio: Date?) {
    guard let power else { return }
    // Marked off before the command runs: status never says "on" after the command has acted.
    lock.lock()
    guard let since = onSince, Date().timeIntervalSince(max(since, lastAudio ?? since)) >= idleOff else {
      lock.unlock()
      return
    }
    onSince = nil
    lock.unlock()
    var failure: String?
    do { try power.set(on: false) } catch {
      failure = error.message
      logger.error("cannot switch the amplifier off", metadata: ["error": "\(error.message)"])
    }
    lock.lock()
    lastError = failure
    lock.unlock()
    logger.info("amplifier off (idle)")
  }

  /// Off at shutdown (the player has stopped).
  func switchOff() {
    guard let power else { return }
    lock.lock()
    let wasOn = onSince != nil
    onSince = nil
    lock.unlock()
    if wasOn { try? power.set(on: false) }
  }
}
