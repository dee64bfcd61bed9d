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

  /// Feeds `input` and appends every frame that can be decoded now to `out`.
  ///
  /// Bounded: no real MP3 yields more than about 90 s of audio per 16 KiB (8 kb/s mono), and
  /// libmpg123 makes progress on every call; a file that claims far more audio than its bytes can
  /// hold, or keeps the decoder returning nothing, is refused as corrupt. Gapless trimming is off:
  /// with it, a crafted Info frame kept one libmpg123 call busy for 4–30 s (Tests/Fuzz/audio).
  public func decode(_ input: UnsafeRawBufferPointer, into out: inout [Int16]) throws(AudioError) {
    var chunk = [UInt8](repeating: 0, count: 32 * 1024)
    var first = true
    let limit = out.count + max(input.count, 1024) * format.sampleRate * format.channels / 180
    var idle = 0
    while true {
      var done = 0
      let inPtr = first ? input.baseAddress?.assumingMemoryBound(to: UInt8.self) : nil
      let inSize = first ? input.count : 0
      first = false
      let rc = chunk.withUnsafeMutableBytes { buf in
        loa_mpg123_decode(handle, inPtr, inSize, buf.baseAddress!.assumingMemoryBound(to: UInt8.self), buf.count, &done)
      }
      if done > 0 {
        producedAudio = true
        chunk.withUnsafeBytes { raw in
          out.append(contentsOf: raw.bindMemory(to: Int16.self).prefix(done / 2))
        }
        idle = 0
      } else {
        idle += 1
      }
      if out.count > limit || idle > 10_000 {
        throw AudioError(.decode, "MP3 data is corrupt: it decodes to far more audio than its size allows")
      }
      if rc == loa_mpg123_need_more() || rc == loa_mpg123_done() { return }
      if rc == loa_mpg123_new_format() || rc == loa_mpg123_ok() { continue }
      throw AudioError(.decode, "MP3 data is corrupt: \(String(cString: loa_mpg123_strerror(handle)))")
    }
  }
}

/// An MP3 file decoded to a given format.
public final class MP3File: PCMSource {
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

  /// - Parameter startFrame: frame (in `format`) to start from, for resuming where it stopped.
  public init(path: String, format: AudioFormat, startFrame: Int = 0) throws(AudioError) {
    guard let fh = FileHandle(forReadingAtPath: path) else {
      throw AudioError(.io, "cannot open '\(path)'")
    }
    file = fh
    self.path = path
    self.format = format
    decoder = try MP3Decoder(output: format)
    skip = max(0, startFrame)
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
      // Drop frames before the resume point.
      while skip > 0 && pending.count - readIndex >= format.channels {
        let n = min(skip, (pending.count - readIndex) / format.channels)
        readIndex += n * format.channels
        skip -= n
      }
    }
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
  public static func open(_ path: String, format: AudioFormat, startFrame: Int = 0) throws(AudioError)
    -> any PCMSource
  {
    if isWAV(path) { return try WAVFile(path: path, startFrame: startFrame) }
    guard FileManager.default.fileExists(atPath: path) else { throw AudioError(.io, "no file '\(path)'") }
    return try MP3File(path: path, format: format, startFrame: startFrame)
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
