import Foundation
import LoaAudio
import LoaSpeech

/// A stand-in for libespeak-ng in the engine's tests: each sentence becomes a 440 Hz tone whose
/// length follows the sentence's length (50 ms a character), delivered in 50 ms chunks like
/// espeak's. Deterministic and instant, so the tests keep their assertions about order, resume
/// points and rows without the library or its time.
public struct ToneSynthesiser: Synthesiser {
  public var secondsPerCharacter: Double
  public let format = AudioFormat(sampleRate: 22050, channels: 1)

  public init(secondsPerCharacter: Double = 0.05) { self.secondsPerCharacter = secondsPerCharacter }

  public func outputFormat() throws(AudioError) -> AudioFormat { format }

  @discardableResult
  public func synthesize(
    _ text: String, profile: VoiceProfile, deliver: @escaping (UnsafeBufferPointer<Int16>) -> Bool
  ) throws(AudioError) -> Bool {
    let total = max(1, format.frames(seconds: Double(text.count) * secondsPerCharacter))
    let chunk = format.frames(seconds: 0.05)
    var buf = [Int16](repeating: 0, count: chunk)
    var done = 0
    while done < total {
      let n = min(chunk, total - done)
      for i in 0..<n {
        buf[i] = Int16(8000 * sin(2 * Double.pi * 440 * Double(done + i) / Double(format.sampleRate)))
      }
      let goOn = buf.withUnsafeBufferPointer { deliver(UnsafeBufferPointer(rebasing: $0[0..<n])) }
      if !goOn { return false }
      done += n
    }
    return true
  }

  /// The whole sentence in memory.
  public func render(_ text: String) -> [Int16] {
    nonisolated(unsafe) var out: [Int16] = []
    _ = try? synthesize(text, profile: VoiceCatalog.builtIn.profile(named: "vi")!) { chunk in
      out.append(contentsOf: chunk)
      return true
    }
    return out
  }
}
