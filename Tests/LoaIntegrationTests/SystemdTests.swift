import Foundation
import LoaTesting
import Testing

/// A `NOTIFY_SOCKET` the test reads, as systemd would.
final class NotifySocket: @unchecked Sendable {
  let path: String
  let fd: Int32

  convenience init(_ dir: TempDir) throws { try self.init(path: dir.file("notify.sock")) }

  init(path: String) throws {
    self.path = path
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { raw in
      let bytes = Array(path.utf8)
      for (i, b) in bytes.enumerated() where i < raw.count - 1 { raw[i] = b }
    }
    let rc = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard rc == 0 else { throw RigError("cannot bind \(path)") }
    var tv = timeval(tv_sec: 0, tv_usec: 200_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  }

  /// Messages received within `seconds`.
  func read(for seconds: TimeInterval) -> [String] {
    var out: [String] = []
    let until = Date().addingTimeInterval(seconds)
    var buf = [UInt8](repeating: 0, count: 4096)
    while Date() < until {
      let n = recv(fd, &buf, buf.count, 0)
      if n > 0 { out.append(String(decoding: buf[..<n], as: UTF8.self)) }
    }
    return out
  }

  deinit { close(fd) }
}

/// Loa under systemd: readiness, the watchdog, SIGHUP, stopping.
@Suite(.ownThread) struct SystemdTests {
  @Test func readyWatchdogAndStoppingAreSentAndSIGHUPDoesNotStopTheBox() throws {
    let box = Box()
    let sock = try NotifySocket(box.dir)
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice,
      environment: ["NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": "1000000"])
    let first = sock.read(for: 1.5)
    #expect(first.contains { $0.contains("READY=1") }, "\(first)")
    #expect(first.filter { $0 == "WATCHDOG=1" }.count >= 3, "keep-alives every quarter second: \(first)")
    // Before: SIGHUP killed the daemon.
    d.signal(SIGHUP)
    usleep(300_000)
    #expect(d.isRunning)
    #expect(try d.http("GET", "/v1/health").0 == 200)
    // Long enough to be on air across several of the service's quarter-second looks (the capture
    // device takes audio faster than real time: a short sentence was on air for ~0.25 s, one look).
    let long = Array(repeating: "Vẫn chạy sau SIGHUP, bà con nghe rõ.", count: 8).joined(separator: " ")
    #expect(try d.cli(["say", long, "--title", "Sau SIGHUP", "--wait"]).status == 0)
    // `systemctl status` shows what is on air (STATUS=), then idle again.
    let during = sock.read(for: 0.6)
    #expect(first.contains("STATUS=rảnh (idle); 0 chờ (waiting)"), "\(first)")
    // (The datagrams sent during the airing waited in the socket.)
    let statuses = during.filter { $0.hasPrefix("STATUS=") }
    #expect(statuses.contains("STATUS=đang phát (on air): Sau SIGHUP — thông thường; 0 chờ (waiting)"), "\(statuses)")
    #expect(statuses.last == "STATUS=rảnh (idle); 0 chờ (waiting)", "\(statuses)")
    // (A hung player gets no keep-alive: WatchdogTests checks the stall it is withheld on.)
    #expect(d.terminate() == 0)
    let last = sock.read(for: 0.5)
    #expect(last.contains { $0.contains("STOPPING=1") }, "\(last)")
  }

  /// `systemctl reload loa` (SIGHUP) reads the config, schedule and keys again without touching
  /// what is on air: a bulletin airing through two reloads completes; a changed setting is named
  /// as waiting for a restart; a config that no longer reads is reported with its setting, and the
  /// running one stays.
  @Test func aReloadReadsTheConfigAgainWithoutDroppingAudio() throws {
    let box = Box()
    let path = box.config("[volume]\ndefault = 90\n")
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", path])
    let text = Array(repeating: "Kính thưa bà con, đây là bản tin thử trong khi nạp lại cấu hình.", count: 4)
      .joined(separator: " ")
    let id = try #require(try d.cli(["say", text, "--title", "Qua hai lần nạp lại"]).stdoutLines.first)
    #expect(eventually(timeout: 20) { (try? jobStatus(d, id)) == "playing" })
    let config = try String(contentsOfFile: path, encoding: .utf8)
    try config.replacingOccurrences(of: "default = 90", with: "default = 60")
      .write(toFile: path, atomically: true, encoding: .utf8)
    d.signal(SIGHUP)
    #expect(eventually(timeout: 10) { d.log.contains("changed settings take effect when Loa restarts") })
    #expect(d.log.contains("defaultVolume"), "\(d.log)")
    try config.replacingOccurrences(of: "default = 90", with: "default = 900")
      .write(toFile: path, atomically: true, encoding: .utf8)
    d.signal(SIGHUP)
    #expect(eventually(timeout: 10) { d.log.contains("config not reloaded") }, "\(d.log)")
    #expect(d.log.contains("volume.default"), "the error names the setting: \(d.log)")
    #expect(eventually(timeout: 60) { (try? jobStatus(d, id)) == "completed" })
    let row = try #require(try asRun(d).first { $0["job_id"] as? String == id })
    #expect(row["outcome"] as? String == "completed" && row["resumed_from"] == nil, "\(row)")
    #expect(try asRun(d).count == 1, "one airing, never cut")
    #expect(try d.cli(["say", "Vẫn phát.", "--wait"]).status == 0)
  }

  @Test func withoutSystemdNoWatchdogRunsAndHealthIsABoolean() throws {
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    let (status, health) = try d.json("GET", "/v1/health")
    #expect(status == 200)
    #expect(health["ok"] as? Bool == true, "a JSON boolean, not the string \"true\": \(health)")
    #expect(health["version"] as? String == (try d.cli(["--version"]).stdoutLines.first ?? "?"))
    #expect(!d.log.contains("systemd watchdog on"))
  }
}

/// Loa's log in the journal. One at a time: while the second test's journal socket exists, every
/// daemon told stderr is the journal sends there.
@Suite(.serialized, .ownThread) struct JournalTests {
  /// Under systemd stderr is the journal; where its socket does not answer, each line goes there with
  /// its syslog priority, so `journalctl -p err` still finds Loa's errors.
  @Test func logLinesCarryTheirPriorityWhenStderrIsTheJournal() throws {
    let box = Box()
    // stderr goes to the log file; JOURNAL_STREAM names that file as systemd names the journal.
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, environment: ["JOURNAL_STREAM": "auto"])
    // An error: a relay that cannot be reached fails its airing.
    _ = try d.cli(["relay", "http://127.0.0.1:9/khong-co", "--for", "10s", "--wait"])
    let lines = d.log.split(separator: "\n")
    #expect(lines.contains { $0.hasPrefix("<6>loa: Loa is listening") }, "\(lines.prefix(5))")
    #expect(lines.contains { $0.hasPrefix("<3>") }, "an error line at priority 3: \(lines)")
    #expect(lines.allSatisfy { $0.first == "<" }, "every line has a priority")
  }

  /// With journald listening (a socket at its path, read here as journald would), each entry goes to
  /// it with its priority and its fields: an airing's as-run row is found by LOA_JOB, LOA_CLASS,
  /// LOA_OUTCOME (`journalctl LOA_OUTCOME=failed`), and nothing is written twice to stderr.
  @Test(.enabled(if: getuid() == 0 && !FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")))
  func entriesReachTheJournalWithTheirFields() throws {
    try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
    let journal = try NotifySocket(path: "/run/systemd/journal/socket")
    defer {
      unlink(journal.path)
      rmdir("/run/systemd/journal")
    }
    let box = Box()
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, environment: ["JOURNAL_STREAM": "auto"])
    let r = try d.cli(["say", "Xin chào bà con.", "--wait"])
    #expect(r.status == 0, "\(r.stderr)")
    let id = try #require(try asRun(d).first?["job_id"] as? String)
    let entries = journal.read(for: 1).map { e in
      Dictionary(
        e.split(separator: "\n").compactMap { l in
          l.firstIndex(of: "=").map { (String(l[..<$0]), String(l[l.index(after: $0)...])) }
        },
        uniquingKeysWith: { a, _ in a })
    }
    #expect(
      entries.contains { $0["MESSAGE"]?.hasPrefix("loa: Loa is listening") == true && $0["PRIORITY"] == "6" },
      "\(entries.prefix(3))")
    let row = try #require(
      entries.first { $0["MESSAGE"]?.contains("as-run") == true && $0["LOA_JOB"] == id }, "\(entries)")
    #expect(row["LOA_CLASS"] == "normal" && row["LOA_OUTCOME"] == "completed" && row["LOA_KIND"] == "speech", "\(row)")
    #expect(row["PRIORITY"] == "6" && row["SYSLOG_IDENTIFIER"] == "loa" && row["LOA_LOGGER"] != nil, "\(row)")
    #expect(!d.log.contains("Loa is listening"), "sent to the journal, not also to stderr: \(d.log)")
  }
}
