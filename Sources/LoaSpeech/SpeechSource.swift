import Foundation
import LoaAudio

/// Speech as a PCM source that streams: a synthesis thread runs a few seconds ahead
/// of playback, sentence by sentence, so the first frames play while the rest of the
/// text is still being synthesised. It records where each sentence starts, so an
/// interrupted bulletin can resume from the start of the sentence it was in.
// @unchecked Sendable: the PCM buffer, sentence marks and cancel flag live under `cond` (the synthesis thread fills, the player reads, anyone may cancel).
public final class SpeechSource: PCMSource, @unchecked Sendable {
  public let format: AudioFormat
  /// Where the sentences come from; read only by the synthesis thread.
  private let text: AnySequence<String>
  public let startSentence: Int
  private let profile: VoiceProfile
  private let engine: any Synthesiser
  private let maxAheadFrames: Int

  private let cond = NSCondition()
  private var pending: [Int16] = []
  private var readIndex = 0
  private var produced = 0
  private var consumed = 0
  private var starts: [Int] = []  // frame offset of sentence startSentence + k
  private var finished = false
  private var cancelled = false
  private var failure: AudioError?
  private var started = false

  /// - Parameters:
  ///   - sentences: normalised sentences (see `SentenceSplitter`).
  ///   - startSentence: index to start from (resume).
  public convenience init(
    sentences: [String], profile: VoiceProfile, startSentence: Int = 0, engine: any Synthesiser = Espeak.shared,
    maxAheadSeconds: Double = 3
  ) throws(AudioError) {
    try self.init(
      spoken: AnySequence(sentences), profile: profile, startSentence: min(max(0, startSentence), sentences.count),
      engine: engine, maxAheadSeconds: maxAheadSeconds)
  }

  /// Sentences written out as they are needed (`SpokenSentences`): the text's first sentence is
  /// synthesised before the rest is normalised.
  public init(
    spoken: AnySequence<String>, profile: VoiceProfile, startSentence: Int = 0,
    engine: any Synthesiser = Espeak.shared, maxAheadSeconds: Double = 3
  ) throws(AudioError) {
    self.text = spoken
    self.profile = profile
    self.startSentence = max(0, startSentence)
    self.engine = engine
    self.format = try engine.outputFormat()
    self.maxAheadFrames = format.frames(seconds: maxAheadSeconds)
  }

  /// Starts the synthesis thread. Called by the first `read` if not before.
  public func start() {
    cond.lock()
    defer { cond.unlock() }
    if started { return }
    started = true
    let t = Thread { [self] in produce() }
    t.name = "loa-speech"
    t.stackSize = 4 << 20
    t.start()
  }

  private func produce() {
    for sentence in text.dropFirst(startSentence) {
      cond.lock()
      if cancelled {
        cond.unlock()
        break
      }
      starts.append(produced)
      cond.unlock()
      do {
        let completed = try engine.synthesize(sentence, profile: profile) { [self] chunk in
          cond.lock()
          defer { cond.unlock() }
          while produced - consumed > maxAheadFrames && !cancelled { cond.wait() }
          if cancelled { return false }
          pending.append(contentsOf: chunk)
          produced += chunk.count
          cond.broadcast()
          return true
        }
        if !completed { break }
      } catch {
        cond.lock()
        failure = error
        cond.unlock()
        break
      }
    }
    cond.lock()
    finished = true
    cond.broadcast()
    cond.unlock()
  }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    start()
    cond.lock()
    defer { cond.unlock() }
    while pending.count - readIndex == 0 && !finished && !cancelled { cond.wait() }
    if let failure { throw failure }
    if cancelled { return 0 }
    let n = min(maxFrames, pending.count - readIndex)
    if n == 0 { return 0 }
    pending.withUnsafeBufferPointer { src in
      buffer.baseAddress!.update(from: src.baseAddress! + readIndex, count: n)
    }
    readIndex += n
    consumed += n
    if readIndex > 1 << 16 {
      pending.removeFirst(readIndex)
      readIndex = 0
    }
    cond.broadcast()
    return n
  }

  public func cancel() {
    cond.lock()
    cancelled = true
    cond.broadcast()
    cond.unlock()
  }

  /// Frame offsets (from this source's start) at which each synthesised sentence begins.
  public var sentenceStarts: [Int] {
    cond.lock()
    defer { cond.unlock() }
    return starts
  }

  /// The absolute sentence index that contains `frame` (frames of this source, from its start).
  public func sentence(containingFrame frame: Int) -> Int {
    cond.lock()
    defer { cond.unlock() }
    var k = 0
    for (i, s) in starts.enumerated() where s <= frame { k = i }
    return startSentence + k
  }
}
