import Foundation
import LoaCore
import LoaStorage
import Testing

/// The database at start: intact, and the one this box wrote, or moved aside with an alarm.
@Suite struct StateCheckTests {
  let dir = NSTemporaryDirectory() + "loa-state-\(UUID().uuidString.prefix(8))"
  var path: String { dir + "/loa.sqlite" }
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func job() -> Job {
    Job(
      bulletinClass: .normal, source: .cli, title: "t", content: .speech(text: "Xin chào", voice: "vi"), createdAt: now)
  }

  func kept() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("damaged-") }
  }

  @Test func aNewDatabaseIsStampedAndReopensWithoutAnAlarm() throws {
    do {
      let first = try Store.openChecked(path: path)
      #expect(first.alarm == nil)
      _ = try first.store.insert(job())
    }
    #expect(FileManager.default.fileExists(atPath: path + ".id"))
    let again = try Store.openChecked(path: path)
    #expect(again.alarm == nil)
    #expect(try again.store.activeJobs().count == 1)
    #expect(kept().isEmpty)
  }

  @Test func aZeroByteDatabaseIsAnAlarmNotASilentEmptyStart() throws {
    do { _ = try Store.openChecked(path: path).store.insert(job()) }
    for p in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: p) }
    _ = FileManager.default.createFile(atPath: path, contents: Data())
    let opened = try Store.openChecked(path: path)
    #expect(opened.alarm?.contains("0 bytes") == true, "\(opened.alarm ?? "no alarm")")
    #expect(kept().count == 1, "the damaged file is kept")
    #expect(try opened.store.storageAlarm() == opened.alarm, "the alarm survives until cleared")
    try opened.store.clearStorageAlarm()
    #expect(try opened.store.storageAlarm() == nil)
  }

  @Test func aDeletedWALThatHeldEverythingIsNoticed() throws {
    let mainFileOnly = dir + "/main-only"
    do {
      let s = try Store.openChecked(path: path).store
      for _ in 0..<5 { _ = try s.insert(job()) }
      // A power cut now: everything is still in the WAL, and the WAL is then lost.
      try FileManager.default.copyItem(atPath: path, toPath: mainFileOnly)
    }
    for p in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: p) }
    try FileManager.default.moveItem(atPath: mainFileOnly, toPath: path)
    let opened = try Store.openChecked(path: path)
    #expect(opened.alarm?.contains("WAL") == true, "\(opened.alarm ?? "no alarm")")
    #expect(kept().count == 1)
  }

  @Test func garbageInTheMiddleFailsTheIntegrityCheck() throws {
    do {
      let s = try Store.openChecked(path: path).store
      for i in 0..<400 {
        var j = job()
        j.title = String(repeating: "tiêu đề \(i) ", count: 20)
        _ = try s.insert(j)
      }
      try s.checkpoint()
    }
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).intValue
    #expect(size > 40_000)
    let h = try #require(FileHandle(forUpdatingAtPath: path))
    try h.seek(toOffset: UInt64(size / 2))
    h.write(Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))
    try h.close()
    let opened = try Store.openChecked(path: path)
    #expect(opened.alarm != nil, "garbage went unnoticed")
    #expect(kept().count == 1)
    #expect(try opened.store.quickCheck() == "ok", "the new database is sound")
  }

  @Test func aDatabaseWithoutAMarkerFromAnOlderVersionIsAdoptedQuietly() throws {
    do { _ = try Store(path: path).insert(job()) }
    let opened = try Store.openChecked(path: path)
    #expect(opened.alarm == nil)
    #expect(try opened.store.activeJobs().count == 1)
    #expect(FileManager.default.fileExists(atPath: path + ".id"))
  }
}
