import Foundation
import LoaCore

/// Units and symbols read after a number (`150mm`, `35-37°C`, `50.000đ`, `85%`): a tab-separated
/// file an officer can extend without recompiling (`Voices/units-vi.tsv`; see docs/voices.md),
/// loaded with the lexicon from the same folder.
public struct UnitTable: Sendable {
  /// Written form → reading.
  public private(set) var words: [String: String] = [:]
  /// The written forms as one alternation, longest first, behind a look at their first
  /// character (ICU had tried the alternatives one by one after every number).
  public private(set) var pattern = "(?!)"
  /// Fires on a digit and the first character of some unit.
  private(set) var trigger = Trigger.digitAnd("")

  public init(_ entries: [(String, String)] = []) {
    for (k, v) in entries { words[k] = v }
    rebuild()
  }

  public var isEmpty: Bool { words.isEmpty }

  /// Adds or replaces entries (a later file's reading wins).
  public mutating func merge(_ other: UnitTable) {
    words.merge(other.words) { _, new in new }
    rebuild()
  }

  private mutating func rebuild() {
    guard !words.isEmpty else {
      pattern = "(?!)"
      trigger = .digitAnd("")
      return
    }
    // Longest first; among equals, in code-point order, so the pattern is the same every time.
    let keys = words.keys.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    let firsts = Set(keys.map { String($0.unicodeScalars.first!) }).sorted()
    pattern =
      "(?=[" + firsts.map { NSRegularExpression.escapedPattern(for: $0) }.joined() + "])(?:"
      + keys.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + ")"
    trigger = .digitAnd(firsts.joined())
  }

  /// The words for a unit the pattern matched; the pattern may match a spelling the table does
  /// not have (case, another form), so never a forced lookup (bench/fuzz found the crash).
  public func word(_ u: String) -> String {
    words[u] ?? words[u.lowercased()] ?? u
  }

  /// Parses TSV text (`written<TAB>reading`); errors name the line.
  public static func parse(_ text: String, origin: String) throws(LoaError) -> UnitTable {
    let lex = try Lexicon.parse(text, origin: origin)
    guard lex.rules.isEmpty else {
      throw LoaError(.lexicon, "\(origin): a unit takes no context column (written<TAB>reading)")
    }
    return UnitTable(lex.entries.map { ($0.key, $0.value) })
  }
}
