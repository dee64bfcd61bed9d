import Foundation
import LoaCore

/// Where a URL sent from outside (the uplink) may lead. A relay or media URL must not reach the
/// box itself: loopback (its control API on 127.0.0.1:8707, a local broker), link-local (cloud
/// metadata, a neighbour's auto-configured address), the unspecified address, multicast, or any
/// address of the box's own interfaces. Private ranges (10/8, 172.16/12, 192.168/16) stay allowed:
/// provinces serve media from their own networks.
///
/// The host is resolved, and every address it resolves to is checked (a name that resolves to
/// 127.0.0.1 is refused like the literal). The check runs when the message arrives; a name whose
/// answer changes between then and the connection (DNS rebinding) is the remaining gap, noted in
/// docs/protocol.md.
public enum URLGuard {
  public static func check(_ url: String, allowLocal: Bool) throws(LoaError) {
    guard let u = URLComponents(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme),
      let host = u.host, !host.isEmpty
    else {
      throw LoaError(.badUrl, "'\(url.prefix(200))' is not an http:// or https:// address")
    }
    if allowLocal { return }
    let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    let addresses = resolve(bare)
    guard !addresses.isEmpty else {
      throw LoaError(.badUrl, "cannot resolve the host '\(bare.prefix(100))' of '\(url.prefix(200))'")
    }
    let own = ownAddresses()
    for a in addresses {
      if let why = forbidden(a) ?? (own.contains(a) ? "an address of this box" : nil) {
        throw LoaError(
          .localUrl,
          "'\(url.prefix(200))' leads to \(a) (\(why)); URLs from the uplink may not reach the box itself "
            + "(set uplink.allow_local_urls to allow it)")
      }
    }
  }

  /// Why an address is refused, or nil. Works on the textual form from `getnameinfo`.
  static func forbidden(_ address: String) -> String? {
    var a = address.lowercased()
    if a.hasPrefix("::ffff:"), a.contains(".") { a = String(a.dropFirst(7)) }  // IPv4-mapped
    if a.contains(".") {
      let p = a.split(separator: ".").compactMap { Int($0) }
      guard p.count == 4 else { return "not an address" }
      if p[0] == 127 { return "loopback" }
      if p[0] == 0 { return "unspecified" }
      if p[0] == 169 && p[1] == 254 { return "link-local" }
      if p[0] >= 224 { return "multicast or reserved" }
      return nil
    }
    if let pct = a.firstIndex(of: "%") { a = String(a[..<pct]) }
    if a == "::1" { return "loopback" }
    if a == "::" { return "unspecified" }
    if a.hasPrefix("fe8") || a.hasPrefix("fe9") || a.hasPrefix("fea") || a.hasPrefix("feb") { return "link-local" }
    if a.hasPrefix("ff") { return "multicast" }
    return nil
  }

  static func resolve(_ host: String) -> [String] {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var res: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, nil, &hints, &res) == 0, let first = res else { return [] }
    defer { freeaddrinfo(first) }
    var out: [String] = []
    var p: UnsafeMutablePointer<addrinfo>? = first
    while let ai = p {
      if let text = numeric(ai.pointee.ai_addr, ai.pointee.ai_addrlen) { out.append(text) }
      p = ai.pointee.ai_next
    }
    return out
  }

  static func ownAddresses() -> Set<String> {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0, let first = list else { return [] }
    defer { freeifaddrs(first) }
    var out = Set<String>()
    var p: UnsafeMutablePointer<ifaddrs>? = first
    while let ifa = p {
      if let sa = ifa.pointee.ifa_addr {
        let family = Int32(sa.pointee.sa_family)
        let len = socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        if family == AF_INET || family == AF_INET6, let t = numeric(sa, len) { out.insert(t) }
      }
      p = ifa.pointee.ifa_next
    }
    return out
  }

  static func numeric(_ sa: UnsafeMutablePointer<sockaddr>?, _ len: socklen_t) -> String? {
    guard let sa else { return nil }
    var buf = [CChar](repeating: 0, count: Int(NI_MAXHOST))
    guard getnameinfo(sa, len, &buf, socklen_t(buf.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
    return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
