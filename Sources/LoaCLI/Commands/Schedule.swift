import ArgumentParser
import Foundation
import LoaCore
import LoaProtocol
import LoaScheduling
import LoaSpeech
import LoaStationWire

/// `loa schedule …`: check, preview, apply and roll back the broadcast schedule (lịch phát thanh).
struct ScheduleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Broadcast schedule (lịch phát thanh): check, preview, apply, rollback, history.",
    subcommands: [
      ScheduleCheck.self, SchedulePreview.self, ScheduleApply.self, ScheduleRollback.self, ScheduleHistory.self,
      ScheduleStatus.self, ScheduleTrustClock.self,
    ])
}

/// Reads a schedule file the way `check` and `apply` both need it.
public struct ScheduleFileInput {
  public var path: String
  public var text: String
  public var baseDir: String

  public init(_ path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CLIError("cannot read the schedule file '\(path)' (không đọc được tệp lịch)")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw CLIError("the schedule file '\(path)' is not UTF-8; save it as UTF-8 (tệp lịch không phải UTF-8)")
    }
    self.path = path
    self.text = text
    let abs = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    baseDir = (abs as NSString).deletingLastPathComponent
  }

  /// The body for the daemon with the files the schedule names by relative path: text files
  /// inline, audio files uploaded first (`POST /v1/media`). The daemon then opens nothing in this
  /// machine's folders (it may be another machine, or a service that cannot see home folders).
  /// Absolute paths in the schedule stay paths on the box.
  func body(client: APIClient, operatorName: String?) async throws -> Wire.ScheduleBody {
    let prefix = baseDir.hasSuffix("/") ? baseDir : baseDir + "/"
    func relative(_ resolved: String) -> String? {
      resolved.hasPrefix(prefix) ? String(resolved.dropFirst(prefix.count)) : nil
    }
    nonisolated(unsafe) var texts: [String: String] = [:]
    let (parsed, _) = ScheduleParser.parse(text, baseDir: baseDir) { resolved in
      let content = ScheduleParser.readFile(resolved)
      if let rel = relative(resolved), let content { texts[rel] = content }
      return content
    }
    var media: [String: String] = [:]
    for program in parsed?.programs.values.sorted(by: { $0.id < $1.id }) ?? [] {
      for case .file(_, let resolved) in program.items {
        guard let rel = relative(resolved), media[rel] == nil else { continue }
        guard FileManager.default.isReadableFile(atPath: resolved) else {
          throw CLIError("cannot read the audio file '\(rel)' named by the schedule (không đọc được tệp âm thanh)")
        }
        media[rel] = try await client.upload(file: URL(fileURLWithPath: resolved)).media
      }
    }
    var body = Wire.ScheduleBody(text: text, baseDir: baseDir, operatorName: operatorName)
    body.texts = texts
    body.media = media
    return body
  }
}

extension ScheduleFileInput {
  /// The schedule and the files it names, for the station to send to its boxes: text files
  /// inline, audio files sent to the station first (`POST /v1/media`, kept by SHA-256), which the
  /// boxes download from it and check.
  func forStation(client: APIClient) async throws -> (text: String, texts: [String: String], media: [String: MediaFile])
  {
    let prefix = baseDir.hasSuffix("/") ? baseDir : baseDir + "/"
    nonisolated(unsafe) var texts: [String: String] = [:]
    let (parsed, _) = ScheduleParser.parse(text, baseDir: baseDir) { resolved in
      let content = ScheduleParser.readFile(resolved)
      if resolved.hasPrefix(prefix), let content { texts[String(resolved.dropFirst(prefix.count))] = content }
      return content
    }
    var media: [String: MediaFile] = [:]
    for program in parsed?.programs.values.sorted(by: { $0.id < $1.id }) ?? [] {
      for case .file(_, let resolved) in program.items where resolved.hasPrefix(prefix) {
        let rel = String(resolved.dropFirst(prefix.count))
        guard media[rel] == nil else { continue }
        guard FileManager.default.isReadableFile(atPath: resolved) else {
          throw CLIError("cannot read the audio file '\(rel)' named by the schedule (không đọc được tệp âm thanh)")
        }
        let stored = try await client.upload(file: URL(fileURLWithPath: resolved), as: StationWire.MediaStored.self)
        media[rel] = MediaFile(url: stored.url, sha256: stored.sha256)
      }
    }
    return (text, texts, media)
  }
}

public struct VoicesOption: ParsableArguments {
  @Option(name: .customLong("voices-dir"), help: "Voice profiles to check against (env LOA_VOICES_DIR).")
  var voicesDir: String?

  public init() {}

  public func catalog() throws -> VoiceCatalog {
    guard let dir = voicesDir ?? ProcessInfo.processInfo.environment["LOA_VOICES_DIR"] else { return .builtIn }
    return try VoiceCatalog.load(directory: dir)
  }
}

/// `loa schedule check FILE`
struct ScheduleCheck: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Check a schedule file without applying it (kiểm tra tệp lịch).")
  @Argument(help: "The schedule file (TOML).") var file: String
  @OptionGroup var voices: VoicesOption

  func run() async throws {
    try await runReporting {
      let input = try ScheduleFileInput(file)
      let checked = CheckedSchedule.check(
        text: input.text, baseDir: input.baseDir, voices: try voices.catalog(), now: Date())
      for p in checked.problems { print(p.formatted(file: file)) }
      guard checked.isValid, let s = checked.schedule else {
        throw CLIError("\(checked.errors.count) lỗi; lịch chưa dùng được (\(checked.errors.count) error(s))")
      }
      let week = s.expand(from: Date(), to: Date().addingTimeInterval(7 * 86400)).count
      print(
        "OK: \(s.programs.count) chương trình, \(s.slots.count) quy tắc, \(week) lần phát trong 7 ngày tới "
          + "(\(s.programs.count) programmes, \(s.slots.count) rules, \(week) airings in the next 7 days)")
    }
  }
}

/// `loa schedule preview [FILE] [--days N]`
struct SchedulePreview: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preview",
    abstract: "Print the airings of the next days in local time (xem trước lịch); without FILE, the installed schedule."
  )
  @Argument(help: "A schedule file; without it, the schedule installed on the daemon.") var file: String?
  @Option(help: "How many days (1–366).") var days = 7
  @OptionGroup var voices: VoicesOption
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false

  func validate() throws {
    guard (1...366).contains(days) else { throw ValidationError("--days must be from 1 to 366, got \(days)") }
  }

  func run() async throws {
    try await runReporting {
      let entries: [TimelineEntry]
      if let file {
        let input = try ScheduleFileInput(file)
        let checked = CheckedSchedule.check(
          text: input.text, baseDir: input.baseDir, voices: try voices.catalog(), now: Date())
        // Preview also works on a file with overlaps or quiet-hour airings: that is what it is for.
        let (parsed, parseProblems) = ScheduleParser.parse(input.text, baseDir: input.baseDir)
        guard let s = parsed else {
          for p in parseProblems { print(p.formatted(file: file)) }
          throw CLIError("the file has errors; fix them first (tệp lịch có lỗi)")
        }
        let startOfToday = Calendar.vietnam.startOfDay(for: Date())
        entries = Timeline.entries(s, from: startOfToday, days: days, lengths: checked.lengths)
      } else {
        entries = try await server.client().get(
          "/v1/schedule/preview", query: [URLQueryItem(name: "days", value: String(days))])
      }
      if json {
        try printJSONLine(entries)
      } else {
        print(Render.timeline(entries))
      }
    }
  }
}

/// `loa schedule apply FILE`
struct ScheduleApply: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply", abstract: "Check a schedule file and install it on the daemon (áp dụng lịch).")
  @Argument(help: "The schedule file (TOML).") var file: String
  @OptionGroup var server: ServerOptions
  @Option(name: .customLong("operator")) var operatorName: String?
  @Option(help: "Through the commune station to: xa, a hamlet code or a box id (gửi lịch cho các cụm loa).")
  var to: String?
  @OptionGroup var station: StationOptions
  @Option(name: .customLong("wait"), help: "With --to: seconds to wait for every box's answer.") var wait: Double = 30

  func run() async throws {
    try await runReporting {
      let input = try ScheduleFileInput(file)
      if let to {
        var client = try await station.client()
        client.timeout = 330
        let (text, texts, media) = try await input.forStation(client: client)
        var r = StationWire.SendRequest(to: to)
        r.schedule = text
        r.texts = texts
        r.media = media.isEmpty ? nil : media
        r.operatorName = resolveOperator(operatorName)
        try await StationSend.run(r, station: station, wait: wait, json: false)
        return
      }
      var client = try server.client()
      client.timeout = 330
      let body = try await input.body(client: client, operatorName: resolveOperator(operatorName))
      // The daemon checks against its own voices and files; errors are shown against the file.
      let checked: Wire.ScheduleResult = try await client.post("/v1/schedule/check", body)
      guard checked.ok else {
        for p in checked.problems { print(p.problem.formatted(file: file)) }
        throw CLIError(
          "the schedule was not applied; the running schedule is unchanged (lịch có lỗi, lịch đang chạy giữ nguyên)")
      }
      let result: Wire.ScheduleResult = try await client.post("/v1/schedule/apply", body)
      for p in result.problems { print(p.problem.formatted(file: file)) }
      guard result.ok else { throw CLIError("the schedule was not applied; the running schedule is unchanged") }
      print(
        "đã áp dụng lịch phiên bản \(result.version ?? 0) / applied schedule version \(result.version ?? 0)"
          + ((result.withdrawn ?? 0) > 0 ? " (\(result.withdrawn!) airing(s) of the old schedule withdrawn)" : ""))
    }
  }
}

/// `loa schedule rollback`
struct ScheduleRollback: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollback", abstract: "Go back to the schedule that was installed before (quay lại lịch trước).")
  @OptionGroup var server: ServerOptions
  @Option(name: .customLong("operator")) var operatorName: String?

  func run() async throws {
    try await runReporting {
      let result: Wire.ScheduleResult = try await server.client().post(
        "/v1/schedule/rollback", Wire.OperatorBody(operatorName: resolveOperator(operatorName)))
      print("đã quay lại lịch phiên bản \(result.version ?? 0) / rolled back to version \(result.version ?? 0)")
    }
  }
}

/// `loa schedule history`
struct ScheduleHistory: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history", abstract: "Who applied or rolled back the schedule, and when (lịch sử thay đổi).")
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let changes: [ScheduleChange] = try await server.client().get("/v1/schedule/history")
      if json { return try printJSONLine(changes) }
      print(Render.scheduleHistory(changes))
    }
  }
}

/// `loa schedule status`
struct ScheduleStatus: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "The installed schedule and its next airing (lịch đang chạy).")
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let s: Scheduler.Status = try await server.client().get("/v1/schedule")
      if json { return try printJSONLine(s) }
      guard let v = s.version else {
        print("chưa có lịch / no schedule installed (loa schedule apply FILE)")
        return
      }
      print("lịch / schedule: \(s.name ?? "-") (phiên bản / version \(v))")
      print("lần phát tới / next: \(Render.time(s.nextAiring)) \(s.nextProgram ?? "-")")
      if s.clockHeld {
        print(
          "CẢNH BÁO: đồng hồ bị lùi so với \(Render.time(s.highWater)); lịch tạm dừng. Kiểm tra giờ rồi chạy "
            + "'loa schedule trust-clock' / the clock went back; the schedule is held")
      }
    }
  }
}

/// `loa schedule trust-clock`
struct ScheduleTrustClock: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trust-clock",
    abstract: "After checking the box's time, let the schedule run again when the clock went back (xác nhận giờ).")
  @OptionGroup var server: ServerOptions
  @Option(name: .customLong("operator")) var operatorName: String?

  func run() async throws {
    try await runReporting {
      let _: Scheduler.Status = try await server.client().post(
        "/v1/schedule/trust-clock", Wire.OperatorBody(operatorName: resolveOperator(operatorName)))
      print("đã xác nhận giờ hiện tại / clock accepted: \(Render.time(Date()))")
    }
  }
}

extension Calendar {
  static var vietnam: Calendar {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = LocalTime.zone
    return c
  }
}
