import Foundation

/// Fault injection for tests of crash windows: with `LOA_FAILPOINT=<name>` the process kills
/// itself with SIGKILL the first time it reaches that point (the marker file named by
/// `LOA_FAILPOINT_ONCE` records that it has). Never set on a box: without the variable a hit is
/// one comparison against a value read once at start.
public enum Failpoint {
  static let armed: (name: String, marker: String)? = {
    let env = ProcessInfo.processInfo.environment
    guard let name = env["LOA_FAILPOINT"], let marker = env["LOA_FAILPOINT_ONCE"] else { return nil }
    return (name, marker)
  }()

  public static func hit(_ name: String) {
    guard let armed, armed.name == name, !FileManager.default.fileExists(atPath: armed.marker) else { return }
    _ = FileManager.default.createFile(atPath: armed.marker, contents: Data(name.utf8))
    kill(getpid(), SIGKILL)
  }
}
