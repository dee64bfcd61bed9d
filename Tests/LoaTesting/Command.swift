import Foundation

/// The result of running a program to its end.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs a program, feeding `stdin`, and waits for it (killed after `timeout`).
@discardableResult
public func runCommand(
  _ executable: String, _ args: [String], environment: [String: String]? = nil, stdin: Data? = nil,
  timeout: TimeInterval = 60
) throws -> CommandResult {
  let dir = TempDir("loa-cmd")
  var inPath: String?
  if let stdin {
    inPath = dir.file("in")
    _ = FileManager.default.createFile(atPath: inPath!, contents: stdin)
  }
  let child = try Spawned(
    executable, args, environment: environment, stdin: inPath, stdout: dir.file("out"), stderr: dir.file("err"))
  var status = child.wait(timeout: timeout)
  if status == nil {
    child.signal(SIGKILL)
    status = child.wait(timeout: 5)
  }
  let out = (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? ""
  let err = (try? String(contentsOfFile: dir.file("err"), encoding: .utf8)) ?? ""
  return CommandResult(status: status ?? -1, stdout: out, stderr: err)
}

/// Finds a program on PATH.
public func which(_ name: String) -> String? {
  for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
    let p = "\(dir)/\(name)"
    if FileManager.default.isExecutableFile(atPath: p) { return p }
  }
  return nil
}
