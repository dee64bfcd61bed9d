import Foundation
import Testing

@testable import LoaCore

/// Periods an officer names, read in the commune's zone.
@Suite struct PeriodTests {
  func local(_ s: String) -> Date { try! LocalTime.parse(s, now: Date()) }

  @Test func aDayAWeekAMonth() throws {
    let now = local("2026-12-01 08:30")
    #expect(
      try Period.day("2026-11-30", now: now)
        == Period(from: local("2026-11-30 00:00"), until: local("2026-12-01 00:00")))
    #expect(try Period.day("hôm qua", now: now).from == local("2026-11-30 00:00"))
    #expect(try Period.day("today", now: now).until == local("2026-12-02 00:00"))
    // ISO week 48 of 2026: Monday 23 November to Monday 30 November.
    #expect(try Period.week("2026-W48") == Period(from: local("2026-11-23 00:00"), until: local("2026-11-30 00:00")))
    // Week 1 of 2027 starts on Monday 4 January 2027; week 53 of 2026 exists (2026 ends on a Thursday).
    #expect(try Period.week("2027-W01").from == local("2027-01-04 00:00"))
    #expect(try Period.week("2026-W53").from == local("2026-12-28 00:00"))
    #expect(try Period.month("2026-12") == Period(from: local("2026-12-01 00:00"), until: local("2027-01-01 00:00")))
    #expect(try Period.month("2028-02").until == local("2028-03-01 00:00"))
  }

  @Test func boundsAcceptADayAloneAndRelativeTimes() throws {
    let now = local("2026-12-01 08:30")
    #expect(try Period.bound("2026-12-01", now: now) == local("2026-12-01 00:00"))
    #expect(try Period.bound("-2h", now: now) == now.addingTimeInterval(-7200))
    #expect(try Period.bound("yesterday", now: now) == local("2026-11-30 00:00"))
    #expect(try Period.bound("2026-12-01 06:00", now: now) == local("2026-12-01 06:00"))
  }

  @Test(arguments: ["2026-13", "2026-1", "26-11", "2026-00", "x"])
  func badMonths(_ s: String) {
    #expect { try Period.month(s) } throws: { ($0 as? LoaError)?.code == .badTime }
  }

  @Test(arguments: ["2026-W54", "2026-W00", "2026W48", "2025-W53"])
  func badWeeks(_ s: String) {
    #expect { try Period.week(s) } throws: { ($0 as? LoaError)?.message.contains("tuần") == true }
  }

  @Test(arguments: ["2026-02-30", "2026-13-01", "mai", ""])
  func badDays(_ s: String) {
    #expect { try Period.day(s, now: Date()) } throws: { ($0 as? LoaError)?.code == .badTime }
  }

  @Test func classesInTheOfficersWords() {
    #expect(BulletinClass(officerText: "khẩn cấp") == .emergency)
    #expect(BulletinClass(officerText: "Ưu tiên") == .priority)
    #expect(BulletinClass(officerText: "thông thường") == .normal)
    #expect(BulletinClass(officerText: "EMERGENCY") == .emergency)
    #expect(BulletinClass(officerText: "gấp") == nil)
  }
}
