import Foundation

/// A real PostgreSQL server (Debian's `postgresql` package) on loopback in a fresh cluster, for a
/// province's stations sharing one database. One server per test process, started on first use;
/// each test takes a database of its own (`database()`). Stopped when the process exits.
public final class PostgresRig: @unchecked Sendable {
  public static let shared = Result { try PostgresRig() }

  public let dir: TempDir
  public let port: Int
  private let server: Spawned
  private let lock = NSLock()
  private var made = 0

  /// The server's programs: Debian keeps them under /usr/lib/postgresql/VERSION/bin.
  static func bin(_ name: String) -> String? {
    let root = "/usr/lib/postgresql"
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted {
      (Int($0) ?? 0) > (Int($1) ?? 0)
    }
    return versions.map { "\(root)/\($0)/bin/\(name)" }.first(where: FileManager.default.isExecutableFile)
  }

  init() throws {
    guard let initdb = Self.bin("initdb"), let postgres = Self.bin("postgres") else {
      throw RigError("PostgreSQL is not installed: run scripts/install-deps.sh")
    }
    dir = TempDir("loa-postgres")
    // PostgreSQL will not run as root: as root, the server runs as Debian's `postgres` user.
    let asRoot = getuid() == 0
    // setpriv executes the program itself (no process in between), so a signal reaches it.
    func command(_ exe: String, _ args: [String]) -> (String, [String]) {
      asRoot
        ? ("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", exe] + args)
        : (exe, args)
    }
    let data = dir.file("data")
    if asRoot {
      _ = try runCommand("/bin/chown", ["-R", "postgres:postgres", dir.path])
      _ = try runCommand("/bin/chmod", ["755", dir.path])
    }
    let (exe, args) = command(initdb, ["-D", data, "-A", "trust", "-U", "loa", "-E", "UTF8", "--no-sync"])
    let r = try runCommand(exe, args, timeout: 120)
    guard r.status == 0 else { throw RigError("initdb failed: \(r.stderr)\(r.stdout)") }
    var lastError = ""
    for _ in 1...3 {
      let port = freePort()
      let (exe, args) = command(
        postgres,
        [
          "-D", data, "-p", "\(port)", "-k", dir.path, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
          "-c", "max_connections=200",
        ])
      let log = dir.file("postgres-\(port).log")
      let s = try Spawned(exe, args, stdout: log, stderr: log)
      // Ready when a client can connect.
      let deadline = Date().addingTimeInterval(30)
      while Date() < deadline, s.status == nil {
        let ready = try runCommand(
          "/usr/bin/psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "loa", "-d", "postgres", "-c", "SELECT 1"])
        if ready.status == 0 {
          self.port = port
          server = s
          atexit_b { s.signal(SIGINT) }
          return
        }
        usleep(100_000)
      }
      lastError = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      s.signal(SIGKILL)
      _ = s.wait(timeout: 5)
    }
    throw RigError("PostgreSQL did not start: \(lastError.suffix(2000))")
  }

  /// A new, empty database; its URL.
  public func database() throws -> String {
    lock.lock()
    made += 1
    let name = "loa_\(getpid())_\(made)"
    lock.unlock()
    let r = try runCommand(
      "/usr/bin/psql",
      ["-h", "127.0.0.1", "-p", "\(port)", "-U", "loa", "-d", "postgres", "-c", "CREATE DATABASE \(name)"])
    guard r.status == 0 else { throw RigError("CREATE DATABASE failed: \(r.stderr)") }
    return "postgres://loa@127.0.0.1:\(port)/\(name)"
  }
}

/// Runs `body` when the process exits (the test runner's end stops the server).
private func atexit_b(_ body: @escaping @Sendable () -> Void) {
  AtExit.shared.add(body)
}

private final class AtExit: @unchecked Sendable {
  static let shared: AtExit = {
    let a = AtExit()
    atexit { AtExit.shared.runAll() }
    return a
  }()
  private let lock = NSLock()
  private var bodies: [@Sendable () -> Void] = []
  func add(_ b: @escaping @Sendable () -> Void) {
    lock.lock()
    bodies.append(b)
    lock.unlock()
  }
  func runAll() {
    lock.lock()
    let all = bodies
    bodies = []
    lock.unlock()
    all.forEach { $0() }
  }
}
