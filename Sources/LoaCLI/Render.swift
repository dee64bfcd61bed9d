import Foundation
import LoaCore
import LoaScheduling

/// Plain-text tables for officers (Vietnamese headings, local time).
enum Render {
  static func time(_ d: Date?) -> String {
    guard let d else { return "-" }
    return String(LocalTime.format(d).dropLast(4))  // drop " +07"
  }

  static func outcome(_ o: AiringOutcome) -> String { o.vietnameseName }

  static func queue(_ q: Wire.QueueView) -> String {
    var lines: [String] = []
    if let on = q.onAir {
      lines.append(
        "ĐANG PHÁT  \(shortId(on.job.id))  \(on.job.bulletinClass.vietnameseName)  \(on.segment) lần \(on.repetition)  "
          + "từ \(time(on.startedAt))  \(on.job.title)")
    } else {
      lines.append("ĐANG PHÁT  (không có / nothing on air)")
    }
    if q.queued.isEmpty {
      lines.append("HÀNG ĐỢI  (trống / empty)")
    } else {
      lines.append("#   MÃ        LOẠI          KIỂU     SỚM NHẤT             HẠN                  TIÊU ĐỀ")
      for (i, j) in q.queued.enumerated() {
        lines.append(
          "\(pad(String(i + 1), 3)) \(shortId(j.id))  \(pad(j.bulletinClass.vietnameseName, 12))  \(pad(j.kind.rawValue, 7))  "
            + "\(pad(time(j.notBefore), 19))  \(pad(time(j.expiresAt), 19))  \(j.title)")
      }
    }
    return lines.joined(separator: "\n")
  }

  static func asRun(_ rows: [Wire.AsRunView]) -> String {
    guard !rows.isEmpty else { return "(nhật ký trống / no airings)" }
    var lines = ["ID    BẮT ĐẦU              KẾT THÚC             GIÂY     LOẠI          KIỂU     KẾT QUẢ    TIÊU ĐỀ"]
    for r in rows {
      let secs = r.durationSeconds.map { String(format: "%.1f", $0) } ?? "-"
      var extra = ""
      if let by = r.preemptedBy { extra += " (ngắt bởi \(shortId(by)))" }
      if let from = r.resumedFrom { extra += " (phát tiếp từ #\(from))" }
      if r.source == .schedule, let at = r.scheduledAt { extra += " (lịch \(time(at).suffix(8).prefix(5)))" }
      if let e = r.error { extra += " [\(e)]" }
      if let f = r.fallbackSeconds { extra += " (dự phòng \(String(format: "%.1f", f)) s)" }
      if let d = r.deadAirSeconds { extra += " (im lặng \(String(format: "%.1f", d)) s)" }
      if let n = r.note { extra += " — \(n)" }
      if r.recording != nil { extra += " ♪" }
      lines.append(
        "\(pad(r.id.map(String.init) ?? "-", 5)) \(pad(time(r.startedAt), 19))  \(pad(time(r.endedAt), 19))  \(pad(secs, 7))  "
          + "\(pad(r.bulletinClass.vietnameseName, 12))  \(pad(r.kind.rawValue, 7))  \(pad(outcome(r.outcome), 9))  "
          + "\(r.title)\(extra)")
    }
    return lines.joined(separator: "\n")
  }

  static func status(_ s: Wire.StatusView) -> String {
    var lines = [
      "Loa \(s.version)  chạy từ \(time(s.startedAt)) (\(Int(s.uptimeSeconds)) s)",
      "Thiết bị âm thanh / device: \(s.device) (\(s.deviceOpen ? "đang mở" : "chưa mở"))",
      "Đang phát / on air: " + (s.onAir.map { "\($0.job.bulletinClass.vietnameseName) — \($0.job.title)" } ?? "không"),
      "Hàng đợi / queued: \(s.queuedCount)",
      "Đã phát xong / completed: \(s.airingsCompleted), lỗi / failed: \(s.airingsFailed), underruns: \(s.underruns)",
      "Lỗi gần nhất / last error: \(s.lastError ?? "không")",
      "Thư mục dữ liệu / state: \(s.stateDir)",
      "Giọng đọc / voices: \(s.voices.joined(separator: ", "))",
    ]
    if let b = s.box { lines += box(b) }
    if let u = s.uplink {
      var line = "Kết nối tỉnh / uplink: \(u.connected ? "đã kết nối" : "MẤT KẾT NỐI") \(u.broker) (hộp \(u.box))"
      if !u.connected, let e = u.lastError { line += " [\(e)]" }
      lines.append(line)
      let rejected = u.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      lines.append(
        "  nhận / received \(u.received), nhận phát / accepted \(u.accepted), trùng / duplicates \(u.duplicates), "
          + "từ chối / rejected \(u.rejected.values.reduce(0, +))\(rejected.isEmpty ? "" : " (\(rejected))"), "
          + "nhật ký đã gửi / as-run sent \(u.asRunUploaded)")
      if u.asRunWaiting > 0 {
        lines.append(
          "  nhật ký chờ trạm xác nhận / as-run waiting for a station: \(u.asRunWaiting) dòng / rows"
            + (u.lastReceipt.map { ", xác nhận gần nhất / last receipt \(time($0))" }
              ?? " (chưa có trạm nào xác nhận / no station has confirmed any)"))
      }
    }
    if let a = s.storageAlarm {
      lines.append("CẢNH BÁO LƯU TRỮ / STORAGE ALARM: \(a)")
      lines.append("  (loa status --clear-alarm khi đã xử lý / once dealt with)")
    }
    if let c = s.clockWarning { lines.append("CẢNH BÁO ĐỒNG HỒ / CLOCK: \(c)") }
    if let u = s.lastUncleanStop {
      lines.append("Dừng bất thường gần nhất / last unclean stop: \(time(u)) (mất điện, bị tắt hoặc lỗi)")
    }
    if let p = s.paused {
      lines.append(
        "TẠM DỪNG / PAUSED từ \(LocalTime.format(p.since))\(p.by.map { " (\($0))" } ?? ""): chỉ phát bản tin khẩn cấp; "
          + "'loa resume' để phát tiếp / only emergencies air")
    }
    if s.onAir == nil && s.queuedCount == 0 { lines.append("Sẵn sàng / idle") }
    return lines.joined(separator: "\n")
  }

  static func box(_ b: Wire.BoxView) -> [String] {
    var lines: [String] = []
    if let v = b.volume {
      var line = "Âm lượng / volume: \(v)  (\(b.volumeMode ?? "-"))"
      if let m = b.emergencyMinimumVolume { line += ", khẩn cấp tối thiểu / emergency minimum \(m)" }
      if let e = b.volumeError { line += "  [lỗi: \(e)]" }
      lines.append(line)
    }
    if let a = b.amplifier {
      var line = "Ampli / amplifier: \(b.amplifierOn ? "BẬT / on" : "TẮT / off")  (\(a)"
      if let w = b.amplifierWarmUpSeconds { line += ", khởi động \(String(format: "%.1f", w)) s" }
      line += ")"
      if let e = b.amplifierError { line += "  [lỗi: \(e)]" }
      lines.append(line)
    } else {
      lines.append("Ampli / amplifier: không cấu hình điều khiển (no GPIO or command configured; nothing is switched)")
    }
    if let l = b.levelDBFS { lines.append("Mức ra / output level: \(String(format: "%.1f", l)) dBFS") }
    var dead =
      "Im lặng trên sóng / dead air (< \(Int(b.deadAirThresholdDBFS)) dBFS > \(Int(b.deadAirLimitSeconds)) s): \(b.deadAirEvents) lần"
    if let at = b.lastDeadAirAt { dead += ", gần nhất \(time(at)) — \(b.lastDeadAirTitle ?? "")" }
    lines.append(dead)
    if b.deviceRecoveries > 0 { lines.append("Thiết bị mất và mở lại / device recovered: \(b.deviceRecoveries) lần") }
    if b.recordings {
      let mb = Double(b.recordingsBytes ?? 0) / 1_000_000
      lines.append(
        "Bản ghi phát sóng / recordings: bật, giữ \(b.recordingsKeepDays ?? 0) ngày, đang dùng \(String(format: "%.1f", mb)) MB"
      )
    } else {
      lines.append("Bản ghi phát sóng / recordings: tắt / off")
    }
    return lines
  }

  /// `loa schedule preview`: one line per airing, a heading per day, problems flagged.
  static func timeline(_ entries: [TimelineEntry]) -> String {
    guard !entries.isEmpty else { return "(không có lần phát nào / no airings)" }
    var lines: [String] = []
    var day = ""
    for e in entries {
      let d = CivilDate.of(e.at, in: LocalTime.zone)
      let heading = "\(d.weekday.vietnamese) \(d)"
      if heading != day {
        if !day.isEmpty { lines.append("") }
        lines.append(heading)
        day = heading
      }
      let from = String(time(e.at).suffix(8).prefix(5))
      let to = String(time(e.end).suffix(8).prefix(5))
      var line = "  \(from)–\(to)  \(pad(e.program, 12))  \(pad(e.start.rawValue, 4))  \(e.title)"
      if let state = e.state { line += "  [\(stateName(state))]" }
      for f in e.flags {
        if f == "quiet_hours" { line += "  ⚠ GIỜ YÊN TĨNH (quiet hours)" }
        if f.hasPrefix("overlap:") { line += "  ⚠ CHỒNG GIỜ với \(f.dropFirst(8)) (overlap)" }
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  static func stateName(_ s: String) -> String {
    switch s {
    case "pending": "chờ"
    case "queued": "đã xếp"
    case "playing": "đang phát"
    case "completed": "đã phát"
    case "missed": "lỡ giờ"
    case "skipped": "bỏ qua"
    case "failed": "lỗi"
    case "cancelled": "đã hủy"
    default: s
    }
  }

  static func scheduleHistory(_ changes: [ScheduleChange]) -> String {
    guard !changes.isEmpty else { return "(chưa có thay đổi / no changes yet)" }
    var lines = ["THỜI GIAN             VIỆC          PHIÊN BẢN  NGƯỜI LÀM     GHI CHÚ"]
    for c in changes {
      lines.append(
        "\(pad(time(c.at), 20))  \(pad(c.action, 12))  \(pad(c.versionId.map(String.init) ?? "-", 9))  "
          + "\(pad(c.operatorName ?? "-", 12))  \(c.note ?? "")".trimmingTrailingSpaces())
    }
    return lines.joined(separator: "\n")
  }

  static func inbox(_ jobs: [Wire.JobView]) -> String {
    guard !jobs.isEmpty else { return "HỘP CHỜ DUYỆT  (trống / empty)" }
    var lines = ["MÃ        NHẬN LÚC             NGUỒN     TIÊU ĐỀ"]
    for j in jobs {
      lines.append("\(shortId(j.id))  \(pad(time(j.createdAt), 19))  \(pad(j.source.rawValue, 8))  \(j.title)")
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
