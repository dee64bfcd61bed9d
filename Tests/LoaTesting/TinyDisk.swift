import Foundation

/// A small tmpfs, to see what Loa does when the disk is full. Needs root (CI and this machine
/// run tests as root); `TinyDisk.available` tells whether it can be made here.
public final class TinyDisk: @unchecked Sendable {
  public let path: String

  public init(kilobytes: Int) throws {
    path = TempDir("loa-tinydisk").path + "-mnt"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let r = try runCommand("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
    guard r.status == 0 else { throw RigError("cannot mount a tmpfs at \(path): \(r.stderr)") }
  }

  public static let available: Bool = {
    guard getuid() == 0, let d = try? TinyDisk(kilobytes: 64) else { return false }
    _ = d
    return true
  }()

  deinit {
    _ = try? runCommand("/bin/umount", ["-l", path])
    try? FileManager.default.removeItem(atPath: path)
  }
}
