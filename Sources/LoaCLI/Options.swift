import ArgumentParser
import Foundation
import LoaCore

/// `--server URL` (env `LOA_SERVER`), shared by every client command.
struct ServerOptions: ParsableArguments {
  @Option(name: .long, help: "Control API of the daemon (env LOA_SERVER).")
  var server: String = ProcessInfo.processInfo.environment["LOA_SERVER"] ?? "http://127.0.0.1:8707"

  func client() throws -> APIClient {
    var c = try APIClient(server: server)
    c.token = Credentials.token(for: c.base)
    return c
  }
}

/// Runs a command body and turns failures into one line on stderr and a non-zero exit.
public func runReporting(_ body: () async throws -> Void) async throws {
  do {
    try await body()
  } catch let e as CLIError {
    FileHandle.standardError.write(Data("loa: \(e.message)\n".utf8))
    throw ExitCode(e.exitCode)
  } catch let e as LoaError {
    FileHandle.standardError.write(Data("loa: \(e.message) [\(e.code.rawValue)]\n".utf8))
    throw ExitCode(2)
  }
}

public func printJSONLine<T: Encodable>(_ value: T) throws {
  let data = try Wire.encoder().encode(value)
  FileHandle.standardOutput.write(data + Data("\n".utf8))
}

/// Checks every raw argument is UTF-8 (Swift would otherwise repair it silently).
func checkArgumentsAreUTF8() throws {
  for i in 0..<Int(CommandLine.argc) {
    guard let p = CommandLine.unsafeArgv[i] else { continue }
    if String(validatingCString: p) == nil {
      throw CLIError("argument \(i) is not valid UTF-8; save or type the text as UTF-8 (văn bản không phải UTF-8)")
    }
  }
}

func resolveOperator(_ explicit: String?) -> String? {
  explicit ?? ProcessInfo.processInfo.environment["LOA_OPERATOR"] ?? ProcessInfo.processInfo.environment["USER"]
}

func shortId(_ id: String) -> String { String(id.prefix(8)) }

package func pad(_ s: String, _ width: Int) -> String {
  let n = s.count
  if n >= width { return String(s.prefix(width)) }
  return s + String(repeating: " ", count: width - n)
}
