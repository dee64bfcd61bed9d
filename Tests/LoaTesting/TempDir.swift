import Foundation

/// A fresh folder under /tmp, removed when the value is released.
public final class TempDir: @unchecked Sendable {
  public let path: String

  public init(_ prefix: String = "loa-test") {
    let p = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    path = p
  }

  public func file(_ name: String) -> String { path + "/" + name }

  public func write(_ name: String, _ text: String) -> String {
    let p = file(name)
    _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
    return p
  }

  public func write(_ name: String, bytes: [UInt8]) -> String {
    let p = file(name)
    _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
    return p
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A TCP port on loopback that was free a moment ago.
/// A loopback port nothing listens on, for a server a test starts.
///
/// Taken from 20000–31999, below the kernel's ephemeral range (32768–60999 on Debian): a port the
/// kernel hands out for `bind(0)` or an outgoing connection can be taken by anyone between this
/// check and the server's own bind (mosquitto and icecast2 then failed with "Address already in
/// use" when many suites ran at once). Ports here are handed out once per test process, in turn,
/// from a random start (two test runs on one machine rarely meet), each checked free first.
public func freePort() -> Int {
  PortPool.shared.next()
}

final class PortPool: @unchecked Sendable {
  static let shared = PortPool()
  private let lock = NSLock()
  private var cursor = Int.random(in: 0..<12_000)

  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    for _ in 0..<12_000 {
      let port = 20_000 + cursor
      cursor = (cursor + 1) % 12_000
      if Self.isFree(port) { return port }
    }
    return 0
  }

  static func isFree(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let len = socklen_t(MemoryLayout<sockaddr_in>.size)
    return withUnsafePointer(to: &addr) { p in
      p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 }
    }
  }
}

/// A TCP connection to 127.0.0.1:`port`: the socket, connected or not (the caller closes it).
public func connectLoopback(_ port: Int) -> (fd: Int32, connected: Bool) {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  var addr = sockaddr_in()
  addr.sin_family = sa_family_t(AF_INET)
  addr.sin_port = in_port_t(UInt16(port).bigEndian)
  addr.sin_addr.s_addr = inet_addr("127.0.0.1")
  let rc = withUnsafePointer(to: &addr) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
  }
  return (fd, rc == 0)
}

/// Whether something listens on 127.0.0.1:`port` now.
public func portAnswers(_ port: Int) -> Bool {
  let c = connectLoopback(port)
  close(c.fd)
  return c.connected
}

/// Waits until something listens on 127.0.0.1:`port`.
public func waitForPort(_ port: Int, timeout: TimeInterval) -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if portAnswers(port) { return true }
    usleep(50_000)
  }
  return false
}
