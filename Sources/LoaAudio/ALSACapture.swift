import CALSA
import Foundation

/// An ALSA capture device (the officer's microphone), read in blocks of 16-bit samples.
/// Blocking reads on the caller's thread; `open` names the device and ALSA's reason on failure.
public final class ALSACapture {
  public let device: String
  public let format: AudioFormat
  private var pcm: OpaquePointer?

  public init(device: String, format: AudioFormat) {
    self.device = device
    self.format = format
  }

  deinit { close() }

  public func open() throws(AudioError) {
    var handle: OpaquePointer?
    let rc = snd_pcm_open(&handle, device, SND_PCM_STREAM_CAPTURE, 0)
    guard rc >= 0, let handle else {
      throw AudioError(
        .device, "cannot open the microphone '\(device)': \(String(cString: snd_strerror(rc))) (không mở được micrô)")
    }
    let set = snd_pcm_set_params(
      handle, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, UInt32(format.channels), UInt32(format.sampleRate),
      1, 100_000)
    guard set >= 0 else {
      snd_pcm_close(handle)
      throw AudioError(
        .device, "the microphone '\(device)' does not take \(format): \(String(cString: snd_strerror(set)))")
    }
    pcm = handle
  }

  /// Reads `frames` frames (blocking until they are there). An overrun is recovered once.
  public func read(frames: Int) throws(AudioError) -> [Int16] {
    guard let pcm else { throw AudioError(.device, "the microphone is not open") }
    var out = [Int16](repeating: 0, count: frames * format.channels)
    var done = 0
    while done < frames {
      let n = out.withUnsafeMutableBufferPointer { p in
        snd_pcm_readi(pcm, p.baseAddress! + done * format.channels, snd_pcm_uframes_t(frames - done))
      }
      if n < 0 {
        let r = snd_pcm_recover(pcm, Int32(n), 1)
        if r < 0 {
          throw AudioError(.device, "the microphone failed: \(String(cString: snd_strerror(Int32(n))))")
        }
        continue
      }
      done += Int(n)
    }
    return out
  }

  public func close() {
    if let pcm { snd_pcm_close(pcm) }
    pcm = nil
  }
}
