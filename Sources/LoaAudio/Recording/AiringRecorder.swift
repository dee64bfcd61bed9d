/// A record of one airing, fed what the device took, frame by frame, on the player's thread.
/// `OpusRecorder` encodes it; `MP3FrameRecorder` keeps the MPEG frames it was decoded from.
public protocol AiringRecorder: AnyObject {
  var path: String { get }
  /// Why the recording stopped early, if it did (it never stops the audio).
  var failure: String? { get }
  /// Interleaved frames, after the volume, as the device accepted them.
  func write(_ samples: UnsafeBufferPointer<Int16>, frames n: Int)
  /// Flushes and closes the file. Returns the seconds recorded, or throws when the file is not whole.
  @discardableResult func finish() throws(AudioError) -> Double
}

extension OpusRecorder: AiringRecorder {}

/// A source decoded from compressed frames that a record of the airing can keep as they are: the
/// record is then a copy of the frames that aired, not a second encoding of their samples.
public protocol CompressedFrames: AnyObject {
  /// What the frames make when written end to end: a file name extension (`mp3`).
  var framesKind: String { get }
  /// Whether frames are being kept (a source opened without keeping them has none to give).
  var keepsFrames: Bool { get }
  /// Hands over, once each, the frames that begin before `played` frames of audio had been read
  /// from this source (counted from its first read), as their bytes end to end.
  func takeFrames(before played: Int) -> [UInt8]
}
