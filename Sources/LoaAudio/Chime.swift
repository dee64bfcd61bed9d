import Foundation

/// The attention chime that precedes an emergency bulletin: three falling notes
/// (G5, E5, C5) with a bell-like decay, about 2.2 s, generated at any rate.
public enum Chime {
  public static let notes: [(frequency: Double, start: Double)] = [
    (783.99, 0.0), (659.25, 0.45), (523.25, 0.9),
  ]
  public static let duration = 2.2

  public static func samples(format: AudioFormat, level: Double = 0.5) -> [Int16] {
    let frames = format.frames(seconds: duration)
    var out = [Int16](repeating: 0, count: frames * format.channels)
    let rate = Double(format.sampleRate)
    for i in 0..<frames {
      let t = Double(i) / rate
      var v = 0.0
      for note in notes where t >= note.start {
        let dt = t - note.start
        let attack = min(1.0, dt / 0.005)
        let env = attack * exp(-dt * 3.0)
        v += env * (sin(2 * .pi * note.frequency * dt) + 0.3 * sin(4 * .pi * note.frequency * dt))
      }
      // Fade the tail so the chime ends on silence.
      let tail = max(0, min(1, (duration - t) / 0.2))
      let s = Int16(clamping: Int((v * tail * level * 0.6 * 32767).rounded()))
      for c in 0..<format.channels { out[i * format.channels + c] = s }
    }
    return out
  }

  public static func source(format: AudioFormat) -> BufferSource {
    BufferSource(format: format, samples: samples(format: format))
  }
}
