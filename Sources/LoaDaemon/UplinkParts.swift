import Foundation
import LoaAPI
import LoaCore
import LoaPlayout
import LoaProtocol
import LoaRelay
import LoaScheduling
import LoaStorage
import LoaUplink
import Logging

/// The uplink service made from `[uplink]`.
enum UplinkParts {
  static func make(
    _ u: DaemonConfig.UplinkSettings, engine: PlayoutEngine, store: Store, rules: JobRules, cache: ContentCache,
    scheduler: Scheduler, stateDir: String, logger: Logger
  ) throws(LoaError) -> UplinkService {
    let identity = try BoxIdentity(province: u.province, commune: u.commune, hamlet: u.hamlet, box: u.box)
    var keys: [TrustedKey] = []
    for k in u.keys {
      guard let role = TrustedKey.Role(rawValue: k.role) else {
        throw LoaError(
          .config,
          "uplink key '\(k.id)': role '\(k.role)' must be one of \(TrustedKey.Role.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      keys.append(try TrustedKey(id: k.id, publicKeyBase64: k.publicKey, role: role, scope: k.scope))
    }
    if keys.isEmpty && u.keysFile == nil {
      logger.warning("uplink has no trusted keys: every message will be rejected")
    }
    var c = UplinkService.Config(identity: identity, host: u.host, port: u.port, keys: keys, rules: rules)
    c.username = u.username
    c.password = u.password
    c.caFile = u.caFile ?? (u.tls ? "/etc/ssl/certs/ca-certificates.crt" : nil)
    c.certFile = u.certFile
    c.keyFile = u.keyFile
    c.heartbeatSeconds = u.heartbeatSeconds
    c.maxSkew = u.maxSkewSeconds
    c.maxAge = u.maxAgeHours * 3600
    c.capAirNonActual = u.capAirNonActual
    c.resendWindow = u.resendWindowSeconds
    c.asRunResend = u.asRunResendSeconds
    c.allowLocalURLs = u.allowLocalURLs
    c.version = LoaVersion.described
    c.keysFile = u.keysFile
    if let f = u.keysFile { _ = try KeysFile.load(f) }  // a broken keys file stops the start, with its line
    let fetch: @Sendable (String, String?) throws(LoaError) -> String = { url, sha in
      try cache.fetch(url: url, sha256: sha, pinned: store.activeFilePaths())
    }
    do {
      let service = try UplinkService(
        config: c, engine: engine, store: store, logger: Logger(label: "loa.uplink"), fetchMedia: fetch,
        reloadSchedule: { () throws(LoaError) in
          try scheduler.load()
          scheduler.tick()
        })
      service.stateDirectory = stateDir
      service.restart = {
        // As systemd's stop would: the player cuts and keeps what is on air to resume, the
        // stores close; `loa serve` then exits with RestartRequest.exitCode.
        RestartRequest.shared.set()
        kill(getpid(), SIGTERM)
      }
      let languages = rules.languages
      service.applySchedule = { (text, texts, files, by) throws(LoaError) -> (Int64, [String]) in
        // The texts and audio files are laid out in a fresh folder under the state folder, as
        // for an upload; the scheduler keeps the texts and copies the audio into its media folder.
        let dir = (stateDir as NSString).appendingPathComponent("schedule-in-" + UUID().uuidString.lowercased())
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScheduleFolder.layOut(in: dir, texts: texts, files: files)
        let applied = try scheduler.apply(text: text, baseDir: dir, operatorName: by, languages: languages)
        scheduler.tick()
        return (applied.version, applied.problems.map { $0.formatted(file: "schedule") })
      }
      return service
    } catch {
      throw LoaError(.config, "uplink: \(error.message)")
    }
  }

  static func view(_ u: UplinkService) -> Wire.UplinkView {
    let c = u.counterSnapshot
    return Wire.UplinkView(
      broker: u.config.host.isEmpty ? "LAN only" : "\(u.config.host):\(u.config.port)", box: u.config.identity.box,
      connected: u.isConnected,
      lastError: u.lastError, received: c.received, accepted: c.accepted, duplicates: c.duplicates,
      rejected: c.rejected, asRunUploaded: c.asRunUploaded, asRunWaiting: c.asRunWaiting, lastReceipt: c.lastReceipt)
  }

  /// What an ack means for the HTTP answer of LAN ingest.
  static func ingestKind(_ a: Ack) -> IngestAnswer.Kind {
    switch a.outcome {
    case .accepted, .queuedForApproval, .onAir: return .stored
    case .duplicate, .cancelled: return .known
    case .rejected, .aired, .expired, .failed:
      switch a.reason.flatMap(Rejection.Reason.init(rawValue:)) {
      case .unknownKey, .badSignature, .notAllowed: return .forbidden
      case .tooLarge: return .tooLarge
      default: return .refused
      }
    }
  }
}
