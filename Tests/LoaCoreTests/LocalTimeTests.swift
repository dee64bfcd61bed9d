import Foundation
import LoaCore
import Testing

@Suite struct LocalTimeTests {
  // 2026-11-22 10:00:00 +07 = 03:00:00 UTC
  let now = LocalTime.parseISO("2026-11-22T03:00:00Z")!

  @Test func clockTimeIsTodayInVietnam() throws {
    let d = try LocalTime.parse("17:30", now: now)
    #expect(LocalTime.iso(d) == "2026-11-22T10:30:00.000Z")
  }

  @Test func dateAndTime() throws {
    let d = try LocalTime.parse("2026-11-23 05:00", now: now)
    #expect(LocalTime.iso(d) == "2026-11-22T22:00:00.000Z")
    #expect(LocalTime.format(d) == "2026-11-23 05:00:00 +07")
  }

  @Test func relative() throws {
    #expect(try LocalTime.parse("+10m", now: now) == now.addingTimeInterval(600))
    #expect(try LocalTime.parse("+90s", now: now) == now.addingTimeInterval(90))
    #expect(try LocalTime.parse("+2h", now: now) == now.addingTimeInterval(7200))
    #expect(try LocalTime.parse("-30m", now: now) == now.addingTimeInterval(-1800))
  }

  @Test func iso() throws {
    #expect(try LocalTime.parse("2026-11-22T11:00:00+07:00", now: now) == now.addingTimeInterval(3600))
    #expect(try LocalTime.parse("2026-11-22T03:00:00.250Z", now: now) == now.addingTimeInterval(0.25))
  }

  @Test(arguments: ["25:00", "17:60", "2026-02-31 10:00", "tomorrow", "", "+5x", "17h30", "2026-13-01 10:00"])
  func rejectsWhatItCannotRead(_ s: String) {
    do {
      let d = try LocalTime.parse(s, now: now)
      Issue.record("'\(s)' parsed as \(d)")
    } catch {
      #expect(error.code == .badTime)
      #expect(error.message.contains("'\(s)'"))
    }
  }
}

@Suite struct DurationTests {
  @Test func durationsParse() {
    #expect(parseDuration("90s") == 90)
    #expect(parseDuration("1h30m") == 5400)
    #expect(parseDuration("15 m") == 900)
  }

  // bench/fuzz: a 17-digit number multiplied by 60 trapped (crashed) in the schedule parser.
  @Test(arguments: ["40927646082434478 8m", "9999999999h", "99999999h99999999h99999999h99999999h", "m", "5", ""])
  func absurdOrMalformedDurationsAreRefused(_ s: String) {
    #expect(parseDuration(s) == nil)
  }
}
