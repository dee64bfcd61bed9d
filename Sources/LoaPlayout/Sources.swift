import Foundation
import LoaAudio
import LoaCore
import LoaSpeech

/// A source for one airing and how to map frames played back to a resume point.
struct MadeSource {
  let source: any PCMSource
  let resumePoint: (_ outputFramesPlayed: Int, _ base: ResumePoint) -> ResumePoint
}

extension PlayoutEngine {
  /// Normalised sentences of a speech job; the same text always gives the same sentences,
  /// so a sentence index survives a restart.
  public func sentences(for text: String, voice: VoiceProfile) -> [String] {
    SentenceSplitter.split(config.normalizer.normalize(text, dialect: voice.dialect))
  }

  func makeSource(_ job: Job, startSentence: Int, startFrame: Int) throws(AudioError) -> MadeSource {
    let outRate = Double(output.format.sampleRate)
    switch job.content {
    case .speech(let text, let voiceName):
      guard let profile = config.voices.profile(named: voiceName) else {
        throw AudioError(.decode, "unknown voice '\(voiceName)'")
      }
      let list = sentences(for: text, voice: profile)
      guard !list.isEmpty else { throw AudioError(.decode, "nothing to say: the text has no words after cleaning") }
      let speech = try SpeechSource(sentences: list, profile: profile, startSentence: startSentence)
      let srcRate = Double(speech.format.sampleRate)
      return MadeSource(source: speech) { played, base in
        var rp = base
        rp.sentence = speech.sentence(containingFrame: Int(Double(played) * srcRate / outRate))
        return rp
      }
    case .file(let path):
      let wav = try WAVFile(path: path, startFrame: startFrame)
      let srcRate = Double(wav.format.sampleRate)
      return MadeSource(source: wav) { played, base in
        var rp = base
        rp.frame = min(wav.frameCount, startFrame + Int(Double(played) * srcRate / outRate))
        return rp
      }
    }
  }

  func chimeSource() -> any PCMSource {
    if let file = config.chimeFile, let wav = try? WAVFile(path: file) { return wav }
    return Chime.source(format: output.format)
  }
}
