import ArgumentParser
import Foundation
import LoaCore
import LoaDaemon
import Logging

/// `loa serve`: the daemon.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the daemon on the loudspeaker box (chạy dịch vụ phát thanh).",
    discussion: "Works with no config file. Order of precedence: flags, environment, --config file, defaults.")

  @Option(help: "TOML config file (see deploy/loa.toml).") var config: String?
  @Option(name: .customLong("state-dir"), help: "Folder for the database and media (env LOA_STATE_DIR).")
  var stateDir: String?
  @Option(help: "ALSA PCM name, e.g. default, plughw:0,0 (env LOA_ALSA_DEVICE).") var device: String?
  @Option(help: "HOST:PORT of the control API (env LOA_LISTEN), default 127.0.0.1:8707.") var listen: String?
  @Option(name: .customLong("voices-dir"), help: "Folder of voice profiles (env LOA_VOICES_DIR).")
  var voicesDir: String?
  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
  var logLevel: String = "info"

  /// The config as the flags, the environment and the file make it (again on SIGHUP).
  func makeConfig() throws(LoaError) -> DaemonConfig {
    var cfg = DaemonConfig()
    if let config { try cfg.apply(tomlFile: config) }
    try cfg.apply(environment: ProcessInfo.processInfo.environment)
    if let stateDir { cfg.stateDir = stateDir }
    if let device { cfg.device = device }
    if let listen { try cfg.setListen(listen) }
    if let voicesDir { cfg.voicesDir = voicesDir }
    return cfg
  }

  func run() async throws {
    try await runReporting {
      let cfg = try makeConfig()
      guard let level = Logger.Level(rawValue: logLevel) else {
        throw CLIError("--log-level must be one of trace, debug, info, notice, warning, error")
      }
      // Under systemd, lines carry their priority for the journal (`journalctl -p err`).
      let journal = JournalLogHandler.stderrIsJournal()
      LoggingSystem.bootstrap { label in
        if journal {
          var h = JournalLogHandler(label: label)
          h.logLevel = level
          return h
        }
        var h = StreamLogHandler.standardError(label: label)
        h.logLevel = level
        return h
      }
      signal(SIGPIPE, SIG_IGN)  // a peer that hangs up mid-write is an error, not the end of the box
      do {
        var daemon = Daemon(config: cfg, logger: Logger(label: "loa"))
        let again = self
        daemon.reread = { () throws(LoaError) in try again.makeConfig() }
        try await daemon.run()
      } catch let e as LoaError {
        throw e
      } catch {
        throw CLIError("the daemon stopped: \(error)")
      }
      if RestartRequest.shared.isSet {
        FileHandle.standardError.write(Data("loa: restarting as asked over the uplink (khởi động lại)\n".utf8))
        throw ExitCode(RestartRequest.exitCode)
      }
    }
  }
}
