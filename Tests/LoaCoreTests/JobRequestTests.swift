import Foundation
import LoaCore
import Testing

@Suite struct JobRequestTests {
  let rules = JobRules(maxTextCharacters: 100, knownVoices: ["vi", "north", "vi-vn-x-south"])
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func error(_ r: JobRequest) -> LoaError? {
    do {
      _ = try r.validated(rules: rules, now: now, defaultSource: .api)
      return nil
    } catch { return error }
  }

  @Test func acceptsAPlainBulletinWithDefaults() throws {
    let job = try JobRequest(text: "Xin chào bà con.\nDòng hai").validated(rules: rules, now: now, defaultSource: .cli)
    #expect(job.bulletinClass == .normal)
    #expect(job.source == .cli)
    #expect(job.voice == "vi")
    #expect(job.repeatCount == 1)
    #expect(job.title == "Xin chào bà con.")
    #expect(job.status == .queued)
  }

  @Test func emergencyRepeatsByDefault() throws {
    let job = try JobRequest(text: "Bão", bulletinClass: "emergency").validated(
      rules: rules, now: now, defaultSource: .api)
    #expect(job.repeatCount == 2)
    let once = try JobRequest(text: "Bão", bulletinClass: "EMERGENCY", repeatCount: 1)
      .validated(rules: rules, now: now, defaultSource: .api)
    #expect(once.repeatCount == 1)
    #expect(once.bulletinClass == .emergency)
  }

  /// A live broadcast happens once, emergency or not (a repetition would find the stream over).
  @Test func anEmergencyLiveBroadcastAirsOnce() throws {
    var r = JobRequest(bulletinClass: "emergency")
    r.live = "http://10.0.0.2:8000/live-1.mp3"
    let job = try r.validated(rules: rules, now: now, defaultSource: .uplink)
    #expect(job.repeatCount == 1 && job.bulletinClass == .emergency && job.content.kind == .live)
    r.repeatCount = 2
    #expect(error(r)?.code == .badRepeat)
  }

  @Test(arguments: [
    (JobRequest(text: ""), "empty_text"),
    (JobRequest(text: "  \n\t "), "empty_text"),
    (JobRequest(text: String(repeating: "a", count: 101)), "text_too_long"),
    (JobRequest(text: "hỏng \u{FFFD} chữ"), "invalid_utf8"),
    (JobRequest(text: "a\u{0}b"), "invalid_text"),
    (JobRequest(text: "x", bulletinClass: "urgent"), "unknown_class"),
    (JobRequest(text: "x", voice: "en"), "unknown_voice"),
    (JobRequest(), "missing_content"),
    (JobRequest(text: "x", file: "/a.wav"), "ambiguous_content"),
    (JobRequest(text: "x", repeatCount: 0), "bad_repeat"),
    (JobRequest(text: "x", repeatCount: 11), "bad_repeat"),
    (JobRequest(text: "x", source: "radio"), "unknown_source"),
    (JobRequest(file: "/a.wav", voice: "vi"), "voice_for_file"),
    (JobRequest(text: "x", title: String(repeating: "t", count: 201)), "title_too_long"),
    (JobRequest(text: "/"), "nothing_to_say"),
    (JobRequest(text: "..."), "nothing_to_say"),
    (JobRequest(text: "—"), "nothing_to_say"),
    (JobRequest(text: "🙂"), "nothing_to_say"),
    (JobRequest(text: " ?! ,; "), "nothing_to_say"),
  ])
  func rejectsBadValues(_ request: JobRequest, _ code: String) {
    let e = error(request)
    #expect(e?.code.rawValue == code, "\(String(describing: e))")
    #expect(!(e?.message.isEmpty ?? true))
  }

  @Test func aTimedJobWithoutAnExpiryGetsTheLateStartTolerance() throws {
    let at = now.addingTimeInterval(3600)
    let j = try JobRequest(text: "Họp lúc 17 giờ", notBefore: at).validated(rules: rules, now: now, defaultSource: .cli)
    #expect(j.expiresAt == at.addingTimeInterval(600))
    // After a clock step of +2 h it is expired, not aired two hours late.
    #expect(j.isExpired(at: at.addingTimeInterval(7200)))
    #expect(!j.isExpired(at: at.addingTimeInterval(300)))
    // An explicit expiry wins; a job for "now" keeps none.
    let k = try JobRequest(text: "x", notBefore: at, expiresAt: at.addingTimeInterval(7200))
      .validated(rules: rules, now: now, defaultSource: .cli)
    #expect(k.expiresAt == at.addingTimeInterval(7200))
    #expect(try JobRequest(text: "x").validated(rules: rules, now: now, defaultSource: .cli).expiresAt == nil)
  }

  @Test func aLoneLetterOrNumberStillHasSomethingToSay() throws {
    for t in ["5", "à", "Đ.", "100%", "٣"] { #expect(error(JobRequest(text: t)) == nil, "\(t)") }
  }

  @Test func oversizeMessageNamesTheLimit() {
    let e = error(JobRequest(text: String(repeating: "ă", count: 150)))
    #expect(e?.message.contains("150") == true)
    #expect(e?.message.contains("100") == true)
  }

  @Test func timeWindowIsChecked() {
    #expect(error(JobRequest(text: "x", notBefore: now.addingTimeInterval(-60)))?.code == .atInPast)
    // A few seconds of clock skew between CLI and daemon are tolerated.
    #expect(error(JobRequest(text: "x", notBefore: now.addingTimeInterval(-2))) == nil)
    #expect(
      error(JobRequest(text: "x", notBefore: now.addingTimeInterval(600), expiresAt: now.addingTimeInterval(300)))?
        .code == .expiresBeforeStart)
    #expect(
      error(JobRequest(text: "x", notBefore: now.addingTimeInterval(600), expiresAt: now.addingTimeInterval(600)))?
        .code == .expiresBeforeStart)
    #expect(error(JobRequest(text: "x", expiresAt: now.addingTimeInterval(-1)))?.code == .expiresInPast)
    #expect(
      error(JobRequest(text: "x", notBefore: now.addingTimeInterval(60), expiresAt: now.addingTimeInterval(120))) == nil
    )
  }

  @Test func ladderOrder() {
    #expect(BulletinClass.emergency > .priority)
    #expect(BulletinClass.priority > .normal)
    #expect(BulletinClass.allCases.sorted(by: >) == [.emergency, .priority, .normal])
  }

  @Test func jobWindow() {
    let j = Job(
      bulletinClass: .normal, source: .api, title: "t", content: .speech(text: "x", voice: "vi"),
      notBefore: now.addingTimeInterval(10), expiresAt: now.addingTimeInterval(20), createdAt: now)
    #expect(!j.isDue(at: now))
    #expect(j.isDue(at: now.addingTimeInterval(10)))
    #expect(!j.isExpired(at: now.addingTimeInterval(19)))
    #expect(j.isExpired(at: now.addingTimeInterval(20)))
  }

  @Test func textDigestIsSHA256OfUTF8() {
    // Known vector: SHA-256("abc").
    #expect(textSHA256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(textSHA256("Bão số 3") != textSHA256("Bão số 4"))
  }
}

@Suite struct UTF8Tests {
  @Test func validUTF8Decodes() throws {
    #expect(try decodeUTF8Strictly(Array("Bão số 3".utf8), what: "x") == "Bão số 3")
  }

  @Test func invalidUTF8NamesTheOffset() {
    var bytes = Array("Bão ".utf8)
    let offset = bytes.count
    bytes += [0xC3, 0x28]  // broken two-byte sequence
    do {
      _ = try decodeUTF8Strictly(bytes, what: "the text")
      Issue.record("expected an error")
    } catch {
      #expect(error.code == .invalidUtf8)
      #expect(error.message.contains("offset \(offset)"))
      #expect(error.message.contains("the text"))
    }
  }

  @Test func latin1IsRefused() {
    #expect(throws: LoaError.self) { try decodeUTF8Strictly([0x42, 0xE3, 0x6F], what: "x") }
  }
}
