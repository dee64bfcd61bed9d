import Foundation
import LoaAudio
import LoaCore

/// An Icecast source connection (HTTP PUT, basic auth): the live broadcast's MP3 goes out on it.
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

  func close() { Foundation.close(fd) }
}

extension IcecastSource {
  /// Encodes PCM to MP3 in blocks of 100 ms and sends it; `paced`: a file, sent as it would play
  /// (a microphone paces itself). Silence first, for `leadIn` seconds at least and until `ready`
  /// (every box on air: what is said meanwhile would be lost under the chime). A level meter goes to stderr; while `talk` is off, silence goes.
  func send(
    pcm: any PCMSource, paced: Bool, leadIn: Double, ready: StopFlag, stop: StopFlag, talk: StopFlag,
    chimeAfter: Bool = false
  ) throws(CLIError) {
    let format = pcm.format
    let encoder: MP3Encoder
    do { encoder = try MP3Encoder(format: format) } catch { throw CLIError(error.message) }
    let block = format.sampleRate / 10
    var buf = [Int16](repeating: 0, count: block * format.channels)
    let start = Date()
    var sent = 0.0
    var lastMeter = Date.distantPast
    while !stop.isSet {
      let leading = sent < leadIn || !ready.isSet
      var n = block
      if !(leading && paced) {  // a file waits for the chime; the microphone is read (and muted)
        var failure: AudioError?
        buf.withUnsafeMutableBufferPointer { p in
          do throws(AudioError) { n = try pcm.read(into: p, maxFrames: block) } catch { failure = error }
        }
        if let failure { throw CLIError(failure.message) }
        if n == 0 { break }
      }
      var samples = Array(buf[0..<(n * format.channels)])
      if !talk.isSet || leading { samples = [Int16](repeating: 0, count: samples.count) }
      if Date().timeIntervalSince(lastMeter) >= 0.2 {
        lastMeter = Date()
        if leading {
          FileHandle.standardError.write(Data("\rloa: chờ các cụm loa… / waiting for the boxes…          ".utf8))
        } else {
          meter(samples, on: talk.isSet)
        }
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
    if chimeAfter {
      // The attention chime closes the broadcast: sent in real time like the rest.
      let chime = Chime.samples(format: format)
      let chimeStart = Date()
      var i = 0
      while i < chime.count {
        let end = min(i + block * format.channels, chime.count)
        let mp3 = encoder.encode(Array(chime[i..<end]))
        if !mp3.isEmpty && !write(mp3) { throw CLIError("Icecast closed the connection during the closing chime") }
        i = end
        let ahead = format.seconds(frames: i / format.channels) - Date().timeIntervalSince(chimeStart) - 0.1
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
