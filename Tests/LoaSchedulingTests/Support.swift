import Foundation
import LoaCore
import LoaScheduling
import LoaSpeech

let vn = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

/// An instant given in Vietnam local time.
func local(_ s: String) -> Date {
  let f = DateFormatter()
  f.locale = Locale(identifier: "en_US_POSIX")
  f.timeZone = vn
  f.dateFormat = s.count > 16 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm"
  return f.date(from: s)!
}

func localString(_ d: Date) -> String {
  let f = DateFormatter()
  f.locale = Locale(identifier: "en_US_POSIX")
  f.timeZone = vn
  f.dateFormat = "yyyy-MM-dd HH:mm"
  return f.string(from: d)
}

/// A one-programme schedule with the given slot lines.
func scheduleText(_ slots: String, program: String = "sang", extra: String = "") -> String {
  """
  [settings]
  name = "Thử"
  \(extra)

  [[program]]
  id = "\(program)"
  title = "Chương trình thử"

    [[program.item]]
    type = "speech"
    text = "Kính thưa bà con. Đây là bản tin thử."

  \(slots)
  """
}

func check(_ text: String, now: Date = local("2026-11-23 00:00")) -> CheckedSchedule {
  CheckedSchedule.check(text: text, baseDir: "/tmp", voices: .builtIn, now: now)
}

func parse(_ text: String) -> Schedule? {
  ScheduleParser.parse(text, baseDir: "/tmp").0
}

/// The repository root (for Schedules/).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path
