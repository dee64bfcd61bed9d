import ArgumentParser
import Foundation
import LoaAudio
import LoaCLI
import LoaCore
import LoaRelay

/// `loa relay-probe URL`: relays a stream into nothing at real time and reports start latency,
/// relayed time, CPU and memory. Hidden: a measuring tool for `bench/`, not an officer's command.
struct RelayProbe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "relay", abstract: "Measure a stream relay: start latency, underruns (bench/relay.py).")
  @Argument var url: String
  @Option var seconds: Double = 30
  @Option(name: .customLong("sample-rate")) var sampleRate = 44100

  func run() async throws {
    try await runReporting {
      let format = AudioFormat(sampleRate: sampleRate, channels: 1)
      let relay: RelaySource
      do { relay = try RelaySource(url: url, seconds: seconds, format: format) } catch {
        throw CLIError("\(error)")
      }
      let chunk = format.frames(seconds: 0.02)
      var buf = [Int16](repeating: 0, count: chunk)
      var frames = 0
      let start = Date()
      var usage0 = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage0)
      var failure: String?
      while true {
        let n: Int
        do {
          n = try buf.withUnsafeMutableBufferPointer { b throws(AudioError) in try relay.read(into: b, maxFrames: chunk)
          }
        } catch {
          failure = "\(error)"
          break
        }
        if n == 0 { break }
        frames += n
        let ahead = start.addingTimeInterval(format.seconds(frames: frames)).timeIntervalSinceNow
        if ahead > 0 { usleep(UInt32(ahead * 1_000_000)) }
      }
      let wall = Date().timeIntervalSince(start)
      var usage1 = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage1)
      func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
      let cpu = secs(usage1.ru_utime) + secs(usage1.ru_stime) - secs(usage0.ru_utime) - secs(usage0.ru_stime)
      let s = relay.stats
      let out: [String: String] = [
        "wall_s": String(format: "%.3f", wall), "aired_s": String(format: "%.3f", format.seconds(frames: frames)),
        "relayed_s": String(format: "%.3f", s.relayedSeconds), "silence_s": String(format: "%.3f", s.silenceSeconds),
        "start_latency_ms": s.startLatency.map { String(format: "%.1f", $0 * 1000) } ?? "-",
        "cpu_percent": String(format: "%.2f", cpu / wall * 100), "max_rss_kb": String(usage1.ru_maxrss),
        "connections": String(s.connections), "error": failure ?? s.lastError ?? "",
      ]
      try printJSONLine(out)
    }
  }
}
