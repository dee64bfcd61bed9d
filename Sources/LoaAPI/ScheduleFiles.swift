import Foundation
import LoaCore

extension ControlAPI {
  /// The folder a schedule's relative paths resolve against. When the body carries the files
  /// (`texts`, `media`), they are laid out in a fresh folder under the state folder — the daemon
  /// never opens the officer's folder — and `cleanup` removes it (the scheduler keeps the texts
  /// and copies the audio into the media folder when it applies). Otherwise `base_dir` as sent.
  func scheduleFolder(_ body: Wire.ScheduleBody) throws -> (dir: String, cleanup: @Sendable () -> Void) {
    guard body.texts != nil || body.media != nil else { return (body.baseDir, {}) }
    let dir = (stateDirectory as NSString).appendingPathComponent("schedule-in-" + UUID().uuidString.lowercased())
    let cleanup: @Sendable () -> Void = { try? FileManager.default.removeItem(atPath: dir) }
    do {
      for (rel, text) in body.texts ?? [:] {
        let dest = try placeIn(dir, rel)
        guard FileManager.default.createFile(atPath: dest, contents: Data(text.utf8)) else {
          throw APIError(.serviceUnavailable, "storage", "cannot write the schedule's file '\(rel)'")
        }
      }
      for (rel, media) in body.media ?? [:] {
        let source = try mediaPath(media)
        let dest = try placeIn(dir, rel)
        do { try FileManager.default.copyItem(atPath: source, toPath: dest) } catch {
          throw APIError(.serviceUnavailable, "storage", "cannot place the schedule's file '\(rel)': \(error)")
        }
      }
    } catch {
      cleanup()
      throw error
    }
    return (dir, cleanup)
  }

  /// `ban-tin/sang.txt` under `dir`, its folders made; a path that is absolute, climbs out with
  /// `..` or is empty is refused by name.
  func placeIn(_ dir: String, _ rel: String) throws -> String {
    guard ScheduleFolder.isRelativePath(rel) else {
      throw APIError(
        .unprocessableContent, "bad_schedule_file",
        "'\(rel.prefix(120))' is not a relative path inside the schedule's folder (đường dẫn tệp không hợp lệ)")
    }
    let dest = (dir as NSString).appendingPathComponent(
      rel.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/"))
    do {
      try FileManager.default.createDirectory(
        atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    } catch {
      throw APIError(.serviceUnavailable, "storage", "cannot make a folder for '\(rel)': \(error)")
    }
    return dest
  }
}
