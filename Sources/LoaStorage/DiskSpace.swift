import Foundation

/// Free space on the file system holding a path, as an unprivileged process may use it
/// (`statvfs`: `f_bavail × f_frsize`); nil when the path cannot be read.
public func freeBytes(at path: String) -> Int64? {
  var vfs = statvfs()
  guard statvfs(path, &vfs) == 0 else { return nil }
  return Int64(vfs.f_bavail) * Int64(vfs.f_frsize)
}
