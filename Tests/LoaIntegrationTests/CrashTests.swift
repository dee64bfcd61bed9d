import Foundation
import LoaCore
import LoaStorage
import LoaTesting
import Testing

/// Kills at the moments the crash campaign found unsafe (LOA_FAILPOINT, test-only), then a restart
/// on the same state: nothing airs twice and no row names a repetition listeners already heard.
@Suite(.serialized, .ownThread) struct CrashTests {
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
    let again = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config()])
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
    let again = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config()])
    #expect(eventually(timeout: 30) { (try? jobStatus(again, id)) == "completed" })
    #expect(summary(try asRun(again)) == ["completed#1", "failed#2", "completed#2"])
  }
}

@Suite(.ownThread) struct StateAtStartTests {
  /// The sign of life and the scheduler's clock guard are one write every `[state] alive_minutes`
  /// (15 by default), to a file mark, not to the database (an idle box writes its flash one block
  /// at a time); after a kill the next run folds both into the database from that mark.
  @Test func theSignOfLifeCarriesTheClockGuardAcrossAKill() throws {
    let box = Box()
    let cfg = box.config("[state]\nalive_minutes = 0.05\n")  // every 3 s
    var d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    #expect(try d.cli(["schedule", "apply", root + "/Schedules/xa-mau.toml"]).status == 0)
    let before = Date()
    Thread.sleep(forTimeInterval: 7)
    d.killHard()
    let sql = { (query: String) throws -> [String] in
      try runCommand(
        "/usr/bin/python3",
        [
          "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])",
          box.state + "/loa.sqlite", query,
        ]
      ).stdoutLines
    }
    let guardQuery = "SELECT value FROM scheduler_state WHERE name='high_water'"
    let mark = try #require(AliveMark.read(path: box.state + "/alive"), "the daemon left its mark")
    let markGuard = try #require(mark.highWater)
    #expect(mark.at >= before.addingTimeInterval(2) && markGuard >= before.addingTimeInterval(2), "\(mark)")
    // The database was not written for it: its clock guard is older than the mark's.
    let stored = try sql(guardQuery).first.flatMap(LocalTime.parseISO)
    #expect(stored == nil || stored! < markGuard, "\(String(describing: stored)) vs \(markGuard)")
    d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg])
    let stop = try #require(d.json("GET", "/v1/status").1["last_unclean_stop"] as? String)
    let lastAlive = try #require(LocalTime.parseISO(stop))
    #expect(abs(lastAlive.timeIntervalSince(mark.at)) < 1, "the run ended at its mark: \(stop) vs \(mark.at)")
    let folded = try #require(sql(guardQuery).first.flatMap(LocalTime.parseISO))
    #expect(folded >= markGuard.addingTimeInterval(-1), "the clock guard came from the mark")
    #expect(d.terminate() == 0)
  }

  @Test func aCleanStopLeavesOneSelfContainedFileAndALostDatabaseRaisesAnAlarm() throws {
    let box = Box()
    var d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    let r = try d.cli(["say", "--at", "23:59", "Giữ lại sau khi dừng."])
    #expect(r.status == 0, "\(r.stderr)")
    // A kill is an unclean stop: the next run says when the box was last alive; a clean stop is not.
    d.killHard()
    d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    #expect(try d.json("GET", "/v1/status").1["last_unclean_stop"] as? String != nil)
    #expect(d.log.contains("did not stop cleanly"))
    #expect(try d.cli(["status"]).stdout.contains("Dừng bất thường gần nhất"))
    #expect(d.terminate() == 0)
    d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    #expect(!d.log.contains("did not stop cleanly"), "a clean stop is not reported as unclean")
    #expect(d.terminate() == 0)
    let db = box.state + "/loa.sqlite"
    // Checkpointed on the way out: the WAL is empty, the file alone has the job.
    let wal = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? NSNumber)?.intValue ?? 0
    #expect(wal == 0, "WAL left with \(wal) bytes")
    // Then the file is emptied (a bad SD card, a careless copy): the box says so instead of
    // starting as if nothing had ever been queued.
    try Data().write(to: URL(fileURLWithPath: db))
    d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    let alarm = try d.json("GET", "/v1/status").1["storage_alarm"] as? String
    #expect(alarm?.contains("0 bytes") == true, "\(alarm ?? "no alarm")")
    #expect(d.log.contains("storage alarm"))
    let status = try d.cli(["status"])
    #expect(status.stdout.contains("CẢNH BÁO LƯU TRỮ"), "\(status.stdout)")
    #expect(try d.cli(["status", "--clear-alarm"]).status == 0)
    #expect(try d.json("GET", "/v1/status").1["storage_alarm"] == nil)
    let kept = try FileManager.default.contentsOfDirectory(atPath: box.state).filter { $0.hasPrefix("damaged-") }
    #expect(kept.count == 1)
  }
}

/// The crash campaign of bench/crash.py, short: 20 random SIGKILLs, then the checker (nothing
/// acknowledged lost, nothing aired twice, no row that lies, integrity ok).
@Suite(.ownThread) struct CampaignTests {
  @Test func twentyRandomKillsLoseNothingAndAirNothingTwice() throws {
    let script = FileManager.default.currentDirectoryPath + "/bench/crash.py"
    var env = ProcessInfo.processInfo.environment
    env["LOA_BIN"] = loaBinary()
    let r = try runCommand(
      which("python3") ?? "/usr/bin/python3", [script, "--points", "20"], environment: env, timeout: 300)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    #expect(r.stdout.contains("| acknowledged jobs lost | 0 |"), "\(r.stdout)")
    #expect(r.stdout.contains("result: PASS"))
  }
}
