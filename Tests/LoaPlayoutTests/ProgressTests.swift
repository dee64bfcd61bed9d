import Foundation
import LoaCore
import LoaPlayout
import LoaStorage
import LoaTesting
import Testing

/// How far an airing has got is on disk while it plays, so a crash mid-repetition resumes at the
/// sentence that was on air (the store's recovery requeues from the committed point).
@Suite(.ownThread) struct ProgressTests {
  @Test func theSentenceOnAirIsCommittedWhileABulletinPlays() throws {
    let h = try EngineHarness(paced: true, speed: 8)
    let text = (1...10).map { "Đây là câu thông báo số \($0) của ủy ban nhân dân xã." }.joined(separator: " ")
    let job = try h.submit(.normal, text)
    try h.engine.start()
    defer { h.engine.shutdown() }
    // Read from the database while the job is still on air.
    var seen: ResumePoint?
    #expect(
      eventually(timeout: 60) {
        guard let j = try? h.store.job(id: job.id), j.status == .playing, let r = j.resume, r.sentence >= 2 else {
          return false
        }
        seen = r
        return true
      }, "no sentence progress committed while on air")
    #expect(seen?.repetition == 1)
    // A crash now: recovery requeues it from that sentence, and says which repetition.
    let crashed = try Store(path: h.dir.file("crash.sqlite"))
    var copy = job
    copy.resume = seen
    _ = try crashed.insert(copy)
    try crashed.markPlaying(copy.id, at: Date())
    let rows = try crashed.recoverInterrupted(now: Date())
    #expect(rows.first?.repetition == 1)
    #expect(try crashed.job(id: copy.id)?.resume?.sentence == seen?.sentence)
  }

}
