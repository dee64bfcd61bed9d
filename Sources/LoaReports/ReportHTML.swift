import Foundation
import LoaCore
import Mustache

/// The airtime report as a printable A4 page in Vietnamese: the national heading, the station, the
/// period, the figures, a bar chart of hours per day by origin (inline SVG: no script, no
/// network), and the signature block. Rendered with swift-mustache (values are HTML-escaped).
public enum ReportHTML {
  /// A table printed after the chart (an area report's lines per hamlet and per box).
  public struct Table: Sendable {
    public var title: String
    public var headings: [String]
    public var rows: [[String]]
    public init(title: String, headings: [String], rows: [[String]]) {
      self.title = title
      self.headings = headings
      self.rows = rows
    }
  }

  /// `box`: the one box reported on; `area`: what an area report covers instead (`xa · 20 cụm
  /// loa`), with its `tables`.
  public static func airtime(
    _ r: AirtimeReport, station: String, box: String?, area: String? = nil, tables: [Table] = [],
    printedAt: Date = Date()
  ) -> String {
    // Two columns of figures (down the left, then down the right), so a month fits one page.
    // The period is in the heading: its two lines are not repeated in the table.
    let items: [[String: Any]] = ReportText.lines(r).dropFirst(2).map {
      ["label": $0.0.trimmingCharacters(in: .whitespaces), "value": $0.1, "sub": $0.0.hasPrefix(" ")]
    }
    let half = (items.count + 1) / 2
    let rows: [[String: Any]] = (0..<half).map { i in
      ["left": items[i], "right": i + half < items.count ? items[i + half] : ["label": "", "value": "", "sub": false]]
    }
    let context: [String: Any] = [
      "station": station, "box": box ?? "", "hasBox": box != nil, "area": area ?? "", "hasArea": area != nil,
      "tables": tables.map { t in
        [
          "title": t.title, "headings": t.headings,
          "rows": t.rows.map { ["cells": $0] },
        ] as [String: Any]
      },
      "from": LocalTime.format(r.from).prefix(16), "until": LocalTime.format(r.until).prefix(16),
      "printed": printedDate(printedAt), "rows": rows, "chart": chart(r),
      "legend": Origin.allCases.filter { $0 != .unknown || r.hoursByOrigin[$0.rawValue] != nil }.map {
        ["name": $0.vietnameseName, "color": color($0)]
      },
    ]
    // The template is a constant of this file: a failure to parse it is a programming error.
    let template = try! MustacheTemplate(string: page)
    return template.render(context)
  }

  /// `ngày 30 tháng 11 năm 2026`, as Vietnamese documents date themselves.
  static func printedDate(_ d: Date) -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = LocalTime.zone
    let c = cal.dateComponents([.year, .month, .day], from: d)
    return "ngày \(c.day!) tháng \(c.month!) năm \(c.year!)"
  }

  static func color(_ o: Origin) -> String {
    switch o {
    case .own: "#2b6cb0"
    case .relay: "#38a169"
    case .province: "#dd6b20"
    case .unknown: "#a0aec0"
    }
  }

  /// Stacked bars, one per day (at most a year: 366 thin bars still fit the page width).
  static func chart(_ r: AirtimeReport) -> String {
    let width = 680.0
    let height = 110.0
    let days = r.daily
    guard !days.isEmpty else { return "" }
    let peak = max(days.map { $0.hoursByOrigin.values.reduce(0, +) }.max() ?? 0, 0.5)
    let step = width / Double(days.count)
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height + 30))\" role=\"img\" "
      + "aria-label=\"Số giờ phát mỗi ngày theo nguồn\">"
    for (i, d) in days.enumerated() {
      var y = height
      for o in Origin.allCases {
        let h = (d.hoursByOrigin[o.rawValue] ?? 0) / peak * (height - 10)
        guard h > 0 else { continue }
        y -= h
        svg += String(
          format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>", Double(i) * step + 1, y,
          max(step - 2, 0.5), h, color(o))
      }
      if days.count <= 31 {
        svg += String(
          format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"9\" text-anchor=\"middle\">%@</text>",
          Double(i) * step + step / 2, height + 12, String(d.date.suffix(2)))
      }
    }
    svg += String(format: "<text x=\"0\" y=\"%.0f\" font-size=\"9\">tối đa %.1f giờ/ngày</text>", height + 26, peak)
    return svg + "</svg>"
  }

  /// The station (and box) on the left, the national heading on the right: every printed page.
  static let heading = """
    <div class="head">
      <div><div>{{station}}</div>{{#hasBox}}<div>Cụm loa: {{box}}</div>{{/hasBox}}{{#hasArea}}<div>{{area}}</div>{{/hasArea}}</div>
      <div><div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="motto">Độc lập - Tự do - Hạnh phúc</div></div>
    </div>
    """

  /// Who made it and the head of the station, with the date (`{{printed}}`).
  static func signatures(maker: String) -> String {
    """
    <div class="sign">
      <div><div>&nbsp;</div><div class="role">\(maker)</div><div>(Ký, ghi rõ họ tên)</div></div>
      <div><div><i>{{printed}}</i></div><div class="role">TRƯỞNG ĐÀI</div><div>(Ký, ghi rõ họ tên, đóng dấu)</div></div>
    </div>
    """
  }

  static let page = """
    <!DOCTYPE html>
    <html lang="vi"><head><meta charset="utf-8"><title>Báo cáo thời lượng phát sóng</title>
    <style>
    @page { size: A4; margin: 14mm 14mm; }
    body { font-family: "DejaVu Serif", "Times New Roman", serif; font-size: 10.5pt; color: #000; margin: 0; }
    @media screen { body { margin: 10mm 12mm; } }
    .head { display: flex; justify-content: space-between; text-align: center; }
    .head > div:first-child { width: 38%; }
    .head > div:last-child { width: 60%; }
    .nation { font-weight: bold; white-space: nowrap; }
    .motto { font-weight: bold; text-decoration: underline; }
    h1 { text-align: center; font-size: 13pt; margin: 14px 0 2px; }
    .period { text-align: center; font-style: italic; margin-bottom: 8px; }
    table { border-collapse: collapse; width: 100%; font-size: 9pt; }
    td { border: 1px solid #444; padding: 1px 5px; }
    td.v { text-align: right; white-space: nowrap; width: 1%; }
    td.sub { padding-left: 14px; font-style: italic; }
    td.gap { border: none; width: 8px; }
    .chart { margin-top: 12px; page-break-inside: avoid; }
    .legend span { display: inline-block; margin-right: 14px; font-size: 10pt; }
    .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
    h2 { font-size: 10.5pt; margin: 12px 0 4px; }
    table.parts { font-size: 7.5pt; page-break-inside: auto; }
    table.parts th { border: 1px solid #444; padding: 1px 3px; font-weight: bold; }
    table.parts td { padding: 1px 3px; }
    table.parts td:nth-child(n+3) { text-align: right; }
    table.parts tr { page-break-inside: avoid; }
    .sign { display: flex; justify-content: space-between; margin-top: 14px; text-align: center; page-break-inside: avoid; }
    .sign > div { width: 45%; }
    .sign .role { font-weight: bold; }
    </style></head><body>
    \(heading)
    <h1>BÁO CÁO THỐNG KÊ THỜI LƯỢNG PHÁT SÓNG</h1>
    <div class="period">Từ {{from}} đến {{until}} (giờ Việt Nam)</div>
    <table>
    {{#rows}}<tr>{{#left}}<td{{#sub}} class="sub"{{/sub}}>{{label}}</td><td class="v">{{value}}</td>{{/left}}<td class="gap"></td>{{#right}}<td{{#sub}} class="sub"{{/sub}}>{{label}}</td><td class="v">{{value}}</td>{{/right}}</tr>
    {{/rows}}
    </table>
    <div class="chart"><div>Số giờ phát mỗi ngày theo nguồn</div>{{{chart}}}
      <div class="legend">{{#legend}}<span><i style="background: {{color}}"></i>{{name}}</span>{{/legend}}</div>
    </div>
    {{#tables}}<h2>{{title}}</h2>
    <table class="parts"><thead><tr>{{#headings}}<th>{{.}}</th>{{/headings}}</tr></thead><tbody>
    {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/rows}}</tbody></table>
    {{/tables}}
    \(signatures(maker: "NGƯỜI LẬP BIỂU"))
    <p style="font-size:9pt;color:#555">Số liệu tính từ nhật ký phát sóng (thời lượng theo số mẫu âm thanh đã phát), không từ kế hoạch.</p>
    </body></html>
    """
}
