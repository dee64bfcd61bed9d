import Foundation
import LoaTOML
import TOMLKit

/// Where a station keeps its state, as the officer's CLI on the station's machine finds it (the
/// station's local token is there) without linking the station itself.
public enum StationPaths {
  /// `[station] state_dir` when the config does not say.
  public static let defaultStateDir = "/var/lib/loa-station"

  /// `[station] state_dir` of the config at `path`; nil when the file cannot be read or parsed, or
  /// does not set it (the station itself reports a bad config when it starts).
  public static func stateDir(configFile path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path),
      let root = try? TOMLText.parse(String(decoding: data, as: UTF8.self))
    else { return nil }
    return root["station"]?.table?["state_dir"]?.string
  }
}
