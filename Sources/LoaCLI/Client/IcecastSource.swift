import Foundation
import LoaAudio
import LoaCore

/// The frames of an MP3 file with their durations, for sending in real time.
struct MP3Frames: Sequence {
  let data: [UInt8]
  let frames: [(offset: Int, length: Int, seconds: Double)]

  init(path: String) throws(CLIError) {
    guard let d = FileManager.default.contents(atPath: path) else {
      throw CLIError("cannot read '\(path)' (không đọc được tệp)")
    }
    data = [UInt8](d)
    var at = 0
    // An ID3v2 tag first: its size is four 7-bit bytes.
    if data.count >= 10, data[0] == 0x49, data[1] == 0x44, data[2] == 0x33 {
      at = 10 + (Int(data[6]) << 21 | Int(data[7]) << 14 | Int(data[8]) << 7 | Int(data[9]))
    }
    var list: [(Int, Int, Double)] = []
    while at + 4 <= data.count {
      guard let (length, seconds) = Self.frame(data, at) else {
        at += 1  // not a frame header here (junk, a tag at the end): look further
        continue
      }
      guard at + length <= data.count else { break }
      list.append((at, length, seconds))
      at += length
    }
    guard list.count >= 2 else {
      throw CLIError("'\(path)' is not an MP3 file (không phải tệp MP3); WAV needs the encoder (next step)")
    }
    frames = list
  }

  var seconds: Double { frames.reduce(0) { $0 + $1.seconds } }

  func makeIterator() -> IndexingIterator<[(offset: Int, length: Int, seconds: Double)]> { frames.makeIterator() }

  /// A Layer III frame header at `i`: its length in bytes and its duration.
  static func frame(_ b: [UInt8], _ i: Int) -> (Int, Double)? {
    guard b[i] == 0xFF, b[i + 1] & 0xE0 == 0xE0 else { return nil }
    let version = (b[i + 1] >> 3) & 0x03  // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
    let layer = (b[i + 1] >> 1) & 0x03  // 1: Layer III
    let bitrateIndex = Int(b[i + 2] >> 4)
    let rateIndex = Int((b[i + 2] >> 2) & 0x03)
    let padding = Int((b[i + 2] >> 1) & 0x01)
    guard version != 1, layer == 1, (1...14).contains(bitrateIndex), rateIndex < 3 else { return nil }
    let v1 = version == 3
    let bitrates =
      v1
      ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
      : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    let rates = version == 3 ? [44100, 48000, 32000] : version == 2 ? [22050, 24000, 16000] : [11025, 12000, 8000]
    let rate = rates[rateIndex]
    let length = (v1 ? 144 : 72) * bitrates[bitrateIndex] * 1000 / rate + padding
    return (length, Double(v1 ? 1152 : 576) / Double(rate))
  }
}

/// An Icecast source connection (HTTP PUT, basic auth), sending MP3 frames as they would play.
final class IcecastSource {
  let fd: Int32

  init(url: String, user: String, password: String, name: String) throws(CLIError) {
    guard let u = URLComponents(string: url), u.scheme == "http", let host = u.host, let port = u.port else {
      throw CLIError("the station's Icecast URL '\(url)' must be http://HOST:PORT/MOUNT")
    }
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var res: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &res) == 0, let ai = res else {
      throw CLIError("cannot resolve Icecast's host '\(host)'")
    }
    defer { freeaddrinfo(res) }
    let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
    guard s >= 0, connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 else {
      if s >= 0 { Foundation.close(s) }
      throw CLIError("Icecast does not answer at \(host):\(port) (máy chủ phát trực tiếp không trả lời)")
    }
    fd = s
    let auth = Data("\(user):\(password)".utf8).base64EncodedString()
    let head =
      "PUT \(u.path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAuthorization: Basic \(auth)\r\n"
      + "User-Agent: loa-live/\(LoaVersion.described)\r\nContent-Type: audio/mpeg\r\nIce-Public: 0\r\n"
      + "Ice-Name: \(name.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))\r\n"
      + "Expect: 100-continue\r\n\r\n"
    guard write(Array(head.utf8)) else {
      close()
      throw CLIError("Icecast closed the connection")
    }
    // The answer's first line: 100 Continue (or 200) lets the audio through.
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while line.count < 512, recv(fd, &byte, 1, 0) == 1 {
      if byte == 0x0A { break }
      line.append(byte)
    }
    let status = String(decoding: line, as: UTF8.self)
    guard status.contains(" 100") || status.contains(" 200") else {
      close()
      throw CLIError(
        "Icecast refused the source: \(status.trimmingCharacters(in: .whitespacesAndNewlines)) "
          + "(check [live] source_password on the station)")
    }
  }

  @discardableResult
  func write(_ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let n = bytes[sent...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { return false }
      sent += n
    }
    return true
  }

  /// Sends each frame when it is due (a small lead keeps Icecast's buffer from running dry).
  func send(_ frames: MP3Frames, stop: StopFlag) throws(CLIError) {
    let start = Date()
    var due = 0.0
    for f in frames {
      if stop.isSet { return }
      let ahead = due - Date().timeIntervalSince(start) - 0.1
      if ahead > 0 { usleep(UInt32(ahead * 1_000_000)) }
      guard write(Array(frames.data[f.offset..<(f.offset + f.length)])) else {
        throw CLIError("Icecast closed the connection after \(String(format: "%.1f", due)) s")
      }
      due += f.seconds
    }
  }

  func close() { Foundation.close(fd) }
}

extension IcecastSource {
  /// Encodes PCM to MP3 in blocks of 100 ms and sends it; `paced`: a file, sent as it would play
  /// (a microphone paces itself). A level meter goes to stderr; while `talk` is off, silence goes.
  func send(pcm: any PCMSource, paced: Bool, stop: StopFlag, talk: StopFlag) throws(CLIError) {
    let format = pcm.format
    let encoder: MP3Encoder
    do { encoder = try MP3Encoder(format: format) } catch { throw CLIError(error.message) }
    let block = format.sampleRate / 10
    var buf = [Int16](repeating: 0, count: block * format.channels)
    let start = Date()
    var sent = 0.0
    var lastMeter = Date.distantPast
    while !stop.isSet {
      var n = 0
      var failure: AudioError?
      buf.withUnsafeMutableBufferPointer { p in
        do throws(AudioError) { n = try pcm.read(into: p, maxFrames: block) } catch { failure = error }
      }
      if let failure { throw CLIError(failure.message) }
      if n == 0 { break }
      var samples = Array(buf[0..<(n * format.channels)])
      if !talk.isSet { samples = [Int16](repeating: 0, count: samples.count) }
      if Date().timeIntervalSince(lastMeter) >= 0.2 {
        lastMeter = Date()
        meter(samples, on: talk.isSet)
      }
      let mp3 = encoder.encode(samples)
      if !mp3.isEmpty && !write(mp3) {
        throw CLIError("Icecast closed the connection after \(String(format: "%.1f", sent)) s")
      }
      sent += Double(n) / Double(format.sampleRate)
      if paced {
        let ahead = sent - Date().timeIntervalSince(start) - 0.1
        if ahead > 0 { usleep(UInt32(ahead * 1_000_000)) }
      }
    }
    let tail = encoder.flush()
    if !tail.isEmpty { write(tail) }
  }

  /// `[#########           ] -18 dBFS` on one line of stderr.
  func meter(_ samples: [Int16], on: Bool) {
    guard !samples.isEmpty else { return }
    let peak = samples.reduce(0) { max($0, abs(Int($1))) }
    let db = peak == 0 ? -90 : 20 * log10(Double(peak) / 32768)
    let bars = max(0, min(20, Int((db + 60) / 3)))
    let line =
      "\r[" + String(repeating: "#", count: bars) + String(repeating: " ", count: 20 - bars) + "] "
      + String(format: "%4.0f dBFS", db) + (on ? "  ĐANG NÓI / LIVE " : "  micrô tắt / mic off")
    FileHandle.standardError.write(Data(line.utf8))
  }
}
