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
    if waitForPort(port, timeout: 10) { return }
    throw RigError("the slow HTTP server did not start")
  }

  public func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

  deinit { _ = process.stop(grace: 1) }
}
