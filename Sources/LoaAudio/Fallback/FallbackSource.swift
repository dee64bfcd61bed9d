import Foundation

/// A live source that can say how long it has had no input (a relay waiting for its stream).
public protocol InputHealth: AnyObject {
  /// Length of the current run without input, in seconds (0 while input flows).
  var secondsWithoutInput: Double { get }
}

/// Plays a primary source (a relay, a file) and puts a fallback playlist on air while the primary
/// is down or dead: no input for `downLimit` seconds, or a level below the dead-air threshold for
/// its limit. The primary keeps being read underneath (its time keeps running, its slot still
/// ends on time), and when it has had sound again for `backAfter` seconds it goes back on air.
/// The playlist plays once through, then silence.
public final class FallbackSource: PCMSource {
  public struct Options: Sendable, Equatable {
    public var files: [String] = []
    public var downLimit = 5.0
    public var deadAir = DeadAirDetector()
    public var backAfter = 2.0
    public init() {}
  }

  public let format: AudioFormat
  let primary: any PCMSource
  let health: (any InputHealth)?
  let options: Options
  private var detector: DeadAirDetector
  private var scratch: [Int16] = []
  private var onFallback = false
  private var loudRun = 0.0
  private var fileIndex = 0
  private var file: (any PCMSource)?
  private var framesRead = 0
  /// Frames of fallback audio (or its trailing silence) put on air.
  public private(set) var fallbackFrames = 0
  /// What happened, in Vietnamese, with the offset into the airing.
  public private(set) var events: [String] = []

  /// `primary` must already be in `format`.
  public init(primary: any PCMSource, format: AudioFormat, options: Options) {
    self.primary = primary
    self.health = primary as? InputHealth
    self.format = format
    self.options = options
    self.detector = options.deadAir
  }

  public var fallbackSeconds: Double { format.seconds(frames: fallbackFrames) }
  /// Dead air of the primary (what would have aired without the fallback).
  public var deadAirSeconds: Double { detector.deadSeconds }

  public func cancel() {
    primary.cancel()
    file?.cancel()
  }

  public func read(into out: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    let ch = format.channels
    if scratch.count < maxFrames * ch { scratch = [Int16](repeating: 0, count: maxFrames * ch) }
    let n = try scratch.withUnsafeMutableBufferPointer { b throws(AudioError) in
      try primary.read(into: b, maxFrames: maxFrames)
    }
    if n == 0 { return 0 }
    let at = format.seconds(frames: framesRead)
    framesRead += n
    let seconds = format.seconds(frames: n)
    let level = scratch.withUnsafeBufferPointer { LevelMeter.rmsDBFS(UnsafeBufferPointer(rebasing: $0[0..<(n * ch)])) }
    detector.feed(dbfs: level, seconds: seconds)
    let down = (health?.secondsWithoutInput ?? 0) >= options.downLimit
    if !onFallback && (down || detector.isDead) {
      onFallback = true
      loudRun = 0
      let why =
        down
        ? "nguồn mất tín hiệu \(Self.secs(health?.secondsWithoutInput ?? 0))"
        : "nguồn im lặng \(Self.secs(detector.quietSeconds)) (dưới \(Int(options.deadAir.thresholdDBFS)) dBFS)"
      events.append(
        "\(Self.secs(at)): \(why) → phát dự phòng\(options.files.isEmpty ? " (im lặng: chưa cấu hình tệp)" : "")")
    } else if onFallback {
      if !down && level >= options.deadAir.thresholdDBFS {
        loudRun += seconds
        if loudRun >= options.backAfter {
          onFallback = false
          events.append("\(Self.secs(at)): nguồn có tiếng trở lại → phát tiếp nguồn")
        }
      } else {
        loudRun = 0
      }
    }
    if onFallback {
      fillFromPlaylist(out, frames: n)
      fallbackFrames += n
    } else {
      for i in 0..<(n * ch) { out[i] = scratch[i] }
    }
    return n
  }

  private func fillFromPlaylist(_ out: UnsafeMutableBufferPointer<Int16>, frames n: Int) {
    let ch = format.channels
    var done = 0
    while done < n {
      if file == nil {
        guard fileIndex < options.files.count else { break }
        let path = options.files[fileIndex]
        fileIndex += 1
        do {
          file = FormatConverter(try AudioFile.open(path, format: format), to: format)
        } catch {
          events.append("tệp dự phòng '\(path)' lỗi: \(error.message)")
          continue
        }
      }
      let got: Int
      do {
        got = try file!.read(
          into: UnsafeMutableBufferPointer(rebasing: out[(done * ch)...]), maxFrames: n - done)
      } catch {
        events.append("tệp dự phòng lỗi: \(error.message)")
        got = 0
      }
      if got == 0 { file = nil } else { done += got }
    }
    for i in (done * ch)..<(n * ch) { out[i] = 0 }
  }

  static func secs(_ s: Double) -> String { String(format: "%.1f s", s) }
}
