/// Interleaved signed 16-bit PCM at a sample rate and channel count.
public struct AudioFormat: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var sampleRate: Int
  public var channels: Int

  public init(sampleRate: Int, channels: Int) {
    self.sampleRate = sampleRate
    self.channels = channels
  }

  public func seconds(frames: Int) -> Double { Double(frames) / Double(sampleRate) }
  public func frames(seconds: Double) -> Int { Int((seconds * Double(sampleRate)).rounded()) }

  public var description: String { "\(sampleRate) Hz, \(channels) ch, s16le" }
}

/// Errors from decoders and outputs, with text that names the problem.
public struct AudioError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable { case device, decode, io }
  public var kind: Kind
  public var message: String
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }
  public var description: String { message }
}
