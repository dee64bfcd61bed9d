import Foundation
import LoaCore
import LoaProtocol
import LoaStation
import Testing

@testable import LoaProvince

/// The province's requests turned into box messages, and Loa's records in the province's shape:
/// pure, without a network.
@Suite struct ProvinceRequestTests {
  let boxes = [
    try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01"),
    try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-5", box: "loa-02"),
  ]
  var plan: ProvinceRequests {
    var s = ProvinceSettings()
    s.sourceId = "26734"
    return ProvinceRequests(settings: s, issuer: "tinh", known: boxes)
  }
  let now = Date(timeIntervalSince1970: 1_796_000_000)

  func object(_ json: String) throws -> ProvinceObject {
    try ProvinceObject.parse(Data(json.utf8), what: "test")
  }

  @Test func eachControlCodeBecomesTheBoxCommand() throws {
    let cases: [(String, BoxCommand, Int?)] = [
      (#"{"MaLenh":0,"ThamSo":"35"}"#, .volume, 35),
      (#"{"MaLenh":1,"ThamSo":0}"#, .amplifier, 1),
      (#"{"MaLenh":1,"ThamSo":1}"#, .amplifier, 0),
      (#"{"MaLenh":2,"ThamSo":0}"#, .stop, nil),
      (#"{"MaLenh":2,"ThamSo":1}"#, .stop, nil),
      (#"{"MaLenh":2,"ThamSo":2}"#, .pause, nil),
      (#"{"MaLenh":2,"ThamSo":"3"}"#, .resume, nil),
      (#"{"MaLenh":3,"ThamSo":3}"#, .restart, nil),
    ]
    for (control, command, level) in cases {
      var o = try object(#"{"DanhSachThietBi":{"CumLoaID":["26734-loa-02"]},"DieuKhienThietBi":\#(control)}"#)
      let p = try plan.control(&o, now: now)
      #expect(p.message.command == command && p.message.level == level, "\(control)")
      #expect(p.boxes.map(\.box) == ["loa-02"])
      #expect(o.unknownKeys.isEmpty)
    }
  }

  @Test func badControlsAreRefusedByName() throws {
    let cases: [(String, String)] = [
      (#"{"DieuKhienThietBi":{"MaLenh":0,"ThamSo":5}}"#, "CumLoaID"),
      (#"{"CumLoaID":["x-9"],"DieuKhienThietBi":{"MaLenh":0,"ThamSo":5}}"#, "x-9"),
      (#"{"CumLoaID":["26734-loa-01"],"DieuKhienThietBi":{"MaLenh":0,"ThamSo":101}}"#, "0–100"),
      (#"{"CumLoaID":["26734-loa-01"],"DieuKhienThietBi":{"MaLenh":0,"ThamSo":"to"}}"#, "ThamSo"),
      (#"{"CumLoaID":["26734-loa-01"],"DieuKhienThietBi":{"MaLenh":7,"ThamSo":0}}"#, "MaLenh 7"),
      (#"{"CumLoaID":["26734-loa-01"],"DieuKhienThietBi":{"MaLenh":2,"ThamSo":4}}"#, "ThamSo 0 (stop)"),
      (#"{"CumLoaID":["26734-loa-01"]}"#, "DieuKhienThietBi"),
    ]
    for (json, words) in cases {
      var o = try object(json)
      #expect(throws: LoaError.self, "\(json)") { try plan.control(&o, now: now) }
      do { _ = try plan.control(&o, now: now) } catch { #expect(error.message.contains(words), "\(error.message)") }
    }
  }

  @Test func playNowTakesTheClassFromThePriorityAndTellsFilesFromStreams() throws {
    var o = try object(
      #"{"Type":"IPRADIO","MediaId":"bt-1","Duration":120,"CumLoaID":["26734-loa-01"],"MucDoUuTien":1,"NoiDung":"https://tinh.vn/a.mp3","Moi":1}"#
    )
    var p = try plan.playNow(&o, now: now)
    #expect(p.message.bulletinClass == "emergency" && p.message.content?.mediaURL == "https://tinh.vn/a.mp3")
    #expect(o.unknownKeys == ["Moi"])
    o = try object(#"{"Duration":"600","CumLoaID":["26734-loa-01"],"NoiDung":"http://tinh.vn:8000/live"}"#)
    p = try plan.playNow(&o, now: now)
    #expect(p.message.bulletinClass == "priority" && p.message.content?.relay == "http://tinh.vn:8000/live")
    #expect(p.message.content?.durationSeconds == 600)
    for (json, words) in [
      (#"{"CumLoaID":["26734-loa-01"],"NoiDung":"file:///etc/passwd"}"#, "http(s)"),
      (#"{"CumLoaID":["26734-loa-01"],"NoiDung":"javascript:alert(1)"}"#, "http(s)"),
      (#"{"CumLoaID":["26734-loa-01"],"MediaId":"bt-1"}"#, "media_url"),
      (#"{"CumLoaID":["26734-loa-01"],"NoiDung":"https://t.vn/a.mp3","MucDoUuTien":0}"#, "MucDoUuTien 0"),
    ] {
      var o = try object(json)
      do {
        _ = try plan.playNow(&o, now: now)
        Issue.record("accepted \(json)")
      } catch { #expect(error.message.contains(words), "\(error.message)") }
    }
  }

  @Test func aScheduleBecomesOneJobPerSlotWithItsWindow() throws {
    let t = Int(now.timeIntervalSince1970)
    var o = try object(
      """
      {"LichPhatID":"LP-1","TenLichPhat":"Lịch","CumLoaID":["26734-loa-01","26734-loa-02"],
       "DanhSachBanTin":[{"BanTinID":"B1","NoiDung":"https://t.vn/1.mp3","TieuDe":"Tin 1","MucDoUuTien":3,
         "LoaiLinhVuc":4,"TacGia":{"TenDayDu":"Trần B","ButDanh":"TB"},
         "DanhSachNgayPhat":[{"TimNgayPhat":"01-12-2026","ThoiDiemPhat":[
           {"ThoiGianBatDau":\(t - 600),"ThoiGianKetThuc":\(t - 300)},
           {"ThoiGianBatDau":\(t + 600),"ThoiGianKetThuc":\(t + 900)},
           {"ThoiGianBatDau":\((t + 7200) * 1000),"ThoiGianKetThuc":\((t + 7500) * 1000)}]}]}]}
      """)
    let s = try plan.schedule(&o, now: now)
    #expect(s.scheduleId == "LP-1" && s.boxes.count == 2)
    // The slot already over is left out; milliseconds are read as such.
    #expect(s.jobs.count == 2)
    #expect(s.jobs[0].message.notBefore == now.addingTimeInterval(600))
    #expect(s.jobs[0].message.expiresAt == now.addingTimeInterval(900))
    #expect(s.jobs[1].message.notBefore == now.addingTimeInterval(7200))
    #expect(s.jobs[0].message.bulletinClass == "normal" && s.jobs[0].message.field == 4)
    #expect(s.jobs[0].message.author == "Trần B (TB)")
    #expect(Set(s.jobs.map(\.message.id)).count == 2)
  }

  @Test func theAiringRecordCarriesTheEndAndTheOutcomeAsDetails() throws {
    var row = AsRunRecord(
      jobId: "j-1", bulletinClass: .priority, source: .uplink, kind: .file, title: "Tin", outcome: .preempted)
    row.id = 42
    row.startedAt = now
    row.endedAt = now.addingTimeInterval(3725)
    row.durationSeconds = 3725
    row.preemptedBy = "j-2"
    var s = ProvinceSettings()
    s.sourceId = "26734"
    let r = ProvinceRecords(settings: s, version: "1").airing(
      .init(id: 9, identity: boxes[0], boxName: nil, volume: 70, row: row))
    #expect(r["ThoiLuong"] as? String == "01:02:05")
    #expect(
      r["MucDoUuTien"] as? Int == 2 && r["CumLoaID"] as? String == "26734-loa-01" && r["AmLuong"] as? String == "70")
    let details = r["ThongTinChiTietBanTin"] as? [[String: String]] ?? []
    #expect(details.contains { $0["Ten"] == "KetQua" && $0["GiaTri"] == "preempted" })
    #expect(details.contains { $0["Ten"] == "BiNgatBoi" && $0["GiaTri"] == "j-2" })
    #expect(details.contains { $0["Ten"] == "DongNhatKy" && $0["GiaTri"] == "loa-01#42" })
  }

  /// The province's credentials file, saved on Windows (CRLF), reads as on the box.
  @Test func credentialsWithWindowsLineEndsRead() throws {
    let path = FileManager.default.temporaryDirectory.path + "/loa-cred-\(UInt32.random(in: 0...UInt32.max))"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = "# tỉnh\r\nusername = \"xa26734\"\r\npassword = \"mật khẩu\"\r\ninbound_token = abc\r\n"
    #expect(
      FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
    let base = "[station]\nprovince = \"79\"\ncommune = \"26734\"\n[signing]\nkid = \"x\"\nkey_file = \"/k\"\n"
    let province =
      "[province]\napi = \"https://t.vn/api\"\ncredentials_file = \"\(path)\"\nnguon_id = \"1\"\nkid = \"t\"\nkey_file = \"/k\"\n"
    let c = try #require(try StationConfig.parse(base + province, origin: "t.toml").provinceLink).credentials()
    #expect(c.username == "xa26734" && c.password == "mật khẩu" && c.inboundToken == "abc")
  }

  @Test func theProvinceSectionIsCheckedWhenTheStationStarts() throws {
    let base = "[station]\nprovince = \"79\"\ncommune = \"26734\"\n[signing]\nkid = \"x\"\nkey_file = \"/k\"\n"
    let good =
      "[province]\napi = \"https://t.vn/api\"\ncredentials_file = \"/c\"\nnguon_id = \"1\"\nkid = \"t\"\nkey_file = \"/k\"\n"
    let c = try StationConfig.parse(base + good, origin: "t.toml")
    #expect(c.provinceLink?.api == "https://t.vn/api/" && c.provinceLink?.pingSeconds == 60)
    for (bad, words) in [
      (good.replacingOccurrences(of: "https://t.vn/api", with: "ftp://t.vn"), "http(s)"),
      (good.replacingOccurrences(of: "nguon_id = \"1\"\n", with: ""), "nguon_id"),
      (good + "ping_seconds = 1\n", "ping_seconds"),
      (good + "cluster_id = \"{commune}\"\n", "{box}"),
      (good + "system = \"khac\"\n", "khac"),
      (good.replacingOccurrences(of: "kid = \"t\"\n", with: ""), "kid"),
    ] {
      do {
        _ = try StationConfig.parse(base + bad, origin: "t.toml")
        Issue.record("accepted: \(bad)")
      } catch { #expect(error.message.contains(words), "\(error.message)") }
    }
  }
}
