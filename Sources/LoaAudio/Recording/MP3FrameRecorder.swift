import Foundation

/// The record of an airing decoded from MP3: the MPEG frames that aired, copied as they came
/// (an ID3v2.4 tag first, with the title, job and class), cut after the frame that holds the last
/// sample the device took. Nothing is encoded, so the record costs a copy: the frames are the
/// province's own, bit for bit, where an Opus record of them would be a second, lossy encoding at
/// ten times the CPU (bench/mp3-cpu.py, docs/performance.md).
///
/// What it does not hold: the volume (a gain on the samples, in the as-run row and the log), and,
/// when an airing resumes mid-file, the bit reservoir of the frames before the resume point, so a
/// player may skip the record's first frame or two (under 100 ms). A write error (a full disk)
/// stops the recording and is reported; it never stops the audio.
public final class MP3FrameRecorder: AiringRecorder {
  public let path: String
  public let format: AudioFormat
  private let source: any CompressedFrames
  private var fd: Int32
  private var buffered: [UInt8] = []
  /// Frames (samples per channel) the device took.
  public private(set) var frames = 0
  private var flushedAt = 0
  public private(set) var failure: String?

  public init(path: String, format: AudioFormat, source: any CompressedFrames, tags: [String: String] = [:])
    throws(AudioError)
  {
    guard source.keepsFrames else { throw AudioError(.io, "recording: the source keeps no frames to copy") }
    let fd = try RecordingFile.create(path)
    self.path = path
    self.format = format
    self.source = source
    self.fd = fd
    buffered = Self.id3(tags)
    flush()
    if let failure {
      close(fd)
      self.fd = -1
      throw AudioError(.io, failure)
    }
  }

  deinit { if fd >= 0 { close(fd) } }

  public func write(_ samples: UnsafeBufferPointer<Int16>, frames n: Int) {
    guard fd >= 0, failure == nil, n > 0 else { return }
    frames += n
    buffered += source.takeFrames(before: frames)
    // To disk at least once a second of audio, so a record cut short by a crash holds all but it.
    if frames - flushedAt >= format.sampleRate || buffered.count >= 64 * 1024 { flush() }
  }

  public func finish() throws(AudioError) -> Double {
    if fd >= 0 {
      flush()
      close(fd)
      fd = -1
    }
    if let failure { throw AudioError(.io, failure) }
    return format.seconds(frames: frames)
  }

  private func flush() {
    flushedAt = frames
    guard failure == nil, !buffered.isEmpty else { return }
    let problem = buffered.withUnsafeBytes { raw in
      RecordingFile.write(fd, raw.baseAddress!, count: raw.count, path: path)
    }
    if let problem { failure = "recording stopped: " + problem }
    buffered.removeAll(keepingCapacity: true)
  }

  /// An ID3v2.4 tag: the title (`TIT2`) and the other tags as user text frames (`TXXX`), UTF-8.
  static func id3(_ tags: [String: String]) -> [UInt8] {
    func syncsafe(_ n: Int) -> [UInt8] { [21, 14, 7, 0].map { UInt8((n >> $0) & 0x7F) } }
    func frame(_ id: String, _ content: [UInt8]) -> [UInt8] {
      Array(id.utf8) + syncsafe(content.count) + [0, 0] + content
    }
    var body: [UInt8] = []
    for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
      if key == "TITLE" {
        body += frame("TIT2", [3] + Array(value.utf8))
      } else {
        body += frame("TXXX", [3] + Array(key.utf8) + [0] + Array(value.utf8))
      }
    }
    guard !body.isEmpty else { return [] }
    return Array("ID3".utf8) + [4, 0, 0] + syncsafe(body.count) + body
  }
}
