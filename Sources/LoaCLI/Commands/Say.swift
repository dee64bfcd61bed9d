import ArgumentParser
import Foundation
import LoaCore
import LoaSpeech
import LoaStationWire

/// Options shared by `say` and `play`: class, timing, repeat, waiting.
struct JobOptions: ParsableArguments {
  @Option(name: .customLong("class"), help: "normal, priority or emergency (thông thường, ưu tiên, khẩn cấp).")
  var bulletinClass: String = "normal"
  @Option(name: .customLong("repeat"), help: "How many times to air it (emergency default: 2).")
  var repeatCount: Int?
  @Option(help: "Title in the log (default: the first words).") var title: String?
  @Option(help: "Earliest start: HH:MM, 'YYYY-MM-DD HH:MM' (Vietnam time), +10m, or ISO 8601.") var at: String?
  @Option(help: "Do not air after this time (same forms as --at).") var expires: String?
  @Option(name: .customLong("operator"), help: "Who queues it (default $LOA_OPERATOR or $USER).")
  var operatorName: String?
  @Option(help: "Field (lĩnh vực) 1–6: 1 general, 2 sudden, 3 policy, 4 local-direction, 5 knowledge, 6 good-examples.")
  var field: String?
  @Option(help: "Language code from the station's list (ngôn ngữ), e.g. vi, hmn, tay.") var language: String?
  @Option(
    help:
      "Origin (nguồn gốc): own, relay-national, relay-province, relay-district, relay-other, province-system, province-bulletin."
  )
  var origin: String?
  @Option(help: "Author (tác giả).") var author: String?
  @Option(name: .customLong("news-source"), help: "News source (nguồn tin).") var newsSource: String?
  @Flag(help: "Wait until the job ends; exit 0 only if it completed.") var wait = false
  @Option(name: .customLong("wait-timeout"), help: "Seconds to wait with --wait.") var waitTimeout: Double = 7200
  @Flag(help: "Print the job as JSON.") var json = false
  @Option(
    help:
      "Send through the commune station to: xa (every box), a hamlet code, or a box id (gửi qua trạm xã). See 'loa fleet'."
  )
  var to: String?
  @OptionGroup var station: StationOptions

  func request(text: String?, file: String?, voice: String?) throws -> JobRequest {
    guard BulletinClass(rawValue: bulletinClass.lowercased()) != nil else {
      throw CLIError(
        "unknown class '\(bulletinClass)': use normal, priority or emergency "
          + "(thông thường = normal, ưu tiên = priority, khẩn cấp = emergency)")
    }
    let now = Date()
    let notBefore = try at.map { s throws(LoaError) in try LocalTime.parse(s, now: now) }
    let expiresAt = try expires.map { s throws(LoaError) in try LocalTime.parse(s, now: now) }
    var request = JobRequest(
      text: text, file: file, bulletinClass: bulletinClass.lowercased(), voice: voice, repeatCount: repeatCount,
      title: title, notBefore: notBefore, expiresAt: expiresAt, operatorName: resolveOperator(operatorName),
      source: "cli")
    try label(&request)
    return request
  }

  /// The labels, checked for form here (the box checks the language against its list).
  func label(_ request: inout JobRequest) throws {
    if let field {
      guard let f = BulletinField(argument: field) else {
        throw CLIError("unknown field '\(field)': use 1 to 6 (lĩnh vực không hợp lệ: \(BulletinField.listing))")
      }
      request.field = f.rawValue
    }
    request.language = language
    request.origin = origin?.lowercased()
    request.author = author
    request.newsSource = newsSource
  }

  /// With `--to`, through the station to every box of the target (and with `--wait`, until each
  /// has aired it or said why not); otherwise to the box of `--server`.
  func submit(_ request: JobRequest, box: () throws -> APIClient) async throws {
    if let to {
      var r = StationWire.SendRequest(to: to, job: request)
      r.operatorName = request.operatorName
      try await StationSend.run(r, station: station, wait: wait ? waitTimeout : nil, json: json)
      return
    }
    try await submit(request, client: try box())
  }

  /// Submits, prints the id (or JSON) and, with --wait, follows the job to its end.
  func submit(_ request: JobRequest, client: APIClient) async throws {
    let job: Wire.JobView = try await client.post("/v1/jobs", request)
    if json { try printJSONLine(job) } else { print(job.id) }
    guard wait else { return }
    let deadline = Date().addingTimeInterval(waitTimeout)
    var last = job
    while !last.status.isFinal {
      if Date() > deadline {
        throw CLIError("gave up waiting after \(Int(waitTimeout)) s; job \(job.id) is \(last.status.rawValue)")
      }
      try await Task.sleep(nanoseconds: 250_000_000)
      last = try await client.get("/v1/jobs/\(job.id)")
    }
    if json { try printJSONLine(last) }
    if last.status != .completed {
      let reason = last.lastError.map { ": \($0)" } ?? ""
      throw CLIError("job \(job.id) ended \(last.status.rawValue)\(reason)", exitCode: 4)
    }
    if !json { FileHandle.standardError.write(Data("loa: đã phát xong / completed\n".utf8)) }
  }
}

/// `loa say TEXT`: queue a bulletin to be spoken.
struct Say: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "say",
    abstract: "Queue a text bulletin to be spoken (đọc bản tin). Prints the job id.")

  @OptionGroup var server: ServerOptions
  @Argument(help: "The bulletin text; '-' reads it from standard input.") var text: String?
  @Option(name: .customLong("text-file"), help: "Read the text from a UTF-8 file.") var textFile: String?
  @Option(help: "Voice profile: vi (Bắc), vi-vn-x-central (Trung), vi-vn-x-south (Nam).") var voice: String?
  @Flag(name: .customLong("print-text"), help: "Print the spoken form and exit; nothing is queued.")
  var printText = false
  @OptionGroup var job: JobOptions

  func run() async throws {
    try await runReporting {
      try checkArgumentsAreUTF8()
      let body: String
      switch (text, textFile) {
      case (nil, nil): throw CLIError("give the text, '-' for standard input, or --text-file FILE (thiếu nội dung)")
      case (.some, .some): throw CLIError("give the text or --text-file, not both")
      case (.some("-"), nil):
        let data = FileHandle.standardInput.readDataToEndOfFile()
        body = try decodeUTF8Strictly([UInt8](data), what: "standard input")
      case (.some(let t), nil): body = t
      case (nil, .some(let path)):
        guard let data = FileManager.default.contents(atPath: path) else {
          throw CLIError("cannot read the text file '\(path)' (không đọc được tệp)")
        }
        body = try decodeUTF8Strictly([UInt8](data), what: "'\(path)'")
      }
      if printText {
        let dialect = VoiceCatalog.builtIn.profile(named: voice ?? "vi")?.dialect ?? .north
        print(VietnameseNormalizer(lexicon: try loadLexicon(nil)).normalize(body, dialect: dialect))
        return
      }
      try await job.submit(try job.request(text: body, file: nil, voice: voice)) { try server.client() }
    }
  }
}

/// `loa play FILE`: queue an audio file.
struct Play: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "play",
    abstract: "Queue an audio file (WAV or MP3) to be played (phát tệp âm thanh). Prints the job id.")

  @OptionGroup var server: ServerOptions
  @Argument(help: "WAV or MP3 file on this machine, or an http(s) URL the box downloads first.") var file: String
  @Option(help: "With a URL: the file's SHA-256 (hex); the download is refused if it differs.") var sha256: String?
  @OptionGroup var job: JobOptions

  func run() async throws {
    try await runReporting {
      if file.hasPrefix("http://") || file.hasPrefix("https://") {
        var request = try job.request(text: nil, file: nil, voice: nil)
        request.mediaURL = file
        request.sha256 = sha256
        try await job.submit(request) {
          var client = try server.client()
          client.timeout = 330
          return client
        }
        return
      }
      if job.to != nil {
        // Through the station: it keeps the file by its SHA-256 and the boxes download it from it.
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        guard FileManager.default.isReadableFile(atPath: path) else {
          throw CLIError("cannot read '\(file)' (không đọc được tệp)")
        }
        var client = try await job.station.client()
        client.timeout = 330
        let stored = try await client.upload(file: URL(fileURLWithPath: path), as: StationWire.MediaStored.self)
        var request = try job.request(text: nil, file: nil, voice: nil)
        request.mediaURL = stored.url
        request.sha256 = stored.sha256
        if request.title == nil { request.title = (path as NSString).lastPathComponent }
        try await job.submit(request) { try server.client() }
        return
      }
      if sha256 != nil { throw CLIError("--sha256 goes with a URL, not a local file") }
      let path = URL(fileURLWithPath: file).standardizedFileURL.path
      guard FileManager.default.fileExists(atPath: path) else {
        throw CLIError("no such file: '\(file)' (không có tệp)")
      }
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw CLIError("cannot read '\(file)': permission denied")
      }
      // The file's content goes to the box (this machine's paths mean nothing there, and the
      // daemon never opens a path in someone's home).
      var client = try server.client()
      client.timeout = 330
      let upload = try await client.upload(file: URL(fileURLWithPath: path))
      var request = try job.request(text: nil, file: nil, voice: nil)
      request.media = upload.media
      if request.title == nil { request.title = (path as NSString).lastPathComponent }
      try await job.submit(request, client: client)
    }
  }
}

/// `loa relay URL --for DURATION`: relay a live stream (VOV, the provincial station).
struct Relay: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "relay",
    abstract: "Relay a live stream for a fixed time (tiếp sóng), e.g. loa relay http://…/vov1 --for 15m.")

  @OptionGroup var server: ServerOptions
  @Argument(help: "The stream's http:// or https:// address (Icecast or MP3 over HTTP).") var url: String
  @Option(name: .customLong("for"), help: "How long: 90s, 15m, 1h30m (10 s to 6 h).") var duration: String
  @OptionGroup var job: JobOptions

  func run() async throws {
    try await runReporting {
      guard let seconds = parseDuration(duration) else {
        throw CLIError("--for must be a duration like 90s, 15m or 1h30m, got '\(duration)'")
      }
      var request = try job.request(text: nil, file: nil, voice: nil)
      request.relay = url
      request.durationSeconds = Double(seconds)
      try await job.submit(request) { try server.client() }
    }
  }
}
