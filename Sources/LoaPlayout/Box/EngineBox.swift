import Foundation
import LoaAudio
import LoaCore
import LoaLadder

/// The player's dealings with the box: amplifier warm-up, dead air, level, a lost device.
extension PlayoutEngine {
  func currentJob() -> Job? { state.ladder.onAir }

  /// Switches the amplifier on if needed and waits out what is left of its warm-up, watching for
  /// interrupts. Returns the interrupt that ended the wait, if one did.
  func warmUpAmplifier(_ tap: inout AiringTap) -> Interrupt? {
    guard let amplifier else { return nil }
    let wait = amplifier.switchOn()
    guard wait > 0 else { return nil }
    let until = Date().addingTimeInterval(wait)
    while Date() < until {
      if let irq = pendingInterrupt() { return irq }
      usleep(UInt32(min(10_000, max(500, until.timeIntervalSinceNow * 1_000_000))))
    }
    tap.notes.append("chờ ampli khởi động \(String(format: "%.1f", wait)) s trước tiếng đầu tiên")
    return nil
  }

  func noteDeadAir(_ offset: Double, title: String) {
    state.deadAirEvents += 1
    let job = state.ladder.onAir
    state.lastDeadAir = EngineStatus.DeadAir(at: clock.now(), jobId: job?.id ?? "-", title: title)
    publish()
    logger.warning(
      "dead air on the output",
      metadata: [
        "job": "\(job?.id ?? "-")", "title": "\(title)", "from_s": "\(offset)",
        "threshold_dbfs": "\(config.deadAir.thresholdDBFS)", "limit_s": "\(config.deadAir.limitSeconds)",
      ])
  }

  func setLevel(_ dbfs: Double) {
    state.level = dbfs
    publish()
  }

  func markAudio() { lastAudioAt = Date() }

  /// Closes the failed device and tries to open it again every 250 ms for `deviceRetrySeconds`.
  func recoverDevice(after message: String) -> DeviceRecovery {
    logger.error("sound device lost during an airing; trying to open it again", metadata: ["error": "\(message)"])
    setDevice(open: false, error: message)
    let began = Date()
    let until = began.addingTimeInterval(config.deviceRetrySeconds)
    output.close()
    while Date() < until {
      if let irq = pendingInterrupt() { return .interrupted(irq) }
      do {
        try output.open()
        setDevice(open: true, error: nil)
        state.deviceRecoveries += 1
        publish()
        let gap = Date().timeIntervalSince(began)
        logger.warning("sound device is back", metadata: ["after_s": "\(gap)"])
        return .recovered(seconds: gap)
      } catch {
        usleep(250_000)
      }
    }
    return .gaveUp
  }
}
