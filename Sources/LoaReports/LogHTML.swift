import Foundation
import LoaCore
import Mustache

extension ReportHTML {
  /// The broadcast log (*sổ nhật ký chương trình phát thanh*) as printable A4 landscape pages: the
  /// national heading, the station, the period, one line per airing with each day's subtotal (the
  /// column headings repeat on every page), the fields' legend and the signature block.
  public static func broadcastLog(_ log: BroadcastLog, station: String, box: String?, printedAt: Date = Date())
    -> String
  {
    func hm(_ d: Date?) -> String { d.map { String(LocalTime.format($0).dropFirst(11).prefix(8)) } ?? "–" }
    var days: [[String: Any]] = []
    for day in log.days {
      let lines: [[String: Any]] = day.lines.map { l in
        [
          "start": hm(l.start), "end": hm(l.end), "seconds": l.seconds.map { String(format: "%.0f", $0) } ?? "–",
          "title": l.title, "kind": l.kind.vietnameseName, "field": l.field.map { String($0.rawValue) } ?? "?",
          "class": l.bulletinClass.vietnameseName, "language": l.language ?? "?",
          "origin": l.origin?.vietnameseName ?? "không rõ", "outcome": l.outcome.vietnameseName,
          "failed": l.outcome != .completed, "operator": l.operatorName ?? "", "opens": l.opensSession,
        ]
      }
      days.append([
        "date": vietnameseDay(day.date), "lines": lines, "sessions": day.sessions,
        "minutes": String(format: "%.1f", day.seconds / 60),
      ])
    }
    let context: [String: Any] = [
      "station": station, "box": box ?? "", "hasBox": box != nil,
      "from": LocalTime.format(log.from).prefix(16), "until": LocalTime.format(log.until).prefix(16),
      "printed": printedDate(printedAt), "days": days, "empty": log.days.isEmpty, "sessions": log.sessions,
      "hours": String(format: "%.2f", log.seconds / 3600),
      "fields": BulletinField.allCases.map { "\($0.rawValue) \($0.vietnameseName)" }.joined(separator: "; "),
    ]
    let template = try! MustacheTemplate(string: logPage)
    return template.render(context)
  }

  /// `2026-11-24` → `Thứ Ba 24/11/2026`.
  static func vietnameseDay(_ iso: String) -> String {
    guard case .success(let d) = CivilDate.parse(iso) else { return iso }
    let names: [Weekday: String] = [
      .mon: "Thứ Hai", .tue: "Thứ Ba", .wed: "Thứ Tư", .thu: "Thứ Năm", .fri: "Thứ Sáu", .sat: "Thứ Bảy",
      .sun: "Chủ Nhật",
    ]
    return String(format: "%@ %02d/%02d/%04d", names[d.weekday] ?? "", d.day, d.month, d.year)
  }

  static let logPage = """
    <!DOCTYPE html>
    <html lang="vi"><head><meta charset="utf-8"><title>Sổ nhật ký chương trình phát thanh</title>
    <style>
    @page { size: A4 landscape; margin: 12mm 10mm; }
    body { font-family: "DejaVu Serif", "Times New Roman", serif; font-size: 9pt; color: #000; margin: 0; }
    @media screen { body { margin: 8mm 10mm; } }
    .head { display: flex; justify-content: space-between; text-align: center; }
    .head > div:first-child { width: 40%; }
    .head > div:last-child { width: 55%; }
    .nation { font-weight: bold; white-space: nowrap; font-size: 10pt; }
    .motto { font-weight: bold; text-decoration: underline; }
    h1 { text-align: center; font-size: 12pt; margin: 8px 0 2px; }
    .period { text-align: center; font-style: italic; margin-bottom: 6px; }
    table { border-collapse: collapse; width: 100%; }
    thead { display: table-header-group; }
    tr { page-break-inside: avoid; }
    th, td { border: 1px solid #444; padding: 1px 3px; vertical-align: top; }
    th { background: #eee; font-weight: bold; }
    td.n { text-align: right; white-space: nowrap; }
    td.t { white-space: nowrap; }
    tr.day td { background: #f3f3f3; font-weight: bold; }
    tr.sub td { font-style: italic; }
    tr.bad td.o { font-weight: bold; }
    .legend { font-size: 8pt; margin-top: 4px; }
    .sign { display: flex; justify-content: space-between; margin-top: 10px; text-align: center; page-break-inside: avoid; }
    .sign > div { width: 40%; }
    .sign .role { font-weight: bold; }
    </style></head><body>
    \(heading)
    <h1>SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH</h1>
    <div class="period">Từ {{from}} đến {{until}} (giờ Việt Nam)</div>
    <table>
    <thead><tr><th>Bắt đầu</th><th>Kết thúc</th><th>Giây</th><th>Tên chương trình, bản tin</th><th>Kiểu</th>
    <th>Lĩnh vực</th><th>Mức độ</th><th>Ngôn ngữ</th><th>Nguồn</th><th>Kết quả</th><th>Người phát/duyệt</th></tr></thead>
    <tbody>
    {{#empty}}<tr><td colspan="11">Không có lượt phát nào trong kỳ.</td></tr>{{/empty}}
    {{#days}}<tr class="day"><td colspan="11">{{date}}</td></tr>
    {{#lines}}<tr{{#failed}} class="bad"{{/failed}}><td class="t">{{start}}</td><td class="t">{{end}}</td><td class="n">{{seconds}}</td>
    <td>{{title}}</td><td class="t">{{kind}}</td><td class="n">{{field}}</td><td class="t">{{class}}</td><td>{{language}}</td><td>{{origin}}</td>
    <td class="o t">{{outcome}}</td><td>{{operator}}</td></tr>
    {{/lines}}<tr class="sub"><td colspan="11">Cộng ngày: {{sessions}} buổi phát, {{minutes}} phút</td></tr>
    {{/days}}
    </tbody>
    </table>
    <p><b>Tổng cộng: {{sessions}} buổi phát, {{hours}} giờ.</b></p>
    <div class="legend">Lĩnh vực: {{fields}}; ? = không rõ. Thời lượng theo số mẫu âm thanh đã phát.</div>
    \(signatures(maker: "NGƯỜI GHI SỔ"))
    </body></html>
    """
}
