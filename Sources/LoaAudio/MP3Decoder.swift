import CMPG123
import Foundation

/// libmpg123 in feed mode: bytes in, signed 16-bit PCM out, always in one output format
/// (libmpg123 resamples and maps channels), so a stream that changes sample rate midway
/// still comes out the same. Not thread-safe: one decoder per source.
public final class MP3Decoder {
  public let format: AudioFormat
  private let handle: OpaquePointer
  /// Whether any PCM has been produced (a URL that returns HTML decodes to nothing).
  public private(set) var producedAudio = false

  private static let initialised: Bool = { loa_mpg123_init() == loa_mpg123_ok() }()

  public init(output format: AudioFormat) throws(AudioError) {
    guard Self.initialised else { throw AudioError(.decode, "libmpg123 could not be initialised") }
    var err: Int32 = 0
    guard let h = loa_mpg123_new(&err) else {
      throw AudioError(.decode, "libmpg123: \(String(cString: loa_mpg123_plain_strerror(err)))")
    }
    handle = h
    self.format = format
    _ = loa_mpg123_quiet(h)
    _ = loa_mpg123_no_gapless(h)
    guard loa_mpg123_force_format(h, Int(format.sampleRate), Int32(format.channels)) == loa_mpg123_ok(),
      loa_mpg123_open_feed(h) == loa_mpg123_ok()
    else {
      let message = String(cString: loa_mpg123_strerror(h))
      loa_mpg123_delete(h)
      throw AudioError(.decode, "libmpg123 cannot decode to \(format): \(message)")
    }
  }

  deinit { loa_mpg123_delete(handle) }

  /// Whether `decode` keeps each MPEG frame it decodes (`frames`), for a record of an airing that
  /// is the aired frames themselves (`MP3FrameRecorder`) rather than a new encoding.
  public var keepsFrames = false
  /// The frames decoded since the caller last took them: each one's bytes (header and body, as in
  /// the stream, without tags or junk) and the output frames (samples per channel) it gave.
  public var frames: [(bytes: [UInt8], produced: Int)] = []

  /// Feeds `input` and appends every frame that can be decoded now to `out`.
  ///
  /// Bounded: no real MP3 yields more than about 90 s of audio per 16 KiB (8 kb/s mono), and
  /// libmpg123 makes progress on every call; a file that claims far more audio than its bytes can
  /// hold, or keeps the decoder returning nothing, is refused as corrupt. Gapless trimming is off:
  /// with it, a crafted Info frame kept one libmpg123 call busy for 4–30 s (Tests/Fuzz/audio).
  public func decode(_ input: UnsafeRawBufferPointer, into out: inout [Int16]) throws(AudioError) {
    let limit = out.count + max(input.count, 1024) * format.sampleRate * format.channels / 180
    if let base = input.baseAddress, input.count > 0 {
      let rc = loa_mpg123_feed(handle, base.assumingMemoryBound(to: UInt8.self), input.count)
      guard rc == loa_mpg123_ok() else {
        throw AudioError(.decode, "MP3 data is corrupt: \(String(cString: loa_mpg123_strerror(handle)))")
      }
    }
    var idle = 0
    while true {
      // The next MPEG frame, parsed; then decoded (libmpg123 resamples it to `format`), its PCM
      // in libmpg123's buffer until the next call.
      var rc = loa_mpg123_framebyframe_next(handle)
      if rc == loa_mpg123_need_more() || rc == loa_mpg123_done() { return }
      guard rc == loa_mpg123_ok() || rc == loa_mpg123_new_format() else {
        throw AudioError(.decode, "MP3 data is corrupt: \(String(cString: loa_mpg123_strerror(handle)))")
      }
      var header: UInt = 0
      var body: UnsafeMutablePointer<UInt8>?
      var count = 0
      // No frame to decode (one libmpg123 passes over): the next.
      guard loa_mpg123_framedata(handle, &header, &body, &count) == loa_mpg123_ok(), let body else {
        idle += 1
        if idle > 10_000 { throw AudioError(.decode, "MP3 data is corrupt: no frame decodes") }
        continue
      }
      var frame: [UInt8] = []
      if keepsFrames {
        frame.reserveCapacity(4 + count)
        frame += [UInt8(truncatingIfNeeded: header >> 24), UInt8(truncatingIfNeeded: header >> 16)]
        frame += [UInt8(truncatingIfNeeded: header >> 8), UInt8(truncatingIfNeeded: header)]
        frame.append(contentsOf: UnsafeBufferPointer(start: body, count: count))
      }
      var audio: UnsafeMutablePointer<UInt8>?
      var bytes = 0
      rc = loa_mpg123_decode_frame(handle, &audio, &bytes)
      let samples = bytes / 2
      if samples > 0, let audio {
        producedAudio = true
        UnsafeRawPointer(audio).withMemoryRebound(to: Int16.self, capacity: samples) { pcm in
          out.append(contentsOf: UnsafeBufferPointer(start: pcm, count: samples))
        }
        idle = 0
      } else {
        idle += 1
      }
      if out.count > limit || idle > 10_000 {
        throw AudioError(.decode, "MP3 data is corrupt: it decodes to far more audio than its size allows")
      }
      guard rc == loa_mpg123_ok() else {
        throw AudioError(.decode, "MP3 data is corrupt: \(String(cString: loa_mpg123_strerror(handle)))")
      }
      // Its four header bytes (big-endian) and its body, with the output frames it gave.
      if keepsFrames { frames.append((frame, samples / format.channels)) }
    }
  }
}

/// An MP3 file decoded to a given format.
public final class MP3File: PCMSource, CompressedFrames {
  public let format: AudioFormat
  public let path: String
  private let file: FileHandle
  private let decoder: MP3Decoder
  private var pending: [Int16] = []
  private var readIndex = 0
  private var eof = false
  private var cancelled = false
  private var skip: Int  // frames still to drop (resume)
  public private(set) var framePosition = 0
  /// The MPEG frames decoded and not yet taken, each with the output frame it begins at (counted
  /// from the file's start), when `keepsFrames`.
  private var kept: [(start: Int, bytes: [UInt8])] = []
  private var keptFrom = 0
  /// Output frames decoded so far, from the file's start.
  private var decoded = 0
  private let origin: Int
  public var keepsFrames: Bool { decoder.keepsFrames }
  /// Frames kept and not yet taken (bounded when nothing takes them).
  var keptCount: Int { kept.count - keptFrom }
  public var framesKind: String { "mp3" }

  /// - Parameter startFrame: frame (in `format`) to start from, for resuming where it stopped.
  /// - Parameter keepFrames: keep the MPEG frames for a record that copies them (`takeFrames`).
  public init(path: String, format: AudioFormat, startFrame: Int = 0, keepFrames: Bool = false) throws(AudioError) {
    guard let fh = FileHandle(forReadingAtPath: path) else {
      throw AudioError(.io, "cannot open '\(path)'")
    }
    file = fh
    self.path = path
    self.format = format
    decoder = try MP3Decoder(output: format)
    decoder.keepsFrames = keepFrames
    skip = max(0, startFrame)
    origin = skip
    framePosition = skip
    // A file that yields no audio in its first 256 KiB is not an MP3 we can play.
    try fill(minimumSamples: 1, budgetBytes: 256 * 1024)
    if pending.isEmpty {
      throw AudioError(.decode, "'\(path)' is not an MP3 or WAV file (no audio frames found)")
    }
  }

  deinit { try? file.close() }

  public func cancel() { cancelled = true }

  private func fill(minimumSamples: Int, budgetBytes: Int = .max) throws(AudioError) {
    var read = 0
    while pending.count - readIndex < minimumSamples && !eof && read < budgetBytes {
      let data: Data
      do { data = try file.read(upToCount: 16 * 1024) ?? Data() } catch {
        throw AudioError(.io, "cannot read '\(path)': \(error.localizedDescription)")
      }
      if data.isEmpty {
        eof = true
        break
      }
      read += data.count
      if readIndex > 0 {
        pending.removeFirst(readIndex)
        readIndex = 0
      }
      var err: AudioError?
      data.withUnsafeBytes { raw in
        do { try decoder.decode(raw, into: &pending) } catch { err = error as? AudioError }
      }
      if let err { throw err }
      if decoder.keepsFrames { keep() }
      // Drop frames before the resume point.
      while skip > 0 && pending.count - readIndex >= format.channels {
        let n = min(skip, (pending.count - readIndex) / format.channels)
        readIndex += n * format.channels
        skip -= n
      }
    }
  }

  /// The decoder's new frames, placed; those that end before the resume point never air.
  private func keep() {
    for f in decoder.frames {
      if decoded + f.produced > origin || (f.produced == 0 && decoded >= origin) { kept.append((decoded, f.bytes)) }
      decoded += f.produced
    }
    decoder.frames.removeAll(keepingCapacity: true)
    // Bounded when nothing takes them (a record that could not be made): what was read is let go.
    if kept.count - keptFrom > 4096 {
      while keptFrom < kept.count, kept[keptFrom].start < framePosition { keptFrom += 1 }
      compact()
    }
  }

  private func compact() {
    if keptFrom > 256 {
      kept.removeFirst(keptFrom)
      keptFrom = 0
    }
  }

  public func takeFrames(before played: Int) -> [UInt8] {
    var out: [UInt8] = []
    while keptFrom < kept.count, kept[keptFrom].start < origin + played {
      out += kept[keptFrom].bytes
      keptFrom += 1
    }
    compact()
    return out
  }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    if cancelled { return 0 }
    try fill(minimumSamples: maxFrames * format.channels)
    let n = min(maxFrames, (pending.count - readIndex) / format.channels)
    guard n > 0 else { return 0 }
    for i in 0..<(n * format.channels) { buffer[i] = pending[readIndex + i] }
    readIndex += n * format.channels
    framePosition += n
    return n
  }
}

/// Opens an audio file by its content: WAV (`RIFF…WAVE`) or MP3.
public enum AudioFile {
  public static func isWAV(_ path: String) -> Bool {
    guard let fh = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? fh.close() }
    let head = (try? fh.read(upToCount: 12)) ?? Data()
    return head.count == 12 && head.prefix(4) == Data("RIFF".utf8) && head.suffix(4) == Data("WAVE".utf8)
  }

  /// A source for the file; WAV keeps its own format (the player converts it), MP3 is decoded
  /// straight to `format`. `startFrame` is in the source's format.
  /// `keepFrames`: an MP3 keeps its frames for a record that copies them (`MP3FrameRecorder`).
  public static func open(_ path: String, format: AudioFormat, startFrame: Int = 0, keepFrames: Bool = false)
    throws(AudioError) -> any PCMSource
  {
    if isWAV(path) { return try WAVFile(path: path, startFrame: startFrame) }
    guard FileManager.default.fileExists(atPath: path) else { throw AudioError(.io, "no file '\(path)'") }
    return try MP3File(path: path, format: format, startFrame: startFrame, keepFrames: keepFrames)
  }

  /// Duration in seconds (MP3 files are decoded once to count).
  public static func duration(_ path: String, format: AudioFormat = AudioFormat(sampleRate: 22050, channels: 1))
    throws(AudioError) -> Double
  {
    if isWAV(path) { return try WAVFile(path: path).durationSeconds }
    let mp3 = try MP3File(path: path, format: format)
    var buf = [Int16](repeating: 0, count: 8192 * format.channels)
    var frames = 0
    while true {
      let n = try buf.withUnsafeMutableBufferPointer { b throws(AudioError) in try mp3.read(into: b, maxFrames: 8192) }
      if n == 0 { break }
      frames += n
    }
    return format.seconds(frames: frames)
  }
}
