import Foundation
import LoaCore

/// The running daemon's sign of life between database writes: one small record overwritten in
/// place in `state/alive` (`pwrite` at offset 0, then `fdatasync`), so an idle box writes one
/// block of its flash per mark instead of a SQLite commit (the WAL's frames, then the checkpoint's
/// pages). The next start folds the mark into the run it names (`Store.beginRun(at:version:mark:)`):
/// an unclean stop ends at the mark's time, and the scheduler's clock guard is never behind it.
///
/// The record is a line of text under one sector (so a torn write is unlikely, and one that
/// happens or a foreign file is read as no mark, never as a wrong one).
public final class AliveMark: Sendable {
  public struct Mark: Sendable, Equatable {
    /// The `daemon_runs` row this mark belongs to; a mark of another run is ignored.
    public var run: Int64
    public var at: Date
    /// The latest time the scheduler has seen (its clock guard), if any.
    public var highWater: Date?
    public init(run: Int64, at: Date, highWater: Date? = nil) {
      self.run = run
      self.at = at
      self.highWater = highWater
    }
  }

  /// Records are padded to this size: one write, well inside a 512-byte sector.
  static let recordSize = 128
  public let path: String
  let fd: Int32

  public init(path: String) throws(LoaError) {
    self.path = path
    fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw LoaError(.stateDir, "cannot open \(path): \(String(cString: strerror(errno)))")
    }
  }

  deinit { close(fd) }

  /// Overwrites the mark and waits until it is on the disk.
  public func write(_ mark: Mark) throws(LoaError) {
    let bytes = Array(Self.encode(mark).utf8)
    let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    guard written == bytes.count, fdatasync(fd) == 0 else {
      throw LoaError(.stateDir, "cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// The mark in the file at `path`, or nil when there is none (no file, empty, damaged).
  public static func read(path: String) -> Mark? {
    guard let data = FileManager.default.contents(atPath: path), data.count <= 4096,
      let text = String(data: data, encoding: .utf8)
    else { return nil }
    return decode(text)
  }

  /// `loa-alive 1 run=12 at=1764662400.250 hw=1764662399.000` (hw `-` when unknown), then
  /// spaces to `recordSize` and a newline.
  static func encode(_ m: Mark) -> String {
    let hw = m.highWater.map { String(format: "%.3f", $0.timeIntervalSince1970) } ?? "-"
    var line = "loa-alive 1 run=\(m.run) at=\(String(format: "%.3f", m.at.timeIntervalSince1970)) hw=\(hw)"
    line += String(repeating: " ", count: max(0, recordSize - 1 - line.utf8.count)) + "\n"
    return line
  }

  static func decode(_ text: String) -> Mark? {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard words.count == 5, words[0] == "loa-alive", words[1] == "1" else { return nil }
    func value(_ w: Substring, _ key: String) -> Substring? {
      w.hasPrefix(key + "=") ? w.dropFirst(key.count + 1) : nil
    }
    guard let r = value(words[2], "run").flatMap({ Int64($0) }),
      let at = value(words[3], "at").flatMap({ Double($0) }), at.isFinite,
      let hwText = value(words[4], "hw")
    else { return nil }
    var hw: Date?
    if hwText != "-" {
      guard let v = Double(hwText), v.isFinite else { return nil }
      hw = Date(timeIntervalSince1970: v)
    }
    return Mark(run: r, at: Date(timeIntervalSince1970: at), highWater: hw)
  }
}
