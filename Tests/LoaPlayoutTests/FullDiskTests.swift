import Foundation
import LoaAudio
import LoaCore
import LoaPlayout
import LoaStorage
import LoaTesting
import Testing

/// The state folder fills up while bulletins air. Before: 15 airings had no row, 14 aired again
/// after a restart, and `loa status` said nothing.
@Suite(.serialized, .ownThread) struct FullDiskTests {
  let media = TempDir("loa-fulldisk-media")

  /// Fills the disk with one file until the kernel says no space is left.
  func fill(_ dir: String) -> String {
    let path = dir + "/filler"
    // O_CLOEXEC: a process another test spawns meanwhile must not inherit it (the deleted file
    // would keep the disk full for as long as that process lives).
    let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
    let block = [UInt8](repeating: 7, count: 4096)
    while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
    close(fd)
    return path
  }

  @Test(.enabled(if: TinyDisk.available, "needs root to mount a small tmpfs"))
  func rowsGoToTheSpillAndAreWrittenOnceAfterARestartWithNothingAiredTwice() throws {
    let disk = try TinyDisk(kilobytes: 4096)
    let db = disk.path + "/loa.sqlite"
    let spillPath = disk.path + "/asrun-spill.jsonl"
    let tone = media.file("tone.wav")
    try makeToneWAV(tone, parts: [(440, 0.5, 0.5)])
    let once = speechFormat.frames(seconds: 0.5)
    var ids: [String] = []
    do {
      let h = try EngineHarness(storePath: db, spill: try AsRunSpill(path: spillPath, capacity: 64 * 1024))
      for i in 0..<4 { ids.append(try h.submitFile(tone, title: "tin \(i)").id) }
      let filler = fill(disk.path)
      defer { try? FileManager.default.removeItem(atPath: filler) }
      try h.engine.start()
      #expect(waitIdle(h))
      #expect(h.output.sampleCount == 4 * once, "each aired once")
      let spilled = h.engine.status().spilledRows
      #expect(spilled > 0, "the database took every row on a full disk?")
      #expect(((try? h.rows().count) ?? 0) + spilled == 4, "every airing has a row, in the database or the spill")
      h.engine.shutdown()
      // Restarted while the disk is still full: the spilled jobs are neither recovered nor aired.
      let still = try EngineHarness(storePath: db, spill: try AsRunSpill(path: spillPath, capacity: 64 * 1024))
      try still.engine.start()
      #expect(waitIdle(still))
      #expect(still.output.sampleCount == 0)
      #expect(still.engine.status().spilledRows == spilled)
      still.engine.shutdown()
    }
    // Space again: the rows are written, once, and nothing airs.
    let h = try EngineHarness(storePath: db, spill: try AsRunSpill(path: spillPath, capacity: 64 * 1024))
    try h.engine.start()
    #expect(waitIdle(h))
    #expect(h.output.sampleCount == 0)
    let rows = try h.rows()
    #expect(rows.map(\.outcome) == Array(repeating: .completed, count: 4), "\(rows.map(\.outcome))")
    #expect(Set(rows.map(\.jobId)) == Set(ids))
    for id in ids { #expect(try h.store.job(id: id)?.status == .completed) }
    #expect(h.engine.status().spilledRows == 0)
    h.engine.shutdown()
    // A further restart does not write them again.
    let again = try EngineHarness(storePath: db, spill: try AsRunSpill(path: spillPath, capacity: 64 * 1024))
    try again.engine.start()
    #expect(waitIdle(again))
    #expect(try again.rows().count == 4)
  }

  @Test func aSpillReplayedOnceIsNotReplayedAgainAfterACrashBeforeItIsReset() throws {
    let dir = TempDir("loa-spill")
    let store = try Store(path: dir.file("loa.sqlite"))
    let job = try store.insert(
      Job(bulletinClass: .normal, source: .cli, title: "t", content: .speech(text: "x", voice: "vi"), createdAt: Date())
    )
    let spill = try AsRunSpill(path: dir.file("spill"), capacity: 16 * 1024)
    let row = AsRunRecord(
      jobId: job.id, bulletinClass: .normal, source: .cli, kind: .speech, title: "t", outcome: .completed)
    try spill.append(.init(row: row, jobId: job.id, progress: .finished(.completed, error: nil), at: Date()))
    #expect(spill.finishedJobIds == [job.id])
    // Read back from the file, as after a restart.
    let reread = try AsRunSpill(path: dir.file("spill"), capacity: 16 * 1024)
    #expect(reread.entries.count == 1)
    #expect(try store.replay(reread) == 1)
    // Killed before the spill was reset: the same generation is not written twice.
    #expect(try store.replay(reread) == 0)
    #expect(try store.asRun().count == 1)
    #expect(try store.job(id: job.id)?.status == .completed)
    try reread.reset()
    #expect(try AsRunSpill(path: dir.file("spill"), capacity: 16 * 1024).entries.isEmpty)
  }
}
