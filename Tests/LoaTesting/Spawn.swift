import Foundation

/// A child process started with posix_spawn and reaped with waitpid.
///
/// Foundation's `Process.waitUntilExit` can hang on Linux when several threads wait at
/// once; tests run many children in parallel, so they use this instead. Standard streams
/// go to files, which also avoids pipe deadlocks.
public final class Spawned: @unchecked Sendable {
  public let pid: pid_t
  private let lock = NSLock()
  private var exitStatus: Int32?

  public init(
    _ executable: String, _ args: [String], environment: [String: String]? = nil, stdin: String? = nil,
    stdout: String? = nil, stderr: String? = nil
  ) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    // Default signal handling in the child (the test runner may block some).
    var all = sigset_t()
    sigfillset(&all)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setsigmask(&attr, &none)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let env = environment ?? ProcessInfo.processInfo.environment
    let argv = ([executable] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let rc = posix_spawn(&child, executable, &actions, &attr, argv, envp)
    guard rc == 0 else { throw RigError("cannot start \(executable): \(String(cString: strerror(rc)))") }
    pid = child
  }

  /// Exit status once it has ended (128 + signal when killed by a signal).
  public var status: Int32? {
    lock.lock()
    defer { lock.unlock() }
    if exitStatus == nil {
      var s: Int32 = 0
      if waitpid(pid, &s, WNOHANG) == pid {
        let signalled = (s & 0x7F) != 0
        exitStatus = signalled ? 128 + (s & 0x7F) : (s >> 8) & 0xFF
      }
    }
    return exitStatus
  }

  public var isRunning: Bool { status == nil }

  /// Waits up to `timeout`; returns the exit status, or nil if still running.
  @discardableResult
  public func wait(timeout: TimeInterval) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let s = status { return s }
      usleep(5_000)
    }
    return status
  }

  public func signal(_ sig: Int32) { if isRunning { kill(pid, sig) } }

  /// SIGTERM, then SIGKILL after `grace`; returns the exit status.
  @discardableResult
  public func stop(grace: TimeInterval = 5) -> Int32 {
    signal(SIGTERM)
    if let s = wait(timeout: grace) { return s }
    signal(SIGKILL)
    return wait(timeout: 5) ?? -1
  }

  deinit {
    if isRunning {
      kill(pid, SIGKILL)
      _ = wait(timeout: 2)
    }
  }
}
