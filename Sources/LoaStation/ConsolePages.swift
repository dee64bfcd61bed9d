/// The console's templates (Mustache). Plain HTML and CSS, one small script; nothing external.
enum ConsolePages {
  static let head = """
    <!doctype html>
    <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} — {{station}}</title>
    <style>
    body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:0;color:#1a202c;background:#f7fafc}
    header{background:#2b6cb0;color:#fff;padding:10px 20px}header a{color:#fff;margin-right:16px;text-decoration:none}
    main{padding:16px 20px}h1{font-size:22px;margin:0 0 12px}
    .counts{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
    .counts div{background:#fff;border:1px solid #cbd5e0;border-radius:6px;padding:10px 16px;min-width:150px}
    .counts span{display:block;font-size:28px;font-weight:bold}
    table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid #cbd5e0;padding:5px 8px;text-align:left}
    td{white-space:nowrap}@media print{body{font-size:10px}.counts div{min-width:90px}}
    th{background:#edf2f7}.online{color:#276749}.offline,.lost{color:#c53030;font-weight:bold}.unknown{color:#718096}
    nav.tree{margin-bottom:12px}nav.tree a{margin-right:12px}.selected{font-weight:bold}.error{color:#c53030}
    </style></head><body>
    <header><strong>{{station}}</strong> · <a href="/">Tổng quan</a><a href="/report">Báo cáo</a></header><main>
    """

  static let overview = """
    {{> head}}
    <h1>Tổng quan cụm loa</h1>
    <section class="counts">
    <div><span id="total">{{total}}</span>tổng số cụm loa</div>
    <div><span id="online">{{online}}</span>đang kết nối</div>
    <div><span id="offline">{{offline}}</span>mất kết nối</div>
    <div><span id="playing">{{playing}}</span>đang phát</div>
    </section>
    {{#province}}<p id="province">Kết nối hệ thống thông tin nguồn của tỉnh: <strong>{{state}}</strong>
    · bản tin chờ báo cáo: {{airings}} · xác nhận lịch chờ gửi: {{receipts}}{{#error}} · lỗi gần nhất: {{error}}{{/error}}</p>{{/province}}
    <nav class="tree">Thôn/ấp: <a href="/">tất cả</a>{{#hamlets}}<a href="/?hamlet={{hamlet}}"{{#selected}} class="selected"{{/selected}}>{{hamlet}} ({{online}}/{{count}})</a>{{/hamlets}}
    · Trạng thái: <a href="/?state=online">đang kết nối</a><a href="/?state=offline">mất kết nối</a></nav>
    {{#filter}}<p>Đang lọc: {{filter}}</p>{{/filter}}
    <table id="boxes"><thead><tr><th>Thôn/ấp</th><th>Cụm loa</th><th>Trạng thái</th><th>Từ lúc</th><th>Đang phát</th>
    <th>Âm lượng</th><th>Im lặng hôm nay (s)</th><th>Nhịp cuối</th><th>Phiên bản</th></tr></thead><tbody>
    {{#boxes}}<tr data-box="{{box}}"><td>{{hamlet}}</td><td><a href="/box/{{box}}">{{name}}</a></td>
    <td class="state {{state}}">{{stateName}}</td><td>{{since}}</td><td>{{onAir}}</td><td>{{volume}}</td><td>{{deadAir}}</td>
    <td>{{lastSeen}}</td><td>{{version}}</td></tr>
    {{/boxes}}</tbody></table>
    <script>
    new EventSource("/events").onmessage = function (e) {
      var f = JSON.parse(e.data);
      ["total", "online", "offline", "playing"].forEach(function (k) { document.getElementById(k).textContent = f[k]; });
      f.boxes.forEach(function (b) {
        var cell = document.querySelector('tr[data-box="' + b.box + '"] .state');
        if (cell) { cell.textContent = b.name; cell.className = "state " + b.state; }
      });
    };
    </script>
    </main></body></html>
    """

  static let box = """
    {{> head}}
    <h1>Cụm loa {{name}} <small>({{box}}, thôn/ấp {{hamlet}})</small></h1>
    <table><tbody>
    <tr><th>Trạng thái</th><td class="{{state}}">{{stateName}} từ {{since}}</td></tr>
    <tr><th>Nhịp cuối</th><td>{{lastSeen}}</td></tr><tr><th>Đang phát</th><td>{{onAir}}</td></tr>
    <tr><th>Âm lượng</th><td>{{volume}}</td></tr><tr><th>Lịch phát</th><td>{{schedule}}</td></tr>
    <tr><th>Im lặng hôm nay</th><td>{{deadAir}} giây</td></tr><tr><th>Nhật ký chưa về trạm</th><td>{{waiting}} dòng</td></tr>
    <tr><th>Phiên bản</th><td>{{version}}</td></tr>{{#error}}<tr><th>Lỗi gần nhất</th><td class="error">{{error}}</td></tr>{{/error}}
    </tbody></table>
    <h2>Đã phát hôm nay</h2>
    <table><thead><tr><th>Giờ</th><th>Tên</th><th>Loại</th><th>Mức</th><th>Kết quả</th><th>Thời lượng</th></tr></thead><tbody>
    {{#rows}}<tr><td>{{time}}</td><td>{{title}}</td><td>{{kind}}</td><td>{{class}}</td><td>{{outcome}}</td><td>{{duration}}</td></tr>{{/rows}}
    {{^rows}}<tr><td colspan="6">Chưa có.</td></tr>{{/rows}}
    </tbody></table>
    <h2>Kết nối gần đây</h2>
    <ul>{{#spans}}<li>{{what}}: {{from}} → {{to}}</li>{{/spans}}</ul>
    <p>Bản ghi âm phát thanh lưu ở cụm loa: <code>loa log --audio ID</code>.</p>
    </main></body></html>
    """

  static let delivery = """
    {{> head}}
    <h1>Bản tin: {{title}}</h1>
    <p>Gửi tới {{to}} lúc {{sent}}. {{#complete}}Đã xong ở mọi cụm.{{/complete}}{{^complete}}Chưa xong ở mọi cụm.{{/complete}}</p>
    <table><thead><tr><th>Thôn/ấp</th><th>Cụm loa</th><th>Tình trạng</th><th>Lúc</th><th>Đã phát</th><th>Chi tiết</th></tr></thead><tbody>
    {{#boxes}}<tr><td>{{hamlet}}</td><td><a href="/box/{{box}}">{{box}}</a></td><td class="{{state}}">{{stateName}}</td><td>{{at}}</td><td>{{aired}}</td><td>{{detail}}</td></tr>{{/boxes}}
    </tbody></table>
    </main></body></html>
    """

  static let report = """
    {{> head}}
    <h1>{{title}}</h1>
    {{#error}}<p class="error">{{error}}</p>{{/error}}
    {{^error}}
    <p>{{boxes}} cụm loa · {{sessions}} buổi phát · {{hours}} giờ phát (tổng các cụm). <a href="/report?month={{month}}">Tháng {{month}}</a></p>
    <table><thead><tr><th>Thôn/ấp</th><th>Cụm loa</th><th>Số buổi phát</th><th>Số giờ phát</th><th>Tự sản xuất (giờ)</th>
    <th>Tiếp âm (giờ)</th><th>Tin tự sản xuất</th><th>Khẩn cấp</th><th>Lỗi</th><th>Hoạt động (%)</th></tr></thead><tbody>
    {{#hamletLines}}<tr><td>{{hamlet}}</td><td>{{box}}</td><td>{{sessions}}</td><td>{{hours}}</td><td>{{own}}</td><td>{{relay}}</td><td>{{bulletins}}</td><td>{{emergencies}}</td><td>{{failures}}</td><td>{{up}}</td></tr>{{/hamletLines}}
    {{#boxLines}}<tr><td>{{hamlet}}</td><td>{{box}}</td><td>{{sessions}}</td><td>{{hours}}</td><td>{{own}}</td><td>{{relay}}</td><td>{{bulletins}}</td><td>{{emergencies}}</td><td>{{failures}}</td><td>{{up}}</td></tr>{{/boxLines}}
    </tbody></table>
    {{/error}}
    </main></body></html>
    """
}
