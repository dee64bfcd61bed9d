import Foundation
import LoaAudio
import LoaCore
import LoaRelay
import LoaTesting
import Testing

/// A plain HTTP file server (python's) on loopback over a folder, with a request log.
final class FileServer: @unchecked Sendable {
  let root: String
  let port = freePort()
  let log: String
  private let process: Spawned

  init(root: String) throws {
    self.root = root
    log = root + "/../http-\(port).log"
    process = try Spawned(
      which("python3") ?? "/usr/bin/python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "-d", root],
      stdout: log, stderr: log)
    guard
      eventually(
        timeout: 10,
        {
          (try? runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url("")]))?.stdout == "200"
        })
    else { throw RigError("python http.server did not start") }
  }

  func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }
  var requests: Int {
    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "\"GET /").count - 1
  }
  deinit { _ = process.stop(grace: 1) }
}

@Suite(.serialized, .ownThread) struct CacheTests {
  let dir = TempDir("loa-cache")

  func server() throws -> FileServer {
    let www = dir.file("www")
    try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: true)
    return try FileServer(root: www)
  }

  func mp3(_ name: String, seconds: Double, in s: FileServer) throws -> (path: String, sha: String) {
    let p = s.root + "/" + name
    try makeMP3(p, seconds: seconds, sampleRate: 22050, channels: 1)
    return (p, dataSHA256(try Data(contentsOf: URL(fileURLWithPath: p))))
  }

  func leftovers(_ c: ContentCache) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: c.directory)) ?? []).filter { $0.hasSuffix(".part") }
  }

  @Test func downloadsOnceChecksAndAirsOffline() throws {
    let s = try server()
    let (src, sha) = try mp3("ban-tin.mp3", seconds: 2, in: s)
    let cache = ContentCache(directory: dir.file("cache"))
    let path = try cache.fetch(url: s.url("ban-tin.mp3"), sha256: sha.uppercased())
    #expect(path.hasSuffix("/\(sha).mp3"))
    #expect(FileManager.default.contentsEqual(atPath: path, andPath: src))
    let before = s.requests
    // Sent again (same checksum): not fetched again, even with the link down.
    try FileManager.default.removeItem(atPath: src)
    #expect(try cache.fetch(url: s.url("ban-tin.mp3"), sha256: sha) == path)
    #expect(s.requests == before)
    // Without a checksum it is fetched, hashed, and named by its content.
    let (_, sha2) = try mp3("khac.mp3", seconds: 1, in: s)
    #expect(try cache.fetch(url: s.url("khac.mp3"), sha256: nil).hasSuffix("/\(sha2).mp3"))
    #expect(abs(try AudioFile.duration(path) - 2) < 0.1)
  }

  @Test func badDownloadsAreRefusedWithTheirReason() throws {
    let s = try server()
    let (_, sha) = try mp3("ban-tin.mp3", seconds: 1, in: s)
    try Data("<html><body>Trang không tồn tại</body></html>".utf8).write(
      to: URL(fileURLWithPath: s.root + "/loi.mp3"))
    let cache = ContentCache(directory: dir.file("cache"), budgetBytes: 100_000, timeout: 5)
    func code(_ url: String, _ sha: String? = nil) -> String {
      do {
        _ = try cache.fetch(url: url, sha256: sha)
        return "ok"
      } catch { return error.code.rawValue + ": " + error.message }
    }
    let wrong = String(repeating: "ab", count: 32)
    #expect(code(s.url("ban-tin.mp3"), wrong).hasPrefix("checksum_mismatch"))
    #expect(code(s.url("khong-co.mp3")).hasPrefix("download_failed: the server answered HTTP 404"))
    #expect(code(s.url("loi.mp3")).hasPrefix("bad_audio"))
    #expect(code("http://127.0.0.1:\(freePort())/x.mp3").hasPrefix("download_failed"))
    #expect(code("ftp://example.org/x.mp3").hasPrefix("bad_media_url"))
    #expect(code(s.url("ban-tin.mp3"), "xyz").hasPrefix("bad_sha256"))
    _ = try mp3("lon.mp3", seconds: 30, in: s)  // ~240 kB at 64 kb/s, over the 100 kB budget
    #expect(code(s.url("lon.mp3")).hasPrefix("too_large"), "\(code(s.url("lon.mp3")))")
    #expect(leftovers(cache).isEmpty)
    #expect(code(s.url("ban-tin.mp3"), sha) == "ok")
  }

  @Test func theBudgetEvictsTheLeastRecentlyUsedButNeverAWaitingJobsFile() throws {
    let s = try server()
    let a = try mp3("a.mp3", seconds: 8, in: s)  // ~64 kB each
    let b = try mp3("b.mp3", seconds: 8.5, in: s)
    let c = try mp3("c.mp3", seconds: 9, in: s)
    let cache = ContentCache(directory: dir.file("cache"), budgetBytes: 150_000)
    let pa = try cache.fetch(url: s.url("a.mp3"), sha256: a.sha)
    usleep(20_000)
    let pb = try cache.fetch(url: s.url("b.mp3"), sha256: b.sha)
    usleep(20_000)
    // a is pinned (a waiting job plays it): b goes instead.
    let pc = try cache.fetch(url: s.url("c.mp3"), sha256: c.sha, pinned: [pa])
    #expect(FileManager.default.fileExists(atPath: pa))
    #expect(!FileManager.default.fileExists(atPath: pb))
    #expect(FileManager.default.fileExists(atPath: pc))
    #expect(cache.usedBytes() <= 150_000)
  }

  @Test(.enabled(if: TinyDisk.available, "needs root to mount a small tmpfs"))
  func aFullDiskIsReportedAndLeavesNothingBehind() throws {
    let s = try server()
    _ = try mp3("lon.mp3", seconds: 20, in: s)  // ~160 kB on a 64 kB disk
    let disk = try TinyDisk(kilobytes: 64)
    let cache = ContentCache(directory: disk.path + "/cache")
    #expect {
      _ = try cache.fetch(url: s.url("lon.mp3"), sha256: nil)
    } throws: { e in
      (e as? LoaError)?.code == .storage && "\(e)".contains("disk is full")
    }
    #expect(leftovers(cache).isEmpty)
  }
}
