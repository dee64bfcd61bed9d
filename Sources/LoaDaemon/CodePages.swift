import Foundation
import LoaPlayout
import Logging
import ServiceLifecycle

#if canImport(Glibc)
  import Glibc
#endif

/// Pages of code and read-only data that the daemon mapped from files (its own binary, the shared
/// libraries) and does not use while idle go back to the kernel.
///
/// Starting touches far more code than an idle box runs — the argument parser, the config and
/// schedule readers, the lexicon loader, the database's migrations, TLS set-up — and those pages
/// stay mapped, counted in the daemon's RSS, for as long as it runs. `MADV_DONTNEED` unmaps them:
/// they stay in the page cache, and a page used again is mapped back on its next use (a minor
/// fault: microseconds, from memory, not the disk).
///
/// Only regions that are safe to drop are dropped: mapped from a file, not writable, and holding
/// no page of the process's own (`Anonymous: 0 kB` in `/proc/self/smaps`). A relocated read-only
/// page (RELRO: the GOT, Swift's metadata pointers) is the process's own copy; dropping it would
/// read the file's unrelocated bytes back, so a region with any such page is left alone.
public enum CodePages {
  public struct Region: Equatable, Sendable {
    public var start: UInt
    public var end: UInt
    /// Resident kilobytes when the table was read.
    public var residentKB: Int
  }

  /// The regions of a `/proc/<pid>/smaps` text that can be dropped.
  public static func droppable(smaps: String) -> [Region] {
    var out: [Region] = []
    var current: (region: Region, ok: Bool)?
    func close() {
      if let c = current, c.ok, c.region.residentKB > 0 { out.append(c.region) }
      current = nil
    }
    for line in smaps.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard let first = fields.first else { continue }
      if let dash = first.firstIndex(of: "-"), first.hasSuffix(":") == false,
        let start = UInt(first[..<dash], radix: 16), let end = UInt(first[first.index(after: dash)...], radix: 16)
      {
        close()
        // address perms offset dev inode path: a path that starts with "/" is a file (not
        // [heap], [stack], [vdso], an anonymous map or a deleted file's "(deleted)" tail).
        let perms = fields.count > 1 ? fields[1] : ""
        let path = fields.count > 5 ? fields[5] : ""
        let deleted = fields.count > 6
        let ok =
          perms.count == 4 && perms.hasPrefix("r") && !perms.contains("w") && perms.hasSuffix("p")
          && path.hasPrefix("/") && !deleted
        current = (Region(start: start, end: end, residentKB: 0), ok)
        continue
      }
      guard current != nil, fields.count >= 2, let kb = Int(fields[1]) else { continue }
      switch first {
      case "Rss:": current?.region.residentKB = kb
      case "Anonymous:", "Swap:", "Locked:": if kb > 0 { current?.ok = false }
      default: break
      }
    }
    close()
    return out
  }

  /// Drops the droppable regions of this process: how many, and the kilobytes they held.
  @discardableResult
  public static func release() -> (regions: Int, residentKB: Int) {
    guard let smaps = readProcFile("/proc/self/smaps") else { return (0, 0) }
    var regions = 0
    var kb = 0
    for r in droppable(smaps: smaps) {
      #if canImport(Glibc)
        guard let p = UnsafeMutableRawPointer(bitPattern: r.start) else { continue }
        if madvise(p, Int(r.end - r.start), MADV_DONTNEED) == 0 {
          regions += 1
          kb += r.residentKB
        }
      #endif
    }
    return (regions, kb)
  }

  /// A file of /proc read to its end. (Its size reads 0: Foundation's `String(contentsOfFile:)`
  /// stopped after the first page, two mappings of two hundred.)
  static func readProcFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Returns the idle daemon's unused code pages (`CodePages`) half a minute after start (or after
/// `every`, if sooner), then every `every` while nothing is on air. `[memory] trim_minutes`.
struct CodePagesService: Service {
  let engine: PlayoutEngine
  let every: Duration
  let logger: Logger

  func run() async throws {
    var wait = min(every, .seconds(30))
    while !Task.isShuttingDownGracefully {
      let pause = wait
      try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
      if Task.isShuttingDownGracefully || Task.isCancelled { return }
      wait = every
      guard engine.status(settle: 0).onAir == nil else { continue }
      let (regions, kb) = CodePages.release()
      logger.debug("returned unused code pages", metadata: ["regions": "\(regions)", "kB": "\(kb)"])
    }
  }
}
