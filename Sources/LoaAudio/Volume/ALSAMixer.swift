import CALSA
import Foundation

/// A playback volume control on an ALSA mixer (`amixer -D NAME`): the card's own `Master`,
/// `PCM`, `Speaker`… or, through the pulse plugin, the sound server's volume.
///
/// Opened for each change and closed again, so a card that went away and came back is found anew.
public struct ALSAMixer: Sendable, Equatable {
  /// Mixer device, for example `hw:0`, `default`, `pulse`.
  public let device: String
  /// Simple control name.
  public let control: String

  /// Controls tried in order when none is configured.
  public static let preferred = ["Master", "PCM", "Speaker", "Headphone", "Digital", "Line Out"]

  /// The mixer device that belongs to a PCM name: `hw:1,0` and `plughw:1` → `hw:1`; `default`,
  /// `pulse` → themselves; a file PCM or anything else has none.
  public static func mixerDevice(forPCM pcm: String) -> String? {
    for prefix in ["plughw:", "hw:"] where pcm.hasPrefix(prefix) {
      let card = pcm.dropFirst(prefix.count).split(separator: ",").first.map(String.init) ?? "0"
      return "hw:" + card
    }
    if pcm == "default" || pcm == "pulse" { return pcm }
    return nil
  }

  /// Finds a control with a playback volume: the named one, or the first of `preferred`.
  public static func find(device: String, control: String?) throws(AudioError) -> ALSAMixer {
    let names = try withMixer(device) { m in
      var names: [String] = []
      var e = snd_mixer_first_elem(m)
      while let elem = e {
        if snd_mixer_selem_has_playback_volume(elem) != 0 {
          names.append(String(cString: snd_mixer_selem_get_name(elem)))
        }
        e = snd_mixer_elem_next(elem)
      }
      return names
    }
    if let control {
      guard names.contains(control) else {
        throw AudioError(
          .device,
          "ALSA mixer '\(device)' has no playback volume control '\(control)' (it has: \(names.joined(separator: ", ")))"
        )
      }
      return ALSAMixer(device: device, control: control)
    }
    guard let pick = preferred.first(where: names.contains) ?? names.first else {
      throw AudioError(.device, "ALSA mixer '\(device)' has no playback volume control")
    }
    return ALSAMixer(device: device, control: pick)
  }

  init(device: String, control: String) {
    self.device = device
    self.control = control
  }

  /// Sets the control to a percentage of its range (all channels) and unmutes it.
  public func set(percent: Int) throws(AudioError) {
    let p = min(100, max(0, percent))
    try withElement { elem throws(AudioError) in
      var lo = 0
      var hi = 0
      snd_mixer_selem_get_playback_volume_range(elem, &lo, &hi)
      let value = lo + (hi - lo) * p / 100
      let rc = snd_mixer_selem_set_playback_volume_all(elem, value)
      if rc < 0 { throw AudioError(.device, "ALSA mixer '\(device)' '\(control)': \(ALSAOutput.errorText(rc))") }
      if snd_mixer_selem_has_playback_switch(elem) != 0 { snd_mixer_selem_set_playback_switch_all(elem, 1) }
    }
  }

  private func withElement<T>(_ body: (OpaquePointer) throws(AudioError) -> T) throws(AudioError) -> T {
    let name = control
    let dev = device
    return try Self.withMixer(device) { m throws(AudioError) in
      var id: OpaquePointer?
      snd_mixer_selem_id_malloc(&id)
      defer { snd_mixer_selem_id_free(id) }
      snd_mixer_selem_id_set_index(id, 0)
      snd_mixer_selem_id_set_name(id, name)
      guard let elem = snd_mixer_find_selem(m, id) else {
        throw AudioError(.device, "ALSA mixer '\(dev)' has no control '\(name)'")
      }
      return try body(elem)
    }
  }

  private static func withMixer<T>(
    _ device: String, _ body: (OpaquePointer) throws(AudioError) -> T
  ) throws(AudioError) -> T {
    var handle: OpaquePointer?
    var rc = snd_mixer_open(&handle, 0)
    guard rc >= 0, let m = handle else {
      throw AudioError(.device, "ALSA mixer cannot be opened: \(ALSAOutput.errorText(rc))")
    }
    defer { snd_mixer_close(m) }
    rc = snd_mixer_attach(m, device)
    if rc >= 0 { rc = snd_mixer_selem_register(m, nil, nil) }
    if rc >= 0 { rc = snd_mixer_load(m) }
    guard rc >= 0 else {
      throw AudioError(.device, "ALSA mixer '\(device)' cannot be opened: \(ALSAOutput.errorText(rc))")
    }
    return try body(m)
  }
}
