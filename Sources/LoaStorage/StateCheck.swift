import Foundation
import GRDB
import LoaCore

/// What the box's own markers say its database should be, checked at every start.
///
/// A marker file next to the database (`loa.sqlite.id`) holds the id written into the database
/// when it was created. At start the database must be intact (`PRAGMA quick_check`) and carry
/// that id. When it does not — a zero-byte file, a deleted WAL that held everything, a file
/// replaced by another, garbage in the middle — the damaged files are moved aside (kept for
/// recovery, never deleted), a new database is started so the box goes on airing emergencies
/// and uplink jobs, and a storage alarm says what happened until an officer clears it.
extension Store {
  public struct Opened: Sendable {
    public let store: Store
    /// Set when the database was damaged or replaced and a new one was started.
    public let alarm: String?
  }

  static let idSetting = "database_id"
  static let alarmSetting = "storage_alarm"

  public static func openChecked(path: String, now: Date = Date()) throws(LoaError) -> Opened {
    let marker = path + ".id"
    let markerId = (try? String(contentsOfFile: marker, encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines)
    var problem: String?
    let fm = FileManager.default
    if fm.fileExists(atPath: path) {
      let size = ((try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
      let walSize = ((try? fm.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber)?.int64Value ?? 0
      if size == 0 && walSize == 0 && markerId != nil {
        problem = "loa.sqlite is empty (0 bytes) / cơ sở dữ liệu trống"
      } else {
        do {
          let store = try Store(path: path)
          let check = try store.quickCheck()
          if check != "ok" {
            problem = "PRAGMA quick_check: \(check.prefix(300)) / cơ sở dữ liệu bị hỏng"
          } else {
            let id = try store.setting(idSetting)
            if let markerId, id != markerId {
              problem =
                "the database is not the one this box wrote (id \(id ?? "missing"), marker \(markerId)): "
                + "its WAL was deleted or the file was replaced / cơ sở dữ liệu bị thay hoặc mất tệp WAL"
            } else {
              if id == nil { try store.stamp(marker: marker) } else if markerId == nil { try writeMarker(marker, id!) }
              return Opened(store: store, alarm: try store.setting(alarmSetting))
            }
          }
        } catch {
          problem = "cannot open it: \(error.message) / không mở được cơ sở dữ liệu"
        }
      }
    } else if markerId != nil {
      problem = "loa.sqlite is missing / mất tệp cơ sở dữ liệu"
    }
    guard let problem else {
      let store = try Store(path: path)
      try store.stamp(marker: marker)
      return Opened(store: store, alarm: nil)
    }
    let kept = try moveAside(path: path, marker: marker, now: now)
    let store = try Store(path: path)
    try store.stamp(marker: marker)
    let alarm = "\(LocalTime.format(now)): \(problem); the old files are kept in \(kept); a new database was started"
    try store.setSetting(alarmSetting, alarm)
    return Opened(store: store, alarm: alarm)
  }

  /// `ok`, or what SQLite found wrong.
  public func quickCheck() throws(LoaError) -> String {
    try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; ") }
  }

  public func storageAlarm() throws(LoaError) -> String? { try setting(Self.alarmSetting) }

  /// Sets (or extends) the storage alarm.
  public func raiseStorageAlarm(_ text: String) throws(LoaError) { try setSetting(Self.alarmSetting, text) }

  public func clearStorageAlarm() throws(LoaError) {
    try write { db in try db.execute(sql: "DELETE FROM settings WHERE name = ?", arguments: [Self.alarmSetting]) }
  }

  func stamp(marker: String) throws(LoaError) {
    let id = UUID().uuidString.lowercased()
    try setSetting(Self.idSetting, id)
    try Self.writeMarker(marker, id)
  }

  static func writeMarker(_ path: String, _ id: String) throws(LoaError) {
    let tmp = path + ".tmp"
    let fd = open(tmp, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw LoaError(.storage, "cannot write \(tmp): \(String(cString: strerror(errno)))") }
    let bytes = Array((id + "\n").utf8)
    let ok = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count && fsync(fd) == 0
    close(fd)
    guard ok, rename(tmp, path) == 0 else {
      throw LoaError(.storage, "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    let dir = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
    if dir >= 0 {
      fsync(dir)
      close(dir)
    }
  }

  static func moveAside(path: String, marker: String, now: Date) throws(LoaError) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyyMMdd-HHmmss"
    f.timeZone = LocalTime.zone
    var dir = (path as NSString).deletingLastPathComponent + "/damaged-" + f.string(from: now)
    var n = 1
    while FileManager.default.fileExists(atPath: dir) {
      n += 1
      dir = (path as NSString).deletingLastPathComponent + "/damaged-" + f.string(from: now) + "-\(n)"
    }
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      for p in [path, path + "-wal", path + "-shm", marker] where FileManager.default.fileExists(atPath: p) {
        try FileManager.default.moveItem(atPath: p, toPath: dir + "/" + (p as NSString).lastPathComponent)
      }
    } catch {
      throw LoaError(.storage, "cannot move the damaged database aside into \(dir): \(error)")
    }
    return dir
  }
}
