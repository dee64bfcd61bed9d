import Foundation
import LoaCore

/// A JSON object from the province, read leniently where the systems in service differ (numbers
/// sent as strings, epochs in seconds or milliseconds) and strictly where a wrong value would air
/// something wrong. Every key read is remembered, so the ones Loa does not know can be logged and
/// kept (docs/province.md).
struct ProvinceObject {
  let values: [String: Any]
  private(set) var used: Set<String> = []

  init(_ values: [String: Any]) { self.values = values }

  static func parse(_ data: Data, what: String) throws(LoaError) -> ProvinceObject {
    guard !data.isEmpty else { throw LoaError(.badQuery, "\(what): the body is empty (thiếu nội dung)") }
    guard let any = try? JSONSerialization.jsonObject(with: data), let object = any as? [String: Any] else {
      throw LoaError(.badQuery, "\(what): the body is not a JSON object (dữ liệu không phải JSON)")
    }
    return ProvinceObject(object)
  }

  /// Keys the request carried that Loa did not read.
  var unknownKeys: [String] { values.keys.filter { !used.contains($0) }.sorted() }

  mutating func raw(_ key: String) -> Any? {
    used.insert(key)
    let v = values[key]
    return v is NSNull ? nil : v
  }

  mutating func string(_ key: String) -> String? {
    switch raw(key) {
    case let s as String: return s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : s
    case let n as NSNumber: return n.stringValue
    default: return nil
    }
  }

  /// An integer, also when sent as a string ("50"); a value that is neither is an error.
  mutating func int(_ key: String) throws(LoaError) -> Int? {
    switch raw(key) {
    case nil: return nil
    case let n as NSNumber:
      guard let i = Int(exactly: n.doubleValue) else { throw LoaError(.badQuery, "\(key) must be a whole number") }
      return i
    case let s as String:
      guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else {
        throw LoaError(.badQuery, "\(key) must be a whole number, got '\(s.prefix(32))'")
      }
      return i
    default: throw LoaError(.badQuery, "\(key) must be a whole number")
    }
  }

  /// An instant as epoch seconds (or milliseconds, as some systems send).
  mutating func instant(_ key: String) throws(LoaError) -> Date? {
    guard let v = try double(key) else { return nil }
    return Self.instant(v)
  }

  static func instant(_ v: Double) -> Date { Date(timeIntervalSince1970: v > 1e12 ? v / 1000 : v) }

  mutating func double(_ key: String) throws(LoaError) -> Double? {
    switch raw(key) {
    case nil: return nil
    case let n as NSNumber: return n.doubleValue
    case let s as String:
      guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
        throw LoaError(.badQuery, "\(key) must be a number, got '\(s.prefix(32))'")
      }
      return d
    default: throw LoaError(.badQuery, "\(key) must be a number")
    }
  }

  mutating func objects(_ key: String) throws(LoaError) -> [ProvinceObject]? {
    guard let v = raw(key) else { return nil }
    guard let list = v as? [Any] else { throw LoaError(.badQuery, "\(key) must be a list") }
    var out: [ProvinceObject] = []
    for e in list {
      guard let o = e as? [String: Any] else { throw LoaError(.badQuery, "each entry of \(key) must be an object") }
      out.append(ProvinceObject(o))
    }
    return out
  }

  mutating func object(_ key: String) throws(LoaError) -> ProvinceObject? {
    guard let v = raw(key) else { return nil }
    guard let o = v as? [String: Any] else { throw LoaError(.badQuery, "\(key) must be an object") }
    return ProvinceObject(o)
  }

  /// The clusters a request names: `CumLoaID: [...]`, `DanhSachThietBi: {CumLoaID: [...]}` or
  /// `DanhSachThietBi: [...]` (ids, or objects with `CumLoaID`), as the systems in service write it.
  mutating func clusterIds() throws(LoaError) -> [String] {
    var ids: [String] = []
    func add(_ v: Any?) throws(LoaError) {
      switch v {
      case nil: break
      case let s as String: ids.append(s)
      case let n as NSNumber: ids.append(n.stringValue)
      case let list as [Any]: for e in list { try add(e) }
      case let o as [String: Any]:
        if let inner = o["CumLoaID"] ?? o["CumLoaId"] {
          try add(inner)
        } else {
          throw LoaError(.badQuery, "DanhSachThietBi: an entry without CumLoaID")
        }
      default: throw LoaError(.badQuery, "CumLoaID must be a list of cluster ids")
      }
    }
    try add(raw("CumLoaID"))
    try add(raw("CumLoaId"))
    try add(raw("DanhSachThietBi"))
    var seen = Set<String>()
    return ids.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
  }

  /// `TacGia` is an object (`TenDayDu`, `ButDanh`, `Email`) in what was seen, a name elsewhere.
  mutating func author() -> String? {
    switch raw("TacGia") {
    case let s as String: return s.isEmpty ? nil : s
    case let o as [String: Any]:
      let full = o["TenDayDu"] as? String
      let pen = o["ButDanh"] as? String
      return [full, pen.map { "(\($0))" }].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ").nilIfBlank
    default: return nil
    }
  }
}

extension String {
  var nilIfBlank: String? { trimmingCharacters(in: .whitespaces).isEmpty ? nil : self }
}

/// "HH:MM:SS", the province's duration.
func hms(_ seconds: Double?) -> String {
  let s = max(0, Int((seconds ?? 0).rounded()))
  return String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
}

/// "HH:MM:SS" (or seconds) back into seconds.
func seconds(fromHMS text: String) -> Double? {
  let parts = text.split(separator: ":").map { Double($0) }
  guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
  return parts.reduce(0) { $0 * 60 + ($1 ?? 0) }
}
