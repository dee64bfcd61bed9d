import Foundation
import LoaCore
import LoaTOML
import TOMLKit

/// Reads a schedule file (TOML) into a `Schedule`, collecting every problem with its line and
/// column instead of stopping at the first. See `docs/schedules.md` for the format.
public struct ScheduleParser {
  /// The shortest interval an `every` rule may use; anything faster is a mistake, not a programme.
  public static let minimumEvery = 15 * 60
  public static let itemTypes = ["chime", "speech", "file", "relay", "silence"]

  let text: String
  let baseDir: String
  let readText: (String) -> String?
  let locator: SourceLocator
  var problems: [ScheduleProblem] = []
  /// `settings.language`: what every item not saying otherwise is in.
  var scheduleLanguage: String?
  static let infoKeys: Set<String> = ["field", "language", "origin", "author", "news_source"]

  /// - Parameters:
  ///   - baseDir: folder that relative `text_file` and `path` values are resolved against.
  ///   - readText: reads a text file for `text_file` (nil when it cannot be read).
  public init(text: String, baseDir: String, readText: @escaping (String) -> String? = ScheduleParser.readFile) {
    self.text = text
    self.baseDir = baseDir
    self.readText = readText
    self.locator = SourceLocator(text: text)
  }

  public static func readFile(_ path: String) -> String? {
    guard let d = FileManager.default.contents(atPath: path) else { return nil }
    return String(validating: d, as: UTF8.self)
  }

  /// The schedule, or nil when there were errors; problems (errors and warnings) either way.
  public static func parse(
    _ text: String, baseDir: String, readText: @escaping (String) -> String? = ScheduleParser.readFile
  ) -> (Schedule?, [ScheduleProblem]) {
    var p = ScheduleParser(text: text, baseDir: baseDir, readText: readText)
    let s = p.run()
    return (p.problems.contains { $0.severity == .error } ? nil : s, p.problems)
  }

  mutating func fail(_ path: String, _ message: String, value: String? = nil) {
    let pos = locator.position(path, value: value)
    problems.append(ScheduleProblem(message, line: pos?.line, column: pos?.column))
  }

  mutating func warn(_ path: String, _ message: String) {
    let pos = locator.position(path)
    problems.append(ScheduleProblem(message, line: pos?.line, column: pos?.column, severity: .warning))
  }

  func resolve(_ path: String) -> String {
    path.hasPrefix("/") ? path : (baseDir as NSString).appendingPathComponent(path)
  }

  mutating func run() -> Schedule? {
    let root: TOMLTable
    do { root = try TOMLText.parse(text) } catch {
      problems.append(
        ScheduleProblem("tệp TOML sai cú pháp: \(error.description)", line: error.line, column: error.column))
      return nil
    }
    unknownKeys(root, allowed: ["settings", "holidays", "program", "slot"], path: "")

    var name = "Lịch phát thanh"
    var zone = LocalTime.zone
    var quiet: DayWindow? = Schedule.defaultQuietHours
    if let settings = table(root, "settings", path: "settings") {
      unknownKeys(settings, allowed: ["name", "zone", "quiet_hours", "language"], path: "settings")
      scheduleLanguage = info(settings, path: "settings", keys: ["language"]).language
      if let s = string(settings, "name", path: "settings.name") { name = s }
      if let z = string(settings, "zone", path: "settings.zone") {
        if let tz = TimeZone(identifier: z) {
          zone = tz
        } else {
          fail("settings.zone", "múi giờ '\(z)' không có; dùng tên IANA, ví dụ \"Asia/Ho_Chi_Minh\"")
        }
      }
      if let q = string(settings, "quiet_hours", path: "settings.quiet_hours") {
        if q.isEmpty || q.lowercased() == "off" {
          quiet = nil
        } else if let w = DayWindow.parse(q) {
          quiet = w
        } else {
          fail("settings.quiet_hours", "giờ yên tĩnh '\(q)' phải có dạng \"21:30-05:00\" (hoặc \"off\" để tắt)")
        }
      }
    }
    var holidays: Set<CivilDate> = []
    if let h = table(root, "holidays", path: "holidays") {
      unknownKeys(h, allowed: ["dates"], path: "holidays")
      holidays = Set(dates(h, "dates", path: "holidays.dates"))
    }

    var programs: [String: Program] = [:]
    var order: [String] = []
    for (i, t) in tables(root, "program", path: "program").enumerated() {
      if let p = program(t, path: "program[\(i)]") {
        if programs[p.id] != nil {
          fail("program[\(i)].id", "chương trình '\(p.id)' được khai báo hai lần")
        }
        programs[p.id] = p
        order.append(p.id)
      }
    }
    if programs.isEmpty && !problems.contains(where: { $0.severity == .error }) {
      fail("program", "lịch chưa có chương trình nào ([[program]])")
    }
    var slots: [Slot] = []
    for (i, t) in tables(root, "slot", path: "slot").enumerated() {
      if let s = slot(t, path: "slot[\(i)]", programs: programs) { slots.append(s) }
    }
    var schedule = Schedule(
      name: name, zone: zone, quietHours: quiet, holidays: holidays, programs: programs, slots: slots)
    schedule.programOrder = order
    return schedule
  }

  // MARK: Programmes

  mutating func program(_ t: TOMLTable, path: String) -> Program? {
    unknownKeys(t, allowed: Set(["id", "title", "item"]).union(Self.infoKeys), path: path)
    let programInfo = info(t, path: path)
    guard let id = string(t, "id", path: "\(path).id", required: true) else { return nil }
    guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !id.contains("|")
    else {
      fail("\(path).id", "mã chương trình '\(id)' chỉ được có chữ, số, '-' và '_'")
      return nil
    }
    let title = string(t, "title", path: "\(path).title") ?? id
    var items: [ProgramItem] = []
    var infos: [BulletinInfo] = []
    let list = tables(t, "item", path: "\(path).item")
    if list.isEmpty { fail(path, "chương trình '\(id)' chưa có mục nào ([[program.item]])") }
    for (j, it) in list.enumerated() {
      let itemPath = "\(path).item[\(j)]"
      if let item = item(it, path: itemPath) {
        items.append(item)
        infos.append(info(it, path: itemPath).filling(from: programInfo).filling(from: defaultInfo(item)))
      }
    }
    return Program(
      id: id, title: title, items: items, itemInfo: infos,
      info: programInfo.filling(from: BulletinInfo(language: scheduleLanguage)))
  }

  /// What an item is without being told: speech is read in Vietnamese and, like a file, is the
  /// commune's own unless the programme or item says otherwise; a relay is a relay.
  func defaultInfo(_ item: ProgramItem) -> BulletinInfo {
    switch item {
    case .speech: BulletinInfo(language: "vi", origin: .own)
    case .file, .chime, .silence: BulletinInfo(language: scheduleLanguage, origin: .own)
    case .relay: BulletinInfo(language: scheduleLanguage, origin: .relayOther)
    }
  }

  /// `field` (1–6 or its English word), `language`, `origin`, `author`, `news_source` of a
  /// programme or item. The language's place in the station's list is checked when the schedule
  /// is installed (the box knows its list).
  mutating func info(_ t: TOMLTable, path: String, keys: Set<String> = infoKeys) -> BulletinInfo {
    var info = BulletinInfo()
    if keys.contains("field"), let v = t["field"] {
      if let f = v.int.flatMap(BulletinField.init(rawValue:)) ?? v.string.flatMap(BulletinField.init(argument:)) {
        info.field = f
      } else {
        fail("\(path).field", "lĩnh vực phải là số từ 1 đến 6: \(BulletinField.listing)")
      }
    }
    if keys.contains("language"), let l = string(t, "language", path: "\(path).language") {
      if let p = Languages.primary(l) {
        info.language = p
      } else {
        fail(
          "\(path).language", "mã ngôn ngữ '\(l)' không đúng; dùng mã ISO 639 như \"vi\", \"hmn\", \"tay\"", value: l)
      }
    }
    if keys.contains("origin"), let o = string(t, "origin", path: "\(path).origin") {
      if let origin = BulletinOrigin(rawValue: o) {
        info.origin = origin
      } else {
        fail("\(path).origin", "nguồn gốc '\(o)' không có; dùng một trong: \(BulletinOrigin.listing)", value: o)
      }
    }
    for (key, kp) in [("author", \BulletinInfo.author), ("news_source", \.newsSource)] where keys.contains(key) {
      guard let s = string(t, key, path: "\(path).\(key)") else { continue }
      let v = s.trimmingCharacters(in: .whitespacesAndNewlines)
      if v.count > BulletinInfo.maxTextCharacters || v.contains(where: \.isNewline) {
        fail("\(path).\(key)", "'\(key)' phải là một dòng, tối đa \(BulletinInfo.maxTextCharacters) ký tự")
      } else if !v.isEmpty {
        info[keyPath: kp] = v
      }
    }
    return info
  }

  mutating func item(_ t: TOMLTable, path: String) -> ProgramItem? {
    guard let type = string(t, "type", path: "\(path).type", required: true) else { return nil }
    let title = string(t, "title", path: "\(path).title")
    switch type {
    case "chime":
      unknownKeys(t, allowed: Set(["type", "title"]).union(Self.infoKeys), path: path)
      return .chime
    case "speech":
      unknownKeys(
        t, allowed: Set(["type", "title", "text", "text_file", "voice", "repeat"]).union(Self.infoKeys), path: path)
      let inline = string(t, "text", path: "\(path).text")
      let file = string(t, "text_file", path: "\(path).text_file")
      var body: String?
      switch (inline, file) {
      case (let s?, nil): body = s
      case (nil, let f?):
        body = readText(resolve(f))
        if body == nil {
          fail("\(path).text_file", "không đọc được tệp văn bản '\(resolve(f))' (thiếu tệp hoặc không phải UTF-8)")
          return nil
        }
      case (nil, nil):
        fail(path, "mục đọc tin (speech) cần 'text' hoặc 'text_file'")
        return nil
      case (.some, .some):
        fail("\(path).text_file", "chỉ dùng một trong 'text' hoặc 'text_file'")
        return nil
      }
      guard let body, body.contains(where: { $0.isLetter || $0.isNumber }) else {
        fail(inline != nil ? "\(path).text" : "\(path).text_file", "văn bản trống, không có gì để đọc")
        return nil
      }
      let voice = string(t, "voice", path: "\(path).voice") ?? "vi"
      let rep = int(t, "repeat", path: "\(path).repeat", range: 1...10) ?? 1
      return .speech(title: title ?? "Bản tin", text: body, voice: voice, repeat: rep)
    case "file":
      unknownKeys(t, allowed: Set(["type", "title", "path"]).union(Self.infoKeys), path: path)
      guard let p = string(t, "path", path: "\(path).path", required: true) else { return nil }
      return .file(title: title ?? (p as NSString).lastPathComponent, path: resolve(p))
    case "relay":
      unknownKeys(t, allowed: Set(["type", "title", "url", "duration"]).union(Self.infoKeys), path: path)
      guard let url = string(t, "url", path: "\(path).url", required: true),
        let seconds = duration(t, "duration", path: "\(path).duration", required: true, range: 10...(6 * 3600))
      else { return nil }
      guard isHTTPStreamURL(url) else {
        fail("\(path).url", "địa chỉ tiếp sóng '\(url)' phải là http:// hoặc https://", value: url)
        return nil
      }
      return .relay(title: title ?? "Tiếp sóng", url: url, seconds: seconds)
    case "silence":
      unknownKeys(t, allowed: Set(["type", "title", "duration"]).union(Self.infoKeys), path: path)
      guard let s = duration(t, "duration", path: "\(path).duration", required: true, range: 1...600) else {
        return nil
      }
      return .silence(seconds: s)
    default:
      fail(
        "\(path).type",
        "loại mục '\(type)' không có; dùng một trong: \(Self.itemTypes.joined(separator: ", "))", value: type)
      return nil
    }
  }

  // MARK: Rules

  mutating func slot(_ t: TOMLTable, path: String, programs: [String: Program]) -> Slot? {
    unknownKeys(
      t,
      allowed: [
        "program", "at", "every", "between", "days", "dates", "every_days", "from", "until", "except", "start",
        "tolerance", "length", "allow_quiet", "on_holidays",
      ], path: path)
    let errorsBefore = problems.filter { $0.severity == .error }.count
    guard let prog = string(t, "program", path: "\(path).program", required: true) else { return nil }
    if programs[prog] == nil && !programs.isEmpty {
      fail(
        "\(path).program",
        "không có chương trình '\(prog)'; các chương trình: \(programs.keys.sorted().joined(separator: ", "))",
        value: prog)
    }

    // Times of day.
    var times: [TimeOfDay] = []
    let hasEvery = t["every"] != nil
    if let v = t["at"] {
      if hasEvery { fail("\(path).every", "dùng 'at' hoặc 'every', không dùng cả hai") }
      let list: [String] = v.string.map { [$0] } ?? (v.array?.compactMap { $0.string } ?? [])
      if list.isEmpty { fail("\(path).at", "'at' phải là giờ \"HH:MM\" hoặc danh sách giờ") }
      for s in list {
        if let tod = TimeOfDay.parse(s) {
          times.append(tod)
        } else {
          fail("\(path).at", "giờ '\(s)' không hợp lệ; dùng \"HH:MM\" từ 00:00 đến 23:59", value: s)
        }
      }
    } else if hasEvery {
      let every = duration(t, "every", path: "\(path).every", required: true, range: 1...86400)
      let betweenText = string(t, "between", path: "\(path).between", required: true)
      if let every, every < Self.minimumEvery {
        fail(
          "\(path).every",
          "quy tắc phát mỗi \(formatDuration(every)) là quá dày (ngắn nhất \(Self.minimumEvery / 60) phút); "
            + "kiểm tra lại 'every'")
      } else if let every, let betweenText {
        if let w = DayWindow.parse(betweenText), w.start < w.end {
          var s = w.start.seconds
          while s <= w.end.seconds {
            times.append(TimeOfDay(seconds: s)!)
            s += every
          }
        } else {
          fail("\(path).between", "'between' phải có dạng \"06:00-18:00\" trong cùng một ngày (giờ đầu trước giờ cuối)")
        }
      }
    } else {
      fail(path, "quy tắc cần giờ phát: 'at' (ví dụ \"05:30\") hoặc 'every' với 'between'")
    }
    if t["between"] != nil && !hasEvery { fail("\(path).between", "'between' chỉ dùng cùng với 'every'") }
    if Set(times).count != times.count { fail("\(path).at", "một giờ phát bị lặp lại trong 'at'") }

    // Days.
    let from = date(t, "from", path: "\(path).from")
    let until = date(t, "until", path: "\(path).until")
    if let from, let until, until < from {
      fail("\(path).until", "ngày kết thúc \(until) ở trước ngày bắt đầu \(from)")
    }
    var forms: [Recurrence] = []
    if let v = t["days"] {
      if let s = v.string, ["daily", "hằng ngày", "hang ngay", "moi ngay", "mọi ngày"].contains(s.lowercased()) {
        forms.append(.daily)
      } else if let arr = v.array {
        var set: Set<Weekday> = []
        for e in arr {
          guard let s = e.string else {
            fail("\(path).days", "'days' phải là danh sách thứ, ví dụ [\"mon\", \"tue\"] hoặc [\"T2\", \"T3\"]")
            continue
          }
          if let d = Weekday.parse(s) {
            set.insert(d)
          } else {
            fail(
              "\(path).days", "thứ '\(s)' không có; dùng mon…sun hoặc T2…T7, CN", value: s)
          }
        }
        if arr.isEmpty { fail("\(path).days", "'days' không được để trống") }
        forms.append(.weekdays(set))
      } else {
        fail("\(path).days", "'days' phải là \"daily\" hoặc danh sách thứ, ví dụ [\"T2\", \"T3\"]")
      }
    }
    if t["dates"] != nil {
      let list = dates(t, "dates", path: "\(path).dates")
      forms.append(.dates(list))
    }
    if let n = int(t, "every_days", path: "\(path).every_days", range: 1...366) {
      if let from {
        forms.append(.everyDays(n, anchor: from))
      } else {
        fail("\(path).every_days", "'every_days' cần 'from' làm ngày bắt đầu đếm")
      }
    }
    if forms.count > 1 { fail(path, "chỉ dùng một trong 'days', 'dates' hoặc 'every_days' cho một quy tắc") }
    let recurrence = forms.first ?? .daily
    if forms.isEmpty && t["every_days"] == nil {
      fail(path, "quy tắc cần ngày phát: 'days' (\"daily\" hoặc danh sách thứ), 'dates' hoặc 'every_days'")
    }
    let except = Set(dates(t, "except", path: "\(path).except"))

    var start = StartPolicy.hard
    if let s = string(t, "start", path: "\(path).start") {
      if let p = StartPolicy(rawValue: s) {
        start = p
      } else {
        fail("\(path).start", "'start' phải là \"hard\" (vào đúng giờ) hoặc \"soft\" (chờ mục đang phát)", value: s)
      }
    }
    let tolerance = duration(t, "tolerance", path: "\(path).tolerance", range: 0...(2 * 3600)) ?? 600
    let length = duration(t, "length", path: "\(path).length", range: 10...(12 * 3600))
    let allowQuiet = bool(t, "allow_quiet", path: "\(path).allow_quiet") ?? false
    let onHolidays = bool(t, "on_holidays", path: "\(path).on_holidays") ?? false
    guard problems.filter({ $0.severity == .error }).count == errorsBefore else { return nil }
    return Slot(
      program: prog, times: times.sorted(), recurrence: recurrence, from: from, until: until, except: except,
      start: start, toleranceSeconds: tolerance, lengthSeconds: length, allowQuiet: allowQuiet,
      onHolidays: onHolidays, line: locator.position(path)?.line)
  }

  // MARK: Typed reads

  mutating func unknownKeys(_ t: TOMLTable, allowed: Set<String>, path: String) {
    for k in t.keys.sorted() where !allowed.contains(k) {
      let p = path.isEmpty ? k : "\(path).\(k)"
      fail(p, "khóa '\(k)' không được biết; các khóa dùng được: \(allowed.sorted().joined(separator: ", "))")
    }
  }

  mutating func table(_ t: TOMLTable, _ key: String, path: String) -> TOMLTable? {
    guard let v = t[key] else { return nil }
    guard let tab = v.table else {
      fail(path, "'\(key)' phải là một bảng [\(key)]")
      return nil
    }
    return tab
  }

  mutating func tables(_ t: TOMLTable, _ key: String, path: String) -> [TOMLTable] {
    guard let v = t[key] else { return [] }
    guard let arr = v.array else {
      fail(path, "'\(key)' phải là danh sách bảng [[\(key)]]")
      return []
    }
    var out: [TOMLTable] = []
    for e in arr {
      if let tab = e.table { out.append(tab) } else { fail(path, "'\(key)' phải là danh sách bảng [[\(key)]]") }
    }
    return out
  }

  mutating func string(_ t: TOMLTable, _ key: String, path: String, required: Bool = false) -> String? {
    guard let v = t[key] else {
      if required { fail(path, "thiếu khóa '\(key)'") }
      return nil
    }
    guard let s = v.string else {
      fail(path, "'\(key)' phải là chuỗi trong dấu ngoặc kép")
      return nil
    }
    return s
  }

  mutating func int(_ t: TOMLTable, _ key: String, path: String, range: ClosedRange<Int>) -> Int? {
    guard let v = t[key] else { return nil }
    guard let i = v.int, range.contains(i) else {
      fail(path, "'\(key)' phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound)")
      return nil
    }
    return i
  }

  mutating func bool(_ t: TOMLTable, _ key: String, path: String) -> Bool? {
    guard let v = t[key] else { return nil }
    guard let b = v.bool else {
      fail(path, "'\(key)' phải là true hoặc false")
      return nil
    }
    return b
  }

  mutating func duration(
    _ t: TOMLTable, _ key: String, path: String, required: Bool = false, range: ClosedRange<Int>
  ) -> Int? {
    guard let v = t[key] else {
      if required { fail(path, "thiếu khóa '\(key)'") }
      return nil
    }
    guard let s = v.string, let secs = parseDuration(s) else {
      fail(path, "'\(key)' phải là khoảng thời gian như \"30s\", \"15m\" hoặc \"1h30m\"")
      return nil
    }
    guard range.contains(secs) else {
      fail(
        path,
        "'\(key)' = \(s) nằm ngoài khoảng cho phép \(formatDuration(range.lowerBound))–\(formatDuration(range.upperBound))"
      )
      return nil
    }
    return secs
  }

  mutating func date(_ t: TOMLTable, _ key: String, path: String) -> CivilDate? {
    guard let v = t[key] else { return nil }
    return oneDate(v, path: path)
  }

  mutating func oneDate(_ v: any TOMLValueConvertible, path: String) -> CivilDate? {
    if let d = v.date {
      return CivilDate(year: d.year, month: d.month, day: d.day)
    }
    guard let s = v.string else {
      fail(path, "ngày phải có dạng \"NĂM-THÁNG-NGÀY\", ví dụ \"2026-12-24\"")
      return nil
    }
    switch CivilDate.parse(s) {
    case .success(let d): return d
    case .failure(let p):
      fail(path, p.message, value: s)
      return nil
    }
  }

  mutating func dates(_ t: TOMLTable, _ key: String, path: String) -> [CivilDate] {
    guard let v = t[key] else { return [] }
    guard let arr = v.array else {
      fail(path, "'\(key)' phải là danh sách ngày, ví dụ [\"2026-09-02\"]")
      return []
    }
    return arr.compactMap { oneDate($0, path: path) }
  }
}
