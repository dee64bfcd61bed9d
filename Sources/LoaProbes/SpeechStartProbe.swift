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
      func firstAudio(_ first: () -> String?) throws -> (written: Double, audio: Double) {
        let t = DispatchTime.now().uptimeNanoseconds
        guard let sentence = first() else { throw CLIError("the text has no words") }
        let written = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
        _ = try Espeak.shared.synthesize(sentence, profile: profile) { _ in false }
        return (written, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
      }
      var whole: [(Double, Double)] = []
      var lazy: [(Double, Double)] = []
      for _ in 0..<max(1, runs) {
        whole.append(
          try firstAudio { SentenceSplitter.split(normalizer.normalize(text, dialect: profile.dialect)).first })
        lazy.append(
          try firstAudio {
            var it = SpokenSentences(text: text, normalizer: normalizer, dialect: profile.dialect).makeIterator()
            return it.next()
          })
      }
      func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
      try printJSONLine([
        "characters": Double(text.count),
        "whole_written_ms": median(whole.map(\.0)), "whole_first_audio_ms": median(whole.map(\.1)),
        "parts_written_ms": median(lazy.map(\.0)), "parts_first_audio_ms": median(lazy.map(\.1)),
      ])
    }
  }
}
