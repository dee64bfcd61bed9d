import Foundation
import Hummingbird
import LoaCore
import Logging
import ServiceLifecycle

/// `loa-station serve`: the collector and the API, until SIGTERM or SIGINT.
public struct Station: Sendable {
  public let config: StationConfig
  public let logger: Logger
  /// Makes the province link `[province]` asks for (the CLI passes the plug-ins it links).
  public var makeLink: (@Sendable (ProvinceContext) throws(LoaError) -> any ProvinceLink)?

  public init(config: StationConfig, logger: Logger) {
    self.config = config
    self.logger = logger
  }

  public func run() async throws {
    for w in config.warnings { logger.warning("\(w)") }
    let signer = try config.signer()
    let store = try StationStore(config)
    let collector: Collector
    do { collector = try Collector(config: config, store: store, signer: signer, logger: logger) } catch {
      throw LoaError(.config, "broker: \(error.message)")
    }
    let client = collector.client
    let sender = Sender(config: config, store: store, signer: signer) { topic, data in
      try client.publish(topic, data)
    }
    var api = StationAPI(config: config, store: store, version: LoaVersion.described, sender: sender)
    let server = try StationTLS.server(config)
    var link: (any ProvinceLink)?
    if let p = config.provinceLink {
      guard let makeLink else { throw LoaError(.config, "[province] system '\(p.system)' is not built into this loa") }
      let provinceSender = Sender(config: config, store: store, signer: try p.signer()) { topic, data in
        try client.publish(topic, data)
      }
      let made = try makeLink(
        ProvinceContext(
          station: config, settings: p, store: store, sender: provinceSender, logger: Logger(label: "loa.province")))
      link = made
      api.province = made
    }
    api.enroller = Enroller(config: config, store: store, signer: signer)
    api.ingest = {
      let c = collector.snapshot
      return .init(messages: c.messages, asRunRows: c.asRunRows, receipts: c.receipts)
    }
    api.localTokenHash = StationAuth.hash(try StationAuth.writeLocalToken(stateDir: config.stateDir))
    let cfg = config
    let log = logger
    let app = Application(
      router: api.router(),
      server: server,
      configuration: .init(address: .hostname(config.listenHost, port: config.listenPort), serverName: "loa-station"),
      onServerRunning: { _ in
        log.info(
          "Loa station is listening",
          metadata: [
            "listen": "\(cfg.listen)", "area": "\(cfg.province)/\(cfg.commune ?? "*")",
            "broker": "\(cfg.brokerHost):\(cfg.brokerPort)",
            "database": "\(cfg.databaseURL.map(StationStore.redacted) ?? cfg.databasePath)",
            "share": "\(cfg.shareGroup ?? "-")",
          ])
      },
      logger: logger)
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: CollectorService(collector: collector)), .init(service: app)]
          + (link.map { [.init(service: ProvinceService(link: $0))] } ?? []),
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    logger.info("Loa station stopped")
  }
}

/// Runs the province link until the station stops.
struct ProvinceService: Service {
  let link: any ProvinceLink
  func run() async throws {
    await cancelWhenGracefulShutdown { await link.run() }
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
