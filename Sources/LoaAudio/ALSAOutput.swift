import CALSA
import Foundation
import Synchronization

/// Plays through libasound on a named PCM (`default`, `hw:0`, `plughw:1,0`, `pulse`,
/// or `file:'/tmp/x.raw',raw` to capture bytes without a sound card).
///
/// The buffer is kept small (100 ms by default, at most 200 ms) so that pre-emption
/// is quick; underruns are recovered with `snd_pcm_recover`. The PCM is opened
/// non-blocking and waited on with a timeout, so a device that stops taking audio
/// (a wedged USB codec, a dead sound server) is reported instead of hanging the
/// player. When the device fails, the handle is closed and the next `open` tries again.
public final class ALSAOutput: AudioOutput {
  public let device: String
  public let format: AudioFormat
  public let bufferMicroseconds: UInt32
  /// How long the device may refuse audio before it counts as failed.
  public let stallTimeout: TimeInterval
  private var pcm: OpaquePointer?
  /// Written by the player, read by `loa status` from API threads: atomic.
  private let underrunCount = Atomic<Int>(0)
  public var underruns: Int { underrunCount.load(ordering: .relaxed) }
  private var prepared = false

  public init(device: String, format: AudioFormat, bufferMilliseconds: Int = 100, stallTimeout: TimeInterval = 3) {
    self.device = device
    self.format = format
    self.stallTimeout = stallTimeout
    self.bufferMicroseconds = UInt32(min(200, max(20, bufferMilliseconds)) * 1000)
  }

  deinit { close() }

  static func errorText(_ code: Int32) -> String { String(cString: snd_strerror(code)) }

  public func open() throws(AudioError) {
    if pcm != nil { return }
    var handle: OpaquePointer?
    let rc = snd_pcm_open(&handle, device, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK)
    guard rc >= 0, let handle else {
      throw AudioError(.device, "ALSA device '\(device)' cannot be opened: \(Self.errorText(rc))")
    }
    let set = snd_pcm_set_params(
      handle, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, UInt32(format.channels),
      UInt32(format.sampleRate), 1, bufferMicroseconds)
    guard set >= 0 else {
      snd_pcm_close(handle)
      throw AudioError(
        .device, "ALSA device '\(device)' refuses \(format): \(Self.errorText(set))")
    }
    pcm = handle
    prepared = true
  }

  public func write(
    _ samples: UnsafeBufferPointer<Int16>, frames: Int, shouldStop: () -> Bool = { false }
  ) throws(AudioError) -> Int {
    guard let pcm else { throw AudioError(.device, "ALSA device '\(device)' is not open") }
    if !prepared {
      let rc = snd_pcm_prepare(pcm)
      if rc < 0 { try fail("cannot prepare", rc) }
      prepared = true
    }
    var done = 0
    var recoveries = 0
    var stalledSince: Date?
    while done < frames {
      let n = snd_pcm_writei(
        pcm, samples.baseAddress! + done * format.channels, snd_pcm_uframes_t(frames - done))
      if n > 0 {
        done += Int(n)
        stalledSince = nil
        continue
      }
      var code = Int32(n)
      if n == 0 || code == -EAGAIN {
        // Buffer full: wait for room in short steps, so an interrupt is seen quickly,
        // and not forever.
        if shouldStop() { return done }
        let w = snd_pcm_wait(pcm, 10)
        if w >= 0 {
          if w == 0 {
            let since = stalledSince ?? Date()
            stalledSince = since
            if Date().timeIntervalSince(since) > stallTimeout {
              close()
              throw AudioError(
                .device, "ALSA device '\(device)' stopped taking audio for \(Int(stallTimeout)) s")
            }
          }
          continue
        }
        code = w
      }
      let r = snd_pcm_recover(pcm, code, 1)
      recoveries += 1
      if r < 0 || recoveries > 5 { try fail("write failed", code) }
      if code == -EPIPE { underrunCount.add(1, ordering: .relaxed) }
    }
    return done
  }

  private func fail(_ what: String, _ code: Int32) throws(AudioError) -> Never {
    close()
    throw AudioError(.device, "ALSA device '\(device)': \(what): \(Self.errorText(code))")
  }

  public func pendingFrames() -> Int {
    guard let pcm, prepared else { return 0 }
    var delay: snd_pcm_sframes_t = 0
    let rc = snd_pcm_delay(pcm, &delay)
    if rc < 0 { return 0 }  // underrun: nothing left to play
    return max(0, Int(delay))
  }

  public func drop() {
    guard let pcm else { return }
    snd_pcm_drop(pcm)
    prepared = false
  }

  public func close() {
    guard let pcm else { return }
    snd_pcm_drop(pcm)
    snd_pcm_close(pcm)
    self.pcm = nil
    prepared = false
  }
}
