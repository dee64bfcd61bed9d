import Foundation
import LoaCore
import LoaTOML
import TOMLKit

/// Everything `loa serve` needs. Embedded defaults, then the TOML file, then the
/// environment, then flags: each later one wins.
public struct DaemonConfig: Sendable, Equatable {
  /// What the config file held that this release does not know (logged at start, not refused).
  public var warnings: [String] = []
  public var stateDir: String
  public var device: String
  public var listenHost: String
  public var listenPort: Int
  public var sampleRate: Int
  public var channels: Int
  public var bufferMilliseconds: Int
  public var voicesDir: String?
  public var maxTextCharacters: Int
  public var defaultVoice: String
  public var emergencyRepeat: Int
  /// When jobs given a start time do not air (emergencies excepted); `nil`: never. Programmes
  /// follow their schedule's own `settings.quiet_hours`.
  public var quietHours: DayWindow?
  public var emergencyGapSeconds: Double
  public var emergencyChime: Bool
  public var chimeFile: String?
  /// `auto` (the device's mixer control if it has one), `software`, or a control name.
  public var mixer: String
  public var mixerDevice: String?
  public var defaultVolume: Int
  public var emergencyMinimumVolume: Int?
  public var deadAirThresholdDBFS: Double
  public var deadAirSeconds: Double
  public var fallbackFiles: [String]
  public var fallbackDownSeconds: Double
  public var fallbackForFiles: Bool
  public var amplifierGPIOChip: String?
  public var amplifierGPIOLine: Int?
  public var amplifierActiveLow: Bool
  public var amplifierOnCommand: String?
  public var amplifierOffCommand: String?
  public var amplifierWarmUpSeconds: Double
  public var amplifierIdleOffSeconds: Double
  public var recordingsEnabled: Bool
  public var recordingsKeepDays: Int
  public var recordingsBudgetMB: Int
  public var recordingsBitrate: Int
  /// libopus' encoder complexity for the off-air recording, 0–10: `[recordings] complexity`.
  public var recordingsComplexity = 0
  /// An MP3 file's airing recorded as the frames that aired, not encoded again: `[recordings] copy_mp3`.
  public var recordingsCopyMP3 = true
  public var deviceRetrySeconds: Double
  /// Content cache for files sent by URL, in MB.
  public var cacheBudgetMB: Int
  /// The largest media file accepted (`loa play`), and the free space that must remain, in MB.
  public var mediaMaxMB: Int
  public var mediaFreeFloorMB: Int
  /// The control API's listener: idle/slow connections are closed after this long, and at most
  /// this many connections are open at once.
  public var httpIdleSeconds: Int
  /// HTTPS on the control API (`[http] tls_cert`, `tls_key`, PEM; the key owner-only): for
  /// officers reaching the box across the commune's network. Both or neither.
  public var tlsCert: String?
  public var tlsKey: String?
  public var httpMaxConnections: Int
  /// How often the daemon writes its sign of life (and the scheduler's clock guard): an unclean
  /// stop is known to within this. `[state] alive_minutes`.
  public var aliveMinutes: Double = 15
  /// Unused code pages go back to the kernel half a minute after start, then this often while
  /// nothing is on air (`CodePages`); 0: never. `[memory] trim_minutes`.
  public var trimMinutes: Double = 10
  /// Languages the station airs (ISO 639 codes), the first the usual one: `[content] languages`.
  public var languages: [String] = ["vi"]
  /// The uplink to the provincial source system; nil: no uplink.
  public var uplink: UplinkSettings?

  public struct UplinkSettings: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 1883
    public var tls = false
    public var province = ""
    public var commune = ""
    public var hamlet = ""
    public var box = ""
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var username: String?
    public var password: String?
    public var heartbeatSeconds = 60.0
    public var maxSkewSeconds = 300.0
    public var maxAgeHours = 24.0
    public var capAirNonActual = false
    public var resendWindowSeconds = 600.0
    /// An as-run batch no station has confirmed is sent again after this many seconds.
    public var asRunResendSeconds = 30.0
    /// Relay and media URLs may reach loopback, link-local or this box's own addresses (tests, a
    /// stream server on the box itself). Off: such URLs from the uplink are refused.
    public var allowLocalURLs = false
    public var keysFile: String?
    public var keys: [Key] = []
    public struct Key: Sendable, Equatable {
      public var id: String
      public var publicKey: String
      public var role: String
      public var scope: String
    }
    public init() {}

    /// `mqtt://host:port` or `mqtts://host:port` (default ports 1883 / 8883).
    mutating func setBroker(_ s: String, origin: String) throws(LoaError) {
      guard let u = URLComponents(string: s), let scheme = u.scheme, ["mqtt", "mqtts"].contains(scheme),
        let host = u.host, !host.isEmpty
      else {
        throw LoaError(
          .config, "\(origin): 'uplink.broker' must be mqtt://HOST[:PORT] or mqtts://HOST[:PORT], got '\(s)'")
      }
      self.host = host
      tls = scheme == "mqtts"
      port = u.port ?? (tls ? 8883 : 1883)
    }
  }

  public init() {
    stateDir = Self.defaultStateDir()
    device = "default"
    listenHost = "127.0.0.1"
    listenPort = 8707
    // 48 kHz: most codecs' own rate, and Opus' (the proof-of-play record needs no resampler).
    sampleRate = 48000
    channels = 1
    bufferMilliseconds = 100
    voicesDir = Self.defaultVoicesDir()
    maxTextCharacters = 20_000
    defaultVoice = "vi"
    emergencyRepeat = 2
    quietHours = Schedule.defaultQuietHours
    emergencyGapSeconds = 3
    emergencyChime = true
    chimeFile = nil
    mixer = "auto"
    mixerDevice = nil
    defaultVolume = 100
    emergencyMinimumVolume = nil
    deadAirThresholdDBFS = -50
    deadAirSeconds = 20
    fallbackFiles = []
    fallbackDownSeconds = 5
    fallbackForFiles = true
    amplifierGPIOChip = nil
    amplifierGPIOLine = nil
    amplifierActiveLow = false
    amplifierOnCommand = nil
    amplifierOffCommand = nil
    amplifierWarmUpSeconds = 1.5
    amplifierIdleOffSeconds = 60
    recordingsEnabled = true
    recordingsKeepDays = 90
    recordingsBudgetMB = 2000
    recordingsBitrate = 16_000
    deviceRetrySeconds = 15
    cacheBudgetMB = 500
    mediaMaxMB = 500
    mediaFreeFloorMB = 100
    httpIdleSeconds = 30
    httpMaxConnections = 256
    uplink = nil
  }

  public var listen: String { "\(listenHost):\(listenPort)" }

  static func defaultStateDir() -> String {
    if getuid() == 0 { return "/var/lib/loa" }
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
    return home + "/.local/state/loa"
  }

  static func defaultVoicesDir() -> String? {
    for dir in ["/usr/share/loa/Voices", FileManager.default.currentDirectoryPath + "/Voices"] {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue { return dir }
    }
    return nil
  }

  /// Parses `HOST:PORT` (or `[::1]:PORT`).
  public mutating func setListen(_ s: String) throws(LoaError) {
    guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (1...65535).contains(port)
    else {
      throw LoaError(.badListen, "listen address '\(s)' must be HOST:PORT with a port from 1 to 65535")
    }
    var host = String(s[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { throw LoaError(.badListen, "listen address '\(s)' has no host") }
    listenHost = host
    listenPort = port
  }

  /// Applies a TOML config file. Wrong types and values are errors with file:line; an unknown key
  /// (a setting a newer release knows) is a warning in `warnings`, so a rolled-back binary still
  /// starts.
  public mutating func apply(tomlFile path: String) throws(LoaError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoaError(.config, "cannot read the config file '\(path)'")
    }
    let text = try decodeUTF8Strictly([UInt8](data), what: "config file '\(path)'")
    try apply(toml: text, origin: path)
  }

  public mutating func apply(toml text: String, origin: String) throws(LoaError) {
    let root: TOMLTable
    do { root = try TOMLText.parse(text) } catch {
      throw LoaError(.config, "\(origin):\(error.line):\(error.column): \(error.description)")
    }

    var reader = TableReader(table: root, origin: origin, section: nil)
    if let v = try reader.string("state_dir") { stateDir = v }
    if let v = try reader.string("listen") { try setListen(v) }
    if let v = try reader.string("voices_dir") { voicesDir = v }
    if let v = try reader.string("quiet_hours") { try setQuietHours(v, origin: "\(origin): quiet_hours") }
    try reader.section("audio") { r throws(LoaError) in
      if let v = try r.string("device") { device = v }
      if let v = try r.int("sample_rate", 8000...192_000) { sampleRate = v }
      if let v = try r.int("channels", 1...2) { channels = v }
      if let v = try r.int("buffer_ms", 20...200) { bufferMilliseconds = v }
      if let v = try r.string("mixer") { mixer = v }
      if let v = try r.string("mixer_device") { mixerDevice = v }
      if let v = try r.double("device_retry_seconds", 0...600) { deviceRetrySeconds = v }
    }
    try reader.section("volume") { r throws(LoaError) in
      if let v = try r.int("default", 0...100) { defaultVolume = v }
      if let v = try r.int("emergency_minimum", 0...100) { emergencyMinimumVolume = v }
    }
    try reader.section("dead_air") { r throws(LoaError) in
      if let v = try r.double("threshold_dbfs", -120...0) { deadAirThresholdDBFS = v }
      if let v = try r.double("seconds", 1...3600) { deadAirSeconds = v }
    }
    try reader.section("fallback") { r throws(LoaError) in
      if let v = try r.strings("files") { fallbackFiles = v }
      if let v = try r.double("down_seconds", 0.5...600) { fallbackDownSeconds = v }
      if let v = try r.bool("files_too") { fallbackForFiles = v }
    }
    try reader.section("amplifier") { r throws(LoaError) in
      if let v = try r.string("gpio_chip") { amplifierGPIOChip = v }
      if let v = try r.int("gpio_line", 0...1023) { amplifierGPIOLine = v }
      if let v = try r.bool("active_low") { amplifierActiveLow = v }
      if let v = try r.string("on_command") { amplifierOnCommand = v }
      if let v = try r.string("off_command") { amplifierOffCommand = v }
      if let v = try r.double("warm_up_seconds", 0...30) { amplifierWarmUpSeconds = v }
      if let v = try r.double("idle_off_seconds", 1...86_400) { amplifierIdleOffSeconds = v }
    }
    try reader.section("cache") { r throws(LoaError) in
      if let v = try r.int("budget_mb", 1...1_000_000) { cacheBudgetMB = v }
    }
    try reader.section("media") { r throws(LoaError) in
      if let v = try r.int("max_mb", 1...100_000) { mediaMaxMB = v }
      if let v = try r.int("free_floor_mb", 0...100_000) { mediaFreeFloorMB = v }
    }
    try reader.section("http") { r throws(LoaError) in
      if let v = try r.int("idle_seconds", 1...3600) { httpIdleSeconds = v }
      if let v = try r.int("max_connections", 4...4096) { httpMaxConnections = v }
      if let v = try r.string("tls_cert") { tlsCert = v }
      if let v = try r.string("tls_key") { tlsKey = v }
    }
    try reader.section("state") { r throws(LoaError) in
      if let v = try r.double("alive_minutes", 0.05...1440) { aliveMinutes = v }
    }
    try reader.section("memory") { r throws(LoaError) in
      if let v = try r.double("trim_minutes", 0...1440) { trimMinutes = v }
    }
    try reader.section("content") { r throws(LoaError) in
      if let v = try r.strings("languages") {
        var codes: [String] = []
        for tag in v {
          guard let p = Languages.primary(tag) else {
            throw r.fail("languages", "'\(tag)' is not a language code such as \"vi\", \"hmn\" or \"tay\"")
          }
          if !codes.contains(p) { codes.append(p) }
        }
        guard !codes.isEmpty else { throw r.fail("languages", "needs at least one language, e.g. [\"vi\"]") }
        languages = codes
      }
    }
    try reader.section("uplink") { r throws(LoaError) in
      var u = UplinkSettings()
      // Without a broker the box takes signed messages over the LAN API only (POST /v1/uplink).
      if let broker = try r.string("broker") { try u.setBroker(broker, origin: origin) } else { u.host = "" }
      for (key, path) in [
        ("province", \UplinkSettings.province), ("commune", \.commune), ("hamlet", \.hamlet), ("box", \.box),
      ] {
        guard let v = try r.string(key) else { throw r.fail(key, "is required in [uplink]") }
        u[keyPath: path] = v
      }
      // A relative path is beside the config file (`loa enroll` writes `broker-ca.crt` there).
      let beside = { (p: String?) -> String? in
        guard let p, !p.hasPrefix("/"), origin.hasPrefix("/") else { return p }
        return ((origin as NSString).deletingLastPathComponent as NSString).appendingPathComponent(p)
      }
      u.caFile = beside(try r.string("ca_file"))
      u.certFile = beside(try r.string("cert_file"))
      u.keyFile = beside(try r.string("key_file"))
      u.username = try r.string("username")
      u.password = try r.string("password")
      if let v = try r.double("heartbeat_seconds", 5...3600) { u.heartbeatSeconds = v }
      if let v = try r.double("max_skew_seconds", 0...86_400) { u.maxSkewSeconds = v }
      if let v = try r.double("max_age_hours", 1...720) { u.maxAgeHours = v }
      if let v = try r.bool("cap_air_non_actual") { u.capAirNonActual = v }
      if let v = try r.double("resend_window_seconds", 0...86_400) { u.resendWindowSeconds = v }
      if let v = try r.double("asrun_resend_seconds", 1...3600) { u.asRunResendSeconds = v }
      if let v = try r.bool("allow_local_urls") { u.allowLocalURLs = v }
      u.keysFile = beside(try r.string("keys_file"))
      try r.tables("key") { k throws(LoaError) in
        guard let id = try k.string("id"), let pk = try k.string("public_key"), let role = try k.string("role"),
          let scope = try k.string("scope")
        else { throw k.fail("id", "each [[uplink.key]] needs id, public_key, role and scope") }
        u.keys.append(.init(id: id, publicKey: pk, role: role, scope: scope))
      }
      uplink = u
    }
    try reader.section("recordings") { r throws(LoaError) in
      if let v = try r.bool("enabled") { recordingsEnabled = v }
      if let v = try r.int("keep_days", 1...3650) { recordingsKeepDays = v }
      if let v = try r.int("budget_mb", 10...1_000_000) { recordingsBudgetMB = v }
      if let v = try r.int("bitrate", 6000...256_000) { recordingsBitrate = v }
      if let v = try r.int("complexity", 0...10) { recordingsComplexity = v }
      if let v = try r.bool("copy_mp3") { recordingsCopyMP3 = v }
    }
    try reader.section("speech") { r throws(LoaError) in
      if let v = try r.int("max_characters", 1...1_000_000) { maxTextCharacters = v }
      if let v = try r.string("default_voice") { defaultVoice = v }
    }
    try reader.section("emergency") { r throws(LoaError) in
      if let v = try r.int("repeat", 1...10) { emergencyRepeat = v }
      if let v = try r.double("gap_seconds", 0...600) { emergencyGapSeconds = v }
      if let v = try r.bool("chime") { emergencyChime = v }
      if let v = try r.string("chime_file") { chimeFile = v }
    }
    warnings += reader.warnings + reader.unknownKeys()
    try checkAmplifier(origin: origin)
  }

  func checkAmplifier(origin: String) throws(LoaError) {
    if (amplifierGPIOChip == nil) != (amplifierGPIOLine == nil) {
      throw LoaError(.config, "\(origin): 'amplifier.gpio_chip' and 'amplifier.gpio_line' go together")
    }
    if (amplifierOnCommand == nil) != (amplifierOffCommand == nil) {
      throw LoaError(.config, "\(origin): 'amplifier.on_command' and 'amplifier.off_command' go together")
    }
    if amplifierGPIOChip != nil && amplifierOnCommand != nil {
      throw LoaError(.config, "\(origin): the amplifier is switched by a GPIO line or by commands, not both")
    }
  }

  /// `"21:30-05:00"` or `"off"`.
  mutating func setQuietHours(_ text: String, origin: String) throws(LoaError) {
    if text.lowercased() == "off" {
      quietHours = nil
      return
    }
    guard let w = DayWindow.parse(text) else {
      throw LoaError(
        .config, "\(origin): '\(text)' is not a time window; write \"21:30-05:00\" or \"off\" (giờ yên tĩnh)")
    }
    quietHours = w
  }

  /// Applies `LOA_STATE_DIR`, `LOA_ALSA_DEVICE`, `LOA_LISTEN`, `LOA_VOICES_DIR`, `LOA_QUIET_HOURS`.
  public mutating func apply(environment env: [String: String]) throws(LoaError) {
    if let v = env["LOA_QUIET_HOURS"], !v.isEmpty { try setQuietHours(v, origin: "LOA_QUIET_HOURS") }
    if let v = env["LOA_STATE_DIR"], !v.isEmpty { stateDir = v }
    if let v = env["LOA_ALSA_DEVICE"], !v.isEmpty { device = v }
    if let v = env["LOA_LISTEN"], !v.isEmpty { try setListen(v) }
    if let v = env["LOA_VOICES_DIR"], !v.isEmpty { voicesDir = v }
  }
}
