import CEspeakNG
import Foundation
import LoaAudio

/// libespeak-ng in process. The library keeps global state, so every call goes
/// through one lock; synthesis is synchronous and hands PCM to a callback in small
/// chunks (50 ms), which is what lets playback start before a sentence is finished.
// @unchecked Sendable: libespeak-ng keeps global state: every call goes through `lock`.
public final class Espeak: @unchecked Sendable {
  public static let shared = Espeak()

  private let lock = NSLock()
  private var initialised = false
  private var rate = 22050
  private var currentVoice: String?

  private init() {}

  /// The sample rate libespeak-ng produces (22050 Hz, mono).
  public func outputFormat() throws(AudioError) -> AudioFormat {
    lock.lock()
    defer { lock.unlock() }
    try initialiseLocked()
    return AudioFormat(sampleRate: rate, channels: 1)
  }

  private func initialiseLocked() throws(AudioError) {
    if initialised { return }
    let r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 50, nil, 0)
    guard r > 0 else {
      throw AudioError(.device, "libespeak-ng could not start (espeak-ng-data missing?)")
    }
    rate = Int(r)
    espeak_SetSynthCallback { wav, count, events in
      guard let events, let ctx = events.pointee.user_data else { return 0 }
      let sink = Unmanaged<ChunkSink>.fromOpaque(ctx).takeUnretainedValue()
      guard let wav, count > 0 else { return sink.shouldAbort() ? 1 : 0 }
      return sink.deliver(UnsafeBufferPointer(start: wav, count: Int(count))) ? 0 : 1
    }
    initialised = true
  }

  /// Whether libespeak-ng knows a voice name.
  public func hasVoice(_ name: String) throws(AudioError) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    try initialiseLocked()
    currentVoice = nil
    return espeak_SetVoiceByName(name) == EE_OK
  }

  /// The phonemes libespeak-ng would speak for a text (its `-x` mnemonics), clause by clause; a
  /// word it reads as English is marked `(en)`. For checking what reaches the synthesiser.
  public func phonemes(_ text: String, voice: String) throws(AudioError) -> String {
    lock.lock()
    defer { lock.unlock() }
    try initialiseLocked()
    currentVoice = nil
    guard espeak_SetVoiceByName(voice) == EE_OK else { throw AudioError(.decode, "unknown espeak-ng voice '\(voice)'") }
    var out = ""
    text.withCString { c in
      var at: UnsafeRawPointer? = UnsafeRawPointer(c)
      while at != nil {
        guard let p = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0) else { break }
        out += String(cString: p) + "\n"
      }
    }
    return out
  }

  /// Synthesises one piece of text, calling `deliver` with each chunk of samples.
  /// `deliver` returns false to abort. Returns false if aborted.
  @discardableResult
  public func synthesize(
    _ text: String, profile: VoiceProfile, deliver: @escaping (UnsafeBufferPointer<Int16>) -> Bool
  ) throws(AudioError) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return try synthesizeLocked(text, profile: profile, deliver: deliver)
  }

  private func synthesizeLocked(
    _ text: String, profile: VoiceProfile, deliver: @escaping (UnsafeBufferPointer<Int16>) -> Bool
  ) throws(AudioError) -> Bool {
    try initialiseLocked()
    if currentVoice != profile.espeakVoice {
      guard espeak_SetVoiceByName(profile.espeakVoice) == EE_OK else {
        throw AudioError(.device, "espeak-ng has no voice '\(profile.espeakVoice)'")
      }
      currentVoice = profile.espeakVoice
    }
    espeak_SetParameter(espeakRATE, Int32(profile.rate), 0)
    espeak_SetParameter(espeakPITCH, Int32(profile.pitch), 0)
    espeak_SetParameter(espeakRANGE, Int32(profile.range), 0)
    espeak_SetParameter(espeakVOLUME, Int32(profile.volume), 0)
    let sink = ChunkSink(deliver)
    let ctx = Unmanaged.passRetained(sink)
    defer { ctx.release() }
    let rc = text.withCString { p in
      espeak_Synth(
        p, strlen(p) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8 | espeakENDPAUSE), nil, ctx.toOpaque())
    }
    guard rc == EE_OK else { throw AudioError(.device, "espeak-ng synthesis failed (error \(rc.rawValue))") }
    return !sink.aborted
  }

  /// Synthesises a whole text into memory (tests, probes, benchmarks).
  public func render(_ text: String, profile: VoiceProfile) throws(AudioError) -> [Int16] {
    var out: [Int16] = []
    let box = SampleBox()
    try synthesize(text, profile: profile) { chunk in
      box.samples.append(contentsOf: chunk)
      return true
    }
    out = box.samples
    return out
  }
}

// @unchecked Sendable: filled by the libespeak-ng callback during a synthesis call that holds `Espeak.lock`, read after it returns.
private final class SampleBox: @unchecked Sendable {
  var samples: [Int16] = []
}

/// Carries the Swift closure through libespeak-ng's C callback.
final class ChunkSink {
  let deliverChunk: (UnsafeBufferPointer<Int16>) -> Bool
  var aborted = false
  init(_ deliver: @escaping (UnsafeBufferPointer<Int16>) -> Bool) { deliverChunk = deliver }
  func deliver(_ chunk: UnsafeBufferPointer<Int16>) -> Bool {
    if aborted { return false }
    if !deliverChunk(chunk) { aborted = true }
    return !aborted
  }
  func shouldAbort() -> Bool { aborted }
}
