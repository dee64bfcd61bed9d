import Crypto
import Foundation
import Hummingbird
import LoaCore
import LoaProtocol
import LoaStation
import LoaStationWire

/// The endpoints the province calls on the station (under `[province] inbound_path`, default
/// `/province`): `DieuKhien` (control), `PhatNgay` (play now), `LichPhat` (a schedule) and
/// `LichPhat/Huy` (cancel one). Each needs `Authorization: Bearer <inbound_token>` from the
/// credentials file, answers in the province's shape (`TrangThaiGui` 0 or 1 with `MoTa`), and
/// keeps the request as it came, with the fields Loa did not know.
extension ThongTinNguonLink {
  static let maxBody = 1024 * 1024

  public func addRoutes(to router: Router<BasicRequestContext>) {
    guard let token = inboundToken else {
      context.logger.warning(
        "province link: no inbound_token in the credentials file; the province cannot send commands to this station")
      return
    }
    let base = context.settings.inboundPath
    let expected = Data(SHA256.hash(data: Data(token.utf8)))
    for (name, kind) in [
      ("DieuKhien", "control"), ("PhatNgay", "play-now"), ("LichPhat", "schedule"),
      ("LichPhat/Huy", "schedule-cancel"),
    ] {
      router.post(RouterPath(stringLiteral: "\(base)/\(name)")) { request, _ in
        let presented = request.headers[.authorization].flatMap {
          $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil
        }
        // Compared as hashes: the time taken does not tell how much of a guess was right.
        guard let presented, Data(SHA256.hash(data: Data(presented.utf8))) == expected else {
          return Self.answer(.unauthorized, ok: false, "Sai thông tin xác thực / wrong or missing bearer token")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maxBody) } catch {
          return Self.answer(
            .contentTooLarge, ok: false, "Dữ liệu quá lớn / the body is larger than \(Self.maxBody / 1024) KB")
        }
        return self.handle(kind: kind, Data(buffer: body))
      }
    }
  }

  static func answer(_ status: HTTPResponse.Status, ok: Bool, _ message: String, content: [String: Any]? = nil)
    -> Response
  {
    var o: [String: Any] = ["TrangThaiGui": ok ? 0 : 1, "MoTa": message]
    if let content { o["NoiDung"] = content }
    let data = (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])) ?? Data()
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// Parses, checks, sends; keeps the request and what became of it.
  func handle(kind: String, _ data: Data, now: Date = Date()) -> Response {
    let text = String(decoding: data.prefix(Self.maxBody), as: UTF8.self)
    var unknown: [String] = []
    do throws(LoaError) {
      var o = try ProvinceObject.parse(data, what: kind)
      _ = o.raw("NguonID")
      _ = o.raw("TenNguon")
      _ = o.raw("DanhSachDiaBanNhan")
      let known = try context.store.knownBoxes().map(\.identity)
      let plan = ProvinceRequests(
        settings: context.settings, issuer: "tinh:\(context.settings.sourceId)", known: known)
      var sent: [StationWire.SendAnswer] = []
      var detail: String
      switch kind {
      case "control":
        let p = try plan.control(&o, now: now)
        sent.append(try send(p))
        detail = p.title
      case "play-now":
        let p = try plan.playNow(&o, now: now)
        sent.append(try send(p))
        detail = "\(p.message.bulletinClass ?? "") \(p.title)"
      case "schedule":
        let s = try plan.schedule(&o, now: now)
        // The same schedule again (a new sync) replaces the jobs it had sent.
        if let old = try context.store.provinceSchedule(id: s.scheduleId), old.cancelSendId == nil {
          _ = try cancelJobs(old, plan: plan, now: now)
        }
        for j in s.jobs { sent.append(try send(j)) }
        try context.store.saveProvinceSchedule(
          .init(
            scheduleId: s.scheduleId, name: s.name, sendId: sent.first?.id ?? "", jobIds: sent.map(\.id),
            boxes: s.boxes, bulletins: s.bulletinsJSON, cancelSendId: nil))
        detail = "lịch \(s.scheduleId): \(s.jobs.count) lượt phát × \(s.boxes.count) cụm loa"
      case "schedule-cancel":
        guard let id = o.string("LichPhatID") else {
          throw LoaError(.badQuery, "the cancel needs LichPhatID (mã lịch phát)")
        }
        _ = o.raw("TenLichPhat")
        _ = o.raw("DanhSachThietBi")
        guard let s = try context.store.provinceSchedule(id: id) else {
          throw LoaError(
            .unknownSend, "no schedule \(id.prefix(64)) was received from the province (không có lịch này)")
        }
        let cancels = try cancelJobs(s, plan: plan, now: now)
        try context.store.markScheduleCancelled(id: id, cancelSendId: cancels.joined(separator: ","))
        detail = "huỷ lịch \(id): \(s.jobIds.count) lượt phát"
        sent = []
      default:
        throw LoaError(.badQuery, "unknown request")
      }
      unknown = o.unknownKeys
      if !unknown.isEmpty {
        context.logger.notice(
          "province request carried fields Loa does not use (kept)",
          metadata: ["kind": "\(kind)", "fields": "\(unknown.joined(separator: ","))"])
      }
      _ = try? context.store.recordInbound(
        kind: kind, body: text, unknownKeys: unknown, result: "sent", detail: detail,
        sendId: sent.map(\.id).joined(separator: ",").nilIfBlank, at: now)
      context.logger.info("province request sent to the boxes", metadata: ["kind": "\(kind)", "what": "\(detail)"])
      return Self.answer(
        .ok, ok: true, "Đã nhận / accepted: \(detail)",
        content: [
          "MaGui": sent.map(\.id), "CumLoaID": Array(Set(sent.flatMap(\.boxes))).sorted(),
        ])
    } catch {
      _ = try? context.store.recordInbound(
        kind: kind, body: text, unknownKeys: unknown, result: "refused",
        detail: "\(error.code.rawValue): \(error.message)",
        sendId: nil, at: now)
      context.logger.warning(
        "province request refused", metadata: ["kind": "\(kind)", "why": "\(error.message)"])
      let status: HTTPResponse.Status =
        switch error.code.kind {
        case .notFound: .notFound
        case .invalid: .badRequest
        case .conflict: .conflict
        default: .serviceUnavailable
        }
      return Self.answer(status, ok: false, "\(error.message) [\(error.code.rawValue)]")
    }
  }

  func send(_ p: ProvinceRequests.Planned) throws(LoaError) -> StationWire.SendAnswer {
    try context.sender.send(
      p.message, toEach: p.boxes, label: "tinh", title: p.title, operatorName: "tỉnh (\(context.settings.sourceId))")
  }

  /// Cancels every job a schedule sent, on its boxes; returns the cancel messages' ids.
  func cancelJobs(_ s: StationStore.ProvinceSchedule, plan: ProvinceRequests, now: Date) throws(LoaError) -> [String] {
    var ids: [String] = []
    for job in s.jobIds {
      var m = plan.message(.cancel, now: now)
      m.refersTo = job
      ids.append(
        try context.sender.send(m, toEach: s.boxes, label: "tinh", title: "huỷ \(job.prefix(8))", operatorName: "tỉnh")
          .id)
    }
    return ids
  }
}
