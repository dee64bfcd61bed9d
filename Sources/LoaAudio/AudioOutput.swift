import Foundation

/// Where PCM goes: the sound device in production, a null or memory sink in tests.
///
/// One player thread drives an output. Each call returns quickly enough that the
/// player can look for pre-emption between calls: `write` blocks at most about
/// one period of the device buffer.
public protocol AudioOutput: AnyObject {
  /// The format every source is converted to.
  var format: AudioFormat { get }
  /// Opens the device if it is not open. Throws with the device's error text.
  func open() throws(AudioError)
  /// Writes interleaved frames; returns when they are all in the device buffer, or earlier
  /// (with the count written so far) when `shouldStop` turns true while it waits for room.
  /// A device that is slow to start must not delay pre-emption.
  func write(_ samples: UnsafeBufferPointer<Int16>, frames: Int, shouldStop: () -> Bool) throws(AudioError) -> Int
  /// Frames written but not yet played.
  func pendingFrames() -> Int
  /// Throws away what is buffered (pre-emption: drop, don't drain).
  func drop()
  /// Closes the device; the next `open` opens it again.
  func close()
  /// Underruns recovered since start.
  var underruns: Int { get }
}
