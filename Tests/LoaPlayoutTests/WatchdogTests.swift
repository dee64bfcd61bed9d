import Foundation
import LoaAudio
import LoaCore
import LoaPlayout
import LoaStorage
import LoaTesting
import Logging
import Testing

/// An output whose `write` hangs (a driver call that never returns) until released.
final class HangingOutput: AudioOutput, @unchecked Sendable {
  let format = AudioFormat(sampleRate: 22050, channels: 1)
  let released = DispatchSemaphore(value: 0)
  func open() throws(AudioError) {}
  func write(_ samples: UnsafeBufferPointer<Int16>, frames: Int, shouldStop: () -> Bool) throws(AudioError) -> Int {
    released.wait()  // ignores shouldStop: hung
    released.signal()
    return frames
  }
  func pendingFrames() -> Int { 0 }
  func drop() {}
  func close() {}
  var underruns: Int { 0 }
}

/// What the systemd watchdog relies on: a hung player thread is seen as stalled, a live one not.
@Suite(.ownThread) struct WatchdogTests {
  @Test func aHungPlayerIsSeenAsStalledAndALiveOneIsNot() throws {
    let dir = TempDir("loa-watchdog")
    let store = try Store(path: dir.file("loa.sqlite"))
    let output = HangingOutput()
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    var config = EngineConfig()
    config.synthesiser = ToneSynthesiser()
    let engine = PlayoutEngine(store: store, output: output, deviceName: "hang", config: config, logger: logger)
    #expect(!engine.playerStalled(longerThan: 0), "not started: not stalled")
    try engine.start()
    usleep(1_500_000)
    #expect(!engine.playerStalled(longerThan: 1.2), "idle: the loop ticks every second")
    try engine.submit(
      Job(
        bulletinClass: .normal, source: .api, title: "t", content: .speech(text: "Một hai ba.", voice: "vi"),
        createdAt: Date()))
    #expect(eventually(timeout: 5) { engine.playerStalled(longerThan: 0.5) }, "the write never returns")
    output.released.signal()
    #expect(eventually(timeout: 5) { !engine.playerStalled(longerThan: 0.5) })
    engine.shutdown(timeout: 5)
  }
}
