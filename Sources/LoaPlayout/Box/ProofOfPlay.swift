import Foundation
import LoaAudio
import LoaCore
import Logging

/// Off-air recordings: exactly what was written to the device, one file per as-run row, under
/// `recordings/DAY/`, kept `keepDays` days and within `budgetBytes` (oldest go first). Ogg Opus,
/// encoded from the samples the device took; an MP3 file's airing is kept as the MPEG frames that
/// aired (`.mp3`, `MP3FrameRecorder`) unless `copyMP3` is off.
// @unchecked Sendable: the sweep state lives under `lock`; a recorder belongs to the player thread that began it.
public final class ProofOfPlay: @unchecked Sendable {
  public struct Config: Sendable, Equatable {
    public var enabled = true
    public var keepDays = 90
    public var budgetBytes: Int64 = 2_000_000_000
    public var bitrate = 16_000
    /// libopus' encoder complexity (`[recordings] complexity`): 0, the cheapest, is enough for a
    /// record of what aired (bench/speech-cpu.sh: 28 CPU s per hour of audio against 40 at 5).
    public var complexity = 0
    /// An MP3 file's airing recorded as a copy of its frames (`[recordings] copy_mp3`): a tenth of
    /// the CPU of encoding it again, the province's own frames bit for bit, at their bitrate.
    public var copyMP3 = true
    public init() {}
  }
  public let directory: String
  public let config: Config
  let logger: Logger
  private let lock = NSLock()
  private var lastSweep: Date?

  public init(directory: String, config: Config, logger: Logger) {
    self.directory = directory
    self.config = config
    self.logger = logger
  }

  /// Starts the recording of one airing; nil when disabled or when the file cannot be made
  /// (the reason goes in `failure`).
  /// `frames`: the airing's source when it can hand over the compressed frames it plays (it keeps
  /// them only when `copyMP3` is on: `makeSource`).
  func begin(
    jobId: String, bulletinClass: BulletinClass, title: String, format: AudioFormat,
    frames: (any CompressedFrames)? = nil
  )
    -> (recorder: (any AiringRecorder)?, failure: String?)
  {
    guard config.enabled else { return (nil, nil) }
    let copy = frames.flatMap { $0.keepsFrames ? $0 : nil }
    let day = Self.dayFormatter.string(from: Date())
    let name = "\(day)/\(jobId.prefix(36))-\(UUID().uuidString.prefix(8).lowercased())."
    let tags = ["TITLE": title, "LOA_JOB": jobId, "LOA_CLASS": bulletinClass.rawValue]
    do {
      try FileManager.default.createDirectory(
        atPath: directory + "/" + day, withIntermediateDirectories: true)
      if let copy {
        let path = directory + "/" + name + copy.framesKind
        return (try MP3FrameRecorder(path: path, format: format, source: copy, tags: tags), nil)
      }
      let r = try OpusRecorder(
        path: directory + "/" + name + "opus", format: format, bitrate: config.bitrate,
        complexity: config.complexity, tags: tags)
      return (r, nil)
    } catch let e as AudioError {
      return (nil, "không ghi được bản ghi phát sóng: \(e.message)")
    } catch {
      return (nil, "không ghi được bản ghi phát sóng: \(error)")
    }
  }

  /// Closes a recording. Returns its relative path (nil if it holds nothing) and a note when
  /// it is not whole.
  func end(_ recorder: any AiringRecorder) -> (path: String?, failure: String?) {
    let rel = String(recorder.path.dropFirst(directory.count + 1))
    do {
      let seconds = try recorder.finish()
      if seconds == 0 {
        try? FileManager.default.removeItem(atPath: recorder.path)
        return (nil, nil)
      }
      return (rel, nil)
    } catch {
      logger.error("recording failed", metadata: ["file": "\(rel)", "error": "\(error.message)"])
      let exists = FileManager.default.fileExists(atPath: recorder.path)
      return (exists ? rel : nil, "bản ghi phát sóng không đầy đủ: \(error.message)")
    }
  }

  /// Absolute path of a row's recording, if it is still kept.
  public func file(for relative: String) -> String? {
    guard !relative.contains(".."), !relative.hasPrefix("/") else { return nil }
    let p = directory + "/" + relative
    return FileManager.default.fileExists(atPath: p) ? p : nil
  }

  /// Deletes what is older than `keepDays`, then the oldest files until the folder fits the
  /// budget. Runs at most once an hour unless forced.
  public func sweep(now: Date = Date(), force: Bool = false) {
    lock.lock()
    if !force, let last = lastSweep, now.timeIntervalSince(last) < 3600 {
      lock.unlock()
      return
    }
    lastSweep = now
    lock.unlock()
    let fm = FileManager.default
    guard let days = try? fm.contentsOfDirectory(atPath: directory) else { return }
    let cutoff = now.addingTimeInterval(-Double(config.keepDays) * 86_400)
    var files: [(path: String, date: Date, size: Int64)] = []
    var removed = 0
    for day in days.sorted() {
      let dir = directory + "/" + day
      for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
        let p = dir + "/" + name
        guard let attrs = try? fm.attributesOfItem(atPath: p) else { continue }
        let date = attrs[.modificationDate] as? Date ?? now
        if date < cutoff {
          try? fm.removeItem(atPath: p)
          removed += 1
        } else {
          files.append((p, date, (attrs[.size] as? NSNumber)?.int64Value ?? 0))
        }
      }
      if (try? fm.contentsOfDirectory(atPath: dir))?.isEmpty == true { try? fm.removeItem(atPath: dir) }
    }
    var total = files.reduce(0) { $0 + $1.size }
    for f in files.sorted(by: { $0.date < $1.date }) where total > config.budgetBytes {
      try? fm.removeItem(atPath: f.path)
      total -= f.size
      removed += 1
    }
    if removed > 0 { logger.info("recordings removed by retention", metadata: ["files": "\(removed)"]) }
  }

  /// Bytes the recordings take now.
  public func usedBytes() -> Int64 {
    let fm = FileManager.default
    guard let e = fm.enumerator(atPath: directory) else { return 0 }
    var total: Int64 = 0
    while let rel = e.nextObject() as? String {
      if let a = try? fm.attributesOfItem(atPath: directory + "/" + rel),
        (a[.type] as? FileAttributeType) == .typeRegular
      {
        total += (a[.size] as? NSNumber)?.int64Value ?? 0
      }
    }
    return total
  }

  static let dayFormatter: DateFormatter = {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.dateFormat = "yyyy-MM-dd"
    return f
  }()
}
