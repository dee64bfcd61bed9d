import Foundation

/// A real mosquitto broker on loopback with persistence (sessions and queued QoS 1 messages
/// survive a restart), and `mosquitto_sub` listeners that write what they receive to files.
public final class MosquittoRig: @unchecked Sendable {
  public let dir = TempDir("loa-mqtt")
  public private(set) var port = freePort()
  private var broker: Spawned?
  private var listeners: [Spawned] = []

  /// With `tls`, the listener needs TLS with a certificate from a CA made here (`caFile`).
  public let tls: Bool
  public var caFile: String { dir.file("ca.crt") }

  /// With `clientCertificates`, the broker also requires a client certificate from the same CA
  /// (`clientCert`, `clientKey`).
  ///
  /// With `passwordFile` (and `aclFile`), no anonymous client: each logs in with an account of
  /// that file, and may use the topics the ACL gives it (both read again on `reload()`).
  public init(
    tls: Bool = false, clientCertificates: Bool = false, passwordFile: String? = nil, aclFile: String? = nil
  ) throws {
    self.tls = tls || clientCertificates
    var tlsLines = ""
    var authLines = "allow_anonymous true\n"
    if let passwordFile {
      authLines = "allow_anonymous false\npassword_file \(passwordFile)\n"
      if let aclFile { authLines += "acl_file \(aclFile)\n" }
    }
    if self.tls {
      try Self.makeCertificates(dir)
      tlsLines = "cafile \(dir.file("ca.crt"))\ncertfile \(dir.file("server.crt"))\nkeyfile \(dir.file("server.key"))\n"
      if clientCertificates { tlsLines += "require_certificate true\n" }
    }
    // A port taken between the check and the broker's bind: another port, up to three times.
    for attempt in 1...3 {
      _ = dir.write(
        "mosquitto.conf",
        """
        listener \(port) 127.0.0.1
        \(tlsLines)\(getuid() == 0 ? "user root\n" : "")\(authLines)
        persistence true
        persistence_location \(dir.path)/
        autosave_interval 1
        max_queued_messages 100000
        max_packet_size 1048576
        """)
      do {
        try start()
        return
      } catch {
        guard attempt < 3, "\(error)".contains("Address already in use") else { throw error }
        broker?.signal(SIGKILL)
        _ = broker?.wait(timeout: 5)
        broker = nil
        port = freePort()
      }
    }
  }

  public var url: String { "\(tls ? "mqtts" : "mqtt")://127.0.0.1:\(port)" }

  public var clientCert: String { dir.file("client.crt") }
  public var clientKey: String { dir.file("client.key") }

  /// A CA, a server certificate for 127.0.0.1 and a client certificate, with openssl.
  public static func makeCertificates(_ dir: TempDir) throws {
    let openssl = which("openssl") ?? "/usr/bin/openssl"
    let steps: [[String]] = [
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Loa test CA",
        "-keyout", dir.file("ca.key"), "-out", dir.file("ca.crt"),
      ],
      [
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", dir.file("server.key"), "-out", dir.file("server.csr"),
      ],
      [
        "x509", "-req", "-in", dir.file("server.csr"), "-CA", dir.file("ca.crt"), "-CAkey", dir.file("ca.key"),
        "-CAcreateserial", "-days", "2", "-out", dir.file("server.crt"),
        "-extfile", dir.write("san.cnf", "subjectAltName=IP:127.0.0.1,DNS:localhost\n"),
      ],
      [
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=loa-01", "-keyout", dir.file("client.key"),
        "-out", dir.file("client.csr"),
      ],
      [
        "x509", "-req", "-in", dir.file("client.csr"), "-CA", dir.file("ca.crt"), "-CAkey", dir.file("ca.key"),
        "-CAcreateserial", "-days", "2", "-out", dir.file("client.crt"),
      ],
    ]
    for a in steps {
      let r = try runCommand(openssl, a)
      guard r.status == 0 else { throw RigError("openssl \(a[0]) failed: \(r.stderr)") }
    }
  }

  public func start() throws {
    guard let exe = which("mosquitto") ?? ["/usr/sbin/mosquitto"].first(where: FileManager.default.fileExists) else {
      throw RigError("mosquitto is not installed: run scripts/install-deps.sh")
    }
    broker = try Spawned(
      exe, ["-c", dir.file("mosquitto.conf")], stdout: dir.file("broker.log"), stderr: dir.file("broker.log"))
    if waitForPort(port, timeout: 20) { return }
    let log = (try? String(contentsOfFile: dir.file("broker.log"), encoding: .utf8)) ?? ""
    throw RigError("mosquitto did not start on port \(port): \(log.suffix(500))")
  }

  /// The broker's process id (for `kill -HUP`, as `systemctl reload mosquitto` does).
  public var pid: pid_t? { broker?.pid }

  /// Stops the broker (SIGTERM: it saves its persistence file first).
  public func stop() {
    broker?.signal(SIGTERM)
    _ = broker?.wait(timeout: 10)
    broker = nil
  }

  /// Starts `mosquitto_sub` on a topic with a persistent session (QoS 1); lines go to a file.
  public func listen(_ topic: String, clientId: String = "listener-\(UUID().uuidString.prefix(6))") throws -> Listener {
    let out = dir.file("sub-\(UUID().uuidString.prefix(6)).txt")
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    let p = try Spawned(
      which("mosquitto_sub") ?? "/usr/bin/mosquitto_sub",
      ["-h", "127.0.0.1", "-p", String(port), "-t", topic, "-q", "1", "-c", "-i", clientId],
      stdout: out, stderr: out + ".err")
    listeners.append(p)
    usleep(300_000)
    return Listener(path: out)
  }

  /// Publishes raw bytes (QoS 1) as a misbehaving or hostile sender would.
  public func publish(_ topic: String, _ payload: Data) throws {
    let f = dir.file("pub-\(UUID().uuidString.prefix(6)).bin")
    try payload.write(to: URL(fileURLWithPath: f))
    let r = try runCommand(
      which("mosquitto_pub") ?? "/usr/bin/mosquitto_pub",
      ["-h", "127.0.0.1", "-p", String(port), "-t", topic, "-q", "1", "-f", f])
    guard r.status == 0 else { throw RigError("mosquitto_pub failed: \(r.stderr)") }
  }

  deinit {
    for l in listeners { l.signal(SIGKILL) }
    stop()
  }

  public struct Listener: Sendable {
    public let path: String
    public var lines: [String] {
      ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
    public var objects: [[String: Any]] {
      lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
  }
}
