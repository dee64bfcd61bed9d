import Foundation
import LoaAPI
import LoaCore

extension Daemon {
  /// The file in the state folder holding this run's local token (mode 600: the daemon's user
  /// and root only). `loa` run by root on the box reads it, so root needs no login.
  public static func localTokenPath(stateDir: String) -> String { stateDir + "/local-token" }

  /// A new local token for this run, written with mode 600 before the API listens.
  static func writeLocalToken(stateDir: String) throws(LoaError) -> String {
    let token = Passwords.newToken()
    let path = localTokenPath(stateDir: stateDir)
    let tmp = path + ".new"
    unlink(tmp)
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw LoaError(.stateDir, "cannot write the local token '\(tmp)': \(String(cString: strerror(errno)))")
    }
    let bytes = Array((token + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == bytes.count, rename(tmp, path) == 0 else {
      unlink(tmp)
      throw LoaError(.stateDir, "cannot write the local token '\(path)'")
    }
    return token
  }
}
