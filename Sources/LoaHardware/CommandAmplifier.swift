import Foundation
import LoaCore

/// The amplifier switched by commands the installer configured (a relay board's tool, `curl` to a
/// smart socket, `gpioset` on an older kernel). Run with `/bin/sh -c`, at most `timeout` seconds each;
/// a non-zero exit is an error with the command's own message.
public final class CommandAmplifier: AmplifierSwitch, Sendable {
  public let onCommand: String
  public let offCommand: String
  public let timeout: TimeInterval

  public init(on: String, off: String, timeout: TimeInterval = 10) {
    onCommand = on
    offCommand = off
    self.timeout = timeout
  }

  public var description: String { "command `\(onCommand)` / `\(offCommand)`" }

  public func set(on: Bool) throws(LoaError) {
    let command = on ? onCommand : offCommand
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    do { try p.run() } catch { throw LoaError(.amplifier, "cannot run amplifier command '\(command)': \(error)") }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(5_000) }
    if p.isRunning {
      p.terminate()
      p.waitUntilExit()
      throw LoaError(.amplifier, "amplifier command '\(command)' did not finish within \(Int(timeout)) s")
    }
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard p.terminationStatus == 0 else {
      throw LoaError(
        .amplifier,
        "amplifier command '\(command)' failed with exit \(p.terminationStatus)\(text.isEmpty ? "" : ": \(text)")")
    }
  }
}
