import Foundation
import LoaTesting
import Testing

/// Starting runs code an idle box never runs again (the argument parser, the config and schedule
/// readers, the lexicon loader, migrations). `[memory] trim_minutes` gives those pages back to the
/// kernel once start-up is over and then while nothing is on air; the box must go on working.
@Suite(.ownThread) struct CodePagesTests {
  /// Resident kilobytes of the daemon's read-only file mappings (code, constants: what is given
  /// back), from `/proc/<pid>/smaps`.
  func mappedCodeKB(_ pid: Int32) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps", encoding: .utf8) else { return nil }
    var total = 0
    var counting = false
    for line in text.split(separator: "\n") {
      let f = line.split(separator: " ", omittingEmptySubsequences: true)
      guard let first = f.first else { continue }
      if first.contains("-"), !first.hasSuffix(":"), f.count >= 5 {
        counting = f.count > 5 && f[5].hasPrefix("/") && !f[1].contains("w")
      } else if counting, first == "Rss:", f.count >= 2, let kb = Int(f[1]) {
        total += kb
      }
    }
    return total
  }

  @Test func unusedCodePagesGoBackAndTheBoxStillSpeaks() throws {
    let box = Box()
    let cfg = box.config("[memory]\ntrim_minutes = 0.1\n")  // first after 6 s
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    let before = try #require(mappedCodeKB(d.pid))
    var after = before
    let fell = eventually(timeout: 30) {
      after = mappedCodeKB(d.pid) ?? before
      return after < before * 2 / 3
    }
    #expect(fell, "read-only mappings: \(before) kB at start, \(after) kB later")
    // Code that was given back is mapped again when it runs: the box speaks, logs and answers.
    let r = try d.cli(["say", "Thông báo sau khi trả lại bộ nhớ.", "--wait"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try asRun(d)
    #expect(rows.contains { $0["outcome"] as? String == "completed" }, "\(rows)")
    let captured = (try? FileManager.default.attributesOfItem(atPath: box.capture)[.size] as? Int) ?? 0
    #expect(captured > 22050, "audio reached the device: \(captured) bytes")
    #expect(try d.cli(["status"]).status == 0)
    #expect(d.terminate() == 0)
  }
}
