import LoaAudio

/// Text to PCM, sentence by sentence: the port the player's speech goes through. libespeak-ng
/// (`Espeak.shared`) on a box; a tone generator in the engine's tests, which then need neither the
/// library nor its time.
public protocol Synthesiser: Sendable {
  /// The format `synthesize` delivers.
  func outputFormat() throws(AudioError) -> AudioFormat
  /// Synthesises one sentence, handing samples to `deliver` in small chunks; `deliver` returns
  /// false to stop. Returns false if stopped.
  @discardableResult
  func synthesize(
    _ text: String, profile: VoiceProfile, deliver: @escaping (UnsafeBufferPointer<Int16>) -> Bool
  ) throws(AudioError) -> Bool
}

extension Espeak: Synthesiser {}
