import Foundation
import LoaCore
import LoaTesting

/// A state folder, config and voices for one daemon under test.
final class Box: @unchecked Sendable {
  let dir = TempDir("loa-it")
  var state: String { dir.file("state") }
  var capture: String { dir.file("capture.raw") }
  /// ALSA's `file` plugin over `null`: captures every byte, plays instantly.
  var captureDevice: String { "file:'\(capture)',raw" }

  /// A config at 22050 Hz mono (espeak-ng's own rate) so captured bytes can be compared.
  func config(_ extra: String = "") -> String {
    dir.write("loa.toml", "[audio]\nsample_rate = 22050\n" + extra)
  }

  /// A voice folder whose `vi` profile uses espeak-ng's defaults for range, so the
  /// espeak-ng program can render the same thing.
  func plainVoices() -> String {
    let v = dir.file("voices")
    try! FileManager.default.createDirectory(atPath: v, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(
      atPath: v + "/vi.toml",
      contents: Data("name = \"vi\"\nespeak_voice = \"vi\"\nrate = 150\npitch = 45\nrange = 50\nvolume = 100\n".utf8))
    // The daemon refuses to start without its pronunciation lexicon, unit and symbol tables.
    for name in ["lexicon-vi.tsv", "units-vi.tsv", "symbols-vi.tsv"] {
      try? FileManager.default.copyItem(
        atPath: FileManager.default.currentDirectoryPath + "/Voices/" + name, toPath: v + "/" + name)
    }
    return v
  }
}

func jsonLines(_ s: String) -> [[String: Any]] {
  s.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
}

func asRun(_ d: DaemonProcess) throws -> [[String: Any]] {
  let (status, obj) = try d.json("GET", "/v1/asrun")
  guard status == 200 else { throw RigError("asrun answered \(status)") }
  return obj["rows"] as? [[String: Any]] ?? []
}

func jobStatus(_ d: DaemonProcess, _ id: String) throws -> String? {
  try d.json("GET", "/v1/jobs/\(id)").1["status"] as? String
}

func postJob(_ d: DaemonProcess, _ body: [String: Any]) throws -> (Int, [String: Any]) {
  try d.json("POST", "/v1/jobs", body: try JSONSerialization.data(withJSONObject: body))
}

/// Seconds between two ISO timestamps in as-run rows.
func seconds(_ a: Any?, _ b: Any?) -> Double? {
  guard let a = a as? String, let b = b as? String, let da = LocalTime.parseISO(a), let db = LocalTime.parseISO(b)
  else { return nil }
  return db.timeIntervalSince(da)
}

/// A figure for `bench/` (set `LOA_BENCH_OUT` to a file): one `name value` line appended. The
/// tests that measure a path assert only a generous bound; the bench repeats them for medians.
func benchFigure(_ name: String, _ value: Double) {
  guard let path = ProcessInfo.processInfo.environment["LOA_BENCH_OUT"] else { return }
  let line = "\(name) \(String(format: "%.1f", value))\n"
  if let h = FileHandle(forWritingAtPath: path) {
    h.seekToEndOfFile()
    h.write(Data(line.utf8))
    try? h.close()
  } else {
    try? line.write(toFile: path, atomically: false, encoding: .utf8)
  }
}
