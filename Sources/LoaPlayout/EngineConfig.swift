import Foundation
import LoaAudio
import LoaLadder
import LoaSpeech

/// How the playout engine behaves; every value has a default for a box with no config file.
public struct EngineConfig: Sendable {
  /// Silence between repetitions of an emergency bulletin.
  public var emergencyGapSeconds: Double
  /// Whether emergency jobs are preceded by the attention chime.
  public var emergencyChime: Bool
  /// Frames written per call to the device: the granularity at which pre-emption is seen.
  public var chunkMilliseconds: Int
  /// The longest a soft drain may wait beyond what the device says is pending.
  public var drainSlackSeconds: Double
  /// Speech voices.
  public var voices: VoiceCatalog
  public var normalizer: any TextNormalizer
  /// Words the synthesiser is told to say otherwise, after the normaliser (`Voices/vi.respell`).
  public var respellings = Respellings()
  /// Text to PCM: libespeak-ng on a box.
  public var synthesiser: any Synthesiser = Espeak.shared
  /// Optional WAV file used instead of the built-in chime.
  public var chimeFile: String?
  /// Dead air on the output: level threshold and how long it may last.
  public var deadAir = DeadAirDetector()
  /// What a relay (or a file that goes silent) falls back to.
  public var fallback = FallbackSource.Options()
  /// Whether files are watched for dead air and fall back too (relays always are).
  public var fallbackForFiles = true
  /// Whether a live broadcast opens with the attention chime (its stream connects meanwhile).
  public var liveChime = true
  /// How long a live broadcast's stream may be missing before the airing ends as failed.
  public var liveLossSeconds = 5.0
  /// How long an airing keeps trying to open a device that went away before it fails.
  public var deviceRetrySeconds = 15.0
  /// When jobs given a start time do not air (emergencies and programmes excepted); `nil`: never.
  /// The daemon sets the box's `quiet_hours` (default 21:30–05:00).
  public var quietHours: QuietHours?

  public init(
    emergencyGapSeconds: Double = 3, emergencyChime: Bool = true, chunkMilliseconds: Int = 20,
    drainSlackSeconds: Double = 0.5, voices: VoiceCatalog = .builtIn,
    normalizer: any TextNormalizer = BasicNormalizer(), chimeFile: String? = nil
  ) {
    self.emergencyGapSeconds = emergencyGapSeconds
    self.emergencyChime = emergencyChime
    self.chunkMilliseconds = chunkMilliseconds
    self.drainSlackSeconds = drainSlackSeconds
    self.voices = voices
    self.normalizer = normalizer
    self.chimeFile = chimeFile
  }
}
