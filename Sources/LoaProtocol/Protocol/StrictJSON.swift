import Foundation

/// A strict reading of JSON text before it is decoded: the same bytes must mean the same thing to
/// the box and to every other reader, so an object with a key twice (`"class"` twice, or once
/// plainly and once as `"cl\u0061ss"`) is refused — JSON readers disagree on which one wins — and
/// so is a key the protocol does not define (it could change meaning for another reader).
///
/// This is a checker, not a decoder: `JSONDecoder` still decodes. It is linear in the input and
/// refuses nesting deeper than `maxDepth`.
public enum StrictJSON {
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
  }

  /// The key shape of a JSON text: for each object, its keys (decoded) and the shapes under them.
  public indirect enum Shape: Equatable, Sendable {
    case object([(String, Shape)])
    case array([Shape])
    case scalar

    public static func == (a: Shape, b: Shape) -> Bool {
      switch (a, b) {
      case (.scalar, .scalar): true
      case (.array(let x), .array(let y)): x == y
      case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
      default: false
      }
    }

    public var keys: [String] {
      if case .object(let kv) = self { return kv.map(\.0) }
      return []
    }

    public subscript(key: String) -> Shape? {
      if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
      return nil
    }
  }

  public static let maxDepth = 32

  /// Checks the text and returns its shape; throws on bad JSON or a duplicate key.
  public static func shape(of data: Data) throws(Problem) -> Shape {
    var r = Reader(bytes: [UInt8](data))
    r.skipSpace()
    let s = try r.value(depth: 0)
    r.skipSpace()
    guard r.i == r.bytes.count else { throw Problem(message: "text after the JSON value (byte \(r.i))") }
    return s
  }

  /// Keys of `shape` (an object) that are not in `known`, in the order they appear.
  public static func unknownKeys(_ shape: Shape, known: Set<String>) -> [String] {
    shape.keys.filter { !known.contains($0) }
  }

  struct Reader {
    let bytes: [UInt8]
    var i = 0

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    func fail(_ m: String) -> Problem { Problem(message: "\(m) (byte \(i))") }

    mutating func value(depth: Int) throws(Problem) -> Shape {
      guard depth <= StrictJSON.maxDepth else { throw fail("nested deeper than \(StrictJSON.maxDepth)") }
      guard i < bytes.count else { throw fail("the JSON text ends early") }
      switch bytes[i] {
      case UInt8(ascii: "{"): return try object(depth: depth)
      case UInt8(ascii: "["): return try array(depth: depth)
      case UInt8(ascii: "\""):
        _ = try string()
        return .scalar
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      default: try number()
      }
      return .scalar
    }

    mutating func object(depth: Int) throws(Problem) -> Shape {
      i += 1
      var members: [(String, Shape)] = []
      var seen = Set<String>()
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
        i += 1
        return .object([])
      }
      while true {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("an object key must be a string") }
        let key = try string()
        guard seen.insert(key).inserted else {
          throw Problem(message: "the key '\(key.prefix(64))' appears twice in one object")
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("':' expected after a key") }
        i += 1
        skipSpace()
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        guard i < bytes.count else { throw fail("the JSON text ends inside an object") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard bytes[i] == UInt8(ascii: "}") else { throw fail("',' or '}' expected") }
        i += 1
        return .object(members)
      }
    }

    mutating func array(depth: Int) throws(Problem) -> Shape {
      i += 1
      var items: [Shape] = []
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
        i += 1
        return .array([])
      }
      while true {
        skipSpace()
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard i < bytes.count else { throw fail("the JSON text ends inside an array") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard bytes[i] == UInt8(ascii: "]") else { throw fail("',' or ']' expected") }
        i += 1
        return .array(items)
      }
    }

    mutating func literal(_ word: String) throws(Problem) {
      let w = Array(word.utf8)
      guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("bad literal") }
      i += w.count
    }

    mutating func number() throws(Problem) {
      let start = i
      if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
      func digits(_ r: inout Reader) -> Int {
        let s = r.i
        while r.i < r.bytes.count, (0x30...0x39).contains(r.bytes[r.i]) { r.i += 1 }
        return r.i - s
      }
      guard digits(&self) > 0 else { throw fail("unexpected character") }
      if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
        i += 1
        guard digits(&self) > 0 else { throw fail("digits expected after '.'") }
      }
      if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
        i += 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digits(&self) > 0 else { throw fail("digits expected in the exponent") }
      }
      if i == start { throw fail("unexpected character") }
    }

    /// Reads a string and returns it decoded (escapes resolved), so `"cl\u0061ss"` is `class`.
    mutating func string() throws(Problem) -> String {
      i += 1
      var scalars = String.UnicodeScalarView()
      var raw: [UInt8] = []
      func flush(_ raw: inout [UInt8], _ out: inout String.UnicodeScalarView) throws(Problem) {
        guard !raw.isEmpty else { return }
        guard let s = String(validating: raw, as: UTF8.self) else {
          throw Problem(message: "a string is not valid UTF-8")
        }
        out.append(contentsOf: s.unicodeScalars)
        raw.removeAll(keepingCapacity: true)
      }
      while true {
        guard i < bytes.count else { throw fail("the JSON text ends inside a string") }
        let b = bytes[i]
        if b == UInt8(ascii: "\"") {
          i += 1
          try flush(&raw, &scalars)
          return String(scalars)
        }
        if b < 0x20 { throw fail("a control character inside a string") }
        if b != UInt8(ascii: "\\") {
          raw.append(b)
          i += 1
          continue
        }
        try flush(&raw, &scalars)
        i += 1
        guard i < bytes.count else { throw fail("the JSON text ends inside an escape") }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800...0xDBFF).contains(code) {
            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
              throw fail("a lone surrogate in a \\u escape")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate in a \\u escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(code) {
            throw fail("a lone surrogate in a \\u escape")
          }
          guard let s = Unicode.Scalar(code) else { throw fail("a bad \\u escape") }
          scalars.append(s)
        default: throw fail("a bad escape")
        }
      }
    }

    mutating func hex4() throws(Problem) -> UInt32 {
      guard i + 4 <= bytes.count else { throw fail("a short \\u escape") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = bytes[i]
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66: d = UInt32(c - 0x61 + 10)
        default: throw fail("a bad \\u escape")
        }
        v = v * 16 + d
        i += 1
      }
      return v
    }
  }
}
