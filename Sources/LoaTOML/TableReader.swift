import LoaCore
import TOMLKit

/// Reads typed keys from a TOML table and remembers which keys were used.
public struct TableReader {
  public let table: TOMLTable
  public let origin: String
  public let section: String?
  public var used: Set<String> = []
  /// Unknown keys met in the sections read so far.
  public var warnings: [String] = []

  public init(table: TOMLTable, origin: String, section: String?) {
    self.table = table
    self.origin = origin
    self.section = section
  }

  public func name(_ key: String) -> String { section.map { "\($0).\(key)" } ?? key }

  public func fail(_ key: String, _ what: String) -> LoaError {
    LoaError(.config, "\(origin): '\(name(key))' \(what)")
  }

  public mutating func string(_ key: String) throws(LoaError) -> String? {
    used.insert(key)
    guard let v = table[key] else { return nil }
    guard let s = v.string else { throw fail(key, "must be a string") }
    return s
  }

  public mutating func int(_ key: String, _ range: ClosedRange<Int>) throws(LoaError) -> Int? {
    used.insert(key)
    guard let v = table[key] else { return nil }
    guard let i = v.int, range.contains(i) else {
      throw fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return i
  }

  public mutating func strings(_ key: String) throws(LoaError) -> [String]? {
    used.insert(key)
    guard let v = table[key] else { return nil }
    guard let a = v.array else { throw fail(key, "must be a list of strings") }
    var out: [String] = []
    for item in a {
      guard let s = item.string else { throw fail(key, "must be a list of strings") }
      out.append(s)
    }
    return out
  }

  public mutating func double(_ key: String, _ range: ClosedRange<Double>) throws(LoaError) -> Double? {
    used.insert(key)
    guard let v = table[key] else { return nil }
    guard let d = v.double ?? v.int.map(Double.init), range.contains(d) else {
      throw fail(key, "must be a number from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound))")
    }
    return d
  }

  /// A bound as an officer writes it: 0, 1440, 0.05 (not 0.0, 1440.0).
  static func plain(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
  }

  public mutating func bool(_ key: String) throws(LoaError) -> Bool? {
    used.insert(key)
    guard let v = table[key] else { return nil }
    guard let b = v.bool else { throw fail(key, "must be true or false") }
    return b
  }

  public mutating func section(_ key: String, _ body: (inout TableReader) throws(LoaError) -> Void) throws(LoaError) {
    used.insert(key)
    guard let v = table[key] else { return }
    guard let t = v.table else { throw fail(key, "must be a table ([\(key)])") }
    var sub = TableReader(table: t, origin: origin, section: name(key))
    try body(&sub)
    warnings += sub.warnings + sub.unknownKeys()
  }

  /// An array of tables (`[[uplink.key]]`), each read with its own reader.
  public mutating func tables(_ key: String, _ body: (inout TableReader) throws(LoaError) -> Void) throws(LoaError) {
    used.insert(key)
    guard let v = table[key] else { return }
    guard let a = v.array else { throw fail(key, "must be a list of tables ([[\(name(key))]])") }
    for (i, item) in a.enumerated() {
      guard let t = item.table else { throw fail(key, "must be a list of tables ([[\(name(key))]])") }
      var sub = TableReader(table: t, origin: origin, section: "\(name(key))[\(i + 1)]")
      try body(&sub)
      warnings += sub.warnings + sub.unknownKeys()
    }
  }

  /// One warning per key this release does not know.
  public func unknownKeys() -> [String] {
    table.keys.sorted().filter { !used.contains($0) }.map {
      "\(origin): '\(name($0))' is not a known setting; ignored (không rõ thiết lập này, bỏ qua — see the documentation)"
    }
  }
}
