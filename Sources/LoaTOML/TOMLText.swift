import TOMLKit

/// The one way Loa reads TOML (config, schedules, voice profiles): TOMLKit, behind a guard for a
/// bug of the toml++ it bundles.
///
/// toml++ (marzer/tomlplusplus#301, fixed upstream in 2026, not in the TOMLKit release Loa
/// builds with) asserts — aborting the process, in release builds too — when a table header has
/// no name (`[=`, `[[=`, `[[[1]]]`, `[ ]`) and when a `}` stands where an array expects a value
/// (`d=[}`, `a=[1,}`). Both found by bench/fuzz with two to four bytes. The guard finds them first
/// and reports them as the syntax errors they are.
public enum TOMLText {
  public struct SyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var description: String
  }

  public static func parse(_ text: String) throws(SyntaxError) -> TOMLTable {
    try checkHeaders(text)
    do { return try TOMLTable(string: text) } catch let e as TOMLParseError {
      throw SyntaxError(line: e.source.begin.line, column: e.source.begin.column, description: e.description)
    } catch {
      throw SyntaxError(line: 0, column: 0, description: "\(error)")
    }
  }

  /// Every table header (`[` or `[[` at the start of a statement, outside strings, comments and
  /// values) must be followed by a key: a bare-key character or a quote.
  static func checkHeaders(_ text: String) throws(SyntaxError) {
    let bytes = Array(text.utf8)
    var i = 0
    var line = 1
    var lineStart = 0
    var open: [UInt8] = []  // the value's brackets still open: [ or {
    var statementStart = true  // only white space since the last newline (at depth 0)
    func isKeyStart(_ b: UInt8) -> Bool {
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        || b == 0x22 || b == 0x27
    }
    func skip(_ quote: [UInt8], multi: Bool, escapes: Bool) {
      // i is just past the opening quote(s); moves past the closing ones.
      while i < bytes.count {
        if escapes && bytes[i] == 0x5C {
          i += 2
          continue
        }
        if bytes[i] == 0x0A {
          if !multi { return }
          line += 1
          lineStart = i + 1
        }
        if bytes[i...].starts(with: quote) {
          i += quote.count
          return
        }
        i += 1
      }
    }
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case 0x0A:
        line += 1
        lineStart = i + 1
        if open.isEmpty { statementStart = true }
        i += 1
      case 0x20, 0x09, 0x0D:
        i += 1
      case 0x23:  // comment to the end of the line
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
      case 0x22, 0x27:  // strings
        let q = [b, b, b]
        statementStart = false
        if bytes[i...].starts(with: q) {
          i += 3
          skip(q, multi: true, escapes: b == 0x22)
        } else {
          i += 1
          skip([b], multi: false, escapes: b == 0x22)
        }
      case 0x5B where open.isEmpty && statementStart:  // a table header
        var j = i + 1
        if j < bytes.count && bytes[j] == 0x5B { j += 1 }
        while j < bytes.count && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        guard j < bytes.count, isKeyStart(bytes[j]) else {
          throw SyntaxError(
            line: line, column: i - lineStart + 1,
            description: "a table header needs a name after '[' (tiêu đề bảng thiếu tên)")
        }
        while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x23 { i += 1 }
        statementStart = false
      case 0x5B, 0x7B:
        open.append(b)
        statementStart = false
        i += 1
      case 0x7D where open.last == 0x5B:
        throw SyntaxError(
          line: line, column: i - lineStart + 1, description: "'}' inside an array, where a value or ']' should be")
      case 0x5D, 0x7D:
        if !open.isEmpty { open.removeLast() }
        i += 1
      default:
        statementStart = false
        i += 1
      }
    }
  }
}
