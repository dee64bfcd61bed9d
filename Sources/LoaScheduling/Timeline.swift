import Foundation
import LoaCore

/// One line of `loa schedule preview`.
public struct TimelineEntry: Sendable, Equatable, Codable {
  public var at: Date
  public var end: Date
  public var program: String
  public var title: String
  public var start: StartPolicy
  /// `overlap:<program>`, `quiet_hours`.
  public var flags: [String]
  /// For the installed schedule: pending, queued, missed, or the job's status once it ran.
  public var state: String?

  public init(
    at: Date, end: Date, program: String, title: String, start: StartPolicy, flags: [String], state: String? = nil
  ) {
    self.at = at
    self.end = end
    self.program = program
    self.title = title
    self.start = start
    self.flags = flags
    self.state = state
  }
}

public enum Timeline {
  /// The concrete airings of the next `days` days from `from`, with overlaps and quiet-hour airings flagged.
  public static func entries(_ schedule: Schedule, from: Date, days: Int, lengths: [String: Int]) -> [TimelineEntry] {
    let airings = schedule.expand(from: from, to: from.addingTimeInterval(Double(days) * 86400), lengths: lengths)
    return flag(
      airings.map { a in
        let slot = schedule.slots[a.slotIndex]
        var flags: [String] = []
        if let q = schedule.quietHours, !slot.allowQuiet,
          q.overlaps(from: a.time, seconds: Int(a.slotEnd.timeIntervalSince(a.at)))
        {
          flags.append("quiet_hours")
        }
        return TimelineEntry(
          at: a.at, end: a.slotEnd, program: a.program, title: schedule.programs[a.program]?.title ?? a.program,
          start: a.start, flags: flags)
      })
  }

  /// Adds `overlap:<program>` to entries that start before an earlier one has ended.
  public static func flag(_ sorted: [TimelineEntry]) -> [TimelineEntry] {
    var out = sorted
    var latest: (end: Date, program: String)?
    for i in out.indices {
      if let l = latest, l.end > out[i].at { out[i].flags.append("overlap:\(l.program)") }
      if latest == nil || out[i].end > latest!.end { latest = (out[i].end, out[i].program) }
    }
    return out
  }
}
