import ArgumentParser
import Foundation
import LoaCore
import LoaStation
import Logging

/// `loa station …`: the commune's station, run at the commune office (or at the province).
struct StationCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "station",
    abstract: "The commune station: collects every box's status and as-run log (trạm truyền thanh xã).",
    subcommands: [StationServe.self])
}

/// `loa station serve --config station.toml`.
struct StationServe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run the station (see deploy/station.toml and docs/station.md).")
  @Option(help: "The station's TOML config.") var config: String
  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
  var logLevel: String = "info"

  func run() async throws {
    try await runReporting {
      let cfg = try StationConfig.load(config)
      guard let level = Logger.Level(rawValue: logLevel) else {
        throw CLIError("--log-level must be one of trace, debug, info, notice, warning, error")
      }
      LoggingSystem.bootstrap { label in
        var h = StreamLogHandler.standardError(label: label)
        h.logLevel = level
        return h
      }
      do { try await Station(config: cfg, logger: Logger(label: "loa.station")).run() } catch let e as LoaError {
        throw e
      } catch {
        throw CLIError("the station stopped: \(error)")
      }
    }
  }
}
