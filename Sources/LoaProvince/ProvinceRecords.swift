import Foundation
import LoaCore
import LoaProtocol
import LoaStation

/// The records Loa sends the province, in its field names (docs/province.md lists where each
/// was seen). Pure functions of what the station knows, so they are tested without a network.
struct ProvinceRecords: Sendable {
  let settings: ProvinceSettings
  let version: String

  /// The receiving area: configured, or the cluster's own.
  var area: [String: Any] {
    [
      "NguonID": settings.sourceId, "TenNguon": settings.sourceName, "DichID": settings.targetId ?? settings.sourceId,
      "TenDich": settings.targetName ?? settings.sourceName,
    ]
  }

  func device(_ b: BoxIdentity, name: String?) -> [String: Any] {
    area.merging(
      [
        "CumLoaID": settings.clusterId(of: b), "TenThietBi": name ?? "Cụm loa \(b.hamlet) \(b.box)",
        "MaNhaCungCap": settings.vendorCode, "TenNhaCungCap": settings.vendorName,
      ], uniquingKeysWith: { a, _ in a })
  }

  /// The status ping: playing (0) or stopped (2) from what the box last said; a box the station
  /// has not heard from within three heartbeats is "Mất kết nối" (lost connection), never skipped.
  func status(_ b: StationStore.PingBox, at now: Date) -> [String: Any] {
    var r = device(b.identity, name: b.name)
    r["TenLoaiThietBi"] = settings.deviceType
    r["AmLuong"] = b.volume.map(String.init) ?? ""
    r["TrangThaiHoatDong"] = b.paused ? 1 : (b.online && b.onAir != nil ? 0 : 2)
    r["TrangThaiKetNoi"] = b.online ? (b.connection ?? "Ethernet") : "Mất kết nối"
    r["ViDo"] = orNull(b.latitude)
    r["KinhDo"] = orNull(b.longitude)
    var info: [String: Any] = [:]
    if let t = b.temperatureC { info["NhietDo"] = t }
    if let s = b.storageUsedPercent { info["DungLuongSuDung"] = "\(s)%" }
    if let a = b.amplifierOn { info["CongSuat"] = a ? "Bật" : "Tắt" }
    r["ThongTinThietBi"] = info
    r["ThoiDiemBatDau"] = Int(now.timeIntervalSince1970)
    r["NoiDungPhat"] = b.onAirURL ?? b.onAir ?? ""
    r["PhienBanUngDung"] = b.version ?? version
    return r
  }

  static func priority(_ c: BulletinClass) -> Int {
    switch c {
    case .emergency: 1
    case .priority: 2
    case .normal: 3
    }
  }

  /// Content type (Loại bản tin, reports.md): 1 text, 3 audio, 5 live; a relayed stream is 5.
  static func contentType(_ k: AiringKind) -> Int {
    switch k {
    case .speech: 1
    case .relay, .live: 5
    default: 3
    }
  }

  /// One airing, from one as-run row. The province's record logs a start; the end, the time
  /// played and the outcome go in `ThongTinChiTietBanTin`, so nothing is invented or lost.
  func airing(_ p: StationStore.PendingAiring) -> [String: Any] {
    let row = p.row
    var r = device(p.identity, name: p.boxName)
    r["BanTinID"] = row.jobId
    r["LoaiBanTin"] = Self.contentType(row.kind)
    r["MucDoUuTien"] = Self.priority(row.bulletinClass)
    r["TieuDe"] = row.title
    r["LoaiLinhVuc"] = orNull(row.field?.rawValue)
    r["NoiDungTomTat"] = row.title
    r["ThoiGianSanXuat"] = NSNull()
    r["ThoiLuong"] = hms(row.durationSeconds)
    r["TacGia"] = ["TenDayDu": row.author ?? "", "ButDanh": "", "Email": ""]
    let start = row.startedAt ?? row.loggedAt ?? row.scheduledAt
    r["ThoiDiemBatDau"] = orNull(start.map { Int($0.timeIntervalSince1970) })
    r["TiepAm"] = row.kind == .relay || (row.origin?.isRelay ?? false) ? 1 : 0
    r["NguonTiepAm"] = row.kind == .relay ? (row.url ?? "") : (row.origin?.isRelay == true ? row.origin!.rawValue : "")
    r["NoiDung"] = row.url ?? ""
    r["NguonTin"] = row.newsSource ?? ""
    r["AmLuong"] = p.volume.map(String.init) ?? ""
    r["CongSuat"] = ""
    var details: [[String: String]] = [
      ["Ten": "KetQua", "GiaTri": row.outcome.rawValue],
      ["Ten": "ThoiDiemKetThuc", "GiaTri": row.endedAt.map { String(Int($0.timeIntervalSince1970)) } ?? ""],
      ["Ten": "ThoiLuongDaPhat", "GiaTri": hms(row.durationSeconds)],
      ["Ten": "LoaiPhat", "GiaTri": row.kind.rawValue],
      ["Ten": "DongNhatKy", "GiaTri": "\(p.identity.box)#\(row.id ?? 0)"],
    ]
    if let e = row.error { details.append(["Ten": "Loi", "GiaTri": String(e.prefix(300))]) }
    if let by = row.preemptedBy { details.append(["Ten": "BiNgatBoi", "GiaTri": by]) }
    if let d = row.deadAirSeconds, d > 0 { details.append(["Ten": "ImLangGiay", "GiaTri": String(format: "%.1f", d)]) }
    if let l = row.language { details.append(["Ten": "NgonNgu", "GiaTri": l]) }
    r["ThongTinChiTietBanTin"] = details
    return r
  }

  func scheduleAdded(_ s: StationStore.ProvinceSchedule, box: BoxIdentity, name: String?) -> [String: Any] {
    var r = device(box, name: name)
    r["DanhSachDiaBan"] = [["DichID": settings.targetId ?? settings.sourceId]]
    r["LichPhatID"] = s.scheduleId
    r["TenLichPhat"] = s.name ?? ""
    r["DanhSachBanTin"] = (try? JSONSerialization.jsonObject(with: Data(s.bulletins.utf8))) ?? []
    return r
  }

  func scheduleCancelled(_ s: StationStore.ProvinceSchedule, boxes: [BoxIdentity]) -> [String: Any] {
    var r = area
    r["DanhSachThietBi"] = ["CumLoaID": boxes.map { settings.clusterId(of: $0) }]
    r["LichPhatID"] = s.scheduleId
    r["TenLichPhat"] = s.name ?? ""
    return r
  }
}

/// A JSON null where there is no value (the province's fields are always present).
func orNull<T>(_ v: T?) -> Any { v.map { $0 as Any } ?? NSNull() }
