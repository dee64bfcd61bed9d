import Foundation
import LoaCore
import LoaProtocol
import LoaStation

/// What the province asks of the clusters, turned into the box protocol's messages for exactly
/// the clusters it lists. Pure: the caller signs and publishes (ProvinceInbound).
struct ProvinceRequests: Sendable {
  let settings: ProvinceSettings
  let issuer: String
  /// Boxes the station knows, by the id the province uses for them.
  let clusters: [String: BoxIdentity]

  init(settings: ProvinceSettings, issuer: String, known: [BoxIdentity]) {
    self.settings = settings
    self.issuer = issuer
    var map: [String: BoxIdentity] = [:]
    for b in known { map[settings.clusterId(of: b)] = b }
    clusters = map
  }

  /// One message to some boxes.
  struct Planned: Sendable {
    var message: UplinkMessage
    var boxes: [BoxIdentity]
    var title: String
  }

  /// A province schedule: its jobs, and what the receipt repeats.
  struct PlannedSchedule: Sendable {
    var scheduleId: String
    var name: String?
    var jobs: [Planned]
    var boxes: [BoxIdentity]
    var bulletinsJSON: String
  }

  static let maxJobsPerSchedule = 2000

  func boxes(_ o: inout ProvinceObject) throws(LoaError) -> [BoxIdentity] {
    let ids = try o.clusterIds()
    guard !ids.isEmpty else {
      throw LoaError(.badTarget, "the request lists no cluster (thiếu danh sách cụm loa: CumLoaID / DanhSachThietBi)")
    }
    let unknown = ids.filter { clusters[$0] == nil }
    guard unknown.isEmpty else {
      throw LoaError(
        .unknownBox,
        "cluster(s) not known to this station: \(unknown.prefix(10).joined(separator: ", "))"
          + " (cụm loa không thuộc trạm này)")
    }
    return ids.compactMap { clusters[$0] }
  }

  func message(_ type: MessageType, now: Date, id: String = UUID().uuidString.lowercased()) -> UplinkMessage {
    // The target is set per box when it is signed.
    UplinkMessage(type: type, id: id, issuer: issuer, issuedAt: now, target: Target(province: "x"))
  }

  /// `DieuKhienThietBi {MaLenh, ThamSo}`.
  func control(_ o: inout ProvinceObject, now: Date) throws(LoaError) -> Planned {
    let boxes = try boxes(&o)
    guard var c = try o.object("DieuKhienThietBi") else {
      throw LoaError(.badQuery, "the control needs DieuKhienThietBi {MaLenh, ThamSo} (thiếu lệnh điều khiển)")
    }
    guard let code = try c.int("MaLenh") else { throw LoaError(.badQuery, "DieuKhienThietBi needs MaLenh") }
    let arg = try c.int("ThamSo")
    var m = message(.command, now: now)
    let title: String
    switch (code, arg) {
    case (0, let v?) where (0...100).contains(v):
      m.command = .volume
      m.level = v
      title = "âm lượng \(v)"
    case (0, _):
      throw LoaError(.badVolume, "MaLenh 0 (volume) needs ThamSo 0–100 (âm lượng từ 0 đến 100)")
    case (1, let v?) where v == 0 || v == 1:
      // The order seen: 0 on, 1 off (docs/province.md).
      m.command = .amplifier
      m.level = v == 0 ? 1 : 0
      title = v == 0 ? "bật công suất" : "tắt công suất"
    case (1, _):
      throw LoaError(.badQuery, "MaLenh 1 (amplifier) needs ThamSo 0 (on) or 1 (off)")
    case (2, 0?), (2, 1?):
      // Loa stops what is on air and goes on with what waits: "stop" and "next" are one act.
      m.command = .stop
      title = arg == 0 ? "dừng phát" : "bản tin tiếp theo"
    case (2, 2?):
      m.command = .pause
      title = "tạm dừng"
    case (2, 3?):
      m.command = .resume
      title = "tiếp tục phát"
    case (2, _):
      throw LoaError(.badQuery, "MaLenh 2 needs ThamSo 0 (stop), 1 (next), 2 (pause) or 3 (resume)")
    case (3, _):
      m.command = .restart
      title = "khởi động lại"
    default:
      throw LoaError(
        .badQuery, "unknown MaLenh \(code) (mã lệnh không hỗ trợ: 0 âm lượng, 1 công suất, 2 phát, 3 khởi động lại)")
    }
    return Planned(message: m, boxes: boxes, title: title)
  }

  static func bulletinClass(_ priority: Int?, default d: BulletinClass) throws(LoaError) -> BulletinClass {
    switch priority {
    case nil: d
    case 1?: .emergency
    case 2?: .priority
    case 3?: .normal
    case let p?: throw LoaError(.unknownClass, "MucDoUuTien \(p): use 1 (khẩn cấp), 2 (ưu tiên) or 3 (thông thường)")
    }
  }

  func checkURL(_ s: String, key: String) throws(LoaError) -> String {
    guard s.count <= 2048, let u = URLComponents(string: s), let scheme = u.scheme?.lowercased(),
      ["http", "https"].contains(scheme), let host = u.host, !host.isEmpty
    else {
      throw LoaError(.badMediaUrl, "\(key) must be an http(s) URL, got '\(s.prefix(120))' (đường dẫn không hợp lệ)")
    }
    return s
  }

  /// A file (it ends in an audio extension, or the type says audio) or a stream to relay.
  func content(url: String, type: Int?, duration: Double?) throws(LoaError) -> UplinkContent {
    let path = (URLComponents(string: url)?.path ?? "").lowercased()
    let isFile = type == 3 || [".mp3", ".wav"].contains { path.hasSuffix($0) }
    if isFile && type != 5 {
      return UplinkContent(mediaURL: url)
    }
    guard let duration, duration > 0 else {
      throw LoaError(.badDuration, "a stream (\(url.prefix(80))) needs its duration (Duration / ThoiLuong)")
    }
    return UplinkContent(relay: url, durationSeconds: min(duration, 6 * 3600))
  }

  /// "Phát ngay": `{Type, MediaId, Duration, CumLoaID: [...]}`, the URL in `NoiDung` (or made from
  /// `media_url`), the class from `MucDoUuTien` (default 2, priority).
  func playNow(_ o: inout ProvinceObject, now: Date) throws(LoaError) -> Planned {
    let boxes = try boxes(&o)
    let mediaId = o.string("MediaId") ?? o.string("BanTinID")
    let url: String
    if let u = o.string("NoiDung") ?? o.string("Url") ?? o.string("Link") {
      url = try checkURL(u, key: "NoiDung")
    } else if let t = settings.mediaURLTemplate, let id = mediaId {
      guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), id.count <= 128 else {
        throw LoaError(.badQuery, "MediaId '\(id.prefix(40))' is not an id")
      }
      url = try checkURL(t.replacingOccurrences(of: "{MediaId}", with: id), key: "media_url")
    } else {
      throw LoaError(
        .missingContent, "play-now needs the bulletin's URL (NoiDung), or MediaId with [province] media_url set")
    }
    let duration = try o.double("Duration") ?? o.string("ThoiLuong").flatMap(seconds(fromHMS:))
    let cls = try Self.bulletinClass(try o.int("MucDoUuTien"), default: .priority)
    var m = message(.job, now: now)
    m.bulletinClass = cls.rawValue
    m.title = o.string("TieuDe") ?? "Phát ngay \(mediaId ?? "")".trimmingCharacters(in: .whitespaces)
    m.content = try content(url: url, type: try o.int("LoaiBanTin"), duration: duration)
    m.origin = "province-system"
    m.field = try o.int("LoaiLinhVuc")
    m.author = o.author()
    m.newsSource = o.string("NguonTin")
    _ = o.raw("Type")
    _ = o.raw("Otp")
    _ = o.raw("SiteId")
    _ = o.raw("SiteMapId")
    return Planned(message: m, boxes: boxes, title: m.title ?? "phát ngay")
  }

  /// "Lịch phát": each bulletin at each `ThoiDiemPhat` becomes a job that may start at the slot's
  /// start and expires at its end, on exactly the listed clusters.
  func schedule(_ o: inout ProvinceObject, now: Date) throws(LoaError) -> PlannedSchedule {
    let boxes = try boxes(&o)
    guard let bulletins = try o.objects("DanhSachBanTin"), !bulletins.isEmpty else {
      throw LoaError(.missingContent, "the schedule has no DanhSachBanTin (lịch phát không có bản tin)")
    }
    var scheduleId = o.string("LichPhatID") ?? o.string("Id")
    var name = o.string("TenLichPhat") ?? o.string("Name")
    var jobs: [Planned] = []
    var rawBulletins: [[String: Any]] = []
    for (n, var b) in bulletins.enumerated() {
      let label = "DanhSachBanTin[\(n)]"
      rawBulletins.append(b.values)
      if scheduleId == nil { scheduleId = b.string("LichPhatID") }
      if name == nil { name = b.string("TenLichPhat") }
      guard let u = b.string("NoiDung") else { throw LoaError(.missingContent, "\(label) has no NoiDung (URL)") }
      let url = try checkURL(u, key: "\(label).NoiDung")
      let title = b.string("TieuDe") ?? "Bản tin \(b.string("BanTinID") ?? String(n + 1))"
      let duration = b.string("ThoiLuong").flatMap(seconds(fromHMS:))
      let cls = try Self.bulletinClass(try b.int("MucDoUuTien"), default: .normal)
      let field = try b.int("LoaiLinhVuc")
      let type = try b.int("LoaiBanTin")
      let author = b.author()
      let source = b.string("NguonTin")
      guard let days = try b.objects("DanhSachNgayPhat"), !days.isEmpty else {
        throw LoaError(.badTime, "\(label) has no DanhSachNgayPhat (ngày phát)")
      }
      for var d in days {
        _ = d.string("TimNgayPhat")
        guard let slots = try d.objects("ThoiDiemPhat"), !slots.isEmpty else {
          throw LoaError(.badTime, "\(label): a day without ThoiDiemPhat")
        }
        for var s in slots {
          guard let start = try s.instant("ThoiGianBatDau"), let end = try s.instant("ThoiGianKetThuc") else {
            throw LoaError(.badTime, "\(label): each ThoiDiemPhat needs ThoiGianBatDau and ThoiGianKetThuc (epoch)")
          }
          guard end > start else { throw LoaError(.expiresBeforeStart, "\(label): a slot ends before it starts") }
          if end <= now { continue }  // already over: nothing to air
          var m = message(.job, now: now)
          m.bulletinClass = cls.rawValue
          m.title = title
          m.notBefore = start > now ? start : nil
          m.expiresAt = end
          m.content = try content(url: url, type: type, duration: duration ?? end.timeIntervalSince(start))
          m.origin = "province-system"
          m.field = field
          m.author = author
          m.newsSource = source
          jobs.append(Planned(message: m, boxes: boxes, title: title))
          guard jobs.count <= Self.maxJobsPerSchedule else {
            throw LoaError(.tooLarge, "the schedule has more than \(Self.maxJobsPerSchedule) airings")
          }
        }
      }
    }
    guard let scheduleId else { throw LoaError(.badQuery, "the schedule has no LichPhatID") }
    guard !jobs.isEmpty else {
      throw LoaError(.badTime, "every slot of schedule \(scheduleId) is already over (các khung giờ đã qua)")
    }
    let json = String(
      decoding: (try? JSONSerialization.data(withJSONObject: rawBulletins, options: [.sortedKeys])) ?? Data("[]".utf8),
      as: UTF8.self)
    return PlannedSchedule(scheduleId: scheduleId, name: name, jobs: jobs, boxes: boxes, bulletinsJSON: json)
  }
}
