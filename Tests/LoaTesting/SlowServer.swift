import Foundation

/// An HTTP server on loopback that sends any file very slowly (a few KB a second, announcing a
/// large Content-Length), for downloads that are still running while a test looks at something
/// else. Python's standard library, started and stopped by the test.
public final class SlowServer: @unchecked Sendable {
  public let port = freePort()
  let dir = TempDir("loa-slow")
  let process: Spawned

  public init(bytesPerSecond: Int = 20_000, totalBytes: Int = 50_000_000) throws {
    let script = dir.write(
      "slow.py",
      """
      import http.server, socketserver, sys, time
      class H(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              self.send_response(200)
              self.send_header("Content-Type", "audio/mpeg")
              self.send_header("Content-Length", "\(totalBytes)")
              self.end_headers()
              try:
                  for _ in range(\(totalBytes) // 2000):
                      self.wfile.write(b"\\0" * 2000)
                      self.wfile.flush()
                      time.sleep(2000 / \(bytesPerSecond))
              except Exception:
                  pass
          def log_message(self, *a):
              pass
      class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
          daemon_threads = True
      S(("127.0.0.1", \(port)), H).serve_forever()
      """)
    process = try Spawned(
      which("python3") ?? "/usr/bin/python3", [script], stdout: dir.file("log"), stderr: dir.file("log"))
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var a = sockaddr_in()
      a.sin_family = sa_family_t(AF_INET)
      a.sin_port = in_port_t(UInt16(port).bigEndian)
      a.sin_addr.s_addr = inet_addr("127.0.0.1")
      let ok = withUnsafePointer(to: &a) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      close(s)
      if ok == 0 { return }
      usleep(50_000)
    }
    throw RigError("the slow HTTP server did not start")
  }

  public func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

  deinit { _ = process.stop(grace: 1) }
}
