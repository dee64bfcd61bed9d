import Foundation
import LoaCore
import LoaScheduling
import Testing

@Suite struct ExpansionTests {
  func airings(_ slot: String, from: String, to: String, extra: String = "") throws -> [String] {
    let s = try #require(parse(scheduleText(slot, extra: extra)))
    return s.expand(from: local(from), to: local(to)).map { localString($0.at) }
  }

  @Test func civilDatesRoundTripAndKnowTheirWeekday() {
    for dn in stride(from: -719_000, through: 2_900_000, by: 997) {
      let d = CivilDate(dayNumber: dn)
      #expect(d.dayNumber == dn)
      #expect(CivilDate(year: d.year, month: d.month, day: d.day) == d)
    }
    #expect(CivilDate(year: 2026, month: 11, day: 23)!.weekday == .mon)
    #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
    #expect(CivilDate(year: 2027, month: 2, day: 29) == nil)
  }

  @Test func dailyCrossesMonthAndYearEnds() throws {
    let got = try airings(
      "[[slot]]\nprogram = \"sang\"\nat = \"05:30\"\ndays = \"daily\"", from: "2026-12-30 00:00", to: "2027-01-02 23:59"
    )
    #expect(got == ["2026-12-30 05:30", "2026-12-31 05:30", "2027-01-01 05:30", "2027-01-02 05:30"])
    // Instants are exact: 05:30 in Hà Nội is 22:30 UTC the day before.
    let s = try #require(parse(scheduleText("[[slot]]\nprogram = \"sang\"\nat = \"05:30\"\ndays = \"daily\"")))
    let first = s.expand(from: local("2027-01-01 00:00"), to: local("2027-01-02 00:00"))[0]
    #expect(LocalTime.iso(first.at) == "2026-12-31T22:30:00.000Z")
    #expect(first.key == "sang|2027-01-01|05:30")
  }

  @Test func weekdaysSkipSunday() throws {
    let got = try airings(
      "[[slot]]\nprogram = \"sang\"\nat = \"17:00\"\ndays = [\"T2\",\"T3\",\"T4\",\"T5\",\"T6\",\"T7\"]",
      from: "2026-11-27 00:00", to: "2026-12-02 00:00")
    // 27 Fri, 28 Sat, (29 Sun), 30 Mon, 1 Tue.
    #expect(got == ["2026-11-27 17:00", "2026-11-28 17:00", "2026-11-30 17:00", "2026-12-01 17:00"])
  }

  @Test func givenDatesIncludingTheLeapDay() throws {
    let got = try airings(
      "[[slot]]\nprogram = \"sang\"\nat = \"07:00\"\ndates = [\"2028-02-29\", \"2027-12-31\"]",
      from: "2027-01-01 00:00", to: "2029-01-01 00:00")
    #expect(got == ["2027-12-31 07:00", "2028-02-29 07:00"])
  }

  @Test func betweenTwoDates() throws {
    let got = try airings(
      "[[slot]]\nprogram = \"sang\"\nat = \"06:00\"\ndays = \"daily\"\nfrom = \"2027-02-27\"\nuntil = \"2027-03-02\"",
      from: "2027-02-01 00:00", to: "2027-04-01 00:00")
    #expect(got == ["2027-02-27 06:00", "2027-02-28 06:00", "2027-03-01 06:00", "2027-03-02 06:00"])
  }

  @Test func everyNDaysFromAnAnchorAcrossTheYearEnd() throws {
    let got = try airings(
      "[[slot]]\nprogram = \"sang\"\nat = \"06:00\"\nevery_days = 3\nfrom = \"2026-12-29\"",
      from: "2026-12-01 00:00", to: "2027-01-08 00:00")
    #expect(got == ["2026-12-29 06:00", "2027-01-01 06:00", "2027-01-04 06:00", "2027-01-07 06:00"])
  }

  @Test func exceptionsAndHolidays() throws {
    let slot = """
      [[slot]]
      program = "sang"
      at = "06:00"
      days = "daily"
      except = ["2027-01-02"]
      """
    let holidays = "[holidays]\ndates = [\"2027-01-01\"]"
    let text = scheduleText(slot) + "\n" + holidays
    let s = try #require(parse(text))
    let got = s.expand(from: local("2026-12-31 00:00"), to: local("2027-01-04 00:00")).map { localString($0.at) }
    #expect(got == ["2026-12-31 06:00", "2027-01-03 06:00"])
    // A rule can say it airs on holidays too.
    let s2 = try #require(parse(scheduleText(slot + "\non_holidays = true") + "\n" + holidays))
    #expect(s2.expand(from: local("2027-01-01 00:00"), to: local("2027-01-01 23:00")).count == 1)
  }

  @Test func severalTimesADayInOrderAndOnlyInsideTheRange() throws {
    let got = try airings(
      "[[slot]]\nprogram = \"sang\"\nat = [\"17:00\", \"05:30\"]\ndays = \"daily\"",
      from: "2026-11-23 06:00", to: "2026-11-24 17:00")
    #expect(got == ["2026-11-23 17:00", "2026-11-24 05:30"])
  }

  @Test func aZoneWithDaylightSavingKeepsLocalTimes() throws {
    // Not needed in Việt Nam, but a configurable zone must stay right across a DST change.
    let s = try #require(
      parse(
        scheduleText(
          "[[slot]]\nprogram = \"sang\"\nat = \"06:00\"\ndays = \"daily\"",
          extra: "zone = \"Europe/Berlin\"\nquiet_hours = \"off\"")))
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = berlin
    let from = cal.date(from: DateComponents(year: 2027, month: 3, day: 27))!
    let to = cal.date(from: DateComponents(year: 2027, month: 3, day: 30))!
    for a in s.expand(from: from, to: to) {
      let c = cal.dateComponents([.hour, .minute], from: a.at)
      #expect(c.hour == 6 && c.minute == 0, "\(a.at)")
    }
  }

  @Test func findingTheNextAiringIsABinarySearch() throws {
    let s = try #require(
      parse(scheduleText("[[slot]]\nprogram = \"sang\"\nat = [\"05:30\", \"17:00\"]\ndays = \"daily\"")))
    let list = s.expand(from: local("2026-11-23 00:00"), to: local("2027-11-23 00:00"))
    #expect(list.count == 730)
    let i = firstAiring(in: list, atOrAfter: local("2027-06-01 12:00"))
    #expect(localString(list[i].at) == "2027-06-01 17:00")
    #expect(localString(list[i - 1].at) == "2027-06-01 05:30")
    #expect(firstAiring(in: list, atOrAfter: local("2030-01-01 00:00")) == list.count)
  }
}
