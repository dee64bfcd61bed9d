/// An error with a stable machine code and a message an officer can act on.
///
/// Codes are part of the API contract (`docs/api.md`): the raw values are what the API, the CLI
/// and the uplink's rejections show. Messages are bilingual where an officer reads them.
public struct LoaError: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: Code
  public var message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }

  /// Every code Loa raises.
  public enum Code: String, Sendable, CaseIterable {
    case alreadyRunning = "already_running"
    case ambiguousContent = "ambiguous_content"
    case amplifier
    case atInPast = "at_in_past"
    case badAudio = "bad_audio"
    case badDuration = "bad_duration"
    case badKey = "bad_key"
    case badListen = "bad_listen"
    case badMetadata = "bad_metadata"
    case badPassword = "bad_password"
    case badQuery = "bad_query"
    case badUser = "bad_user"
    case badMediaUrl = "bad_media_url"
    case badRelayUrl = "bad_relay_url"
    case badRepeat = "bad_repeat"
    case badSha256 = "bad_sha256"
    case badTarget = "bad_target"
    case badTime = "bad_time"
    case badUrl = "bad_url"
    case badVolume = "bad_volume"
    case checksumMismatch = "checksum_mismatch"
    case classMismatch = "class_mismatch"
    case config
    case downloadFailed = "download_failed"
    case emptyText = "empty_text"
    case expiresBeforeStart = "expires_before_start"
    case expiresInPast = "expires_in_past"
    case gpio
    case invalidText = "invalid_text"
    case invalidUtf8 = "invalid_utf8"
    case jobFinished = "job_finished"
    case jobNotFound = "job_not_found"
    case jobNotWaiting = "job_not_waiting"
    case lexicon
    case localUrl = "local_url"
    case mediaNotFetched = "media_not_fetched"
    case missingContent = "missing_content"
    case noPreviousSchedule = "no_previous_schedule"
    case nothingToSay = "nothing_to_say"
    case playerUnavailable = "player_unavailable"
    /// The province's source system refused or could not be reached.
    case province
    case scheduleInvalid = "schedule_invalid"
    case sha256WithoutMedia = "sha256_without_media"
    case stateDir = "state_dir"
    case storage
    case textTooLong = "text_too_long"
    case titleTooLong = "title_too_long"
    case tooLarge = "too_large"
    case unknownClass = "unknown_class"
    case unknownField = "unknown_field"
    case unknownHamlet = "unknown_hamlet"
    case unknownBox = "unknown_box"
    case unknownTarget = "unknown_target"
    case notAllowed = "not_allowed"
    case unknownLanguage = "unknown_language"
    case unknownOrigin = "unknown_origin"
    case unknownSend = "unknown_send"
    case unknownCode = "unknown_code"
    case unknownMedia = "unknown_media"
    case codeUsed = "code_used"
    case unknownSource = "unknown_source"
    case unknownVoice = "unknown_voice"
    case voiceFile = "voice_file"
    case voiceForFile = "voice_for_file"
    case voicesDir = "voices_dir"

    /// What kind of failure it is; the API's HTTP status follows from it.
    public var kind: Kind {
      switch self {
      case .jobNotFound, .unknownHamlet, .unknownBox, .unknownTarget, .unknownSend, .unknownCode, .unknownMedia:
        .notFound
      case .alreadyRunning, .jobFinished, .jobNotWaiting, .codeUsed: .conflict
      case .amplifier, .gpio, .playerUnavailable, .storage: .unavailable
      case .downloadFailed, .province: .upstream
      default: .invalid
      }
    }
  }

  public enum Kind: Sendable, Equatable {
    /// The request or file is wrong: the caller must change it (HTTP 422).
    case invalid
    /// No such thing (404).
    case notFound
    /// It cannot be done in the state things are in (409).
    case conflict
    /// The box cannot do it now: storage, hardware (503).
    case unavailable
    /// Another server failed: a download (502).
    case upstream
  }
}
