import Foundation
import Hummingbird
import LoaCore
import Logging
import ServiceLifecycle

/// `loa station serve`: the collector and the API, until SIGTERM or SIGINT.
public struct Station: Sendable {
  public let config: StationConfig
  public let logger: Logger

  public init(config: StationConfig, logger: Logger) {
    self.config = config
    self.logger = logger
  }

  public func run() async throws {
    for w in config.warnings { logger.warning("\(w)") }
    let signer = try config.signer()
    let store = try StationStore(path: config.databasePath)
    let collector: Collector
    do { collector = try Collector(config: config, store: store, signer: signer, logger: logger) } catch {
      throw LoaError(.config, "broker: \(error.message)")
    }
    let client = collector.client
    let sender = Sender(config: config, store: store, signer: signer) { topic, data in
      try client.publish(topic, data)
    }
    var api = StationAPI(config: config, store: store, version: LoaVersion.described, sender: sender)
    api.enroller = Enroller(config: config, store: store, signer: signer)
    api.localTokenHash = StationAuth.hash(try StationAuth.writeLocalToken(stateDir: config.stateDir))
    let cfg = config
    let log = logger
    let app = Application(
      router: api.router(),
      configuration: .init(address: .hostname(config.listenHost, port: config.listenPort), serverName: "loa-station"),
      onServerRunning: { _ in
        log.info(
          "Loa station is listening",
          metadata: [
            "listen": "\(cfg.listen)", "area": "\(cfg.province)/\(cfg.commune ?? "*")",
            "broker": "\(cfg.brokerHost):\(cfg.brokerPort)", "database": "\(cfg.databasePath)",
          ])
      },
      logger: logger)
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: CollectorService(collector: collector)), .init(service: app)],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    logger.info("Loa station stopped")
  }
}

/// Runs the collector for as long as the service group runs.
struct CollectorService: Service {
  let collector: Collector
  func run() async throws {
    collector.start()
    try? await gracefulShutdown()
    collector.stop()
  }
}
