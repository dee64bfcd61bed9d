import Foundation
import LoaAudio
import LoaCore
import LoaHardware
import LoaPlayout
import LoaStorage
import Logging

/// Volume, amplifier and recordings, made from the config.
struct BoxParts {
  let volume: VolumeControl
  let amplifier: AmplifierPower
  let recordings: ProofOfPlay?

  init(config: DaemonConfig, store: Store, logger: Logger) throws(LoaError) {
    volume = VolumeControl(
      store: store, mode: Self.volumeMode(config, logger: logger), emergencyMinimum: config.emergencyMinimumVolume,
      defaultLevel: config.defaultVolume)
    logger.info("volume", metadata: ["level": "\(volume.current)", "mode": "\(volume.modeDescription)"])

    var power: (any AmplifierSwitch)?
    if let chip = config.amplifierGPIOChip, let line = config.amplifierGPIOLine {
      power = try GPIOAmplifier(chip: chip, line: UInt32(line), activeLow: config.amplifierActiveLow)
    } else if let on = config.amplifierOnCommand, let off = config.amplifierOffCommand {
      power = CommandAmplifier(on: on, off: off)
    }
    if power == nil { logger.info("no amplifier switch configured; audio goes straight to the device") }
    amplifier = AmplifierPower(
      power: power, warmUp: config.amplifierWarmUpSeconds, idleOff: config.amplifierIdleOffSeconds,
      logger: Logger(label: "loa.amplifier"))

    var rc = ProofOfPlay.Config()
    rc.enabled = config.recordingsEnabled
    rc.keepDays = config.recordingsKeepDays
    rc.budgetBytes = Int64(config.recordingsBudgetMB) * 1_000_000
    rc.bitrate = config.recordingsBitrate
    rc.complexity = config.recordingsComplexity
    rc.copyMP3 = config.recordingsCopyMP3
    recordings =
      rc.enabled
      ? ProofOfPlay(directory: config.stateDir + "/recordings", config: rc, logger: Logger(label: "loa.recordings"))
      : nil
  }

  /// `software` → software gain; `auto` → the device's mixer if it has a volume control, else
  /// software; a control name → that control, or an error.
  static func volumeMode(_ config: DaemonConfig, logger: Logger) -> VolumeControl.Mode {
    if config.mixer == "software" { return .software }
    guard let device = config.mixerDevice ?? ALSAMixer.mixerDevice(forPCM: config.device) else { return .software }
    do {
      return .mixer(try ALSAMixer.find(device: device, control: config.mixer == "auto" ? nil : config.mixer))
    } catch {
      if config.mixer != "auto" {
        logger.error("mixer control not found; using software gain", metadata: ["error": "\(error.message)"])
      }
      return .software
    }
  }
}
