import Foundation
import LoaCore
import LoaScheduling
import LoaSpeech
import Testing

@Suite struct CheckTests {
  @Test func quietHoursAreGuarded() {
    let c = check(scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"03:15\"\ndays = \"daily\""))
    let e = c.errors.first { $0.message.contains("giờ yên tĩnh") }
    #expect(e?.message.contains("03:15") == true, "\(c.problems)")
    #expect(e?.line == 15)  // the `at` line
    // Said explicitly, it is allowed.
    let ok = check(scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"03:15\"\ndays = \"daily\"\nallow_quiet = true"))
    #expect(ok.isValid, "\(ok.problems)")
    // A programme that starts before quiet hours but runs into them is caught too.
    let late = check(scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"21:00\"\ndays = \"daily\"\nlength = \"45m\""))
    #expect(late.errors.contains { $0.message.contains("giờ yên tĩnh") })
    // Quiet hours can be moved.
    let moved = check(
      scheduleText(
        "[[slot]]\nprogram = \"sang\"\nat = \"21:00\"\ndays = \"daily\"\nlength = \"45m\"",
        extra: "quiet_hours = \"22:00-05:00\""))
    #expect(moved.isValid, "\(moved.problems)")
  }

  @Test func overlappingRulesAreFound() {
    let c = check(
      scheduleText(
        """
        [[slot]]
        program = "sang"
        at = "06:00"
        days = "daily"
        length = "30m"

        [[slot]]
        program = "sang"
        at = "06:15"
        days = ["CN"]
        length = "10m"
        """))
    let e = c.errors.filter { $0.message.contains("chồng giờ") }
    #expect(e.count == 1, "\(c.problems)")
    // First Sunday after 2026-11-23 is the 29th.
    #expect(e.first?.message.contains("2026-11-29 06:15") == true)
    #expect(e.first?.line == 21)  // the second rule's `at`
  }

  @Test func aProgrammeLongerThanItsSlot() {
    let long = String(repeating: "Bà con chú ý lắng nghe thông báo quan trọng của xã. ", count: 60)
    let text = """
      [[program]]
      id = "dai"
        [[program.item]]
        type = "speech"
        text = "\(long)"
        [[program.item]]
        type = "relay"
        url = "http://127.0.0.1/vov"
        duration = "10m"
      [[slot]]
      program = "dai"
      at = "06:00"
      days = "daily"
      length = "10m"
      """
    let c = check(text)
    #expect(c.errors.contains { $0.message.contains("dài hơn khung giờ") && $0.line == 14 }, "\(c.problems)")
  }

  @Test func aRuleThatNeverAirsIsAWarningNotAnError() {
    let c = check(scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"06:00\"\ndates = [\"2020-01-01\"]"))
    #expect(c.isValid)
    #expect(c.problems.contains { $0.severity == .warning && $0.message.contains("không phát lần nào") })
  }

  @Test func estimatesFollowTheVoiceRate() {
    let checker = ScheduleChecker(voices: .builtIn)
    let text = String(repeating: "một hai ba bốn năm. ", count: 30)  // 150 words, 30 sentences
    let est = checker.estimate(.speech(title: "t", text: text, voice: "vi", repeat: 2))
    let rate = Double(VoiceCatalogRate.vi)
    #expect(abs(est - 2 * (150 * 60 / rate + 30 * 0.35)) < 0.01)
    #expect(checker.estimate(.relay(title: "r", url: "http://x", seconds: 900)) == 900)
  }
}

enum VoiceCatalogRate {
  static var vi: Int { LoaSpeech.VoiceCatalog.builtIn.profile(named: "vi")!.rate }
}
