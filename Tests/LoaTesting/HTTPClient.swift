import Foundation

/// One HTTP/1.1 request on loopback over its own socket, synchronously (tests run on their own
/// threads).
///
/// Not `URLSession`: in the CI run of 2026-12-02 five daemon tests got no `URLSession` answer at
/// the same second (after 11 s each). Ten slow uploads on the shared session next to a stream of
/// requests to other ports did not stall it here (1,200 requests, none late), so the cause is not
/// pinned down; but `URLSession` on Linux hands every answer through one libcurl thread and a
/// Dispatch queue shared by the whole test process, and this client depends on neither: one
/// socket per request, read by the calling thread. The target is sent as written (`/media/../x`
/// is not tidied up, as curl would).
public func httpRequest(
  _ url: String, method: String = "GET", body: Data? = nil, timeout: TimeInterval = 30, bearer: String? = nil
) throws -> (Int, Data) {
  guard url.hasPrefix("http://") else { throw RigError("not a plain http:// address: \(url)") }
  let rest = url.dropFirst("http://".count)
  let slash = rest.firstIndex(of: "/") ?? rest.endIndex
  let authority = String(rest[..<slash])
  let target = slash == rest.endIndex ? "/" : String(rest[slash...])
  guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]),
    authority[..<colon] == "127.0.0.1"
  else { throw RigError("not a loopback address with a port: \(url)") }

  let deadline = Date().addingTimeInterval(timeout)
  let c = connectLoopback(port)
  defer { close(c.fd) }
  guard c.connected else { throw RigError("no connection to \(url): \(String(cString: strerror(errno)))") }

  var head = "\(method) \(target) HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n"
  if let bearer { head += "Authorization: Bearer \(bearer)\r\n" }
  if let body {
    head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
  } else if method == "POST" || method == "PUT" || method == "PATCH" {
    head += "Content-Length: 0\r\n"
  }
  head += "\r\n"
  // A server that answers before reading the whole body (413, 401) may close its side: the answer
  // is read all the same.
  if sendAll(c.fd, Data(head.utf8), until: deadline), let body { _ = sendAll(c.fd, body, until: deadline) }

  var received = Data()
  var chunk = [UInt8](repeating: 0, count: 65_536)
  while true {
    if let answer = try HTTPAnswer(received, method: method) { return (answer.status, answer.body) }
    // Past the deadline, what has already arrived is still read (a test process that was not
    // scheduled for a while must not call an answer waiting in its socket "no answer").
    let left = max(0, deadline.timeIntervalSinceNow)
    var p = pollfd(fd: c.fd, events: Int16(POLLIN), revents: 0)
    let ready = poll(&p, 1, left == 0 ? 0 : Int32(min(left, 3600) * 1000) + 1)
    if ready < 0 && errno == EINTR { continue }
    guard ready > 0 else {
      if left == 0 { throw RigError("no answer from \(url) within \(timeout) s") }
      continue
    }
    let n = chunk.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
    if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
    if n <= 0 {
      // The server closed: what came is the whole answer (no length, read to the end), or it is cut.
      if let answer = try HTTPAnswer(received, method: method, closed: true) { return (answer.status, answer.body) }
      throw RigError("the connection to \(url) closed after \(received.count) bytes without a whole answer")
    }
    received.append(contentsOf: chunk[0..<n])
  }
}

private func sendAll(_ fd: Int32, _ data: Data, until deadline: Date) -> Bool {
  var sent = 0
  while sent < data.count, deadline.timeIntervalSinceNow > 0 {
    let n = data[(data.startIndex + sent)...].withUnsafeBytes {
      send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
    }
    if n < 0 && errno == EINTR { continue }
    guard n > 0 else { return false }
    sent += n
  }
  return sent == data.count
}

/// A whole HTTP/1.1 answer in `bytes`, or nil while more is to come.
struct HTTPAnswer {
  var status: Int
  var body: Data

  init?(_ bytes: Data, method: String, closed: Bool = false) throws {
    let raw = [UInt8](bytes)
    guard let end = raw.firstRange(of: [13, 10, 13, 10]) else {
      if closed && !raw.isEmpty { throw RigError("an answer without the end of its headers: \(raw.count) bytes") }
      return nil
    }
    let lines = String(decoding: raw[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let statusLine = lines[0].split(separator: " ")
    guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
      throw RigError("not an HTTP status line: \(lines[0])")
    }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let rest = raw[end.upperBound...]
    self.status = status
    if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
      body = Data()
    } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
      guard let decoded = try Self.dechunk(rest) else {
        if closed { throw RigError("a chunked answer cut short") }
        return nil
      }
      body = decoded
    } else if let length = headers["content-length"].flatMap({ Int($0) }) {
      guard rest.count >= length else {
        if closed { throw RigError("an answer cut short: \(rest.count) of \(length) bytes") }
        return nil
      }
      body = Data(rest.prefix(length))
    } else {
      guard closed else { return nil }
      body = Data(rest)
    }
  }

  /// The body of a chunked answer, or nil until its last chunk has come.
  static func dechunk(_ bytes: ArraySlice<UInt8>) throws -> Data? {
    var out = Data()
    var i = bytes.startIndex
    while true {
      guard let lineEnd = bytes[i...].firstRange(of: [13, 10]) else { return nil }
      let sizeText = String(decoding: bytes[i..<lineEnd.lowerBound], as: UTF8.self)
      guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
        throw RigError("a bad chunk size: \(sizeText)")
      }
      let start = lineEnd.upperBound
      if size == 0 { return out }
      guard bytes.endIndex - start >= size + 2 else { return nil }
      out.append(contentsOf: bytes[start..<(start + size)])
      i = start + size + 2
    }
  }
}
