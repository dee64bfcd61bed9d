import Foundation
import LoaTesting
import Testing

/// Kills at the moments the crash campaign found unsafe (LOA_FAILPOINT, test-only), then a restart
/// on the same state: nothing airs twice and no row names a repetition listeners already heard.
@Suite(.serialized) struct CrashTests {
  func killedDaemon(_ box: Box, point: String) throws -> (DaemonProcess, String) {
    let marker = box.dir.file("failpoint-\(point)")
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config()],
      environment: ["LOA_FAILPOINT": point, "LOA_FAILPOINT_ONCE": marker])
    return (d, marker)
  }

  func summary(_ rows: [[String: Any]]) -> [String] {
    rows.map { "\($0["outcome"] as? String ?? "?")#\($0["repetition"] as? Int ?? 0)" }
  }

  @Test func aKillJustAfterTheLastFrameIsCommittedDoesNotAirItAgain() throws {
    // Before: the row was written, then the job marked completed in a second write; a kill between
    // them left it `playing`, and the restart logged a crash and aired it again in full.
    let box = Box()
    let (d, marker) = try killedDaemon(box, point: "airing-committed")
    let r = try d.cli(["say", "Thông báo chỉ phát một lần."])
    #expect(r.status == 0, "\(r.stderr)")
    let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(eventually(timeout: 30) { FileManager.default.fileExists(atPath: marker) && !d.isRunning })
    let again = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config()])
    // Recovery runs before the player starts; a re-air would show at once as a crash row.
    #expect(try jobStatus(again, id) == "completed")
    #expect(summary(try asRun(again)) == ["completed#1"])
    #expect((try again.json("GET", "/v1/jobs").1["queued"] as? [Any])?.isEmpty == true)
  }

  @Test func aKillBetweenRepetitionsResumesAtTheNextOneAndTheCrashRowSaysWhich() throws {
    // Before: the kill replayed repetition 1, and the crash row said repetition 1 though it had
    // completed.
    let box = Box()
    let (d, marker) = try killedDaemon(box, point: "airing-committed")
    let r = try d.cli(["say", "--repeat", "2", "Lặp lại hai lần."])
    #expect(r.status == 0, "\(r.stderr)")
    let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(eventually(timeout: 30) { FileManager.default.fileExists(atPath: marker) && !d.isRunning })
    let again = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config()])
    #expect(eventually(timeout: 30) { (try? jobStatus(again, id)) == "completed" })
    #expect(summary(try asRun(again)) == ["completed#1", "failed#2", "completed#2"])
  }
}
