import Foundation

/// Who may do what on the control API. An officer runs the station (queue, approve, schedule,
/// volume); a technician also changes the box's settings, users and reads the audit; a viewer
/// reads. Root on the box (the local token) may do everything.
public enum UserRole: String, Codable, Sendable, CaseIterable, Comparable {
  case viewer, officer, technician

  var rank: Int {
    switch self {
    case .viewer: 0
    case .officer: 1
    case .technician: 2
    }
  }

  public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

  public var vietnameseName: String {
    switch self {
    case .viewer: "xem"
    case .officer: "cán bộ phụ trách"
    case .technician: "kỹ thuật viên"
    }
  }
}

/// The access rules of the control API, as a pure function of the method and path.
public enum Access {
  public enum Need: Equatable, Sendable {
    /// No token: liveness, logging in, and signed uplink envelopes (they carry their own proof).
    case open
    case role(UserRole)
  }

  /// Paths only a technician (or root on the box) may use, with any method.
  static let technicianPrefixes = ["/v1/users", "/v1/audit", "/v1/schedule/trust-clock", "/v1/status/clear-alarm"]

  public static func need(method: String, path: String) -> Need {
    let p = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    if p == "/v1/health" || p == "/v1/login" || p == "/v1/uplink" { return .open }
    if technicianPrefixes.contains(where: { p == $0 || p.hasPrefix($0 + "/") }) { return .role(.technician) }
    if p == "/v1/logout" { return .role(.viewer) }
    return method.uppercased() == "GET" || method.uppercased() == "HEAD" ? .role(.viewer) : .role(.officer)
  }
}
