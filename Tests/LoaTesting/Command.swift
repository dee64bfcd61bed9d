import Foundation

/// The result of running a program to its end.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs a program, feeding `stdin`, and waits for it (bounded by `timeout`).
@discardableResult
public func runCommand(
  _ executable: String, _ args: [String], environment: [String: String]? = nil, stdin: Data? = nil,
  timeout: TimeInterval = 60
) throws -> CommandResult {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: executable)
  p.arguments = args
  if let environment { p.environment = environment }
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  p.standardOutput = out
  p.standardError = err
  p.standardInput = input
  try p.run()
  if let stdin { input.fileHandleForWriting.write(stdin) }
  try? input.fileHandleForWriting.close()
  let outData = LockedData()
  let errData = LockedData()
  let group = DispatchGroup()
  for (pipe, sink) in [(out, outData), (err, errData)] {
    group.enter()
    DispatchQueue.global().async {
      sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
  }
  let deadline = Date().addingTimeInterval(timeout)
  while p.isRunning && Date() < deadline { usleep(10_000) }
  if p.isRunning {
    p.terminate()
    p.waitUntilExit()
  }
  group.wait()
  p.waitUntilExit()
  return CommandResult(
    status: p.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
    stderr: String(decoding: errData.get(), as: UTF8.self))
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ d: Data) {
    lock.lock()
    data = d
    lock.unlock()
  }
  func get() -> Data {
    lock.lock()
    defer { lock.unlock() }
    return data
  }
}

/// Finds a program on PATH.
public func which(_ name: String) -> String? {
  for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
    let p = "\(dir)/\(name)"
    if FileManager.default.isExecutableFile(atPath: p) { return p }
  }
  return nil
}
