import Foundation
import LoaAudio
import LoaCore
import LoaSpeech

/// Checks a parsed schedule against the box it will run on: voices, files, lengths, quiet
/// hours and overlaps. `loa schedule check` and `apply` both use it.
public struct ScheduleChecker {
  public var voices: VoiceCatalog
  /// How far ahead overlaps and quiet-hour airings are looked for.
  public var horizonDays: Int
  /// The languages the box airs (`[content] languages`); nil: not checked (no box at hand).
  public var languages: [String]?

  public init(voices: VoiceCatalog, horizonDays: Int = 366, languages: [String]? = nil) {
    self.languages = languages
    self.voices = voices
    self.horizonDays = horizonDays
  }

  /// Estimated length of each programme, in seconds.
  public func lengths(_ schedule: Schedule) -> [String: Int] {
    schedule.programs.mapValues { p in Int(p.items.reduce(0.0) { $0 + estimate($1) }.rounded(.up)) }
  }

  /// Seconds an item is expected to last (speech from the voice's rate in words per minute).
  public func estimate(_ item: ProgramItem) -> Double {
    switch item {
    case .chime: return Chime.duration
    case .speech(_, let text, let voice, let rep):
      let rate = Double(voices.profile(named: voice)?.rate ?? 150)
      let words = text.split(whereSeparator: { $0.isWhitespace }).count
      let sentences = max(1, text.filter { ".!?;\n".contains($0) }.count)
      return (Double(words) * 60 / rate + Double(sentences) * 0.35) * Double(rep)
    case .file(_, let path):
      return (try? AudioFile.duration(path)) ?? 0
    case .relay(_, _, let s): return Double(s)
    case .silence(let s): return Double(s)
    }
  }

  /// Problems that depend on the box and the calendar (the parser has found the rest).
  public func check(
    _ schedule: Schedule, now: Date, locate: (String) -> (line: Int?, column: Int?) = { _ in (nil, nil) }
  )
    -> [ScheduleProblem]
  {
    var out: [ScheduleProblem] = []
    func problem(_ path: String, _ msg: String, _ sev: ScheduleProblem.Severity = .error) {
      let l = locate(path)
      out.append(ScheduleProblem(msg, line: l.line, column: l.column, severity: sev))
    }
    for (pi, id) in schedule.programOrder.enumerated() {
      guard let p = schedule.programs[id] else { continue }
      for (j, item) in p.items.enumerated() {
        let path = "program[\(pi)].item[\(j)]"
        if let languages, let l = p.info(ofItem: j).language, !languages.contains(l) {
          let at = locate("\(path).language").line != nil ? "\(path).language" : "program[\(pi)].language"
          problem(
            locate(at).line != nil ? at : "settings.language",
            "ngôn ngữ '\(l)' không có trong danh sách của đài (\(languages.joined(separator: ", "))); "
              + "thêm vào [content] languages trong loa.toml hoặc sửa mã")
        }
        switch item {
        case .speech(_, _, let voice, _):
          if voices.profile(named: voice) == nil {
            problem(
              "\(path).voice",
              "giọng '\(voice)' không có; các giọng: \(voices.profiles.map(\.name).joined(separator: ", "))")
          }
        case .file(_, let path2):
          if !FileManager.default.fileExists(atPath: path2) {
            problem("\(path).path", "không có tệp âm thanh '\(path2)'")
          } else {
            do { _ = try AudioFile.open(path2, format: AudioFormat(sampleRate: 22050, channels: 1)) } catch {
              problem("\(path).path", "tệp '\(path2)' không đọc được: \(error.message)")
            }
          }
        default: break
        }
      }
    }
    let lengths = lengths(schedule)
    for (i, slot) in schedule.slots.enumerated() {
      let path = "slot[\(i)]"
      let progLen = lengths[slot.program] ?? 0
      if let len = slot.lengthSeconds, progLen > len {
        problem(
          "\(path).length",
          "chương trình '\(slot.program)' dài khoảng \(formatDuration(progLen)), dài hơn khung giờ "
            + "\(formatDuration(len)) của nó")
      }
      if let quiet = schedule.quietHours, !slot.allowQuiet {
        let len = slot.lengthSeconds ?? progLen
        for t in slot.times where quiet.overlaps(from: t, seconds: len) {
          problem(
            "\(path).at",
            "chương trình '\(slot.program)' lúc \(t) (dài \(formatDuration(len))) rơi vào giờ yên tĩnh \(quiet); "
              + "đổi giờ, hoặc ghi allow_quiet = true nếu thật sự cần phát")
        }
      }
    }
    // Overlaps and rules that never air, over the horizon.
    let end = now.addingTimeInterval(Double(horizonDays) * 86400)
    let airings = schedule.expand(from: now, to: end, lengths: lengths)
    var aired = Set<Int>()
    var reported = Set<String>()
    var lastEnd: (end: Date, airing: ScheduledAiring)?
    for a in airings {
      aired.insert(a.slotIndex)
      if let prev = lastEnd, prev.end > a.at {
        let pair = "\(prev.airing.slotIndex)-\(a.slotIndex)"
        if !reported.contains(pair) {
          reported.insert(pair)
          let pa = prev.airing
          problem(
            "slot[\(a.slotIndex)].at",
            "chồng giờ: '\(a.program)' lúc \(a.date) \(a.time) bắt đầu khi '\(pa.program)' "
              + "(\(pa.date) \(pa.time)) chưa hết khung giờ (quy tắc dòng \(schedule.slots[pa.slotIndex].line ?? 0))")
        }
      }
      if lastEnd == nil || a.slotEnd > lastEnd!.end { lastEnd = (a.slotEnd, a) }
    }
    for (i, slot) in schedule.slots.enumerated() where !aired.contains(i) {
      problem(
        "slot[\(i)]",
        "quy tắc cho '\(slot.program)' không phát lần nào trong \(horizonDays) ngày tới; kiểm tra ngày tháng",
        .warning)
    }
    return out
  }
}
