import Foundation
import LoaAudio

/// An `AudioOutput` for engine tests: keeps every sample written, and with `paced`
/// blocks like a device playing in real time (scaled by `speed`), so pre-emption can
/// happen mid-airing. `failOpen` simulates a missing device.
public final class CaptureOutput: AudioOutput, @unchecked Sendable {
  public let format: AudioFormat
  private let lock = NSLock()
  private var _samples: [Int16] = []
  private var _failOpen: String?
  private var _stalled = false
  private var _gone: String?
  private let paced: Bool
  private let speed: Double
  private var playStart: Date?
  private var framesSinceStart = 0
  public private(set) var opens = 0
  public var underruns: Int { 0 }

  public init(format: AudioFormat, paced: Bool = false, speed: Double = 1) {
    self.format = format
    self.paced = paced
    self.speed = speed
  }

  /// Samples written so far (cheap to poll).
  public var sampleCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return _samples.count
  }

  public var samples: [Int16] {
    lock.lock()
    defer { lock.unlock() }
    return _samples
  }

  /// While set, the device is gone: writes and opens fail with this message (a USB codec reset).
  public func setGone(_ message: String?) {
    lock.lock()
    _gone = message
    lock.unlock()
  }

  public func setFailOpen(_ message: String?) {
    lock.lock()
    _failOpen = message
    lock.unlock()
  }

  /// While stalled, writes accept nothing and wait (like a stream that has not started),
  /// returning early only when the caller asks to stop.
  public func setStalled(_ stalled: Bool) {
    lock.lock()
    _stalled = stalled
    lock.unlock()
  }

  private var stalled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return _stalled
  }

  public func open() throws(AudioError) {
    lock.lock()
    defer { lock.unlock() }
    if let m = _failOpen ?? _gone { throw AudioError(.device, m) }
    opens += 1
  }

  public func write(_ samples: UnsafeBufferPointer<Int16>, frames: Int, shouldStop: () -> Bool) throws(AudioError)
    -> Int
  {
    while stalled {
      if shouldStop() { return 0 }
      usleep(2_000)
    }
    lock.lock()
    if let m = _gone {
      lock.unlock()
      throw AudioError(.device, m)
    }
    _samples.append(contentsOf: samples)
    if playStart == nil { playStart = Date() }
    framesSinceStart += frames
    let due = playStart!.addingTimeInterval(format.seconds(frames: framesSinceStart) / speed)
    lock.unlock()
    if paced {
      // Keep at most ~100 ms ahead, like a small device buffer.
      let ahead = due.timeIntervalSinceNow - 0.1 / speed
      if ahead > 0 { usleep(UInt32(ahead * 1_000_000)) }
    }
    return frames
  }

  public func pendingFrames() -> Int {
    lock.lock()
    defer { lock.unlock() }
    guard paced, let playStart else { return 0 }
    let playedSeconds = Date().timeIntervalSince(playStart) * speed
    return max(0, framesSinceStart - format.frames(seconds: playedSeconds))
  }

  public func drop() {
    lock.lock()
    playStart = nil
    framesSinceStart = 0
    lock.unlock()
  }

  public func close() { drop() }
}
