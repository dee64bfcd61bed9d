import Foundation
import Hummingbird
import LoaCore
import LoaProtocol
import LoaStationWire

/// The station's HTTP API (docs/api.md, "Station"): what `loa fleet` and the console read.
public struct StationAPI: Sendable {
  public let config: StationConfig
  public let store: StationStore
  public let version: String
  /// Sends to the boxes; nil: a read-only API (tests of the read routes).
  public var sender: Sender?
  /// Enrols boxes; nil: no enrolment routes.
  public var enroller: Enroller?
  /// The local token's SHA-256: with it, every route but a few needs a token (StationAuth);
  /// nil: open (in-process tests of the routes).
  public var localTokenHash: String?
  /// What this process's collector has stored since it started.
  public var ingest: (@Sendable () -> StationWire.Info.Ingest)?
  /// The province link: its endpoints (the province's own credential) and `/v1/province`.
  public var province: (any ProvinceLink)?

  public init(config: StationConfig, store: StationStore, version: String, sender: Sender? = nil) {
    self.config = config
    self.store = store
    self.version = version
    self.sender = sender
  }

  public func router() -> Router<BasicRequestContext> {
    let router = Router()
    let api = self
    province?.addRoutes(to: router)
    if let localTokenHash {
      router.add(
        middleware: StationAuthMiddleware(
          store: store, localTokenHash: localTokenHash,
          openPrefixes: province == nil ? [] : [(config.provinceLink?.inboundPath ?? "/province") + "/"]))
      router.get("/login") { request, _ in
        let token = request.uri.queryParameters.get("token") ?? ""
        let h = StationAuth.hash(token)
        guard h == localTokenHash || api.store.role(ofTokenHash: h) != nil else {
          return Response(
            status: .unauthorized, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "<!doctype html><meta charset=\"utf-8\"><p>Mã không đúng.</p>")))
        }
        return Response(
          status: .seeOther,
          headers: [
            .location: "/", .setCookie: "loa_station=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000",
          ])
      }
    }
    if let province {
      router.get("/v1/province") { _, _ in
        do {
          return try reply(
            StationWire.ProvinceView(
              link: province.state(),
              requests: try api.store.inboundLog(limit: 50),
              refused: try api.store.refusedRecords(limit: 20).map { .init(kind: $0.kind, error: $0.error, at: $0.at) })
          )
        } catch let e as LoaError {
          return try errorReply(e)
        }
      }
    }
    router.post("/v1/boxes/:box/location") { request, context in
      do {
        let box = context.parameters.get("box") ?? ""
        let body = try await request.body.collect(upTo: 4096)
        guard let l = try? Wire.decoder().decode(StationWire.Location.self, from: Data(buffer: body)) else {
          throw LoaError(.badQuery, "the body needs latitude and longitude (vĩ độ, kinh độ)")
        }
        guard (-90...90).contains(l.latitude), (-180...180).contains(l.longitude) else {
          throw LoaError(.badQuery, "latitude must be -90…90 and longitude -180…180 (vĩ độ / kinh độ không hợp lệ)")
        }
        guard try api.store.setLocation(box: box, latitude: l.latitude, longitude: l.longitude) else {
          throw LoaError(.unknownBox, "no box '\(box.prefix(64))' at this station (không có cụm loa này)")
        }
        return try reply(l)
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.get("/v1/station") { _, _ in
      var info = StationWire.Info(
        name: api.config.name, province: api.config.province, commune: api.config.commune, version: api.version)
      info.database = api.store.dialect == .sqlite ? "sqlite" : "postgres"
      info.share = api.config.shareGroup
      info.ingest = api.ingest?()
      return try reply(info)
    }
    router.get("/v1/fleet") { request, _ in
      do {
        return try reply(try api.fleet(request.uri.queryParameters))
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    if let sender {
      router.post("/v1/send") { request, context in
        do {
          let body = try await request.body.collect(upTo: 256 * 1024)
          let r: StationWire.SendRequest
          do { r = try Wire.decoder().decode(StationWire.SendRequest.self, from: Data(buffer: body)) } catch {
            throw LoaError(.badQuery, "the body is not a send request: \(error)")
          }
          return try reply(try sender.send(r), status: .created)
        } catch let e as LoaError {
          return try errorReply(e)
        }
      }
    }
    if let enroller {
      router.post("/v1/boxes") { request, _ in
        do {
          let body = try await request.body.collect(upTo: 16 * 1024)
          let r: StationWire.EnrolRequest
          do { r = try Wire.decoder().decode(StationWire.EnrolRequest.self, from: Data(buffer: body)) } catch {
            throw LoaError(.badQuery, "the body needs 'hamlet' (and may have 'name', 'box')")
          }
          return try reply(try enroller.enrol(r), status: .created)
        } catch let e as LoaError {
          return try errorReply(e)
        }
      }
      router.get("/v1/enroll/:code") { _, context in
        do {
          let code = (context.parameters.get("code") ?? "").uppercased()
          let text = try api.store.redeem(code: code)
          return try reply(StationWire.EnrolledConfig(config: text, files: enroller.files))
        } catch let e as LoaError {
          return try errorReply(e)
        }
      }
    }
    router.get("/v1/deliveries/:id") { _, context in
      do {
        let id = context.parameters.get("id") ?? ""
        guard
          let d = try api.store.delivery(id: id.lowercased(), heartbeatSeconds: api.config.heartbeatSeconds)
            ?? api.store.delivery(id: id, heartbeatSeconds: api.config.heartbeatSeconds)
        else {
          throw LoaError(.unknownSend, "nothing was sent from this station under id '\(id.prefix(64))'")
        }
        return try reply(d)
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    Console(api: self).add(to: router)
    if let live = config.live, let sender { StationLive(settings: live, sender: sender).add(to: router) }
    StationMedia(
      directory: (config.stateDir as NSString).appendingPathComponent("media"), publicURL: config.publicURL
    ).add(to: router)
    router.get("/v1/inbox") { request, _ in
      do {
        let area = request.uri.queryParameters.get("for") ?? (api.config.commune == nil ? "tinh" : "xa")
        let boxes = try api.sender?.resolve(area).1 ?? api.store.knownBoxes().map(\.identity)
        return try reply(try api.store.inbox(boxes: boxes))
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.get("/v1/reports/airtime") { request, _ in
      do {
        return try reply(try api.report(request.uri.queryParameters))
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.get("/v1/asrun") { request, _ in
      do {
        return try reply(try api.asRun(request.uri.queryParameters))
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    return router
  }

  /// `since`, `until` (ISO 8601, required), `for` (xa, a hamlet, a box; default the whole area),
  /// `gap_s` (sessions, default 300).
  func report(_ q: Parameters) throws -> StationWire.AreaReport {
    guard let s = q.get("since"), let since = LocalTime.parseISO(s), let u = q.get("until"),
      let until = LocalTime.parseISO(u), since < until
    else { throw LoaError(.badTime, "give since and until as ISO 8601 times, since before until") }
    guard until.timeIntervalSince(since) <= 366 * 86_400 + 3600 else {
      throw LoaError(.badTime, "a report covers at most a year")
    }
    var gap = 300.0
    if let g = q.get("gap_s") {
      guard let v = Double(g), (0...86_400).contains(v) else { throw LoaError(.badQuery, "gap_s must be 0–86400") }
      gap = v
    }
    let area = q.get("for") ?? (config.commune == nil ? "tinh" : "xa")
    let boxes: [BoxIdentity]
    if let sender {
      boxes = try sender.resolve(area).1
    } else {
      boxes = try store.knownBoxes().map(\.identity)
    }
    return try store.areaReport(to: area, boxes: boxes, from: since, until: until, gapSeconds: gap)
  }

  /// `box=loa-01` (required), `after=ROW` (row id), `limit=1..5000`: the box's rows in its order.
  func asRun(_ q: Parameters) throws -> StationWire.AsRunRows {
    guard let box = q.get("box"), !box.isEmpty else {
      throw LoaError(.badQuery, "name the box: /v1/asrun?box=ID (cần mã cụm loa)")
    }
    guard try store.knows(box: box) else {
      throw LoaError(.unknownBox, "this station has never heard from box '\(box.prefix(64))' (không có cụm loa này)")
    }
    var after: Int64 = 0
    if let s = q.get("after") {
      guard let v = Int64(s), v >= 0 else {
        throw LoaError(.badQuery, "after must be a row id (0 or more), got '\(s.prefix(32))'")
      }
      after = v
    }
    var limit = 1000
    if let s = q.get("limit") {
      guard let v = Int(s), (1...5000).contains(v) else {
        throw LoaError(.badQuery, "limit must be 1–5000, got '\(s.prefix(32))'")
      }
      limit = v
    }
    return StationWire.AsRunRows(box: box, rows: try store.asRun(box: box, after: after, limit: limit))
  }

  static func startOfDay(_ d: Date) -> Date {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = LocalTime.zone
    return cal.startOfDay(for: d)
  }

  /// `state=online|offline|lost|unknown` (offline includes lost), `hamlet=ap-3`.
  func fleet(_ q: Parameters) throws -> StationWire.Fleet {
    let now = Date()
    var f = try store.fleet(now: now, heartbeatSeconds: config.heartbeatSeconds, dayStart: Self.startOfDay(now))
    if let h = q.get("hamlet") {
      guard f.boxes.contains(where: { $0.hamlet == h }) else {
        throw LoaError(.unknownHamlet, "no box of this station is in hamlet '\(h.prefix(64))' (không có thôn/ấp này)")
      }
      f.boxes = f.boxes.filter { $0.hamlet == h }
    }
    if let s = q.get("state") {
      guard let state = StationWire.BoxState(rawValue: s) else {
        throw LoaError(
          .badQuery,
          "state must be one of \(StationWire.BoxState.allCases.map(\.rawValue).joined(separator: ", ")), "
            + "got '\(s.prefix(32))'")
      }
      f.boxes = f.boxes.filter { $0.state == state || (state == .offline && $0.state == .lost) }
    }
    return f
  }
}

func reply<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
  Response(
    status: status, headers: [.contentType: "application/json; charset=utf-8"],
    body: .init(byteBuffer: ByteBuffer(bytes: try Wire.encoder().encode(value))))
}

func errorReply(_ e: LoaError) throws -> Response {
  try reply(
    Wire.ErrorBody(code: e.code.rawValue, message: e.message),
    status: {
      switch e.code.kind {
      case .notFound: .notFound
      case .invalid: .unprocessableContent
      case .conflict: .conflict
      default: .serviceUnavailable
      }
    }())
}
