import Foundation

/// The body of `POST /v1/jobs`, shared by the API and the CLI.
///
/// Class and source are plain strings so that an unknown value is reported
/// with our own error code rather than a decoding failure.
public struct JobRequest: Codable, Sendable, Equatable {
  public var text: String?
  public var file: String?
  /// A file sent to the box first (`POST /v1/media`), by the id it was given.
  public var media: String?
  public var bulletinClass: String?
  public var voice: String?
  public var repeatCount: Int?
  public var title: String?
  public var notBefore: Date?
  public var expiresAt: Date?
  public var operatorName: String?
  public var source: String?
  /// A stream to relay (http/https) for `durationSeconds`.
  public var relay: String?
  /// A live broadcast's stream (http/https), aired until it ends or for at most
  /// `durationSeconds` (default 30 min).
  public var live: String?
  public var durationSeconds: Double?
  /// An audio file to download (http/https) into the content cache before the job is accepted,
  /// with its SHA-256 when the sender knows it.
  public var mediaURL: String?
  public var sha256: String?
  /// What it is about and where it came from (reports, the province's systems): the field's
  /// number 1–6, a language code from the station's list, an origin, author and news source.
  public var field: Int?
  public var language: String?
  public var origin: String?
  public var author: String?
  public var newsSource: String?

  enum CodingKeys: String, CodingKey {
    case text, file, media, voice, title, source, relay, live, sha256, field, language, origin, author
    case newsSource = "news_source"
    case mediaURL = "media_url"
    case durationSeconds = "duration_s"
    case bulletinClass = "class"
    case repeatCount = "repeat"
    case notBefore = "not_before"
    case expiresAt = "expires_at"
    case operatorName = "operator"
  }

  public init(
    text: String? = nil, file: String? = nil, bulletinClass: String? = nil,
    voice: String? = nil, repeatCount: Int? = nil, title: String? = nil,
    notBefore: Date? = nil, expiresAt: Date? = nil, operatorName: String? = nil,
    source: String? = nil, relay: String? = nil, durationSeconds: Double? = nil
  ) {
    self.relay = relay
    self.durationSeconds = durationSeconds
    self.text = text
    self.file = file
    self.bulletinClass = bulletinClass
    self.voice = voice
    self.repeatCount = repeatCount
    self.title = title
    self.notBefore = notBefore
    self.expiresAt = expiresAt
    self.operatorName = operatorName
    self.source = source
  }
}

/// Limits and defaults a job is checked against.
public struct JobRules: Sendable {
  public var maxTextCharacters: Int
  public var maxTitleCharacters: Int
  public var maxRepeat: Int
  public var emergencyRepeat: Int
  public var defaultVoice: String
  public var knownVoices: Set<String>
  /// How far in the past `not_before` may be and still count as "now".
  public var pastGrace: TimeInterval
  /// A job given a start time (`--at`) and no expiry airs at most this late, like a programme's
  /// start tolerance: after a clock step forward or a long outage it is logged `expired`, never
  /// aired hours late.
  public var lateTolerance: TimeInterval = 600
  /// Languages the station airs (`[content] languages`); the first is the one it airs unless a
  /// job says otherwise.
  public var languages: [String] = ["vi"]

  public init(
    maxTextCharacters: Int = 20_000, maxTitleCharacters: Int = 200, maxRepeat: Int = 10,
    emergencyRepeat: Int = 2, defaultVoice: String = "vi", knownVoices: Set<String>,
    pastGrace: TimeInterval = 5
  ) {
    self.maxTextCharacters = maxTextCharacters
    self.maxTitleCharacters = maxTitleCharacters
    self.maxRepeat = maxRepeat
    self.emergencyRepeat = emergencyRepeat
    self.defaultVoice = defaultVoice
    self.knownVoices = knownVoices
    self.pastGrace = pastGrace
  }
}

extension JobRequest {
  /// Checks the request and builds a job. `file` must already be resolved by the caller
  /// (the daemon copies files into its media folder before acknowledging).
  public func validated(
    rules: JobRules, now: Date, defaultSource: JobSource, storedFile: String? = nil
  ) throws(LoaError) -> Job {
    let cls: BulletinClass
    if let raw = bulletinClass {
      guard let c = BulletinClass(rawValue: raw.lowercased()) else {
        throw LoaError(
          .unknownClass,
          "unknown class '\(raw)': use normal, priority or emergency "
            + "(loại bản tin không hợp lệ: thông thường = normal, ưu tiên = priority, khẩn cấp = emergency)"
        )
      }
      cls = c
    } else {
      cls = .normal
    }

    let src: JobSource
    if let raw = source {
      guard let s = JobSource(rawValue: raw) else {
        throw LoaError(.unknownSource, "unknown source '\(raw)': use cli, api, uplink or schedule")
      }
      src = s
    } else {
      src = defaultSource
    }

    if mediaURL != nil {
      guard text == nil, file == nil, relay == nil, live == nil else {
        throw LoaError(.ambiguousContent, "give one of 'text', 'file', 'media_url', 'relay' or 'live'")
      }
      guard storedFile != nil else {
        throw LoaError(.mediaNotFetched, "'media_url' is downloaded by the daemon before the job is accepted")
      }
    } else if sha256 != nil {
      throw LoaError(.sha256WithoutMedia, "'sha256' goes with 'media_url'")
    }

    let content: JobContent
    if let stored = storedFile, mediaURL != nil {
      if voice != nil { throw LoaError(.voiceForFile, "'voice' applies to text only, not to a file") }
      content = .file(path: stored)
    } else if let live {
      guard text == nil, file == nil, relay == nil else {
        throw LoaError(.ambiguousContent, "give one of 'text', 'file', 'relay' or 'live'")
      }
      guard isHTTPStreamURL(live) else {
        throw LoaError(
          .badRelayUrl, "live stream URL '\(live.prefix(120))' must be http:// or https:// (địa chỉ phát trực tiếp)")
      }
      let d = durationSeconds ?? 1800
      guard d >= 10, d <= 6 * 3600 else {
        throw LoaError(.badDuration, "a live broadcast lasts at most 10 s to 6 h ('duration_s')")
      }
      if voice != nil { throw LoaError(.voiceForFile, "'voice' applies to text only, not to a live broadcast") }
      if (repeatCount ?? 1) != 1 { throw LoaError(.badRepeat, "a live broadcast airs once") }
      content = .live(url: live, maxSeconds: d)
    } else if let relay {
      guard text == nil, file == nil else {
        throw LoaError(.ambiguousContent, "give one of 'text', 'file' or 'relay'")
      }
      guard isHTTPStreamURL(relay) else {
        throw LoaError(
          .badRelayUrl, "relay URL '\(relay)' must be http:// or https:// (địa chỉ tiếp sóng không hợp lệ)")
      }
      guard let d = durationSeconds, d >= 10, d <= 6 * 3600 else {
        throw LoaError(.badDuration, "a relay needs 'duration_s' from 10 s to 6 h (thời lượng tiếp sóng)")
      }
      if voice != nil { throw LoaError(.voiceForFile, "'voice' applies to text only, not to a relay") }
      content = .relay(url: relay, seconds: d)
    } else {
      switch (text, file) {
      case (nil, nil):
        throw LoaError(.missingContent, "a job needs 'text' or 'file' (bản tin trống: cần nội dung)")
      case (.some, .some):
        throw LoaError(.ambiguousContent, "give either 'text' or 'file', not both")
      case (.some(let t), nil):
        try Self.checkText(t, rules: rules)
        let voiceName = voice ?? rules.defaultVoice
        guard rules.knownVoices.contains(voiceName) else {
          let known = rules.knownVoices.sorted().joined(separator: ", ")
          throw LoaError(
            .unknownVoice, "unknown voice '\(voiceName)'; known voices: \(known) (giọng đọc không có)")
        }
        content = .speech(text: t, voice: voiceName)
      case (nil, .some(let f)):
        if voice != nil {
          throw LoaError(.voiceForFile, "'voice' applies to text only, not to a file")
        }
        content = .file(path: storedFile ?? f)
      }
    }

    // An emergency repeats, but a live broadcast happens once: a repetition would find the stream over.
    let repeats = repeatCount ?? (cls == .emergency && content.kind != .live ? rules.emergencyRepeat : 1)
    guard (1...rules.maxRepeat).contains(repeats) else {
      throw LoaError(.badRepeat, "repeat must be between 1 and \(rules.maxRepeat), got \(repeats)")
    }

    if let nb = notBefore, nb < now.addingTimeInterval(-rules.pastGrace) {
      throw LoaError(
        .atInPast,
        "start time \(LocalTime.format(nb)) is in the past (now \(LocalTime.format(now))) "
          + "(giờ phát đã qua)")
    }
    if let ex = expiresAt {
      if ex <= now {
        throw LoaError(
          .expiresInPast, "expiry \(LocalTime.format(ex)) is already past (hạn phát đã qua)")
      }
      if let nb = notBefore, ex <= nb {
        throw LoaError(
          .expiresBeforeStart,
          "expiry \(LocalTime.format(ex)) is not after the start time \(LocalTime.format(nb)) "
            + "(hạn phát phải sau giờ phát)")
      }
    }

    var finalTitle = title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    if finalTitle.count > rules.maxTitleCharacters {
      throw LoaError(
        .titleTooLong, "title has \(finalTitle.count) characters; the limit is \(rules.maxTitleCharacters)")
    }
    if finalTitle.isEmpty {
      switch content {
      case .speech(let t, _): finalTitle = Self.defaultTitle(from: t)
      case .file(let p):
        finalTitle =
          (file ?? mediaURL.map { String($0.split(separator: "?").first ?? "") } ?? p)
          .split(separator: "/").last.map(String.init) ?? p
      case .program(let p): finalTitle = p.title
      case .relay(let u, _): finalTitle = "Tiếp sóng " + u
      case .live: finalTitle = "Phát trực tiếp"
      }
    }

    // Thông tư 39: a normal bulletin from the source system waits for the commune to place it.
    let status: JobStatus = src == .uplink && cls == .normal ? .inbox : .queued
    var expiry = expiresAt
    if expiry == nil, status == .queued, let nb = notBefore, nb > now.addingTimeInterval(rules.pastGrace) {
      expiry = nb.addingTimeInterval(rules.lateTolerance)
    }
    return Job(
      bulletinClass: cls, source: src, title: finalTitle, content: content,
      repeatCount: repeats, notBefore: notBefore, expiresAt: expiry, createdAt: now,
      operatorName: operatorName, status: status,
      info: try info(bulletinClass: cls, rules: rules).filling(
        from: Self.defaultInfo(content: content, source: src, bulletinClass: cls, rules: rules)))
  }

  /// The metadata as sent, checked. An emergency is never refused over its labels: a bad value
  /// is left unknown (`metadataProblems` tells the sender).
  func info(bulletinClass: BulletinClass, rules: JobRules) throws(LoaError) -> BulletinInfo {
    if bulletinClass == .emergency {
      return BulletinInfo.checkedLeniently(
        field: field, language: language, origin: origin, author: author, newsSource: newsSource,
        languages: rules.languages
      ).0
    }
    return try BulletinInfo.checked(
      field: field, language: language, origin: origin, author: author, newsSource: newsSource,
      languages: rules.languages)
  }

  /// What was wrong with the labels of a request (dropped for an emergency, refused otherwise).
  public func metadataProblems(rules: JobRules) -> [LoaError] {
    BulletinInfo.checkedLeniently(
      field: field, language: language, origin: origin, author: author, newsSource: newsSource,
      languages: rules.languages
    ).1
  }

  /// What is known without being told: the commune's own speech and files are its own
  /// production, a relay is a relay (of an unnamed station), what the uplink brings came from the
  /// province's system, an emergency is *thông tin đột xuất*, and speech (Loa reads Vietnamese) —
  /// or anything, when the station airs one language only — is in that language.
  public static func defaultInfo(
    content: JobContent, source: JobSource, bulletinClass: BulletinClass, rules: JobRules
  ) -> BulletinInfo {
    var d = BulletinInfo()
    switch (source, content) {
    case (.uplink, _): d.origin = .provinceSystem
    case (_, .relay): d.origin = .relayOther
    case (_, .live): d.origin = .own
    case (_, .program): break
    default: d.origin = .own
    }
    if bulletinClass == .emergency { d.field = .sudden }
    if case .speech = content, rules.languages.contains("vi") {
      d.language = "vi"  // Loa's speech (normaliser, lexicon, voices) reads Vietnamese only.
    } else if rules.languages.count == 1 {
      d.language = rules.languages.first
    }
    return d
  }

  static func checkText(_ t: String, rules: JobRules) throws(LoaError) {
    if t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw LoaError(.emptyText, "the text is empty (nội dung bản tin trống)")
    }
    let count = t.count
    if count > rules.maxTextCharacters {
      throw LoaError(
        .textTooLong,
        "the text has \(count) characters; the limit is \(rules.maxTextCharacters) "
          + "(bản tin quá dài, hãy chia nhỏ)")
    }
    if t.unicodeScalars.contains("\u{FFFD}") {
      throw LoaError(
        .invalidUtf8,
        "the text contains U+FFFD: it was not valid UTF-8 before it reached Loa (lỗi mã hóa văn bản)")
    }
    if t.unicodeScalars.contains("\u{0}") {
      throw LoaError(.invalidText, "the text contains a NUL character")
    }
    // `/`, `...`, `—` or an emoji alone would be accepted and then fail on air with nothing to say.
    if !t.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
      throw LoaError(
        .nothingToSay,
        "the text has no letters or digits, so there is nothing to read (bản tin không có chữ hay số để đọc)")
    }
  }

  static func defaultTitle(from text: String) -> String {
    let oneLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    let trimmed = oneLine.trimmingCharacters(in: .whitespaces)
    return trimmed.count > 60 ? String(trimmed.prefix(60)) + "…" : trimmed
  }
}

/// Checks that raw bytes are UTF-8 and gives the offset of the first bad byte.
public func decodeUTF8Strictly(_ bytes: [UInt8], what: String) throws(LoaError) -> String {
  if let s = String(validating: bytes, as: UTF8.self) { return s }
  var offset = 0
  var it = bytes.makeIterator()
  var decoder = UTF8()
  loop: while true {
    switch decoder.decode(&it) {
    case .scalarValue(let s): offset += String(s).utf8.count
    case .emptyInput: break loop
    case .error: break loop
    }
  }
  throw LoaError(
    .invalidUtf8,
    "\(what) is not valid UTF-8 (bad byte near offset \(offset)); save it as UTF-8 "
      + "(văn bản không phải UTF-8)")
}
