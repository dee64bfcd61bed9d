import Foundation
import Hummingbird
import LoaAudio
import LoaCore
import LoaPlayout
import LoaRelay
import LoaScheduling
import LoaSpeech
import LoaStorage

/// The control API (`/v1/...`, HTTP + JSON) used by the CLI. See `docs/api.md`.
public struct ControlAPI: Sendable {
  public let engine: PlayoutEngine
  /// The box's store, for what the API reads (jobs, the as-run log, the inbox) and the inbox's own writes.
  public let store: Store
  public let scheduler: Scheduler?
  public let rules: JobRules
  public let voices: VoiceCatalog
  public let mediaDirectory: String
  public let version: String
  public let stateDirectory: String
  public let startedAt: Date
  /// The largest request body accepted.
  public let maxBodyBytes: Int
  /// How large a media file may be, and how much space must stay free.
  public var mediaLimits = MediaLimits()
  public struct MediaLimits: Sendable {
    public var maxBytes: Int64 = 500_000_000
    public var freeFloorBytes: Int64 = 100_000_000
    public init() {}
  }
  /// Where files sent by URL are downloaded.
  public let cache: ContentCache?
  /// The uplink's state for `loa status`.
  public let uplinkStatus: (@Sendable () -> Wire.UplinkView?)?
  /// LAN ingest of signed uplink envelopes: the envelope in, the ack's JSON and what it means out.
  public let ingest: (@Sendable (Data) -> IngestAnswer)?
  /// `/metrics` (Prometheus text); nil: no route.
  public var metricsText: (@Sendable () -> String)?
  /// Users, tokens and roles; nil: every request is allowed (in-process tests of the routes).
  public var auth: AuthSettings?

  public init(
    store: Store, engine: PlayoutEngine, scheduler: Scheduler? = nil, rules: JobRules, voices: VoiceCatalog,
    mediaDirectory: String, stateDirectory: String, version: String, startedAt: Date = Date(),
    maxBodyBytes: Int = 1 << 20, cache: ContentCache? = nil,
    uplinkStatus: (@Sendable () -> Wire.UplinkView?)? = nil,
    ingest: (@Sendable (Data) -> IngestAnswer)? = nil
  ) {
    self.ingest = ingest
    self.cache = cache
    self.uplinkStatus = uplinkStatus
    self.engine = engine
    self.store = store
    self.scheduler = scheduler
    self.rules = rules
    self.voices = voices
    self.mediaDirectory = mediaDirectory
    self.stateDirectory = stateDirectory
    self.version = version
    self.startedAt = startedAt
    self.maxBodyBytes = maxBodyBytes
  }

  public func router() -> Router<BasicRequestContext> {
    let router = Router()
    if let auth {
      router.add(middleware: AuthMiddleware(settings: auth, store: store))
      addAuthRoutes(router, settings: auth)
    }
    let api = self
    router.get("/v1/health") { _, _ in
      // Cheap: the player's published state, no database, no directory walk.
      let player = !api.engine.playerStalled(longerThan: 30)
      let device = api.engine.status(settle: 0).deviceOpen
      return try json(Wire.Health(ok: player, version: api.version, player: player, deviceOpen: device))
    }
    if let metrics = api.metricsText {
      router.get("/metrics") { _, _ in
        Response(
          status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
          body: .init(byteBuffer: ByteBuffer(string: await offload("loa-metrics") { metrics() })))
      }
    }
    router.get("/v1/status") { _, _ in try json(api.statusView()) }
    router.post("/v1/status/clear-alarm") { _, _ in
      try api.run { () throws(LoaError) in try api.store.clearStorageAlarm() }
      return try json(api.statusView())
    }
    router.get("/v1/voices") { _, _ in
      try json(
        api.voices.profiles.map { Wire.VoiceView(name: $0.name, aliases: $0.aliases, description: $0.description) })
    }
    router.get("/v1/jobs") { _, _ in try json(api.queueView()) }
    router.post("/v1/jobs") { request, _ in
      var body = try await api.decode(JobRequest.self, from: request)
      body.operatorName = Caller.operatorName(body.operatorName)
      var cached: String?
      if let url = body.mediaURL {
        guard body.text == nil, body.file == nil, body.media == nil, body.relay == nil else {
          throw APIError(
            .unprocessableContent, "ambiguous_content", "give one of 'text', 'file', 'media', 'media_url' or 'relay'")
        }
        cached = try await api.fetchMedia(url: url, sha256: body.sha256)
      }
      let file = cached
      let request = body
      let job = try await offload("loa-submit") { Result { try api.createJob(request, cachedFile: file) } }.get()
      return try json(Wire.JobView(job), status: .created)
    }
    router.get("/v1/jobs/:id") { _, context in
      let id = try context.parameters.require("id")
      guard let job = try api.run({ () throws(LoaError) in try api.store.job(id: id) }) else {
        throw APIError(.notFound, "job_not_found", "no job with id \(id) (không tìm thấy bản tin)")
      }
      return try json(Wire.JobView(job))
    }
    router.post("/v1/jobs/:id/cancel") { request, context in
      let id = try context.parameters.require("id")
      let body = try await api.decodeOptional(Wire.OperatorBody.self, from: request)
      let job = try api.run { () throws(LoaError) in
        try api.engine.cancel(id: id, operatorName: Caller.operatorName(body?.operatorName))
      }
      return try json(Wire.JobView(job))
    }
    router.post("/v1/jobs/:id/move") { request, context in
      let id = try context.parameters.require("id")
      let body = try await api.decodeOptional(Wire.MoveBody.self, from: request)
      let job = try api.run { () throws(LoaError) in try api.engine.move(id: id, before: body?.before) }
      return try json(Wire.JobView(job))
    }
    router.post("/v1/stop") { request, _ in
      let body = try await api.decodeOptional(Wire.OperatorBody.self, from: request)
      guard let job = api.engine.stopCurrent(operatorName: Caller.operatorName(body?.operatorName)) else {
        throw APIError(.conflict, "nothing_on_air", "nothing is on air (không có gì đang phát)")
      }
      return try json(Wire.JobView(job))
    }
    router.post("/v1/pause") { request, _ in
      let body = try await api.decodeOptional(Wire.OperatorBody.self, from: request)
      guard try api.engine.pause(operatorName: Caller.operatorName(body?.operatorName)) else {
        throw APIError(.conflict, "already_paused", "the box is already paused (đang tạm dừng)")
      }
      return try json(api.statusView())
    }
    router.post("/v1/resume") { _, _ in
      guard try api.engine.resume() else {
        throw APIError(.conflict, "not_paused", "the box is not paused (không ở trạng thái tạm dừng)")
      }
      return try json(api.statusView())
    }
    router.get("/v1/asrun") { request, _ in
      let q = request.uri.queryParameters
      func instant(_ name: String) throws -> Date? {
        guard let s = q.get(name) else { return nil }
        guard let d = LocalTime.parseISO(s) else {
          throw APIError(.badRequest, "bad_query", "'\(name)' must be an ISO 8601 instant, got '\(s)'")
        }
        return d
      }
      let since = try instant("since")
      let until = try instant("until")
      var cls: BulletinClass?
      if let c = q.get("class") {
        guard let parsed = BulletinClass(officerText: c) else {
          throw APIError(.badRequest, "bad_query", "'class' must be normal, priority or emergency, got '\(c)'")
        }
        cls = parsed
      }
      let afterId = try api.intParam(q.get("after_id"), name: "after_id", default: 0)
      let limit = try api.intParam(q.get("limit"), name: "limit", default: 1000)
      guard (1...10_000).contains(limit) else {
        throw APIError(.badRequest, "bad_query", "'limit' must be between 1 and 10000")
      }
      let rows = try api.run { () throws(LoaError) in
        if let job = q.get("job_id") { return try api.store.asRun(jobId: job) }
        return try api.store.asRun(
          since: since, until: until, bulletinClass: cls, afterId: Int64(afterId), limit: limit)
      }
      return try json(Wire.AsRunPage(rows: rows))
    }
    addScheduleRoutes(router)
    addMediaRoutes(router)
    addReportRoutes(router)
    addBoxRoutes(router)
    router.post("/v1/uplink") { request, _ in
      guard let ingest = api.ingest else {
        throw APIError(.notFound, "no_uplink", "this Loa has no [uplink] section: no keys to check signatures with")
      }
      let body = try await api.readBody(request)
      // Checking, storing (fsync) and a media download all block: never on the event loop.
      let r = await offload("loa-ingest") { ingest(body) }
      let status: HTTPResponse.Status =
        switch r.kind {
        case .stored: .created
        case .known: .ok
        case .forbidden: .forbidden
        case .tooLarge: .contentTooLarge
        case .refused: .unprocessableContent
        }
      return Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: r.ack)))
    }
    return router
  }

  func intParam(_ s: String?, name: String, default d: Int) throws -> Int {
    guard let s else { return d }
    guard let v = Int(s), v >= 0 else {
      throw APIError(.badRequest, "bad_query", "'\(name)' must be a whole number, got '\(s)'")
    }
    return v
  }

  func run<T>(_ body: () throws(LoaError) -> T) throws(APIError) -> T {
    do { return try body() } catch { throw APIError(error) }
  }

  func readBody(_ request: Request) async throws -> Data {
    var req = request
    do {
      let buffer = try await req.collectBody(upTo: maxBodyBytes)
      return Data(buffer.readableBytesView)
    } catch {
      throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(maxBodyBytes) bytes")
    }
  }

  func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
    let data = try await readBody(request)
    guard !data.isEmpty else {
      throw APIError(.badRequest, "malformed_json", "the request body is empty; send a JSON object")
    }
    do { return try Wire.decoder().decode(T.self, from: data) } catch {
      throw APIError(
        .badRequest, "malformed_json", "the request body is not valid JSON for this call: \(Self.describe(error))")
    }
  }

  func decodeOptional<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
    let data = try await readBody(request)
    if data.isEmpty { return nil }
    do { return try Wire.decoder().decode(T.self, from: data) } catch {
      throw APIError(
        .badRequest, "malformed_json", "the request body is not valid JSON for this call: \(Self.describe(error))")
    }
  }

  static func describe(_ error: any Error) -> String {
    guard let e = error as? DecodingError else { return "\(error)" }
    func path(_ c: DecodingError.Context) -> String {
      c.codingPath.isEmpty ? "body" : "'" + c.codingPath.map(\.stringValue).joined(separator: ".") + "'"
    }
    switch e {
    case .typeMismatch(let t, let c): return "\(path(c)) should be \(t): \(c.debugDescription)"
    case .valueNotFound(let t, let c): return "\(path(c)) should be \(t), found null"
    case .keyNotFound(let k, _): return "'\(k.stringValue)' is missing"
    case .dataCorrupted(let c): return "\(path(c)): \(c.debugDescription)"
    @unknown default: return "\(error)"
    }
  }

  /// Validates, copies a file into the media folder, and stores the job before answering.
  func createJob(_ body: JobRequest, cachedFile: String? = nil) throws -> Job {
    let now = Date()
    var body = body
    var stored: String? = cachedFile
    var copied = false
    if let media = body.media {
      guard body.file == nil, body.text == nil, body.relay == nil, body.mediaURL == nil else {
        throw APIError(
          .unprocessableContent, "ambiguous_content", "give one of 'text', 'file', 'media', 'media_url' or 'relay'")
      }
      stored = try mediaPath(media)
      body.file = stored
    } else if let file = body.file {
      stored = try storeMedia(file)
      copied = true
    }
    do {
      let job = try body.validated(rules: rules, now: now, defaultSource: .api, storedFile: stored)
      return try engine.submit(job)
    } catch {
      if let stored, copied { try? FileManager.default.removeItem(atPath: stored) }
      throw APIError(error)
    }
  }

  /// Downloads a job's media into the content cache on a thread of its own (the download blocks).
  func fetchMedia(url: String, sha256: String?) async throws -> String {
    guard let cache else {
      throw APIError(.unprocessableContent, "no_cache", "this Loa has no content cache for 'media_url'")
    }
    let pinned = store.activeFilePaths()
    let result: Result<String, LoaError> = await withCheckedContinuation { c in
      let t = Thread {
        c.resume(returning: Result { () throws(LoaError) in try cache.fetch(url: url, sha256: sha256, pinned: pinned) })
      }
      t.name = "loa-fetch"
      t.start()
    }
    switch result {
    case .success(let path): return path
    case .failure(let e):
      throw APIError(e)
    }
  }

  func storeMedia(_ path: String) throws -> String {
    guard path.hasPrefix("/") else {
      throw APIError(.unprocessableContent, "bad_file", "'file' must be an absolute path on the box, got '\(path)'")
    }
    try checkMediaFile(path)
    do { _ = try AudioFile.open(path, format: AudioFormat(sampleRate: 22050, channels: 1)) } catch {
      throw APIError(.unprocessableContent, error.kind == .io ? "file_unreadable" : "bad_audio", error.message)
    }
    let ext = AudioFile.isWAV(path) ? ".wav" : ".mp3"
    let dest = (mediaDirectory as NSString).appendingPathComponent(UUID().uuidString.lowercased() + ext)
    do {
      try FileManager.default.createDirectory(atPath: mediaDirectory, withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: path, toPath: dest)
    } catch {
      throw APIError(
        .serviceUnavailable, "storage", "cannot copy '\(path)' into \(mediaDirectory): \(error.localizedDescription)")
    }
    return dest
  }

  /// Only a regular file of a sensible size is opened: a FIFO would block the handler in `open()`
  /// for ever, a device or a directory is never audio, and a file larger than the media limit (or
  /// than half the free space, or one that would leave less than the floor free) is refused before
  /// a byte is copied.
  func checkMediaFile(_ path: String) throws {
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw APIError(
        .unprocessableContent, "file_unreadable", "cannot read '\(path)': \(String(cString: strerror(errno)))")
    }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      let what =
        switch st.st_mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
      throw APIError(
        .unprocessableContent, "not_a_file", "'\(path)' is \(what), not an audio file (không phải tệp âm thanh)")
    }
    try checkMediaSpace(Int64(st.st_size), for: "'\(path)'")
  }

  func onAirView(_ s: EngineStatus) -> Wire.OnAirView? {
    s.onAir.map {
      Wire.OnAirView(job: Wire.JobView($0.job), segment: $0.segment, repetition: $0.repetition, startedAt: $0.startedAt)
    }
  }

  func queueView() -> Wire.QueueView {
    let s = engine.status()
    return Wire.QueueView(onAir: onAirView(s), queued: s.queued.map(Wire.JobView.init))
  }

  func statusView() -> Wire.StatusView {
    let s = engine.status()
    var view = Wire.StatusView(
      version: version, startedAt: startedAt, uptimeSeconds: Date().timeIntervalSince(startedAt),
      onAir: onAirView(s), queuedCount: s.queued.count, device: s.device, deviceOpen: s.deviceOpen,
      lastError: s.lastError, underruns: s.underruns, airingsCompleted: s.airingsCompleted,
      airingsFailed: s.airingsFailed, stateDir: stateDirectory, voices: voices.profiles.map(\.name),
      box: boxView(s), uplink: uplinkStatus?())
    var alarms = [(try? store.storageAlarm()) ?? nil].compactMap { $0 }
    if s.spilledRows > 0 {
      alarms.append(
        "\(s.spilledRows) as-run row(s) could not be written to the database (disk full?) and wait in "
          + "asrun-spill.jsonl; free space, they are written at the next start "
          + "(\(s.spilledRows) dòng nhật ký chưa ghi được vào cơ sở dữ liệu)")
    }
    view.storageAlarm = alarms.isEmpty ? nil : alarms.joined(separator: "; ")
    view.lastUncleanStop = (try? store.lastUncleanStop())??.stoppedAt
    view.paused = s.paused.map { Wire.PausedView(by: $0.by, since: $0.since) }
    if let sched = scheduler?.status(), sched.clockHeld, let hw = sched.highWater {
      view.clockWarning =
        "the clock (\(LocalTime.format(engine.clock.now()))) is behind the latest time seen (\(LocalTime.format(hw))): "
        + "scheduled airings are held and jobs given a start time wait by this clock; check the time, then "
        + "`loa schedule trust-clock` (đồng hồ bị lùi: lịch tạm dừng, bản tin hẹn giờ chờ theo giờ này)"
    }
    return view
  }
}

/// Runs blocking work (a file copy, an fsync'd commit, a download) on a thread of its own, so the
/// HTTP event loop keeps answering (`/v1/health` among others) while it runs. The listener's
/// connection cap bounds how many run at once.
func offload<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { c in
    let t = Thread { c.resume(returning: body()) }
    t.name = name
    t.start()
  }
}

func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
  let data = try Wire.encoder().encode(value)
  return Response(
    status: status, headers: [.contentType: "application/json; charset=utf-8"],
    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
