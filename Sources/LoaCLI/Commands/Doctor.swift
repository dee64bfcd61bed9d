import ArgumentParser
import CSysTime
import Foundation
import LoaAudio
import LoaCore
import LoaDaemon
import LoaScheduling
import LoaSpeech
import LoaStorage

/// `loa doctor`: is this box ready to air? Each check says what it found and, when something is
/// wrong, what to do — in Vietnamese and English. Exit 1 when a check fails.
struct Doctor: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Check that the box can air (kiểm tra cụm loa): sound, voices, lexicon, clock, disk, daemon, uplink.",
    discussion: """
      Reads the same config as `loa serve`. With the daemon running it asks the daemon (the sound
      device is the daemon's); without it, it opens the sound device and plays a short quiet tone.
      """)

  @Option(help: "TOML config file (default /etc/loa/loa.toml when it exists).") var config: String?
  @Option(help: "ALSA PCM name (overrides the config).") var device: String?
  @OptionGroup var server: ServerOptions
  @Flag(help: "One JSON object per check.") var json = false

  struct Check: Codable {
    enum Status: String, Codable { case ok, warning, fail }
    var name: String
    var status: Status
    var message: String
    var fix: String?
  }

  func run() async throws {
    try await runReporting {
      var checks: [Check] = []
      var cfg = DaemonConfig()
      let path = config ?? (FileManager.default.fileExists(atPath: "/etc/loa/loa.toml") ? "/etc/loa/loa.toml" : nil)
      do {
        if let path { try cfg.apply(tomlFile: path) }
        try cfg.apply(environment: ProcessInfo.processInfo.environment)
        if let device { cfg.device = device }
        let unknown =
          cfg.warnings.isEmpty ? "" : "; \(cfg.warnings.count) unknown key(s): \(cfg.warnings.joined(separator: "; "))"
        checks.append(
          Check(
            name: "config", status: cfg.warnings.isEmpty ? .ok : .warning,
            message: "cấu hình đọc được / config read: \(path ?? "defaults")\(unknown)"))
      } catch {
        checks.append(
          Check(
            name: "config", status: .fail, message: (error as? LoaError)?.message ?? "\(error)",
            fix: "sửa tệp cấu hình theo dòng báo lỗi / fix the file at the line named"))
      }
      checks += voiceChecks(cfg)
      let status: Wire.StatusView? = try? await server.client().get("/v1/status")
      checks += await daemonChecks(cfg, status)
      checks.append(clockCheck())
      checks += databaseChecks(cfg)
      checks.append(diskCheck(cfg))
      checks += uplinkChecks(cfg)
      if json {
        for c in checks { try printJSONLine(c) }
      } else {
        for c in checks {
          let mark =
            switch c.status {
            case .ok: "✔";
            case .warning: "!";
            case .fail: "✘"
            }
          print("\(mark) \(c.name): \(c.message)" + (c.fix.map { "\n    → \($0)" } ?? ""))
        }
      }
      let failed = checks.filter { $0.status == .fail }.count
      if failed > 0 { throw CLIError("\(failed) kiểm tra không đạt / \(failed) check(s) failed", exitCode: 1) }
    }
  }

  func voiceChecks(_ cfg: DaemonConfig) -> [Check] {
    guard let dir = cfg.voicesDir else {
      return [
        Check(
          name: "voices", status: .fail, message: "không tìm thấy thư mục giọng đọc / no voices folder",
          fix: "cài gói loa (/usr/share/loa/Voices) hoặc đặt voices_dir / install the package or set voices_dir")
      ]
    }
    var out: [Check] = []
    do {
      let catalog = try VoiceCatalog.load(directory: dir)
      let missing = catalog.profiles.filter { (try? Espeak.shared.hasVoice($0.espeakVoice)) != true }
      out.append(
        missing.isEmpty
          ? Check(name: "voices", status: .ok, message: "\(catalog.profiles.count) giọng đọc / voices in \(dir)")
          : Check(
            name: "voices", status: .fail,
            message: "espeak-ng thiếu giọng / lacks voices: \(missing.map(\.espeakVoice).joined(separator: ", "))",
            fix: "apt-get install espeak-ng-data"))
    } catch {
      out.append(
        Check(name: "voices", status: .fail, message: error.message, fix: "sửa tệp giọng đọc / fix the voice file"))
    }
    do {
      let lexicon = try Lexicon.load(directory: dir)
      let respellings = try Respellings.load(directory: dir)
      out.append(
        lexicon.entries.isEmpty || lexicon.units.isEmpty || lexicon.symbols.isEmpty
          ? Check(
            name: "lexicon", status: .fail,
            message: lexicon.entries.isEmpty
              ? "thiếu từ điển phát âm / no lexicon (*.tsv) in \(dir)"
              : lexicon.units.isEmpty
                ? "thiếu bảng đơn vị đo / no unit table (units-*.tsv) in \(dir)"
                : "thiếu bảng ký hiệu / no symbol table (symbols-*.tsv) in \(dir)",
            fix: "cài lại gói loa / reinstall the package (lexicon-vi.tsv, units-vi.tsv, symbols-vi.tsv)")
          : Check(
            name: "lexicon", status: .ok,
            message:
              "\(lexicon.entries.count) mục từ điển, \(lexicon.rules.count) theo ngữ cảnh, \(lexicon.documents.words.count) loại văn bản, \(lexicon.units.words.count) đơn vị đo, \(lexicon.symbols.words.count) ký hiệu, \(respellings.entries.count) cách đọc lại / lexicon entries, context rules, document kinds, units, symbols, respellings"
          ))
    } catch {
      out.append(
        Check(name: "lexicon", status: .fail, message: error.message, fix: "sửa dòng báo lỗi / fix the line named"))
    }
    return out
  }

  func daemonChecks(_ cfg: DaemonConfig, _ status: Wire.StatusView?) async -> [Check] {
    guard let s = status else {
      return [
        Check(
          name: "daemon", status: .fail,
          message: "dịch vụ Loa không chạy / the daemon does not answer at \(server.server)",
          fix: "systemctl start loa; journalctl -u loa -n 50"),
        soundCheck(cfg),
      ]
    }
    var out = [
      Check(name: "daemon", status: .ok, message: "Loa \(s.version) chạy / running, \(Int(s.uptimeSeconds)) s")
    ]
    out.append(
      s.deviceOpen || s.lastError == nil
        ? Check(
          name: "sound", status: .ok, message: "thiết bị / device \(s.device) (do dịch vụ giữ / held by the daemon)")
        : Check(
          name: "sound", status: .fail, message: "thiết bị / device \(s.device): \(s.lastError ?? "")",
          fix: "aplay -L; sửa [audio] device / set [audio] device; id loa (nhóm audio / audio group)"))
    if let alarm = s.storageAlarm {
      out.append(Check(name: "database", status: .fail, message: alarm, fix: "loa status; docs/deploy.md"))
    } else {
      out.append(Check(name: "database", status: .ok, message: "không có cảnh báo lưu trữ / no storage alarm"))
    }
    if let warning = s.clockWarning {
      out.append(Check(name: "schedule", status: .warning, message: warning, fix: "loa schedule trust-clock"))
    } else if let sched: Scheduler.Status = try? await server.client().get("/v1/schedule") {
      out.append(
        Check(
          name: "schedule", status: sched.version == nil ? .warning : .ok,
          message: sched.version.map { "lịch phiên bản / schedule version \($0) (\(sched.name ?? ""))" }
            ?? "chưa có lịch / no schedule installed",
          fix: sched.version == nil
            ? "loa schedule apply /usr/share/loa/Schedules/xa-mau.toml (sửa trước / edit it first)" : nil))
    }
    return out
  }

  /// Opens the device and plays 0.3 s of a quiet 440 Hz tone (the daemon is not running).
  func soundCheck(_ cfg: DaemonConfig) -> Check {
    let format = AudioFormat(sampleRate: cfg.sampleRate, channels: cfg.channels)
    let out = ALSAOutput(device: cfg.device, format: format, bufferMilliseconds: cfg.bufferMilliseconds)
    do {
      try out.open()
      defer { out.close() }
      let frames = format.frames(seconds: 0.3)
      var samples = [Int16](repeating: 0, count: frames * format.channels)
      for i in 0..<frames {
        let v = Int16(2000 * sin(2 * Double.pi * 440 * Double(i) / Double(format.sampleRate)))
        for c in 0..<format.channels { samples[i * format.channels + c] = v }
      }
      _ = try samples.withUnsafeBufferPointer { buf throws(AudioError) in try out.write(buf, frames: frames) }
      return Check(name: "sound", status: .ok, message: "đã phát tiếng thử / played a test tone on \(cfg.device)")
    } catch {
      return Check(
        name: "sound", status: .fail, message: "\(cfg.device): \(error.message)",
        fix: "aplay -L; sửa [audio] device / set [audio] device; id loa (nhóm audio / audio group)")
    }
  }

  /// The kernel's view of time synchronisation (adjtimex: STA_UNSYNC cleared by NTP).
  func clockCheck() -> Check {
    return loa_clock_synchronised() != 1
      ? Check(
        name: "clock", status: .warning,
        message: "đồng hồ chưa đồng bộ NTP / the clock is not NTP-synchronised (\(LocalTime.format(Date())))",
        fix: "timedatectl set-ntp true; kiểm tra mạng / check the network")
      : Check(name: "clock", status: .ok, message: "đồng hồ đã đồng bộ / synchronised: \(LocalTime.format(Date()))")
  }

  /// The database read as it is (read-only): SQLite's own check of its pages, and a clock that is
  /// not behind the newest as-run row (a board whose clock battery died boots in the past).
  func databaseChecks(_ cfg: DaemonConfig) -> [Check] {
    let path = cfg.stateDir + "/loa.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
      return [
        Check(
          name: "integrity", status: .warning, message: "chưa có cơ sở dữ liệu / no database yet at \(path)",
          fix: "systemctl start loa")
      ]
    }
    let found: DatabaseInspection
    do { found = try DatabaseInspection.of(path: path) } catch {
      return [
        Check(
          name: "integrity", status: .fail, message: error.message,
          fix: "chạy với quyền root / run as root; ls -l \(cfg.stateDir)")
      ]
    }
    var out: [Check] = []
    out.append(
      found.integrity == "ok"
        ? Check(name: "integrity", status: .ok, message: "cơ sở dữ liệu nguyên vẹn / database intact (\(path))")
        : Check(
          name: "integrity", status: .fail, message: "cơ sở dữ liệu hỏng / database damaged: \(found.integrity)",
          fix: "systemctl stop loa; sao lưu rồi khôi phục / back it up, then: sqlite3 \(path) .recover; docs/deploy.md")
    )
    if let newest = found.newestAiring, newest > Date().addingTimeInterval(60) {
      out.append(
        Check(
          name: "clock-order", status: .fail,
          message:
            "đồng hồ \(LocalTime.format(Date())) sớm hơn lượt phát mới nhất / the clock is behind the newest airing "
            + "(\(LocalTime.format(newest)))",
          fix: "timedatectl; thay pin đồng hồ / replace the RTC battery; loa schedule trust-clock khi giờ đã đúng"))
    } else {
      out.append(
        Check(
          name: "clock-order", status: .ok,
          message: "đồng hồ không lùi sau lượt phát mới nhất / the clock is after the newest airing"))
    }
    return out
  }

  func diskCheck(_ cfg: DaemonConfig) -> Check {
    guard let bytes = freeBytes(at: cfg.stateDir) else {
      return Check(
        name: "disk", status: .fail, message: "không đọc được / cannot read \(cfg.stateDir)",
        fix: "install -d -o loa -g loa \(cfg.stateDir)")
    }
    let free = bytes / 1_000_000
    let low = free < Int64(cfg.mediaFreeFloorMB) * 2
    return Check(
      name: "disk", status: low ? .warning : .ok, message: "còn trống / free: \(free) MB in \(cfg.stateDir)",
      fix: low ? "xóa bớt tệp / free some space (loa keeps \(cfg.mediaFreeFloorMB) MB free)" : nil)
  }

  func uplinkChecks(_ cfg: DaemonConfig) -> [Check] {
    guard let u = cfg.uplink else {
      return [Check(name: "uplink", status: .ok, message: "không cấu hình / not configured (LAN only)")]
    }
    var out: [Check] = []
    if let keys = u.keysFile {
      var st = stat()
      if stat(keys, &st) != 0 {
        out.append(
          Check(name: "keys", status: .fail, message: "không đọc được / cannot read \(keys)", fix: "docs/deploy.md"))
      } else if st.st_mode & 0o007 != 0 {
        out.append(
          Check(
            name: "keys", status: .fail, message: "\(keys) ai cũng đọc được / is readable by everyone",
            fix: "chmod 640 \(keys); chown root:loa \(keys)"))
      } else {
        out.append(Check(name: "keys", status: .ok, message: "\(keys)"))
      }
    }
    out.append(
      tcpConnects(host: u.host, port: u.port)
        ? Check(
          name: "broker", status: .ok, message: "kết nối được / reachable: \(u.host):\(u.port)\(u.tls ? " (TLS)" : "")")
        : Check(
          name: "broker", status: .fail, message: "không kết nối được / cannot reach \(u.host):\(u.port)",
          fix: "kiểm tra mạng, tường lửa / check the network and firewall; [uplink] host, port"))
    return out
  }

  func tcpConnects(host: String, port: Int) -> Bool {
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var res: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &res) == 0, let ai = res else { return false }
    defer { freeaddrinfo(res) }
    let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var tv = timeval(tv_sec: 3, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    return connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0
  }
}
