import Foundation
import LoaCore
import LoaScheduling
import Testing

@Suite struct ParserTests {
  @Test func theShippedExampleIsValid() throws {
    let path = repoRoot + "/Schedules/xa-mau.toml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let c = CheckedSchedule.check(
      text: text, baseDir: repoRoot + "/Schedules", voices: .builtIn, now: local("2026-11-23 00:00"))
    #expect(c.errors.isEmpty, "\(c.problems.map { $0.formatted(file: path) })")
    let s = try #require(c.schedule)
    #expect(s.programOrder == ["sang", "chieu", "cuoi-tuan"])
    #expect(s.slots.count == 3)
    // The morning bulletin text came from its file.
    guard case .speech(_, let text2, _, _) = s.programs["sang"]!.items[2] else {
      Issue.record("item 2 is not speech")
      return
    }
    #expect(text2.contains("tiêm vắc-xin"))
  }

  @Test func syntaxErrorsAreLocated() {
    let c = check("[[program]]\nid = \"a\"\ntitle = \"x\n")
    #expect(!c.isValid)
    let e = c.errors.first
    #expect(e?.line == 3)
    #expect(e?.formatted(file: "lich.toml").hasPrefix("lich.toml:3:") == true)
  }

  /// A slot whose days hold one that is no weekday (`thu8`).
  var slotWithABadDay: String {
    scheduleText(
      """
      [[slot]]
      program = "sang"
      at = "05:30"
      days = ["T2", "thu8"]
      """)
  }

  /// A schedule saved on Windows (CRLF) is located on the same lines and columns.
  @Test func windowsLineEndsAreLocatedAlike() {
    let text = slotWithABadDay
    let unix = check(text).errors.first { $0.message.contains("thu8") }
    let windows = check(text.replacingOccurrences(of: "\n", with: "\r\n")).errors.first { $0.message.contains("thu8") }
    #expect(unix != nil && windows?.line == unix?.line && windows?.column == unix?.column)
    #expect((windows?.line ?? 0) > 1)
  }

  @Test func unknownWeekdayIsLocatedOnItsValue() {
    let text = slotWithABadDay
    let c = check(text)
    let e = c.errors.first { $0.message.contains("thu8") }
    #expect(e != nil, "\(c.problems)")
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("thu8") }! + 1
    #expect(e?.line == line)
    #expect(e?.column == 15)
  }

  @Test func thirtyFirstOfFebruaryIsNotADate() {
    let c = check(
      scheduleText(
        """
        [[slot]]
        program = "sang"
        at = "05:30"
        dates = ["2027-02-31"]
        """))
    #expect(c.errors.contains { $0.message.contains("2027-02-31") && $0.message.contains("28 ngày") }, "\(c.problems)")
    // TOML's own date type gets the same treatment from the TOML parser.
    let c2 = check(scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"05:30\"\ndates = [2027-02-31]"))
    #expect(!c2.isValid)
    #expect(c2.errors.first?.line != nil)
  }

  @Test func endBeforeStartIsRefused() {
    let c = check(
      scheduleText(
        """
        [[slot]]
        program = "sang"
        at = "05:30"
        days = "daily"
        from = "2026-12-31"
        until = "2026-12-01"
        """))
    #expect(c.errors.contains { $0.message.contains("trước ngày bắt đầu") }, "\(c.problems)")
  }

  @Test func relayMustBeHTTP() {
    let text = """
      [[program]]
      id = "vov"
        [[program.item]]
        type = "relay"
        url = "rtsp://10.0.0.1/vov1"
        duration = "15m"
      [[slot]]
      program = "vov"
      at = "06:00"
      days = "daily"
      """
    let c = check(text)
    let e = c.errors.first { $0.message.contains("rtsp://") }
    #expect(e?.line == 5, "\(c.problems)")
    #expect(e?.column == 9)
  }

  @Test func aRuleThatFiresEveryMinuteIsRefused() {
    let c = check(
      scheduleText(
        """
        [[slot]]
        program = "sang"
        every = "1m"
        between = "06:00-18:00"
        days = "daily"
        """))
    #expect(c.errors.contains { $0.message.contains("quá dày") && $0.line == 15 }, "\(c.problems)")
  }

  @Test func everyWithinAWindowExpandsToTimes() throws {
    let s = try #require(
      parse(
        scheduleText(
          """
          [[slot]]
          program = "sang"
          every = "2h"
          between = "06:00-12:00"
          days = "daily"
          """)))
    #expect(s.slots[0].times.map(\.description) == ["06:00", "08:00", "10:00", "12:00"])
  }

  @Test func unknownKeysProgrammesAndItemTypesAreNamed() {
    let c = check(
      """
      [[program]]
      id = "a"
        [[program.item]]
        type = "music"
      [[slot]]
      program = "b"
      at = "06:00"
      day = "daily"
      """)
    let messages = c.errors.map(\.message).joined(separator: "\n")
    #expect(messages.contains("'music'"))
    #expect(messages.contains("không có chương trình 'b'"))
    #expect(messages.contains("khóa 'day'"))
    #expect(c.errors.first { $0.message.contains("'day'") }?.line == 8)
  }

  @Test func missingTextFileAndUnknownVoiceAreErrors() {
    let c = check(
      """
      [[program]]
      id = "a"
        [[program.item]]
        type = "speech"
        text_file = "khong-co.txt"
        [[program.item]]
        type = "speech"
        text = "Xin chào."
        voice = "en-us"
        [[program.item]]
        type = "file"
        path = "/khong/co.wav"
      [[slot]]
      program = "a"
      at = "06:00"
      days = "daily"
      """)
    let m = c.errors.map { "\($0.line ?? 0): \($0.message)" }.joined(separator: "\n")
    #expect(m.contains("5: không đọc được tệp văn bản '/tmp/khong-co.txt'"), "\(m)")
  }

  @Test func voicesAndFilesAreCheckedAgainstTheBox() {
    let c = check(
      """
      [[program]]
      id = "a"
        [[program.item]]
        type = "speech"
        text = "Xin chào."
        voice = "en-us"
        [[program.item]]
        type = "file"
        path = "/khong/co.wav"
      [[slot]]
      program = "a"
      at = "06:00"
      days = "daily"
      """)
    let m = c.errors.map { "\($0.line ?? 0): \($0.message)" }.joined(separator: "\n")
    #expect(m.contains("6: giọng 'en-us' không có"), "\(m)")
    #expect(m.contains("9: không có tệp âm thanh '/khong/co.wav'"), "\(m)")
  }
}

/// A schedule says what its programmes and items are (field, language, origin, author, news
/// source); an item takes its programme's values where it says nothing.
@Suite struct ScheduleLabelTests {
  let text = """
    [settings]
    name = "Thử"
    language = "vi"

    [[program]]
    id = "sang"
    title = "Buổi sáng"
    field = 1
    author = "Đài xã"

      [[program.item]]
      type = "relay"
      title = "VOV1"
      url = "http://vov.example/vov1"
      duration = "15m"
      origin = "relay-national"

      [[program.item]]
      type = "speech"
      text = "Tin xã."
      field = "local-direction"
      news_source = "UBND xã"

      [[program.item]]
      type = "speech"
      text = "Tin tiếng Mông."
      language = "hmn"

    [[slot]]
    program = "sang"
    at = "06:00"
    days = "daily"
    """

  @Test func itemsTakeTheirOwnThenTheProgrammesValues() throws {
    let s = try #require(parse(text))
    let p = try #require(s.programs["sang"])
    #expect(
      p.info(ofItem: 0) == BulletinInfo(field: .general, language: "vi", origin: .relayNational, author: "Đài xã"))
    #expect(
      p.info(ofItem: 1)
        == BulletinInfo(field: .localDirection, language: "vi", origin: .own, author: "Đài xã", newsSource: "UBND xã"))
    #expect(p.info(ofItem: 2).language == "hmn")
    #expect(p.info == BulletinInfo(field: .general, language: "vi", author: "Đài xã"))
  }

  @Test func aLanguageTheBoxDoesNotAirIsAnErrorOnItsLine() throws {
    let c = CheckedSchedule.check(
      text: text, baseDir: "/tmp", voices: .builtIn, now: local("2026-11-23 00:00"), languages: ["vi"])
    #expect(!c.isValid)
    let e = try #require(c.errors.first)
    #expect(e.message.contains("'hmn'"), "\(e.message)")
    #expect(e.line == 27)
    let ok = CheckedSchedule.check(
      text: text, baseDir: "/tmp", voices: .builtIn, now: local("2026-11-23 00:00"), languages: ["vi", "hmn"])
    #expect(ok.isValid, "\(ok.problems)")
  }

  @Test func badLabelsAreNamed() {
    let bad = text.replacingOccurrences(of: "field = 1", with: "field = 8")
      .replacingOccurrences(of: "origin = \"relay-national\"", with: "origin = \"vov\"")
    let c = check(bad)
    #expect(c.errors.contains { $0.message.contains("lĩnh vực") && $0.line == 8 }, "\(c.errors)")
    #expect(c.errors.contains { $0.message.contains("'vov'") && $0.line == 16 })
  }
}
