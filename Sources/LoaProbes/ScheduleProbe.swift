import ArgumentParser
import Foundation
import LoaCLI
import LoaCore
import LoaScheduling

/// `loa schedule probe FILE`: times parsing, checking, expanding a year and finding the next
/// airing, for `bench/`. Hidden: a measuring tool, not an officer's command.
struct ScheduleProbe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule", abstract: "Time schedule parsing and expansion (bench/schedule.py).")
  @Argument(help: "The schedule file (TOML).") var file: String
  @Option(help: "Days to expand.") var days = 365
  @Option(help: "Runs (the median is printed).") var runs = 21
  @OptionGroup var voices: VoicesOption

  func run() async throws {
    try await runReporting {
      let input = try ScheduleFileInput(file)
      let catalog = try voices.catalog()
      let now = Date()
      var parse: [Double] = []
      var check: [Double] = []
      var expand: [Double] = []
      var lookup: [Double] = []
      var count = 0
      for _ in 0..<max(1, runs) {
        var t = DispatchTime.now().uptimeNanoseconds
        let (schedule, _) = ScheduleParser.parse(input.text, baseDir: input.baseDir)
        parse.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        guard let schedule else { throw CLIError("the file has errors; run 'loa schedule check' first") }
        t = DispatchTime.now().uptimeNanoseconds
        _ = CheckedSchedule.check(text: input.text, baseDir: input.baseDir, voices: catalog, now: now)
        check.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        t = DispatchTime.now().uptimeNanoseconds
        let list = schedule.expand(from: now, to: now.addingTimeInterval(Double(days) * 86400))
        expand.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        count = list.count
        // 10,000 next-airing lookups at random instants across the year.
        var sum = 0
        t = DispatchTime.now().uptimeNanoseconds
        for i in 0..<10_000 {
          sum &+= firstAiring(in: list, atOrAfter: now.addingTimeInterval(Double(i * 3137 % (days * 86400))))
        }
        lookup.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 10_000)
        if sum == -1 { print(sum) }
      }
      func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
      let out: [String: Double] = [
        "airings": Double(count), "days": Double(days), "parse_ms": median(parse), "check_ms": median(check),
        "expand_ms": median(expand), "next_airing_ns": median(lookup),
      ]
      try printJSONLine(out)
    }
  }
}
