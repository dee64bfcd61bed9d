import Foundation
import LoaCore
import LoaProtocol
import LoaScheduling
import Logging

/// `systemctl reload loa` (SIGHUP): the config file is read again and checked, the installed
/// schedule and the uplink keys file are loaded again — without touching what is on air. Settings
/// are applied when the daemon starts: a changed one is named in the journal as waiting for a
/// restart, and a config that no longer reads is reported with its line while the running one
/// stays.
struct Reloader: Sendable {
  let running: DaemonConfig
  let reread: @Sendable () throws(LoaError) -> DaemonConfig
  let scheduler: Scheduler
  let logger: Logger

  /// (`Type=notify` with `ExecReload=`: systemd waits for the signal to be sent, not for an answer;
  /// `RELOADING=1` belongs to `Type=notify-reload`, systemd 253, newer than Debian 12's.)
  func reload() {
    do {
      let fresh = try reread()
      let changed = Self.changedSettings(running, fresh)
      if changed.isEmpty {
        logger.notice("config read again: no setting changed")
      } else {
        logger.notice(
          "config read again: changed settings take effect when Loa restarts (systemctl restart loa)",
          metadata: ["changed": "\(changed.joined(separator: ", "))"])
      }
      for w in fresh.warnings { logger.warning("\(w)") }
      if let file = fresh.uplink?.keysFile {
        do { _ = try KeysFile.load(file) } catch {
          logger.error("uplink keys file does not read; the keys in use stay", metadata: ["error": "\(error.message)"])
        }
      }
    } catch {
      logger.error(
        "config not reloaded: it does not read; the running settings stay (cấu hình lỗi, giữ cấu hình đang chạy)",
        metadata: ["error": "\(error.message)"])
    }
    do {
      try scheduler.load()
      scheduler.tick()
      logger.notice(
        "schedule loaded again", metadata: ["version": "\(scheduler.status().version.map(String.init) ?? "none")"])
    } catch {
      logger.error("schedule not reloaded", metadata: ["error": "\(error.message)"])
    }
  }

  /// Names of the settings whose values differ (warnings aside).
  static func changedSettings(_ a: DaemonConfig, _ b: DaemonConfig) -> [String] {
    let left = Mirror(reflecting: a).children
    let right = Dictionary(
      uniqueKeysWithValues: Mirror(reflecting: b).children.compactMap { c in c.label.map { ($0, c.value) } })
    var out: [String] = []
    for c in left {
      guard let name = c.label, name != "warnings", let other = right[name] else { continue }
      if "\(c.value)" != "\(other)" { out.append(name) }
    }
    return out
  }
}
