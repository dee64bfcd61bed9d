import Foundation
import LoaAudio
import LoaRelay
import LoaTesting
import Testing

let relayFormat = AudioFormat(sampleRate: 22050, channels: 1)

/// Pulls a relay like the player does: 20 ms chunks at real time. Returns the samples.
func playRelay(_ r: any PCMSource, seconds: Double, onSecond: ((Int) -> Void)? = nil) throws -> [Int16] {
  var out: [Int16] = []
  let chunk = relayFormat.frames(seconds: 0.02)
  var buf = [Int16](repeating: 0, count: chunk)
  let start = Date()
  var second = 0
  while true {
    let n = try buf.withUnsafeMutableBufferPointer { try r.read(into: $0, maxFrames: chunk) }
    if n == 0 { break }
    out += buf.prefix(n)
    let due = start.addingTimeInterval(relayFormat.seconds(frames: out.count))
    let ahead = due.timeIntervalSinceNow
    if ahead > 0 { usleep(UInt32(ahead * 1_000_000)) }
    if out.count / relayFormat.sampleRate > second {
      second = out.count / relayFormat.sampleRate
      onSecond?(second)
    }
    if relayFormat.seconds(frames: out.count) > seconds + 5 { break }
  }
  return out
}

func zeroCrossingHz(_ x: ArraySlice<Int16>) -> Double {
  var c = 0
  var prev = x.first ?? 0
  for v in x.dropFirst() {
    if (prev < 0) != (v < 0) { c += 1 }
    prev = v
  }
  return Double(c) / 2 / (Double(x.count) / Double(relayFormat.sampleRate))
}

@Suite(.serialized, .ownThread) struct RelayTests {
  @Test func relaysALiveIcecastStreamForExactlyItsTime() throws {
    let ice = try IcecastRig()
    try ice.startSource("vov1", frequency: 500, sampleRate: 44100)
    let r = try RelaySource(url: ice.url("vov1"), seconds: 4, format: relayFormat)
    let pcm = try playRelay(r, seconds: 4)
    #expect(pcm.count == relayFormat.frames(seconds: 4))  // hard stop: exactly the slot
    let s = r.stats
    // Most of the slot is the stream (about 3.4 s alone; the full suite's load once made the
    // connection take a second, 3.0 s).
    #expect(s.relayedSeconds > 2.5, "\(s)")
    #expect(s.connections == 1)
    let f = zeroCrossingHz(pcm.suffix(relayFormat.frames(seconds: 2)))
    #expect(abs(f - 500) < 15, "\(f) Hz")
  }

  @Test func reconnectsWhenTheSourceDropsAndComesBack() throws {
    let ice = try IcecastRig()
    try ice.startSource("tinh", frequency: 700)
    let r = try RelaySource(url: ice.url("tinh"), seconds: 12, format: relayFormat)
    nonisolated(unsafe) var restartError: (any Error)?
    let pcm = try playRelay(r, seconds: 12) { second in
      if second == 2 { ice.stopSource("tinh") }
      if second == 4 { do { try ice.startSource("tinh", frequency: 700) } catch { restartError = error } }
    }
    #expect(restartError == nil)
    #expect(pcm.count == relayFormat.frames(seconds: 12))
    let s = r.stats
    #expect(s.connections >= 2, "\(s)")
    #expect(s.silenceSeconds > 1, "\(s)")  // the gap was filled with silence, not made up
    // Tone again at the end.
    let f = zeroCrossingHz(pcm.suffix(relayFormat.frames(seconds: 1.5)))
    #expect(abs(f - 700) < 20, "\(f) Hz, \(s)")
  }

  @Test func aStreamThatNeverAnswersFailsWithTheReason() throws {
    let port = freePort()  // nothing listens here
    let r = try RelaySource(url: "http://127.0.0.1:\(port)/vov1", seconds: 1.5, format: relayFormat)
    #expect {
      _ = try playRelay(r, seconds: 1.5)
    } throws: { e in
      let m = (e as? AudioError)?.message ?? ""
      return m.contains("never played") && m.contains("127.0.0.1")
    }
  }

  @Test func aPageThatIsNotAudioIsRefused() throws {
    let dir = TempDir("loa-html")
    _ = dir.write("index.html", "<html><body>Trang không tồn tại</body></html>")
    let port = freePort()
    let server = try Spawned(
      which("python3") ?? "/usr/bin/python3",
      ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dir.path])
    defer { server.signal(SIGKILL) }
    #expect(
      eventually(timeout: 10) {
        (try? runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "http://127.0.0.1:\(port)/"]))?.status == 0
      })
    let r = try RelaySource(url: "http://127.0.0.1:\(port)/index.html", seconds: 1.5, format: relayFormat)
    #expect {
      _ = try playRelay(r, seconds: 1.5)
    } throws: { e in ((e as? AudioError)?.message ?? "").contains("not an audio stream") }
    let missing = try RelaySource(url: "http://127.0.0.1:\(port)/khong-co.mp3", seconds: 1.5, format: relayFormat)
    #expect {
      _ = try playRelay(missing, seconds: 1.5)
    } throws: { e in ((e as? AudioError)?.message ?? "").contains("HTTP 404") }
  }

  @Test func onlyHTTPAddresses() {
    #expect(throws: AudioError.self) {
      _ = try RelaySource(url: "rtsp://10.0.0.1/vov", seconds: 10, format: relayFormat)
    }
    #expect(throws: AudioError.self) { _ = try RelaySource(url: "không phải url", seconds: 10, format: relayFormat) }
  }

  @Test func cancelStopsAtOnce() throws {
    let ice = try IcecastRig()
    try ice.startSource("c")
    let r = try RelaySource(url: ice.url("c"), seconds: 60, format: relayFormat)
    var buf = [Int16](repeating: 0, count: 441)
    _ = try buf.withUnsafeMutableBufferPointer { try r.read(into: $0, maxFrames: 441) }
    r.cancel()
    let t = Date()
    let n = try buf.withUnsafeMutableBufferPointer { try r.read(into: $0, maxFrames: 441) }
    #expect(n == 0)
    #expect(Date().timeIntervalSince(t) < 0.1)
  }
}
