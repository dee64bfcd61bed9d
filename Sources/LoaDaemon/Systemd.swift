import CSystemd
import Foundation
import LoaPlayout
import Logging
import ServiceLifecycle

/// Loa under systemd (`Type=notify`, `WatchdogSec=`): readiness once the API listens, `STOPPING=1`
/// on the way out, and the watchdog kept alive only while the player thread shows signs of life,
/// so a hung player is killed and restarted by systemd instead of sitting silent. Without systemd
/// (no `NOTIFY_SOCKET`) every call is a no-op.
enum Systemd {
  static func notify(_ state: String) { _ = loa_sd_notify(state) }

  /// The watchdog interval systemd asked for, if any.
  static var watchdogInterval: TimeInterval? {
    let usec = loa_sd_watchdog_usec()
    return usec > 0 ? TimeInterval(usec) / 1_000_000 : nil
  }

  /// What `systemctl status loa` shows (`STATUS=`): what is on air and how many wait.
  static func statusLine(_ s: EngineStatus) -> String {
    let waiting = "\(s.queued.count) chờ (waiting)"
    guard let on = s.onAir else { return "rảnh (idle); \(waiting)" }
    return "đang phát (on air): \(on.job.title) — \(on.job.bulletinClass.vietnameseName); \(waiting)"
  }

  /// Whether to send the keep-alive: the player must have shown life within half the interval.
  static func keepAlive(playerStalled: (TimeInterval) -> Bool, interval: TimeInterval) -> Bool {
    !playerStalled(interval / 2)
  }
}

/// Sends `WATCHDOG=1` every quarter interval while the player lives, and `STATUS=` when what is
/// on air changes.
struct WatchdogService: Service {
  let engine: PlayoutEngine
  let interval: TimeInterval
  let logger: Logger

  func run() async throws {
    var warned = false
    var lastStatus = ""
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
      let line = Systemd.statusLine(engine.status(settle: 0))
      if line != lastStatus {
        Systemd.notify("STATUS=\(line)")
        lastStatus = line
      }
      if Systemd.keepAlive(playerStalled: engine.playerStalled(longerThan:), interval: interval) {
        Systemd.notify("WATCHDOG=1")
        warned = false
      } else if !warned {
        warned = true
        logger.critical(
          "the player thread has shown no sign of life; withholding the watchdog so systemd restarts Loa",
          metadata: ["interval_s": "\(interval)"])
      }
      try? await Task.sleep(for: .milliseconds(Int(interval * 250)))
    }
  }
}
