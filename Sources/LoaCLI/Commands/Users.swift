import ArgumentParser
import Foundation
import LoaCore

/// Reads a password: one line from standard input with `--password-stdin`, else typed at the
/// terminal without echo.
func readPassword(stdin: Bool, prompt: String) throws -> String {
  if stdin {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
      throw CLIError("no password on standard input (thiếu mật khẩu)")
    }
    return line
  }
  guard isatty(0) == 1, let p = getpass(prompt) else {
    throw CLIError("no terminal to type the password on: use --password-stdin (dùng --password-stdin)")
  }
  return String(cString: p)
}

/// `loa login --user lan`: a token for this server, saved for the next commands.
struct Login: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "login",
    abstract: "Log in to a box's control API (đăng nhập); the token is kept in ~/.config/loa/tokens.json.")
  @OptionGroup var server: ServerOptions
  @Option(help: "User name.") var user: String
  @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

  func run() async throws {
    try await runReporting {
      let password = try readPassword(stdin: passwordStdin, prompt: "Mật khẩu / password for \(user): ")
      var client = try server.client()
      client.token = nil
      let answer: Wire.LoginAnswer = try await client.post("/v1/login", Wire.LoginBody(user: user, password: password))
      try Credentials.save(answer.token, for: client.base)
      print(
        "Đã đăng nhập / logged in as \(answer.user) (\(answer.role.rawValue)) until \(LocalTime.format(answer.expiresAt))"
      )
    }
  }
}

/// `loa logout`: the token is dropped on the box and here.
struct Logout: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logout", abstract: "Log out (đăng xuất): the token stops working.")
  @OptionGroup var server: ServerOptions

  func run() async throws {
    try await runReporting {
      let client = try server.client()
      let _: Wire.OK = try await client.send("POST", "/v1/logout", body: nil)
      try Credentials.save(nil, for: client.base)
      print("Đã đăng xuất / logged out")
    }
  }
}

/// `loa user add|list|passwd|remove`.
struct UserCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user", abstract: "Users of the control API and their roles (người dùng). Technician or root.",
    subcommands: [UserAdd.self, UserList.self, UserPassword.self, UserRemove.self])
}

/// A role on the command line.
extension UserRole: ExpressibleByArgument {}

struct UserAdd: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Add a user: viewer (xem), officer (cán bộ: queue, approve, schedule, volume), technician (kỹ thuật).",
    discussion: "The first user is added on the box as root: sudo loa user add NAME --role technician")
  @OptionGroup var server: ServerOptions
  @Argument(help: "User name: letters, digits, '.', '-', '_'.") var name: String
  @Option(help: "viewer, officer or technician.") var role: UserRole
  @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

  func run() async throws {
    try await runReporting {
      let password = try readPassword(stdin: passwordStdin, prompt: "Mật khẩu mới / new password for \(name): ")
      let user: Wire.UserView = try await server.client().post(
        "/v1/users", Wire.UserBody(name: name, role: role.rawValue, password: password))
      print("Đã thêm / added \(user.name) (\(user.role.rawValue))")
    }
  }
}

struct UserList: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
  @OptionGroup var server: ServerOptions
  @Flag(help: "JSON lines.") var json = false

  func run() async throws {
    try await runReporting {
      let users: [Wire.UserView] = try await server.client().get("/v1/users")
      for u in users {
        if json {
          try printJSONLine(u)
        } else {
          let lock = u.lockedUntil.map { "  khóa đến / locked until \(LocalTime.format($0))" } ?? ""
          print("\(u.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(u.role.rawValue)\(lock)")
        }
      }
    }
  }
}

struct UserPassword: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "passwd", abstract: "Set a user's password (unlocks the user; their logins end).")
  @OptionGroup var server: ServerOptions
  @Argument var name: String
  @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

  func run() async throws {
    try await runReporting {
      let password = try readPassword(stdin: passwordStdin, prompt: "Mật khẩu mới / new password for \(name): ")
      let _: Wire.OK = try await server.client().post("/v1/users/\(name)/password", Wire.UserBody(password: password))
      print("Đã đổi mật khẩu / password changed for \(name)")
    }
  }
}

struct UserRemove: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user.")
  @OptionGroup var server: ServerOptions
  @Argument var name: String

  func run() async throws {
    try await runReporting {
      let _: Wire.OK = try await server.client().send("DELETE", "/v1/users/\(name)", body: nil)
      print("Đã xóa / removed \(name)")
    }
  }
}

/// `loa audit`: who changed what, when (technician or root).
struct Audit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Who changed what and when, and every login (nhật ký thao tác).")
  @OptionGroup var server: ServerOptions
  @Option(help: "From this day or time (YYYY-MM-DD, 'YYYY-MM-DD HH:MM', -2h).") var since: String?
  @Option(help: "At most this many lines (newest).") var limit: Int = 200
  @Flag(help: "JSON lines.") var json = false

  func run() async throws {
    try await runReporting {
      var query = [URLQueryItem(name: "limit", value: String(limit))]
      if let since {
        query.append(URLQueryItem(name: "since", value: LocalTime.iso(try Period.bound(since, now: Date()))))
      }
      let entries: [AuditEntryView] = try await server.client().get("/v1/audit", query: query)
      for e in entries {
        if json {
          try printJSONLine(e)
        } else {
          print(
            "\(LocalTime.format(e.at).prefix(19))  \(e.user) (\(e.role))  \(e.action)  → \(e.status)"
              + (e.detail.map { "  \($0)" } ?? ""))
        }
      }
    }
  }
}

/// An audit line as the API sends it.
struct AuditEntryView: Codable {
  var id: Int64?
  var at: Date
  var user: String
  var role: String
  var action: String
  var status: Int
  var detail: String?
}
