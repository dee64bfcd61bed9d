import Foundation
import LoaCore

/// The station's SQL, the same on both engines: SQLite (GRDB) for a commune, PostgreSQL for a
/// province. Statements are written with `?` placeholders in the subset both speak; the few
/// places that differ ask `dialect`.
public enum SQLDialect: Sendable {
  case sqlite
  case postgres
}

/// A value bound to, or read from, a statement.
public enum SQLValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob(Data)
  case date(Date)
}

public protocol SQLValueConvertible {
  var sqlValue: SQLValue { get }
}

extension String: SQLValueConvertible { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLValueConvertible { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLValueConvertible { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLValueConvertible { public var sqlValue: SQLValue { .real(self) } }
/// Stored as 0/1 on both engines (the columns are integers).
extension Bool: SQLValueConvertible { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Date: SQLValueConvertible { public var sqlValue: SQLValue { .date(self) } }
extension Data: SQLValueConvertible { public var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
  public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A type a column's value is read as.
public protocol SQLDecodable {
  static func decode(_ v: SQLValue) -> Self?
}

extension String: SQLDecodable {
  public static func decode(_ v: SQLValue) -> String? {
    switch v {
    case .text(let s): s
    case .integer(let i): String(i)
    case .real(let d): String(d)
    case .blob(let b): String(decoding: b, as: UTF8.self)
    case .date(let d): SQLDate.format(d)
    case .null: nil
    }
  }
}

extension Int64: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Int64? {
    switch v {
    case .integer(let i): i
    case .real(let d): Int64(exactly: d.rounded(.towardZero))
    case .text(let s): Int64(s)
    default: nil
    }
  }
}

extension Int: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Int? { Int64.decode(v).map { Int($0) } }
}

extension Double: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Double? {
    switch v {
    case .real(let d): d
    case .integer(let i): Double(i)
    case .text(let s): Double(s)
    default: nil
    }
  }
}

extension Bool: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Bool? { Int64.decode(v).map { $0 != 0 } }
}

extension Date: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Date? {
    switch v {
    case .date(let d): d
    case .text(let s): SQLDate.parse(s)
    default: nil
    }
  }
}

extension Data: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Data? {
    switch v {
    case .blob(let b): b
    case .text(let s): Data(s.utf8)
    default: nil
    }
  }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
  public static func decode(_ v: SQLValue) -> Wrapped?? {
    if case .null = v { return .some(nil) }
    return Wrapped.decode(v).map { .some($0) }
  }
}

/// Dates as SQLite holds them (GRDB's format, UTC, to the millisecond), so a database written
/// before this layer reads and compares the same.
enum SQLDate {
  static func format(_ d: Date) -> String {
    var t = time_t(d.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&t, &parts)
    let ms = Int(((d.timeIntervalSince1970 - Double(t)) * 1000).rounded(.down))
    return String(
      format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), min(ms, 999))
  }

  /// `YYYY-MM-DD HH:MM:SS[.SSS]` (or with `T`), UTC.
  static func parse(_ s: String) -> Date? {
    let u = Array(s.utf8)
    guard u.count >= 19 else { return nil }
    func num(_ a: Int, _ n: Int) -> Int? {
      var v = 0
      for i in a..<(a + n) {
        guard u[i] >= 48 && u[i] <= 57 else { return nil }
        v = v * 10 + Int(u[i] - 48)
      }
      return v
    }
    guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
      let sec = num(17, 2)
    else { return nil }
    var parts = tm()
    parts.tm_year = Int32(y - 1900)
    parts.tm_mon = Int32(mo - 1)
    parts.tm_mday = Int32(d)
    parts.tm_hour = Int32(h)
    parts.tm_min = Int32(mi)
    parts.tm_sec = Int32(sec)
    var fraction = 0.0
    if u.count > 20 && u[19] == UInt8(ascii: ".") {
      var scale = 0.1
      for c in u[20...] where c >= 48 && c <= 57 {
        fraction += Double(c - 48) * scale
        scale /= 10
      }
    }
    return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction)
  }
}

/// One row of a result: values by position, and by column name.
public struct SQLRow: Sendable {
  let names: [String: Int]
  public let values: [SQLValue]

  public init(names: [String: Int], values: [SQLValue]) {
    self.names = names
    self.values = values
  }

  public subscript<T: SQLDecodable>(_ i: Int) -> T {
    guard i < values.count, let v = T.decode(values[i]) else {
      fatalError("column \(i) is not a \(T.self): \(i < values.count ? "\(values[i])" : "missing")")
    }
    return v
  }

  public subscript<T: SQLDecodable>(_ name: String) -> T {
    guard let i = names[name] else { fatalError("no column '\(name)'") }
    return self[i]
  }
}

/// One connection inside a transaction (`StationDatabase.read`/`write`).
public protocol SQLConnection: AnyObject {
  var dialect: SQLDialect { get }
  /// Rows the last `execute` changed.
  var changesCount: Int { get }
  func run(_ sql: String, _ arguments: [SQLValue]) throws
  func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension SQLConnection {
  public func execute(sql: String, arguments: [(any SQLValueConvertible)?] = []) throws {
    try run(sql, arguments.map { $0?.sqlValue ?? .null })
  }

  public func fetchAll(sql: String, arguments: [(any SQLValueConvertible)?] = []) throws -> [SQLRow] {
    try query(sql, arguments.map { $0?.sqlValue ?? .null })
  }

  public func fetchOne(sql: String, arguments: [(any SQLValueConvertible)?] = []) throws -> SQLRow? {
    try fetchAll(sql: sql, arguments: arguments).first
  }

  /// The first column of the first row (nil: no row, or NULL).
  public func fetchValue<T: SQLDecodable>(_: T.Type, sql: String, arguments: [(any SQLValueConvertible)?] = [])
    throws -> T?
  {
    guard let r = try fetchOne(sql: sql, arguments: arguments), let v = r.values.first else { return nil }
    return T.decode(v)
  }

  /// A subquery of the strings in a JSON array bound as one text value (`ref IN (\(db.jsonList))`).
  public var jsonList: String {
    dialect == .sqlite ? "SELECT value FROM json_each(?)" : "SELECT json_array_elements_text(?::json)"
  }

  /// The first column of every row.
  public func fetchColumn<T: SQLDecodable>(_: T.Type, sql: String, arguments: [(any SQLValueConvertible)?] = [])
    throws -> [T]
  {
    try fetchAll(sql: sql, arguments: arguments).compactMap { $0.values.first.flatMap(T.decode) }
  }
}

/// `?` placeholders as PostgreSQL's `$1, $2…` (outside quoted strings and identifiers).
func numberedPlaceholders(_ sql: String) -> String {
  var out = ""
  out.reserveCapacity(sql.utf8.count + 16)
  var n = 0
  var quote: Character?
  for c in sql {
    if let q = quote {
      if c == q { quote = nil }
      out.append(c)
    } else if c == "'" || c == "\"" {
      quote = c
      out.append(c)
    } else if c == "?" {
      n += 1
      out += "$\(n)"
    } else {
      out.append(c)
    }
  }
  return out
}
