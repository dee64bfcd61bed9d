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
public func freePort() -> Int {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var addr = sockaddr_in()
  addr.sin_family = sa_family_t(AF_INET)
  addr.sin_port = 0
  addr.sin_addr.s_addr = inet_addr("127.0.0.1")
  var len = socklen_t(MemoryLayout<sockaddr_in>.size)
  withUnsafePointer(to: &addr) { p in
    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = bind(fd, $0, len) }
  }
  withUnsafeMutablePointer(to: &addr) { p in
    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) }
  }
  return Int(UInt16(bigEndian: addr.sin_port))
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
