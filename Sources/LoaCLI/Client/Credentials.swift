import Foundation
import LoaCore
import LoaDaemon
import LoaStationWire

/// Where the CLI finds its login token: `$LOA_TOKEN`; the token `loa login` saved for this server
/// (`~/.config/loa/tokens.json`, mode 600); or — for a daemon on this machine — the daemon's local
/// token in its state folder, which only root and the daemon's user can read.
enum Credentials {
  static var file: String {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    let base = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"] ?? home + "/.config"
    return base + "/loa/tokens.json"
  }

  static func key(_ server: URL) -> String {
    "\(server.scheme ?? "http")://\(server.host ?? "")\(server.port.map { ":\($0)" } ?? "")"
  }

  static func saved() -> [String: String] {
    guard let d = FileManager.default.contents(atPath: file),
      let m = try? JSONDecoder().decode([String: String].self, from: d)
    else { return [:] }
    return m
  }

  static func save(_ token: String?, for server: URL) throws {
    var all = saved()
    all[key(server)] = token
    let dir = (file as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let data = try JSONEncoder().encode(all)
    let tmp = file + ".new"
    guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]),
      rename(tmp, file) == 0
    else { throw CLIError("cannot write '\(file)' (không lưu được phiên đăng nhập)") }
  }

  static func token(for server: URL) -> String? {
    let env = ProcessInfo.processInfo.environment
    if let t = env["LOA_TOKEN"], !t.isEmpty { return t }
    if let t = saved()[key(server)] { return t }
    guard let host = server.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else { return nil }
    return localToken(env: env)
  }

  /// For the station: `$LOA_STATION_TOKEN`; the token saved for it; on this machine, the station's
  /// local token (state folder from `$LOA_STATION_STATE_DIR`, `/etc/loa/station.toml`, or the default).
  static func stationToken(for server: URL) -> String? {
    let env = ProcessInfo.processInfo.environment
    if let t = env["LOA_STATION_TOKEN"], !t.isEmpty { return t }
    if let t = saved()[key(server)] { return t }
    guard let host = server.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else { return nil }
    var dir = env["LOA_STATION_STATE_DIR"] ?? StationPaths.defaultStateDir
    if env["LOA_STATION_STATE_DIR"] == nil, let d = StationPaths.stateDir(configFile: "/etc/loa/station.toml") {
      dir = d
    }
    guard let d = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent("local-token")) else {
      return nil
    }
    let t = String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return t.isEmpty ? nil : t
  }

  /// The local token of the daemon on this machine: the state folder from `$LOA_STATE_DIR` or
  /// `/etc/loa/loa.toml` (else the default); nil when it cannot be read (not root).
  static func localToken(env: [String: String]) -> String? {
    var cfg = DaemonConfig()
    if FileManager.default.fileExists(atPath: "/etc/loa/loa.toml") { try? cfg.apply(tomlFile: "/etc/loa/loa.toml") }
    if let dir = env["LOA_STATE_DIR"] { cfg.stateDir = dir }
    guard let d = FileManager.default.contents(atPath: Daemon.localTokenPath(stateDir: cfg.stateDir)) else {
      return nil
    }
    let t = String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return t.isEmpty ? nil : t
  }
}
