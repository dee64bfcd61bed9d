import Foundation
import LoaCore

/// The airtime report as an officer reads it: a Vietnamese table for the terminal, and CSV that
/// Excel and LibreOffice open with the Vietnamese intact (UTF-8 with a BOM, comma separated).
public enum ReportText {
  /// The lines of the report: (heading, value) pairs, in the order they are shown.
  public static func lines(_ r: AirtimeReport) -> [(String, String)] {
    func h(_ x: Double) -> String { String(format: "%.2f", x) }
    var out: [(String, String)] = [
      ("Từ", LocalTime.format(r.from)), ("Đến (không kể)", LocalTime.format(r.until)),
      ("Số buổi phát", "\(r.sessions)"), ("Số lượt phát", "\(r.airings)"), ("Số giờ phát", h(r.hours)),
    ]
    for o in Origin.allCases where o != .unknown || r.hoursByOrigin[o.rawValue] != nil {
      out.append(("Giờ phát — \(o.vietnameseName)", h(r.hoursByOrigin[o.rawValue] ?? 0)))
    }
    for o in BulletinOrigin.allCases where r.hoursByOriginDetail[o.rawValue] != nil {
      out.append(("  \(o.vietnameseName)", h(r.hoursByOriginDetail[o.rawValue] ?? 0)))
    }
    for (code, hours) in r.hoursByLanguage.sorted(by: { languageOrder($0.key) < languageOrder($1.key) }) {
      out.append(("Giờ phát — \(code == unknownKey ? "ngôn ngữ không rõ" : Languages.name(code))", h(hours)))
    }
    for f in BulletinField.allCases where r.hoursByField[String(f.rawValue)] != nil {
      out.append(("Giờ phát — lĩnh vực \(f.rawValue). \(f.vietnameseName)", h(r.hoursByField[String(f.rawValue)]!)))
    }
    if let u = r.hoursByField[unknownKey] { out.append(("Giờ phát — lĩnh vực không rõ", h(u))) }
    for c in BulletinClass.allCases.reversed() {
      out.append(("Giờ phát — bản tin \(c.vietnameseName)", h(r.hoursByClass[c.rawValue] ?? 0)))
    }
    for (kind, hours) in r.hoursByKind.sorted(by: { $0.key < $1.key }) {
      out.append(("Giờ phát — loại \(AiringKind(rawValue: kind)?.vietnameseName ?? kind)", h(hours)))
    }
    out.append(("Bản tin tự sản xuất đã phát", "\(r.ownBulletins)"))
    for w in r.ownBulletinsByWeek {
      out.append(("  tuần \(w.week)", "\(w.count)\(w.meetsMark ? "" : " (dưới 2 bản tin/tuần)")"))
    }
    out.append(("Bản tin khẩn cấp", "\(r.emergencies)"))
    if let worst = r.emergencyStartSeconds.max() {
      let median = r.emergencyStartSeconds[r.emergencyStartSeconds.count / 2]
      out.append(
        ("  từ lúc nhận đến tiếng đầu tiên (trung vị / lâu nhất)", String(format: "%.1f s / %.1f s", median, worst)))
    }
    out.append(("Bản tin từ hệ thống nguồn tỉnh: nhận / đã phát", "\(r.provinceJobs) / \(r.provinceJobsAired)"))
    out.append(
      (
        "  đã duyệt / hết hạn / từ chối / đang chờ duyệt",
        "\(r.provinceJobsApproved) / \(r.provinceJobsExpired) / \(r.provinceJobsRejected) / \(r.provinceJobsWaiting)"
      ))
    out.append(("Lượt phát lỗi", "\(r.failures)"))
    out.append(("Im lặng trên sóng (giây)", String(format: "%.0f", r.deadAirSeconds)))
    out.append(("Giờ hoạt động của cụm loa / giờ trong kỳ", "\(h(r.upHours)) / \(h(r.periodHours))"))
    out.append(("Lần dừng bất thường (mất điện, sự cố)", "\(r.uncleanStops)"))
    return out
  }

  /// Vietnamese first, then the others by code, unknown last.
  static func languageOrder(_ code: String) -> String {
    code == "vi" ? "0" : code == unknownKey ? "2" : "1" + code
  }

  public static func table(_ r: AirtimeReport) -> String {
    let rows = lines(r)
    let width = rows.map(\.0.count).max() ?? 0
    var s = "THỐNG KÊ THỜI LƯỢNG PHÁT SÓNG\n"
    for (k, v) in rows { s += k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + v + "\n" }
    return s
  }

  /// `Chỉ tiêu,Giá trị` rows; a UTF-8 BOM first so Excel reads the Vietnamese right.
  public static func csv(_ r: AirtimeReport) -> String {
    func field(_ s: String) -> String {
      s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var s = "\u{FEFF}Chỉ tiêu,Giá trị\r\n"
    for (k, v) in lines(r) { s += field(k.trimmingCharacters(in: .whitespaces)) + "," + field(v) + "\r\n" }
    return s
  }
}
