import LoaCore
import Testing

/// Who may call what: the pure rules the control API's middleware applies.
@Suite struct AccessTests {
  @Test(arguments: [
    ("GET", "/v1/health", Access.Need.open), ("POST", "/v1/login", .open), ("POST", "/v1/uplink", .open),
    ("GET", "/v1/status", .role(.viewer)), ("GET", "/metrics", .role(.viewer)),
    ("GET", "/v1/reports/airtime?since=x", .role(.viewer)), ("POST", "/v1/jobs", .role(.officer)),
    ("PUT", "/v1/volume", .role(.officer)), ("POST", "/v1/inbox/x/approve", .role(.officer)),
    ("POST", "/v1/schedule/apply", .role(.officer)), ("POST", "/v1/schedule/trust-clock", .role(.technician)),
    ("POST", "/v1/status/clear-alarm", .role(.technician)), ("GET", "/v1/users", .role(.technician)),
    ("DELETE", "/v1/users/lan", .role(.technician)), ("GET", "/v1/audit", .role(.technician)),
    ("POST", "/v1/logout", .role(.viewer)), ("GET", "/v1/usersx", .role(.viewer)),
  ])
  func pathsNeedTheirRole(method: String, path: String, need: Access.Need) {
    #expect(Access.need(method: method, path: path) == need)
  }

  @Test func rolesAreOrdered() {
    #expect(UserRole.viewer < .officer && UserRole.officer < .technician)
  }
}
