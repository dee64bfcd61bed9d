import Foundation
import LoaCore

/// Symbols read wherever they stand (`≥`, `±`, `→`, `&`): a tab-separated file an officer can
/// extend without recompiling (`Voices/symbols-vi.tsv`; see docs/voices.md), loaded with the
/// lexicon from the same folder. A reading of "," is a pause.
public struct SymbolTable: Sendable {
  /// Symbol → reading.
  public private(set) var words: [String: String] = [:]
  /// The symbols in their files' order: among symbols of one length, the earlier is tried first.
  private var order: [String] = []
  /// One pattern per symbol, the longest first (`>=` before `>`), with the spaces around it, what
  /// replaces it and the trigger that lets it run.
  private(set) var rules: [(pattern: String, replacement: String, trigger: Trigger)] = []
  /// Fires where any symbol's first character is.
  private(set) var any = Trigger("")

  public init(_ entries: [(String, String)] = []) {
    for (k, v) in entries {
      if words[k] == nil { order.append(k) }
      words[k] = v
    }
    rebuild()
  }

  public var isEmpty: Bool { words.isEmpty }

  /// Adds or replaces entries (a later file's reading wins).
  public mutating func merge(_ other: SymbolTable) {
    for k in other.order where words[k] == nil { order.append(k) }
    words.merge(other.words) { _, new in new }
    rebuild()
  }

  private mutating func rebuild() {
    // Longest first (`>=` before `>`); a stable sort keeps the files' order among equals.
    let keys = order.enumerated().sorted { a, b in
      a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
    }.map(\.element)
    rules = keys.map { k in
      let reading = words[k]!
      return (
        #"\s*"# + NSRegularExpression.escapedPattern(for: k) + #"\s*"#,
        reading == "," ? ", " : " " + reading + " ", Trigger(String(k.first!))
      )
    }
    any = Trigger(String(Set(keys.map { $0.first! }).sorted()))
  }

  /// Parses TSV text (`symbol<TAB>reading`); errors name the line.
  public static func parse(_ text: String, origin: String) throws(LoaError) -> SymbolTable {
    let lex = try Lexicon.parse(text, origin: origin)
    guard lex.rules.isEmpty else {
      throw LoaError(.lexicon, "\(origin): a symbol takes no context column (symbol<TAB>reading)")
    }
    return SymbolTable(lex.keysInOrder.map { ($0, lex.entries[$0]!) })
  }
}
