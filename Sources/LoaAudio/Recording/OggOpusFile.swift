import COgg
import Foundation

/// An Ogg Opus file (RFC 7845) written page by page through libogg: the identification and
/// comment headers, then one Opus packet per frame. A page goes to disk at least once a second
/// of audio, so a recording cut short by a crash still plays up to its last second.
final class OggOpusFile {
  let path: String
  private let fd: Int32
  /// libogg's stream state, at a fixed address for the library.
  private let stream: UnsafeMutablePointer<ogg_stream_state>
  private let preSkip: Int
  /// Samples at 48 kHz the packets handed in decode to (the first `preSkip` of them are the
  /// encoder's delay, which a player drops: RFC 7845 § 4).
  private var granule: Int64 = 0
  private var pageGranule: Int64
  private var packetNumber: Int64 = 0
  /// The first write error; nothing is written after it.
  private(set) var failure: String?

  /// Creates the file and writes both headers. `inputRate` is recorded for players to show.
  init(path: String, channels: Int, inputRate: Int, preSkip: Int, vendor: String, tags: [String: String])
    throws(AudioError)
  {
    let fd = try RecordingFile.create(path)
    self.path = path
    self.fd = fd
    self.preSkip = preSkip
    self.pageGranule = 0
    self.stream = .allocate(capacity: 1)
    ogg_stream_init(stream, Int32.random(in: 1...Int32.max))

    var head = [UInt8]("OpusHead".utf8)
    head.append(1)  // version
    head.append(UInt8(channels))
    head.append(littleEndian: UInt16(preSkip))
    head.append(littleEndian: UInt32(inputRate))
    head.append(littleEndian: UInt16(0))  // output gain
    head.append(0)  // channel mapping family 0: mono or stereo
    var tagsPacket = [UInt8]("OpusTags".utf8)
    tagsPacket.append(lengthPrefixed: vendor)
    let comments = tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    tagsPacket.append(littleEndian: UInt32(comments.count))
    for c in comments { tagsPacket.append(lengthPrefixed: c) }
    // Each header ends its own page (RFC 7845 § 3).
    put(head, granule: 0, first: true)
    flush()
    put(tagsPacket, granule: 0)
    flush()
    if let failure {
      throw AudioError(.io, failure)
    }
  }

  deinit {
    close(fd)
    ogg_stream_clear(stream)
    stream.deallocate()
  }

  /// Appends one Opus packet that carries `samples` samples at 48 kHz.
  func append(_ packet: UnsafeBufferPointer<UInt8>, samples: Int) {
    granule += Int64(samples)
    put(packet, granule: granule)
    if granule - pageGranule >= 48_000 { flush() } else { pageOut() }
  }

  /// Ends the stream. `totalSamples` (48 kHz) is what was really recorded: the last page's
  /// granule position, so a player drops the last frame's padding.
  func finish(lastPacket: UnsafeBufferPointer<UInt8>, totalSamples: Int) {
    granule = Int64(preSkip + totalSamples)
    put(lastPacket, granule: granule, last: true)
    flush()
  }

  private func put(_ bytes: [UInt8], granule: Int64, first: Bool = false) {
    bytes.withUnsafeBufferPointer { put($0, granule: granule, first: first) }
  }

  private func put(
    _ bytes: UnsafeBufferPointer<UInt8>, granule: Int64, first: Bool = false, last: Bool = false
  ) {
    var packet = ogg_packet()
    packet.packet = UnsafeMutablePointer(mutating: bytes.baseAddress)
    packet.bytes = bytes.count
    packet.b_o_s = first ? 1 : 0
    packet.e_o_s = last ? 1 : 0
    packet.granulepos = granule
    packet.packetno = packetNumber
    packetNumber += 1
    ogg_stream_packetin(stream, &packet)
  }

  /// Writes the pages libogg has filled.
  private func pageOut() {
    var page = ogg_page()
    while ogg_stream_pageout(stream, &page) != 0 { write(page) }
  }

  /// Writes everything held, as a page even if it is short.
  private func flush() {
    var page = ogg_page()
    while ogg_stream_flush(stream, &page) != 0 { write(page) }
    pageGranule = granule
  }

  private func write(_ page: ogg_page) {
    guard failure == nil else { return }
    for (base, count) in [(page.header, page.header_len), (page.body, page.body_len)] {
      if let problem = RecordingFile.write(fd, base!, count: count, path: path) {
        failure = problem
        return
      }
    }
  }
}

extension Array where Element == UInt8 {
  fileprivate mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
  fileprivate mutating func append(lengthPrefixed text: String) {
    let bytes = Array(text.utf8)
    append(littleEndian: UInt32(bytes.count))
    append(contentsOf: bytes)
  }
}
