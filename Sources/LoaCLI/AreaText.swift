import Foundation
import LoaCore
import LoaReports
import LoaStationWire

/// `loa report airtime --for xa`: the area's totals, then one line per hamlet and per box.
enum AreaText {
  static let headings = [
    "Thôn/ấp", "Cụm loa", "Số buổi phát", "Số giờ phát", "Giờ tự sản xuất", "Giờ tiếp âm", "Tin tự sản xuất",
    "Khẩn cấp", "Lỗi", "Im lặng (phút)", "Giờ hoạt động", "Tỷ lệ hoạt động (%)", "Lần mất kết nối",
  ]

  static func cells(_ p: StationWire.AreaReport.Part) -> [String] {
    let r = p.report
    let relay = r.hoursByOrigin[Origin.relay.rawValue] ?? 0
    return [
      p.hamlet, p.box ?? "(\(p.boxes) cụm)", String(r.sessions), hours(r.hours),
      hours(r.hoursByOrigin[Origin.own.rawValue] ?? 0), hours(relay), String(r.ownBulletins), String(r.emergencies),
      String(r.failures), String(format: "%.0f", r.deadAirSeconds / 60), hours(r.upHours),
      r.periodHours > 0 ? String(format: "%.1f", 100 * r.upHours / r.periodHours) : "-", String(p.offlineSpans),
    ]
  }

  static func hours(_ h: Double) -> String { String(format: "%.1f", h) }

  static func table(_ r: StationWire.AreaReport) -> String {
    var s = "BÁO CÁO TOÀN KHU VỰC / AREA REPORT: \(r.to) · \(r.boxes) cụm loa\n"
    s += "(số giờ là tổng giờ phát của các cụm; buổi phát trùng giờ ở nhiều cụm tính là một buổi)\n\n"
    s += ReportText.table(r.total) + "\n"
    let rows = [headings] + r.hamlets.map(cells) + r.perBox.map(cells)
    let widths = headings.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
    for (n, row) in rows.enumerated() {
      if n == 1 { s += "— theo thôn/ấp —\n" }
      if n == 1 + r.hamlets.count { s += "— theo cụm loa —\n" }
      s += row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
        separator: "  ")
      s += "\n"
    }
    return s
  }

  /// The printed page: the area's figures and chart, then a table by hamlet and one by box.
  static func html(_ r: StationWire.AreaReport, station: String) -> String {
    ReportHTML.airtime(
      r.total, station: station, box: nil,
      area: "Khu vực: \(r.to == "xa" ? "toàn xã" : r.to) · \(r.boxes) cụm loa",
      tables: [
        .init(title: "Theo thôn/ấp", headings: headings, rows: r.hamlets.map(cells)),
        .init(title: "Theo cụm loa", headings: headings, rows: r.perBox.map(cells)),
      ])
  }

  /// One line per hamlet and per box; a UTF-8 BOM first (Excel).
  static func csv(_ r: StationWire.AreaReport) -> String {
    var s = "\u{FEFF}" + headings.joined(separator: ",") + "\r\n"
    for p in r.hamlets + r.perBox {
      s += cells(p).map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\r\n"
    }
    return s
  }
}
