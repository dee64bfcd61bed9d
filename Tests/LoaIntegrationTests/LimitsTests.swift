import Foundation
import LoaTesting
import Testing

/// The control API's listener under abuse: oversize bodies, idle connections.
@Suite(.ownThread) struct ListenerLimitsTests {
  func fds(_ pid: Int32) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
  }

  func rssKB(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
  }

  func connect(_ port: Int) -> Int32 { connectLoopback(port).fd }

  /// Announces 2 MiB, sends 1.2 MiB, reads the answer and closes (the body limit is 1 MiB).
  func oversize(_ port: Int, body: [UInt8], token: String?) -> String {
    let s = connect(port)
    defer { close(s) }
    var tv = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    let text =
      "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n"
      + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "") + "\r\n"
    let head = Array(text.utf8)
    _ = head.withUnsafeBytes { send(s, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var sent = 0
    while sent < body.count {
      let n = body[sent...].withUnsafeBytes { send(s, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { break }
      sent += n
    }
    var buf = [UInt8](repeating: 0, count: 64)
    let n = recv(s, &buf, buf.count, 0)
    return n > 0 ? String(decoding: buf[..<n], as: UTF8.self) : ""
  }

  @Test func refusedBodiesLeaveNoDescriptorOrMemoryBehind() throws {
    // Before: every body over 1 MiB left its connection open (FIN-WAIT-2) with ~0.75 MB; ~1,400
    // of them made the API and the CLI fail.
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice)
    let body = [UInt8](repeating: 0x20, count: 1_200_000)
    for _ in 0..<20 { _ = oversize(d.port, body: body, token: d.token) }
    #expect(eventually(timeout: 10) { fds(d.pid) > 0 })
    let fd0 = fds(d.pid)
    let rss0 = rssKB(d.pid)
    // 300 in the default suite; `LOA_OVERSIZE_COUNT=2000` for the full count (bench/limits.sh).
    let count = Int(ProcessInfo.processInfo.environment["LOA_OVERSIZE_COUNT"] ?? "") ?? 300
    var answers: [String: Int] = [:]
    for _ in 0..<count { answers[String(oversize(d.port, body: body, token: d.token).prefix(12)), default: 0] += 1 }
    #expect(answers["HTTP/1.1 413"] == count, "\(answers)")
    // Without a token the same bodies are refused before they are read, and leave nothing either.
    var refused: [String: Int] = [:]
    for _ in 0..<(count / 3) { refused[String(oversize(d.port, body: body, token: nil).prefix(12)), default: 0] += 1 }
    #expect(refused["HTTP/1.1 401"] == count / 3, "\(refused)")
    // (Up to 30 s for the last connections to close: under the full parallel suite on two cores this
    // test took 49 s where it takes 3 s alone, and 3 descriptors were still closing after 10 s.
    // The bound stays 2: a leak per refused body would leave hundreds.)
    _ = eventually(timeout: 30) { fds(d.pid) <= fd0 + 2 }
    print("refused \(count) oversize bodies: descriptors \(fd0) → \(fds(d.pid)), RSS \(rss0) → \(rssKB(d.pid)) kB")
    #expect(eventually(timeout: 30) { fds(d.pid) <= fd0 + 2 }, "descriptors: \(fd0) before, \(fds(d.pid)) after")
    #expect(rssKB(d.pid) < rss0 + 40_000, "RSS \(rss0) kB before, \(rssKB(d.pid)) kB after \(count) refused bodies")
    #expect(try d.http("GET", "/v1/health").0 == 200)
    #expect(try d.cli(["say", "--class", "emergency", "Vẫn phát được."]).status == 0)
  }

  @Test func idleConnectionsAreCappedAndClosed() throws {
    // Before: 1,000 idle connections held 1,538 descriptors, above systemd's default limit.
    let box = Box()
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice,
      extraArgs: ["--config", box.config("[http]\nidle_seconds = 2\nmax_connections = 32\n")])
    let fd0 = fds(d.pid)
    let idle = (0..<150).map { _ in connect(d.port) }
    defer { idle.forEach { close($0) } }
    var most = 0
    let until = Date().addingTimeInterval(3)
    while Date() < until {
      most = max(most, fds(d.pid))
      usleep(20_000)
    }
    #expect(most <= fd0 + 32 + 2, "descriptors peaked at \(most) (\(fd0) at rest, cap 32)")
    // Idle ones are closed after 2 s, the waiting ones get their turn, and then the API answers.
    #expect(eventually(timeout: 30) { (try? d.http("GET", "/v1/health", timeout: 2).0) == 200 })
    #expect(eventually(timeout: 30) { fds(d.pid) <= fd0 + 2 }, "descriptors back to \(fds(d.pid)) of \(fd0)")
  }
}
