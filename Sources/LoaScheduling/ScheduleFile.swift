import Foundation
import LoaCore
import LoaSpeech

/// A schedule file read and checked: what `loa schedule check` prints and `apply` installs.
public struct CheckedSchedule: Sendable {
  public var schedule: Schedule?
  public var problems: [ScheduleProblem]
  public var lengths: [String: Int]

  public var errors: [ScheduleProblem] { problems.filter { $0.severity == .error } }
  public var isValid: Bool { schedule != nil && errors.isEmpty }

  /// Parses and checks schedule text. Problems are sorted by line.
  public static func check(
    text: String, baseDir: String, voices: VoiceCatalog, now: Date, languages: [String]? = nil,
    readText: @escaping (String) -> String? = ScheduleParser.readFile
  ) -> CheckedSchedule {
    let (schedule, parseProblems) = ScheduleParser.parse(text, baseDir: baseDir, readText: readText)
    var problems = parseProblems
    var lengths: [String: Int] = [:]
    if let schedule {
      let locator = SourceLocator(text: text)
      let checker = ScheduleChecker(voices: voices, languages: languages)
      lengths = checker.lengths(schedule)
      problems += checker.check(schedule, now: now) { path in
        let p = locator.position(path)
        return (p?.line, p?.column)
      }
    }
    problems.sort { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    return CheckedSchedule(
      schedule: problems.contains { $0.severity == .error } ? nil : schedule, problems: problems, lengths: lengths)
  }
}
