import Foundation
import LoaCore
import Testing

/// Field, language, origin, author and news source on a job: checked, defaulted honestly, and
/// never a reason to refuse an emergency.
@Suite struct BulletinInfoTests {
  var rules: JobRules {
    var r = JobRules(knownVoices: ["vi"])
    r.languages = ["vi", "hmn", "tay"]
    return r
  }
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func job(_ r: JobRequest, source: JobSource = .api) throws(LoaError) -> Job {
    try r.validated(rules: rules, now: now, defaultSource: source)
  }

  @Test func labelsAsSentAreKept() throws {
    var r = JobRequest(text: "Lịch tiêm phòng.")
    r.field = 5
    r.language = "hmn"
    r.origin = "province-bulletin"
    r.author = "  Vàng A Dính  "
    r.newsSource = "Trạm y tế xã"
    let j = try job(r)
    #expect(
      j.info
        == BulletinInfo(
          field: .knowledge, language: "hmn", origin: .provinceBulletin, author: "Vàng A Dính",
          newsSource: "Trạm y tế xã"))
    // A BCP 47 tag counts by its language.
    r.language = "vi-VN"
    #expect(try job(r).info.language == "vi")
  }

  @Test func defaultsAreWhatIsKnown() throws {
    let speech = try job(JobRequest(text: "Tin xã."))
    #expect(speech.info == BulletinInfo(language: "vi", origin: .own))
    let relay = try job(JobRequest(relay: "http://vov.example/vov1", durationSeconds: 60))
    // Three languages on this station: a relay's is not known.
    #expect(relay.info == BulletinInfo(origin: .relayOther))
    let province = try job(JobRequest(text: "Tin tỉnh.", bulletinClass: "priority"), source: .uplink)
    #expect(province.info.origin == .provinceSystem)
    let storm = try job(JobRequest(text: "Bão.", bulletinClass: "emergency"))
    #expect(storm.info.field == .sudden)
    // A station that airs one language: everything it is sent is in it unless said otherwise.
    var one = rules
    one.languages = ["vi"]
    let file = try JobRequest(relay: "http://vov.example/vov1", durationSeconds: 60).validated(
      rules: one, now: now, defaultSource: .cli)
    #expect(file.info.language == "vi")
  }

  @Test(arguments: [
    (
      {
        var r = JobRequest(text: "x"); r.field = 7; return r
      }(), LoaError.Code.unknownField, "1 to 6"
    ),
    (
      {
        var r = JobRequest(text: "x"); r.field = 0; return r
      }(), .unknownField, "lĩnh vực"
    ),
    (
      {
        var r = JobRequest(text: "x"); r.language = "khm"; return r
      }(), .unknownLanguage, "hmn (Tiếng Mông)"
    ),
    (
      {
        var r = JobRequest(text: "x"); r.language = "1x"; return r
      }(), .unknownLanguage, "ngôn ngữ"
    ),
    (
      {
        var r = JobRequest(text: "x"); r.origin = "vov"; return r
      }(), .unknownOrigin, "relay-national"
    ),
    (
      {
        var r = JobRequest(text: "x"); r.author = String(repeating: "a", count: 201); return r
      }(), .badMetadata, "author"
    ),
    (
      {
        var r = JobRequest(text: "x"); r.newsSource = "a\nb"; return r
      }(), .badMetadata, "nguồn tin"
    ),
  ])
  func badLabelsAreRefusedByName(request: JobRequest, code: LoaError.Code, mention: String) {
    do {
      _ = try job(request)
      Issue.record("accepted \(request)")
    } catch {
      #expect(error.code == code)
      #expect(error.message.contains(mention), "\(error.message)")
    }
  }

  /// An emergency airs whatever its labels say: the bad ones are left unknown and reported.
  @Test func anEmergencyIsNeverRefusedForItsLabels() throws {
    var r = JobRequest(text: "Lũ về, sơ tán ngay.", bulletinClass: "emergency")
    r.field = 9
    r.language = "en"
    r.author = "Ban chỉ huy PCTT"
    let j = try job(r)
    #expect(j.info.field == .sudden)  // the default for an emergency, not the bad 9
    #expect(j.info.language == "vi")
    #expect(j.info.author == "Ban chỉ huy PCTT")
    let problems = r.metadataProblems(rules: rules)
    #expect(problems.map(\.code) == [.unknownField, .unknownLanguage])
  }

  @Test func fieldsReadFromNumbersAndWords() {
    #expect(BulletinField(argument: "3") == .policy)
    #expect(BulletinField(argument: "good-examples") == .goodExamples)
    #expect(BulletinField(argument: "7") == nil && BulletinField(argument: "tin") == nil)
    #expect(Languages.primary("vi-VN") == "vi" && Languages.primary("hmn") == "hmn")
    #expect(Languages.primary("") == nil && Languages.primary("tiếng") == nil)
  }
}
