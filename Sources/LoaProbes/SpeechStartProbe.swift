import ArgumentParser
import Foundation
import LoaCLI
import LoaCore
import LoaSpeech

/// `loa-probe speech-start FILE`: how long a bulletin waits before its first synthesised audio,
/// written out whole and then split (what the player did) against a part at a time
/// (`SpokenSentences`, what it does), for bench/speech-start.sh.
struct SpeechStartProbe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "speech-start", abstract: "Time from a bulletin's text to its first synthesised audio.")
  @Argument(help: "The bulletin text (UTF-8).") var file: String
  @Option(help: "Runs (the median is printed).") var runs = 21
  @Option(help: "The voice profile.") var voice = "vi"
  @OptionGroup var voices: VoicesOption

  func run() async throws {
    try await runReporting {
      guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        throw CLIError("cannot read \(file)")
      }
      let dir = ProcessInfo.processInfo.environment["LOA_VOICES_DIR"] ?? "Voices"
      let normalizer = VietnameseNormalizer(lexicon: try Lexicon.load(directory: dir))
      guard let profile = try voices.catalog().profile(named: voice) else { throw CLIError("no voice '\(voice)'") }
      try printJSONLine(try Self.measure(text: text, normalizer: normalizer, profile: profile, runs: runs))
    }
  }

  /// Medians of `runs` trials, both ways. (A plain function: the release compiler crashed splitting
  /// this as a closure inside the async `run`.)
  static func measure(text: String, normalizer: VietnameseNormalizer, profile: VoiceProfile, runs: Int) throws
    -> [String: Double]
  {
    var whole: [(Double, Double)] = []
    var parts: [(Double, Double)] = []
    for _ in 0..<max(1, runs) {
      whole.append(
        try firstAudio(profile) { SentenceSplitter.split(normalizer.normalize(text, dialect: profile.dialect)).first })
      parts.append(
        try firstAudio(profile) {
          var it = SpokenSentences(text: text, normalizer: normalizer, dialect: profile.dialect).makeIterator()
          return it.next()
        })
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    return [
      "characters": Double(text.count),
      "whole_written_ms": median(whole.map(\.0)), "whole_first_audio_ms": median(whole.map(\.1)),
      "parts_written_ms": median(parts.map(\.0)), "parts_first_audio_ms": median(parts.map(\.1)),
    ]
  }

  /// Milliseconds to the first sentence, and to its first synthesised chunk.
  static func firstAudio(_ profile: VoiceProfile, _ first: () -> String?) throws -> (Double, Double) {
    let t = DispatchTime.now().uptimeNanoseconds
    guard let sentence = first() else { throw CLIError("the text has no words") }
    let written = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
    _ = try Espeak.shared.synthesize(sentence, profile: profile) { _ in false }
    return (written, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
  }
}
