import Foundation
import Hummingbird
import LoaCore
import LoaProtocol
import LoaReports
import LoaStationWire
import Mustache
import ServiceLifecycle

/// The station's web console (read-only, Vietnamese): the overview with live counts, the area
/// tree and the device list with filters, a box's page, a delivery's page, the month's report.
/// Server-rendered (swift-mustache), a few lines of script for live updates (server-sent events);
/// nothing from a CDN, so it works on a commune office's LAN without internet.
struct Console: Sendable {
  let api: StationAPI
  static let templates: MustacheLibrary = {
    var l = MustacheLibrary()
    for (name, text) in [
      ("overview", ConsolePages.overview), ("box", ConsolePages.box), ("delivery", ConsolePages.delivery),
      ("report", ConsolePages.report), ("head", ConsolePages.head),
    ] {
      // Constants of this file: a template that does not parse is a programming error.
      try! l.register(MustacheTemplate(string: text), named: name)
    }
    return l
  }()

  func add(to router: Router<BasicRequestContext>) {
    let console = self
    router.get("/") { request, _ in try console.overview(request.uri.queryParameters) }
    router.get("/box/:box") { _, context in try console.box(context.parameters.get("box") ?? "") }
    router.get("/delivery/:id") { _, context in try console.delivery(context.parameters.get("id") ?? "") }
    router.get("/report") { request, _ in try console.report(request.uri.queryParameters) }
    router.get("/events") { _, _ in console.events() }
  }

  func page(_ name: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
    var c = context
    c["station"] = api.config.name
    let html = Self.templates.render(c, withTemplate: name) ?? "<p>Lỗi trang</p>"
    return Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: html)))
  }

  func errorPage(_ message: String, status: HTTPResponse.Status) -> Response {
    page("report", ["title": "Không tìm thấy", "error": message], status: status)
  }

  static func stateName(_ s: StationWire.BoxState) -> String {
    switch s {
    case .online: "đang kết nối"
    case .offline: "ngoại tuyến"
    case .lost: "mất kết nối"
    case .unknown: "chưa liên lạc"
    }
  }

  static func short(_ d: Date?) -> String { d.map { String(LocalTime.format($0).prefix(16)) } ?? "—" }

  func fleet() throws -> StationWire.Fleet {
    let now = Date()
    return try api.store.fleet(
      now: now, heartbeatSeconds: api.config.heartbeatSeconds, dayStart: StationAPI.startOfDay(now))
  }

  func overview(_ q: Parameters) throws -> Response {
    let f = try fleet()
    let hamlet = q.get("hamlet")
    let state = q.get("state").flatMap(StationWire.BoxState.init(rawValue:))
    let shown = f.boxes.filter { b in
      (hamlet.map { b.hamlet == $0 } ?? true)
        && (state.map { b.state == $0 || ($0 == .offline && b.state == .lost) } ?? true)
    }
    let hamlets = Dictionary(grouping: f.boxes, by: \.hamlet).sorted { $0.key < $1.key }.map { h, boxes in
      [
        "hamlet": h, "count": boxes.count, "online": boxes.filter { $0.state == .online }.count,
        "selected": h == hamlet,
      ] as [String: Any]
    }
    return page(
      "overview",
      [
        "title": "Tổng quan", "total": f.total, "online": f.online, "offline": f.offline, "playing": f.playing,
        "hamlets": hamlets, "filter": hamlet ?? state.map(Self.stateName) ?? false,
        "province": api.province.map { link -> [String: Any] in
          let s = link.state()
          return [
            "state": s.loggedIn ? "đã kết nối" : "chưa kết nối được", "airings": s.airingsWaiting,
            "receipts": s.receiptsWaiting, "error": s.lastError ?? false,
          ]
        } ?? false,
        "boxes": shown.map { b in
          [
            "box": b.box, "name": b.name ?? b.box, "hamlet": b.hamlet, "state": b.state.rawValue,
            "stateName": Self.stateName(b.state), "since": Self.short(b.since), "onAir": b.onAir ?? "—",
            "volume": b.volume.map(String.init) ?? "—", "deadAir": String(format: "%.0f", b.deadAirTodaySeconds),
            "lastSeen": Self.short(b.lastSeen), "version": b.version ?? "—",
          ] as [String: Any]
        },
      ])
  }

  func box(_ id: String) throws -> Response {
    let f = try fleet()
    guard let b = f.boxes.first(where: { $0.box == id }) else {
      return errorPage("Không có cụm loa '\(id.prefix(64))' ở trạm này.", status: .notFound)
    }
    let now = Date()
    let day = StationAPI.startOfDay(now)
    let identity = try BoxIdentity(province: b.province, commune: b.commune, hamlet: b.hamlet, box: b.box)
    let rows =
      (try api.store.reportRows(boxKeys: [StationStore.key(identity)], from: day, until: now.addingTimeInterval(86_400)))
      .values.flatMap { $0 }.sorted { ($0.placedAt ?? .distantPast) < ($1.placedAt ?? .distantPast) }
    let spans = try api.store.spans(box: id).suffix(10).reversed()
    return page(
      "box",
      [
        "title": b.name ?? b.box, "box": b.box, "name": b.name ?? b.box, "hamlet": b.hamlet,
        "stateName": Self.stateName(b.state), "state": b.state.rawValue, "since": Self.short(b.since),
        "lastSeen": Self.short(b.lastSeen), "onAir": b.onAir ?? "—", "volume": b.volume.map(String.init) ?? "—",
        "version": b.version ?? "—", "schedule": b.scheduleVersion.map { "v\($0)" } ?? "—",
        "deadAir": String(format: "%.0f", b.deadAirTodaySeconds), "waiting": b.asRunWaiting ?? 0,
        "error": b.lastError ?? "",
        "rows": rows.map { r in
          [
            "time": r.startedAt.map { String(LocalTime.format($0).dropFirst(11).prefix(8)) } ?? "—",
            "title": r.title, "kind": r.kind.rawValue, "class": r.bulletinClass.rawValue,
            "outcome": r.outcome.rawValue, "duration": r.durationSeconds.map { String(format: "%.0f s", $0) } ?? "—",
          ] as [String: Any]
        },
        "spans": spans.map { s in
          [
            "what": s.online ? "kết nối" : "mất kết nối", "from": Self.short(s.from),
            "to": s.to.map { Self.short($0) } ?? "nay",
          ] as [String: Any]
        },
      ])
  }

  func delivery(_ id: String) throws -> Response {
    guard let d = try api.store.delivery(id: id.lowercased(), heartbeatSeconds: api.config.heartbeatSeconds) else {
      return errorPage("Không có bản tin đã gửi với mã '\(id.prefix(64))'.", status: .notFound)
    }
    return page(
      "delivery",
      [
        "title": d.title ?? d.kind, "to": d.to, "sent": Self.short(d.sentAt), "complete": d.complete,
        "boxes": d.boxes.map { b in
          [
            "box": b.box, "hamlet": b.hamlet, "state": b.state.rawValue, "stateName": b.state.name,
            "at": Self.short(b.at),
            "aired": b.airedSeconds.map { String(format: "%.0f s", $0) } ?? "", "detail": b.detail ?? "",
          ] as [String: Any]
        },
      ])
  }

  func report(_ q: Parameters) throws -> Response {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = LocalTime.zone
    let month =
      q.get("month")
      ?? {
        let c = cal.dateComponents([.year, .month], from: Date())
        return String(format: "%04d-%02d", c.year!, c.month!)
      }()
    guard let p = try? Period.month(month), let from = p.from, let until = p.until else {
      return errorPage("Tháng '\(month.prefix(16))' không hợp lệ; viết YYYY-MM.", status: .unprocessableContent)
    }
    let area = api.config.commune == nil ? "tinh" : "xa"
    let boxes = try api.sender?.resolve(area).1 ?? api.store.knownBoxes().map(\.identity)
    let r = try api.store.areaReport(to: area, boxes: boxes, from: from, until: until, gapSeconds: 300)
    func line(_ p: StationWire.AreaReport.Part) -> [String: Any] {
      [
        "hamlet": p.hamlet, "box": p.box ?? "\(p.boxes) cụm", "sessions": p.report.sessions,
        "hours": String(format: "%.1f", p.report.hours),
        "own": String(format: "%.1f", p.report.hoursByOrigin[Origin.own.rawValue] ?? 0),
        "relay": String(format: "%.1f", p.report.hoursByOrigin[Origin.relay.rawValue] ?? 0),
        "bulletins": p.report.ownBulletins, "emergencies": p.report.emergencies, "failures": p.report.failures,
        "up": p.report.periodHours > 0 ? String(format: "%.1f", 100 * p.report.upHours / p.report.periodHours) : "—",
      ]
    }
    return page(
      "report",
      [
        "title": "Báo cáo tháng \(month)", "month": month, "boxes": r.boxes, "sessions": r.total.sessions,
        "hours": String(format: "%.1f", r.total.hours), "hamletLines": r.hamlets.map(line),
        "boxLines": r.perBox.map(line),
      ])
  }

  /// Server-sent events: the counts and each box's state, whenever they change (checked every
  /// second); the stream ends after five minutes and the browser opens it again.
  func events() -> Response {
    let console = self
    return Response(
      status: .ok,
      headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
      body: ResponseBody { writer in
        var last = ""
        let start = Date()
        try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
        while !Task.isCancelled && !Task.isShuttingDownGracefully && Date().timeIntervalSince(start) < 300 {
          if let f = try? console.fleet() {
            let body: [String: Any] = [
              "total": f.total, "online": f.online, "offline": f.offline, "playing": f.playing,
              "boxes": f.boxes.map { ["box": $0.box, "state": $0.state.rawValue, "name": Self.stateName($0.state)] },
            ]
            let text = String(
              decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
            if text != last {
              try await writer.write(ByteBuffer(string: "data: \(text)\n\n"))
              last = text
            }
          }
          try? await Task.sleep(nanoseconds: 1_000_000_000)
        }
        try await writer.finish(nil)
      })
  }
}
