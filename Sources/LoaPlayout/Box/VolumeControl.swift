import Foundation
import LoaAudio
import LoaCore
import LoaStorage

/// The output level, 0–100, kept in the store across restarts.
///
/// With a mixer control the level is set on the device (the samples stay untouched); without one,
/// the player scales the samples (`SoftwareGain`). Emergency airings can have a floor: they play
/// at least `emergencyMinimum` whatever the officer set.
// @unchecked Sendable: the level, mode and last error live under `lock`; the mixer is only touched under it.
public final class VolumeControl: @unchecked Sendable {
  public enum Mode: Sendable, Equatable {
    case mixer(ALSAMixer)
    case software
  }
  public let mode: Mode
  public let emergencyMinimum: Int?
  let store: Store
  private let lock = NSLock()
  private var level: Int
  private var airingClass: BulletinClass?
  private var applied: Int?
  private var _lastError: String?
  /// The last mixer error, or nil (read from API threads; written by the player under `lock`).
  public var lastError: String? {
    lock.lock()
    defer { lock.unlock() }
    return _lastError
  }

  public init(store: Store, mode: Mode, emergencyMinimum: Int?, defaultLevel: Int = 100) {
    self.store = store
    self.mode = mode
    self.emergencyMinimum = emergencyMinimum
    let saved = (try? store.setting("volume")).flatMap { $0.flatMap(Int.init) }
    level = min(100, max(0, saved ?? defaultLevel))
  }

  public var current: Int {
    lock.lock()
    defer { lock.unlock() }
    return level
  }

  /// What a class plays at: the level, raised to the emergency floor for emergencies.
  public func effective(for cls: BulletinClass?) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return effectiveLocked(cls)
  }

  private func effectiveLocked(_ cls: BulletinClass?) -> Int {
    if cls == .emergency, let floor = emergencyMinimum { return max(level, floor) }
    return level
  }

  /// Sets and stores the level; the mixer (if any) follows at once.
  public func set(_ value: Int) throws(LoaError) {
    guard (0...100).contains(value) else {
      throw LoaError(.badVolume, "volume must be a whole number from 0 to 100 (âm lượng từ 0 đến 100), not \(value)")
    }
    try store.setSetting("volume", String(value))
    lock.lock()
    level = value
    let cls = airingClass
    lock.unlock()
    applyMixer(for: cls)
  }

  /// Called by the player when an airing of this class starts (and with nil when it ends).
  func airing(_ cls: BulletinClass?) {
    lock.lock()
    airingClass = cls
    lock.unlock()
    applyMixer(for: cls)
  }

  /// Gain for the samples of the airing on now (1 when a mixer does the work).
  func gain() -> Float {
    guard case .software = mode else { return 1 }
    lock.lock()
    defer { lock.unlock() }
    return SoftwareGain.factor(volume: effectiveLocked(airingClass))
  }

  private func applyMixer(for cls: BulletinClass?) {
    guard case .mixer(let mixer) = mode else { return }
    let target = effective(for: cls)
    lock.lock()
    let skip = applied == target
    lock.unlock()
    if skip { return }
    do {
      try mixer.set(percent: target)
      lock.lock()
      applied = target
      _lastError = nil
      lock.unlock()
    } catch {
      lock.lock()
      applied = nil
      _lastError = error.message
      lock.unlock()
    }
  }

  public var modeDescription: String {
    switch mode {
    case .mixer(let m): return "mixer \(m.device) '\(m.control)'"
    case .software: return "software gain"
    }
  }
}
