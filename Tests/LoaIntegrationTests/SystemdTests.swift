import Foundation
import LoaTesting
import Testing

/// A `NOTIFY_SOCKET` the test reads, as systemd would.
final class NotifySocket: @unchecked Sendable {
  let path: String
  let fd: Int32

  init(_ dir: TempDir) throws {
    path = dir.file("notify.sock")
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
    #expect(try d.cli(["say", "Vẫn chạy sau SIGHUP.", "--title", "Sau SIGHUP", "--wait"]).status == 0)
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

  /// Under systemd stderr is the journal: each line carries its syslog priority, so
  /// `journalctl -p err` finds Loa's errors (before: plain lines, all at the default priority).
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
