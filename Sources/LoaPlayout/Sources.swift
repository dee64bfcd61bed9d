import Foundation
import LoaAudio
import LoaCore
import LoaRelay
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
    Array(
      SpokenSentences(
        text: text, normalizer: config.normalizer, dialect: voice.dialect, respellings: config.respellings))
  }

  func makeSource(_ job: Job, startSentence: Int, startFrame: Int) throws(AudioError) -> MadeSource {
    if case .live(let url, let maxSeconds) = job.content {
      // Live: a small buffer (beyond 0.6 s quiet audio is dropped to catch up, beyond 3 s any), no fallback;
      // it ends with the stream when the officer announced the end, else a loss fails it.
      let left = maxSeconds - output.format.seconds(frames: startFrame)
      guard left > 0.5 else { throw AudioError(.io, "the live broadcast's time is already over") }
      let ends = liveEnds
      let id = job.id
      let source = try RelaySource(
        url: url, seconds: left, format: output.format, prebufferSeconds: 0.25, maxBufferSeconds: 0.6,
        live: .init(lossSeconds: config.liveLossSeconds, startSeconds: 15, endAnnounced: { ends.contains(id) }))
      return MadeSource(source: source) { played, base in
        var rp = base
        rp.frame = startFrame + played
        return rp
      }
    }
    return try makeSource(job.content, startSentence: startSentence, startFrame: startFrame)
  }

  func makeSource(_ content: JobContent, startSentence: Int, startFrame: Int) throws(AudioError) -> MadeSource {
    let outRate = Double(output.format.sampleRate)
    switch content {
    case .program:
      throw AudioError(.decode, "a programme is aired item by item")
    case .live:
      throw AudioError(.decode, "a live broadcast is aired as a job")
    case .relay(let url, let seconds):
      // Live: a resumed relay carries on with what is live now, for the time left.
      let left = seconds - output.format.seconds(frames: startFrame)
      guard left > 0.5 else { throw AudioError(.io, "the relay's time is already over") }
      let relay = try RelaySource(url: url, seconds: left, format: output.format)
      // Watched: a stream that stays down or goes silent is replaced by the fallback (logged).
      let watched = FallbackSource(primary: relay, format: output.format, options: fallbackOptions)
      return MadeSource(source: watched) { played, base in
        var rp = base
        rp.frame = startFrame + played
        return rp
      }
    case .speech(let text, let voiceName):
      guard let profile = config.voices.profile(named: voiceName) else {
        throw AudioError(.decode, "unknown voice '\(voiceName)'")
      }
      // Written out a part at a time as the synthesis thread asks for it: the first words of a
      // long bulletin do not wait for the whole text.
      let spoken = SpokenSentences(
        text: text, normalizer: config.normalizer, dialect: profile.dialect, respellings: config.respellings)
      guard spoken.contains(where: { _ in true }) else {
        throw AudioError(.decode, "nothing to say: the text has no words after cleaning")
      }
      let speech = try SpeechSource(
        spoken: AnySequence(spoken), profile: profile, startSentence: startSentence, engine: config.synthesiser)
      let srcRate = Double(speech.format.sampleRate)
      return MadeSource(source: speech) { played, base in
        var rp = base
        rp.sentence = speech.sentence(containingFrame: Int(Double(played) * srcRate / outRate))
        return rp
      }
    case .file(let path):
      let fallback = config.fallbackForFiles && !config.fallback.files.isEmpty
      // Its MPEG frames kept for the record when they are what reaches the device unchanged (not
      // behind a fallback that may put other audio in their place).
      let copy = !fallback && recordings?.config.copyMP3 == true
      let file = try AudioFile.open(path, format: output.format, startFrame: startFrame, keepFrames: copy)
      let srcRate = Double(file.format.sampleRate)
      let total = (file as? WAVFile)?.frameCount ?? Int.max
      let source: any PCMSource =
        fallback
        ? FallbackSource(
          primary: FormatConverter(file, to: output.format), format: output.format, options: fallbackOptions)
        : file
      return MadeSource(source: source) { played, base in
        var rp = base
        rp.frame = min(total, startFrame + Int(Double(played) * srcRate / outRate))
        return rp
      }
    }
  }

  /// The source for one programme item.
  func makeSource(_ item: ProgramItem, startSentence: Int, startFrame: Int) throws(AudioError) -> MadeSource {
    switch item {
    case .chime:
      return MadeSource(source: chimeSource()) { _, base in base }
    case .silence(let seconds):
      let silence = SilenceSource(format: output.format, frames: output.format.frames(seconds: Double(seconds)))
      return MadeSource(source: silence) { _, base in base }
    case .speech(_, let text, let voice, _):
      return try makeSource(.speech(text: text, voice: voice), startSentence: startSentence, startFrame: startFrame)
    case .file(_, let path):
      return try makeSource(.file(path: path), startSentence: startSentence, startFrame: startFrame)
    case .relay(_, let url, let seconds):
      return try makeSource(.relay(url: url, seconds: Double(seconds)), startSentence: 0, startFrame: startFrame)
    }
  }

  /// The fallback watches with the output's dead-air threshold and limit.
  var fallbackOptions: FallbackSource.Options {
    var o = config.fallback
    o.deadAir = config.deadAir
    return o
  }

  func chimeSource() -> any PCMSource {
    if let file = config.chimeFile, let wav = try? WAVFile(path: file) { return wav }
    return BufferSource(format: output.format, samples: chimeSamples)
  }
}
