import AsyncHTTPClient
import Crypto
import Foundation
import LoaAudio
import LoaCore
import NIOCore
import NIOHTTP1

/// Audio files the provincial system sends by URL, downloaded before they are queued so they air
/// when the link is down. Files are named by their SHA-256 (a re-sent file is not fetched twice),
/// checked against the checksum given with the job, checked to be audio, and kept within a byte
/// budget: the least recently used files go first, never one a waiting job still needs.
// @unchecked Sendable: the index and byte count live under `lock`; downloads run outside it into temporary files.
public final class ContentCache: @unchecked Sendable {
  public let directory: String
  public let budgetBytes: Int64
  public let timeout: TimeInterval
  private let lock = NSLock()

  public init(directory: String, budgetBytes: Int64 = 500_000_000, timeout: TimeInterval = 300) {
    self.directory = directory
    self.budgetBytes = budgetBytes
    self.timeout = timeout
  }

  /// Downloads (or finds) the file. Blocks: call it off the event loops and the concurrency pool.
  /// `pinned`: paths that waiting jobs use (never evicted).
  public func fetch(url: String, sha256 expected: String?, pinned: Set<String> = []) throws(LoaError) -> String {
    guard isHTTPStreamURL(url) else {
      throw LoaError(.badMediaUrl, "media URL '\(url)' must be http:// or https:// (địa chỉ tệp không hợp lệ)")
    }
    let want = expected?.lowercased()
    if let want {
      guard want.count == 64, want.allSatisfy(\.isHexDigit) else {
        throw LoaError(.badSha256, "'sha256' must be 64 hexadecimal digits, got '\(expected!)'")
      }
      if let hit = cached(sha256: want) {
        touch(hit)
        return hit
      }
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw LoaError(.storage, "cannot create the content cache \(directory): \(error.localizedDescription)")
    }
    let part = directory + "/download-\(UUID().uuidString.lowercased()).part"
    let fd = open(part, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw LoaError(.storage, "cannot write into the content cache: \(String(cString: strerror(errno)))")
    }
    let delegate = DownloadDelegate(fd: fd, limit: budgetBytes, url: url)
    defer {
      close(fd)
      try? FileManager.default.removeItem(atPath: part)
    }
    do {
      var request = try HTTPClient.Request(url: url, method: .GET)
      request.headers.add(name: "User-Agent", value: "loa-cache")
      let task = RelayHTTP.client.execute(
        request: request, delegate: delegate, deadline: .now() + .milliseconds(Int64(timeout * 1000)))
      try task.futureResult.wait()
    } catch {
      if let f = delegate.failure { throw f }
      throw LoaError(.downloadFailed, "cannot download \(url): \(error)")
    }
    if let f = delegate.failure { throw f }
    let got = delegate.hasher.finalize().map { String(format: "%02x", $0) }.joined()
    if let want, got != want {
      throw LoaError(
        .checksumMismatch,
        "the file at \(url) does not match its sha256: expected \(want), got \(got) (tệp tải về bị sai lệch)")
    }
    guard delegate.bytes > 0 else { throw LoaError(.badAudio, "the file at \(url) is empty") }
    // Audio at all? (HTML error pages come back with 200 more often than one would like.)
    do { _ = try AudioFile.open(part, format: AudioFormat(sampleRate: 22050, channels: 1)) } catch {
      throw LoaError(.badAudio, "the file at \(url) is not WAV or MP3 audio: \(error.message)")
    }
    let dest = directory + "/" + got + (AudioFile.isWAV(part) ? ".wav" : ".mp3")
    lock.lock()
    defer { lock.unlock() }
    if !FileManager.default.fileExists(atPath: dest) {
      guard rename(part, dest) == 0 else {
        throw LoaError(.storage, "cannot keep the download: \(String(cString: strerror(errno)))")
      }
    }
    evict(keeping: pinned.union([dest]))
    return dest
  }

  func cached(sha256: String) -> String? {
    for ext in [".mp3", ".wav"] where FileManager.default.fileExists(atPath: directory + "/" + sha256 + ext) {
      return directory + "/" + sha256 + ext
    }
    return nil
  }

  func touch(_ path: String) {
    try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
  }

  /// Removes the least recently used files until the cache fits its budget.
  func evict(keeping pinned: Set<String>) {
    let fm = FileManager.default
    let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
    var files: [(path: String, date: Date, size: Int64)] = []
    for n in names where !n.hasSuffix(".part") {
      let p = directory + "/" + n
      guard let a = try? fm.attributesOfItem(atPath: p) else { continue }
      files.append((p, a[.modificationDate] as? Date ?? Date(), (a[.size] as? NSNumber)?.int64Value ?? 0))
    }
    var total = files.reduce(0) { $0 + $1.size }
    for f in files.sorted(by: { $0.date < $1.date }) where total > budgetBytes && !pinned.contains(f.path) {
      try? fm.removeItem(atPath: f.path)
      total -= f.size
    }
  }

  /// Bytes in the cache now.
  public func usedBytes() -> Int64 {
    let fm = FileManager.default
    return ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).reduce(Int64(0)) {
      $0 + (((try? fm.attributesOfItem(atPath: directory + "/" + $1))?[.size] as? NSNumber)?.int64Value ?? 0)
    }
  }
}

/// Writes the body to a file and hashes it as it arrives; refuses what is too large.
// @unchecked Sendable: AsyncHTTPClient calls a delegate on one event loop, in order; its fields are read only after the task's future completes.
final class DownloadDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
  typealias Response = Void
  let fd: Int32
  let limit: Int64
  let url: String
  var bytes: Int64 = 0
  var hasher = SHA256()
  var failure: LoaError?

  init(fd: Int32, limit: Int64, url: String) {
    self.fd = fd
    self.limit = limit
    self.url = url
  }

  func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
    if head.status != .ok {
      failure = LoaError(.downloadFailed, "the server answered HTTP \(head.status.code) for \(url)")
      task.cancel()
    } else if let len = head.headers.first(name: "content-length").flatMap(Int64.init), len > limit {
      failure = tooLarge(len, task)
      task.cancel()
    }
    return task.eventLoop.makeSucceededVoidFuture()
  }

  func tooLarge(_ n: Int64, _ task: HTTPClient.Task<Void>) -> LoaError {
    LoaError(
      .tooLarge,
      "the file at \(url) is larger than the content cache (\(n / 1_000_000) MB > \(limit / 1_000_000) MB) (tệp quá lớn)"
    )
  }

  func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
    guard failure == nil else { return task.eventLoop.makeSucceededVoidFuture() }
    bytes += Int64(buffer.readableBytes)
    if bytes > limit {
      failure = tooLarge(bytes, task)
      task.cancel()
      return task.eventLoop.makeSucceededVoidFuture()
    }
    buffer.withUnsafeReadableBytes { raw in
      hasher.update(bufferPointer: raw)
      var off = 0
      while off < raw.count {
        let n = write(fd, raw.baseAddress! + off, raw.count - off)
        if n <= 0 {
          let why = errno == ENOSPC ? "the disk is full (ổ đĩa đầy)" : String(cString: strerror(errno))
          failure = LoaError(.storage, "cannot write the download into the content cache: \(why)")
          break
        }
        off += n
      }
    }
    if failure != nil { task.cancel() }
    return task.eventLoop.makeSucceededVoidFuture()
  }

  func didFinishRequest(task: HTTPClient.Task<Void>) throws {}
}
