import Foundation

/// One concrete, dated airing of a programme.
public struct ScheduledAiring: Sendable, Equatable, Hashable {
  /// Identity of the airing across re-expansions and schedule versions: `program|date|time`.
  /// An airing with a key that was already handled never airs again.
  public var key: String
  public var program: String
  public var slotIndex: Int
  public var date: CivilDate
  public var time: TimeOfDay
  /// Absolute start instant.
  public var at: Date
  public var start: StartPolicy
  public var toleranceSeconds: Int
  /// End of the slot (start + slot length or the programme's estimated length).
  public var slotEnd: Date
  public var allowQuiet: Bool

  public static func key(program: String, date: CivilDate, time: TimeOfDay) -> String {
    "\(program)|\(date)|\(time)"
  }
}

extension Schedule {
  /// Expands the rules into airings that start in `[from, to)`, sorted by start.
  ///
  /// Local midnights are computed once per day; each airing is an addition, so a year of a
  /// busy commune's schedule expands in milliseconds. `lengths` gives each programme's
  /// estimated length in seconds (used when a slot has no `length`).
  public func expand(from: Date, to: Date, lengths: [String: Int] = [:]) -> [ScheduledAiring] {
    guard from < to else { return [] }
    let firstDay = CivilDate.of(from, in: zone).adding(days: -1)
    let lastDay = CivilDate.of(to, in: zone).adding(days: 1)
    var out: [ScheduledAiring] = []
    out.reserveCapacity(max(0, lastDay.dayNumber - firstDay.dayNumber) * max(1, slots.count))
    let lo = from.timeIntervalSince1970
    let hi = to.timeIntervalSince1970
    // Strings for keys are made once per time and once per day, not per airing.
    let timeNames = slots.map { $0.times.map(\.description) }
    for dn in firstDay.dayNumber...lastDay.dayNumber {
      let day = CivilDate(dayNumber: dn)
      var dayName: String?
      let midnightUTC = Double(dn) * 86400
      let offAtMidnight = zone.secondsFromGMT(for: Date(timeIntervalSince1970: midnightUTC))
      let offNextDay = zone.secondsFromGMT(for: Date(timeIntervalSince1970: midnightUTC + 86400))
      for (index, slot) in slots.enumerated() where slot.airs(on: day, holidays: holidays) {
        for (ti, t) in slot.times.enumerated() {
          // Constant offset through the day (always true for Asia/Ho_Chi_Minh); otherwise ask the zone.
          var offset = offAtMidnight
          if offAtMidnight != offNextDay {
            offset = zone.secondsFromGMT(
              for: Date(timeIntervalSince1970: midnightUTC + Double(t.seconds - offAtMidnight)))
          }
          let instant = midnightUTC + Double(t.seconds - offset)
          guard instant >= lo && instant < hi else { continue }
          let at = Date(timeIntervalSince1970: instant)
          let length = slot.lengthSeconds ?? lengths[slot.program] ?? 0
          if dayName == nil { dayName = day.description }
          out.append(
            ScheduledAiring(
              key: slot.program + "|" + dayName! + "|" + timeNames[index][ti], program: slot.program,
              slotIndex: index, date: day, time: t, at: at, start: slot.start,
              toleranceSeconds: slot.toleranceSeconds, slotEnd: at.addingTimeInterval(Double(max(length, 1))),
              allowQuiet: slot.allowQuiet))
        }
      }
    }
    out.sort { $0.at != $1.at ? $0.at < $1.at : $0.slotIndex < $1.slotIndex }
    return out
  }
}

/// The first airing at or after `instant` in a list sorted by start (binary search).
public func firstAiring(in sorted: [ScheduledAiring], atOrAfter instant: Date) -> Int {
  var lo = 0
  var hi = sorted.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid].at < instant { lo = mid + 1 } else { hi = mid }
  }
  return lo
}
