import Foundation

/// The kinds of document said with a document's number: `NĐ` in `Nghị định 100/2019/NĐ-CP`,
/// `KH` in `45/KH-UBND`, `CT` in `05-CT/TW`. Lexicon entries whose third column is `document`
/// (`NĐ<TAB>nghị định<TAB>document`), so a commune adds a kind in its own file; they are not read
/// as abbreviations anywhere else (`L` is *luật* only inside a document's number).
public struct DocumentKinds: Sendable {
  /// Written form → the kind's name.
  public private(set) var words: [String: String] = [:]
  /// The kinds' names as one alternation, longest first (thông tư liên tịch before thông tư),
  /// each escaped; a pattern that matches nothing when there are none.
  public private(set) var names = "(?!)"

  public init() {}

  public var isEmpty: Bool { words.isEmpty }

  /// Adds entries, then makes `names` once (a file's hundred kinds were sorted a hundred times).
  mutating func add(_ entries: [(key: String, name: String)]) {
    guard !entries.isEmpty else { return }
    for (key, name) in entries { words[key] = name }
    rebuild()
  }

  /// Adds or replaces entries (a later file's name wins).
  mutating func merge(_ other: DocumentKinds) {
    guard !other.isEmpty else { return }
    words.merge(other.words) { _, new in new }
    rebuild()
  }

  private mutating func rebuild() {
    let sorted = Set(words.values).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    names = sorted.isEmpty ? "(?!)" : sorted.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
  }
}
