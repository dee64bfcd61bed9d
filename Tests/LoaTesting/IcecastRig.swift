import Foundation

/// A real icecast2 server on loopback, fed by ffmpeg (`-re`, real time), for relay tests.
public final class IcecastRig: @unchecked Sendable {
  public let dir = TempDir("loa-icecast")
  public private(set) var port = 0
  private var server: Spawned?
  private var sources: [String: Spawned] = [:]
  private let lock = NSLock()

  /// A port taken by another test's server between the check and icecast's bind would answer
  /// for icecast: so the answer must say Icecast, from a server still running; else another
  /// port, up to three times.
  public init() throws {
    chmod(dir.path, 0o777)  // icecast drops to nobody when started as root
    for attempt in 1...3 {
      port = freePort()
      if try start() { return }
      server?.signal(SIGKILL)
      _ = server?.wait(timeout: 5)
      server = nil
      if attempt == 3 { break }
    }
    let log = (try? String(contentsOfFile: dir.file("out.log"), encoding: .utf8)) ?? ""
    throw RigError("icecast2 did not start on port \(port): \(log.suffix(500))")
  }

  /// Starts icecast on `port`; false when it exited or something else answers there.
  private func start() throws -> Bool {
    let config = dir.write(
      "icecast.xml",
      """
      <icecast>
        <limits><clients>200</clients><sources>8</sources><queue-size>524288</queue-size>
          <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
          <source-timeout>5</source-timeout><burst-size>16384</burst-size></limits>
        <authentication><source-password>loa-test</source-password><admin-user>admin</admin-user>
          <admin-password>loa-test</admin-password></authentication>
        <hostname>127.0.0.1</hostname>
        <listen-socket><port>\(port)</port><bind-address>127.0.0.1</bind-address></listen-socket>
        <fileserve>0</fileserve>
        <paths><basedir>\(dir.path)</basedir><logdir>\(dir.path)</logdir>
          <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
        <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
        <security><chroot>0</chroot>\(getuid() == 0 ? "<changeowner><user>nobody</user><group>nogroup</group></changeowner>" : "")</security>
      </icecast>
      """)
    let server = try Spawned(
      which("icecast2") ?? "/usr/bin/icecast2", ["-c", config], stdout: dir.file("out.log"),
      stderr: dir.file("out.log"))
    self.server = server
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if !server.isRunning { return false }
      if Self.canConnect(port),
        let r = try? runCommand("/usr/bin/curl", ["-s", "-m", "1", "-o", "/dev/null", "-D", "-", url("")]),
        r.stdout.lowercased().contains("server: icecast")
      {
        return true
      }
      usleep(50_000)
    }
    return false
  }

  static func canConnect(_ port: Int) -> Bool { portAnswers(port) }

  public func url(_ mount: String) -> String { "http://127.0.0.1:\(port)/\(mount)" }

  /// Starts feeding `mount` with a tone (or silence) at `sampleRate`, in real time.
  public func startSource(_ mount: String, frequency: Int = 500, sampleRate: Int = 44100, silent: Bool = false)
    throws
  {
    let input =
      silent
      ? "anullsrc=channel_layout=mono:sample_rate=\(sampleRate)"
      : "sine=frequency=\(frequency):sample_rate=\(sampleRate)"
    let p = try Spawned(
      which("ffmpeg") ?? "/usr/bin/ffmpeg",
      [
        "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", input, "-ac", "1", "-c:a", "libmp3lame",
        "-b:a", "64k", "-content_type", "audio/mpeg", "-f", "mp3",
        "icecast://source:loa-test@127.0.0.1:\(port)/\(mount)",
      ], stdout: dir.file("ffmpeg-\(mount).log"), stderr: dir.file("ffmpeg-\(mount).log"))
    lock.lock()
    sources[mount] = p
    lock.unlock()
    // Wait until the mount is live (ffmpeg's start is slow when the whole suite runs at once).
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if let r = try? runCommand(
        "/usr/bin/curl", ["-s", "-m", "1", "-o", "/dev/null", "-w", "%{http_code}", url(mount)]),
        r.stdout == "200"
      {
        return
      }
      usleep(100_000)
    }
    let log = (try? String(contentsOfFile: dir.file("ffmpeg-\(mount).log"), encoding: .utf8)) ?? ""
    let server = (try? String(contentsOfFile: dir.file("error.log"), encoding: .utf8)) ?? ""
    throw RigError(
      "mount /\(mount) did not come up in 30 s; ffmpeg: \(log.suffix(500)); icecast: \(server.suffix(800))")
  }

  /// Kills the source (the stream drops for listeners).
  public func stopSource(_ mount: String) {
    lock.lock()
    let p = sources.removeValue(forKey: mount)
    lock.unlock()
    p?.signal(SIGKILL)
    _ = p?.wait(timeout: 5)
  }

  deinit {
    for (_, p) in sources { p.signal(SIGKILL); _ = p.wait(timeout: 5) }
    server?.signal(SIGTERM)
    if server?.wait(timeout: 5) == nil { server?.signal(SIGKILL) }
  }
}
