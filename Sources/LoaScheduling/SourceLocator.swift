import Foundation
import LoaCore

/// Finds where a key of a TOML schedule file is, for messages like `lich.toml:14:9`.
///
/// TOMLKit does not expose source positions of values, so this scans the text the way a
/// reader would: `[[program]]`, `[[program.item]]`, `[[slot]]` and `[section]` headers, then
/// `key = value` lines. Paths look like `slot[2].days` or `program[0].item[3].url`.
struct SourceLocator {
  struct Position {
    var line: Int
    var column: Int
  }
  private var keys: [String: Position] = [:]
  private var lines: [Substring] = []

  init(text: String) {
    lines = TextLines.split(text)
    var counts: [String: Int] = [:]
    var prefix = ""
    var programIndex = -1
    for (n, raw) in lines.enumerated() {
      let line = raw.drop { $0 == " " || $0 == "\t" }
      let indent = raw.count - line.count
      if line.hasPrefix("#") || line.isEmpty { continue }
      if line.hasPrefix("[[") {
        let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
        if name == "program" {
          programIndex += 1
          counts["program.item"] = 0
          prefix = "program[\(programIndex)]"
        } else if name == "program.item" {
          let j = counts["program.item", default: 0]
          counts["program.item"] = j + 1
          prefix = "program[\(max(programIndex, 0))].item[\(j)]"
        } else {
          let i = counts[name, default: 0]
          counts[name] = i + 1
          prefix = "\(name)[\(i)]"
        }
        keys[prefix] = Position(line: n + 1, column: indent + 1)
        continue
      }
      if line.hasPrefix("[") {
        prefix = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
        keys[prefix] = Position(line: n + 1, column: indent + 1)
        continue
      }
      if let eq = line.firstIndex(of: "=") {
        let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(
          in: CharacterSet(charactersIn: "\"'"))
        let path = prefix.isEmpty ? key : "\(prefix).\(key)"
        keys[path] = Position(line: n + 1, column: indent + 1)
      }
    }
  }

  /// Where `path` is; with `value`, the column of that value on the key's line when it is there.
  func position(_ path: String, value: String? = nil) -> Position? {
    var p = path
    while true {
      if var found = keys[p] {
        if p == path, let value, found.line - 1 < lines.count {
          let text = String(lines[found.line - 1])
          if let r = text.range(of: "\"\(value)\"") ?? text.range(of: value) {
            found.column = text.distance(from: text.startIndex, to: r.lowerBound) + 1
          }
        }
        return found
      }
      // Fall back to the enclosing table.
      guard let dot = p.lastIndex(of: ".") else { return nil }
      p = String(p[..<dot])
    }
  }
}
