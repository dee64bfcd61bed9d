import Foundation

/// A streaming reader for RIFF/WAVE files: PCM 8, 16, 24 and 32 bit, and 32-bit float.
///
/// Opening checks the header and names what is wrong; reading converts to 16-bit.
public final class WAVFile: PCMSource {
  public let format: AudioFormat
  public let frameCount: Int
  public let path: String
  private let handle: FileHandle
  private let dataOffset: UInt64
  private let bytesPerSample: Int
  private let isFloat: Bool
  private var framePosition = 0
  private var cancelled = false
  private var raw = [UInt8]()

  public var durationSeconds: Double { format.seconds(frames: frameCount) }

  /// Opens `path` and positions it at `startFrame`.
  public init(path: String, startFrame: Int = 0) throws(AudioError) {
    self.path = path
    guard let h = FileHandle(forReadingAtPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw AudioError(.io, exists ? "cannot read '\(path)': permission denied" : "no such file: '\(path)'")
    }
    handle = h
    let header: Data
    do { header = try h.read(upToCount: 1 << 16) ?? Data() } catch {
      throw AudioError(.io, "cannot read '\(path)': \(error.localizedDescription)")
    }
    let b = [UInt8](header)
    func u32(_ o: Int) -> UInt32 {
      UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
    }
    func u16(_ o: Int) -> UInt16 { UInt16(b[o]) | UInt16(b[o + 1]) << 8 }
    func tag(_ o: Int) -> String { String(decoding: b[o..<o + 4], as: UTF8.self) }

    guard b.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
      throw AudioError(.decode, "'\(path)' is not a WAV file (no RIFF/WAVE header)")
    }
    var offset = 12
    var fmt: (code: UInt16, channels: Int, rate: Int, bits: Int)?
    var data: (offset: Int, size: Int)?
    while offset + 8 <= b.count {
      let id = tag(offset)
      let size = Int(u32(offset + 4))
      let body = offset + 8
      if id == "fmt " {
        guard size >= 16, body + 16 <= b.count else {
          throw AudioError(.decode, "'\(path)': the WAV 'fmt ' chunk is truncated")
        }
        var code = u16(body)
        if code == 0xFFFE, size >= 40, body + 26 <= b.count { code = u16(body + 24) }  // extensible
        fmt = (code, Int(u16(body + 2)), Int(u32(body + 4)), Int(u16(body + 14)))
      } else if id == "data" {
        data = (body, size)
        break
      }
      offset = body + size + (size & 1)
    }
    guard let fmt else { throw AudioError(.decode, "'\(path)': the WAV file has no 'fmt ' chunk") }
    guard let data else { throw AudioError(.decode, "'\(path)': the WAV file has no 'data' chunk") }
    guard fmt.code == 1 || fmt.code == 3 else {
      throw AudioError(
        .decode, "'\(path)': unsupported WAV encoding \(fmt.code) (only PCM and float are read here)")
    }
    guard (1...8).contains(fmt.channels) else {
      throw AudioError(.decode, "'\(path)': unsupported channel count \(fmt.channels)")
    }
    guard (8000...192_000).contains(fmt.rate) else {
      throw AudioError(.decode, "'\(path)': unsupported sample rate \(fmt.rate) Hz")
    }
    let validBits = fmt.code == 3 ? [32] : [8, 16, 24, 32]
    guard validBits.contains(fmt.bits) else {
      throw AudioError(.decode, "'\(path)': unsupported sample size \(fmt.bits) bits")
    }
    isFloat = fmt.code == 3
    bytesPerSample = fmt.bits / 8
    format = AudioFormat(sampleRate: fmt.rate, channels: fmt.channels)
    // A streaming writer may leave size 0 or 0xFFFFFFFF: use what the file holds.
    let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let available = max(0, fileSize - data.offset)
    let declared = (data.size == 0 || data.size == 0xFFFF_FFFF) ? available : min(data.size, available)
    frameCount = declared / (bytesPerSample * fmt.channels)
    guard frameCount > 0 else { throw AudioError(.decode, "'\(path)': the WAV file holds no audio") }
    dataOffset = UInt64(data.offset)
    framePosition = min(max(0, startFrame), frameCount)
    do {
      try h.seek(toOffset: dataOffset + UInt64(framePosition * bytesPerSample * fmt.channels))
    } catch {
      throw AudioError(.io, "cannot seek in '\(path)': \(error.localizedDescription)")
    }
  }

  deinit { try? handle.close() }

  public var position: Int { framePosition }

  public func cancel() { cancelled = true }

  public func read(into buffer: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    if cancelled { return 0 }
    let frames = min(maxFrames, frameCount - framePosition)
    guard frames > 0 else { return 0 }
    let ch = format.channels
    let want = frames * ch * bytesPerSample
    let chunk: Data
    do { chunk = try handle.read(upToCount: want) ?? Data() } catch {
      throw AudioError(.io, "cannot read '\(path)': \(error.localizedDescription)")
    }
    let got = chunk.count / (ch * bytesPerSample)
    chunk.withUnsafeBytes { (p: UnsafeRawBufferPointer) in
      let n = got * ch
      switch (bytesPerSample, isFloat) {
      case (1, _):
        for i in 0..<n { buffer[i] = Int16((Int(p[i]) - 128) << 8) }
      case (2, _):
        for i in 0..<n { buffer[i] = Int16(bitPattern: UInt16(p[2 * i]) | UInt16(p[2 * i + 1]) << 8) }
      case (3, _):
        for i in 0..<n { buffer[i] = Int16(bitPattern: UInt16(p[3 * i + 1]) | UInt16(p[3 * i + 2]) << 8) }
      case (4, false):
        for i in 0..<n { buffer[i] = Int16(bitPattern: UInt16(p[4 * i + 2]) | UInt16(p[4 * i + 3]) << 8) }
      default:
        for i in 0..<n {
          let bits =
            UInt32(p[4 * i]) | UInt32(p[4 * i + 1]) << 8 | UInt32(p[4 * i + 2]) << 16
            | UInt32(p[4 * i + 3]) << 24
          let f = Float(bitPattern: bits)
          buffer[i] = Int16(clamping: Int((max(-1, min(1, f.isNaN ? 0 : f)) * 32767).rounded()))
        }
      }
    }
    framePosition += got
    return got
  }
}

/// Writes 16-bit PCM WAV files (demo output, test fixtures, exports).
public enum WAVWriter {
  public static func data(samples: [Int16], format: AudioFormat) -> Data {
    var d = Data()
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    let dataSize = UInt32(samples.count * 2)
    d.append(contentsOf: Array("RIFF".utf8))
    u32(36 + dataSize)
    d.append(contentsOf: Array("WAVEfmt ".utf8))
    u32(16)
    u16(1)
    u16(UInt16(format.channels))
    u32(UInt32(format.sampleRate))
    u32(UInt32(format.sampleRate * format.channels * 2))
    u16(UInt16(format.channels * 2))
    u16(16)
    d.append(contentsOf: Array("data".utf8))
    u32(dataSize)
    samples.withUnsafeBytes { d.append(contentsOf: $0) }  // hosts we run on are little-endian
    return d
  }
}
