import Foundation

/// The files a schedule names by relative path, when they travel with it (from the officer's PC
/// or over the uplink) instead of being read from a folder on the box.
public enum ScheduleFolder {
  /// `ban-tin/sang.txt`: relative, inside the schedule's folder (no `..`), not empty, no NUL, at
  /// most 1,024 bytes.
  public static func isRelativePath(_ rel: String) -> Bool {
    let parts = rel.split(separator: "/", omittingEmptySubsequences: true)
    return !rel.hasPrefix("/") && !parts.isEmpty && !parts.contains("..") && !rel.contains("\0")
      && rel.utf8.count <= 1024
  }

  /// Writes `texts` and copies `files` (local paths) under `dir` at their relative paths.
  public static func layOut(in dir: String, texts: [String: String], files: [String: String]) throws(LoaError) {
    func place(_ rel: String) throws(LoaError) -> String {
      guard isRelativePath(rel) else {
        throw LoaError(.scheduleInvalid, "'\(rel.prefix(120))' is not a relative path inside the schedule's folder")
      }
      let dest = (dir as NSString).appendingPathComponent(
        rel.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/"))
      try? FileManager.default.createDirectory(
        atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      return dest
    }
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (rel, content) in texts {
      guard FileManager.default.createFile(atPath: try place(rel), contents: Data(content.utf8)) else {
        throw LoaError(.storage, "cannot write the schedule's file '\(rel)'")
      }
    }
    for (rel, source) in files {
      let dest = try place(rel)
      do { try FileManager.default.copyItem(atPath: source, toPath: dest) } catch {
        throw LoaError(.storage, "cannot place the schedule's file '\(rel)': \(error)")
      }
    }
  }
}
