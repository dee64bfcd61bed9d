import Foundation
import LoaCore

/// Abbreviations and place names read in full: a tab-separated file an officer can extend
/// without recompiling (`Voices/lexicon-vi.tsv`; see docs/voices.md).
///
///     UBND<TAB>ủy ban nhân dân
///     # comments and blank lines are ignored
///
/// Matching is on whole tokens and case-sensitive, so `TP.` (thành phố) never changes `tp`.
public struct Lexicon: Sendable {
  public private(set) var entries: [String: String] = [:]
  /// Longest key, in characters (bounds the token search).
  public private(set) var maxKeyLength = 0

  public init(entries: [String: String] = [:]) {
    for (k, v) in entries { add(k, v) }
  }

  /// The first character (scalar) of every key: a token that starts otherwise is no key.
  public private(set) var firstScalars: Set<Unicode.Scalar> = []

  /// Every key without its closing punctuation (`v.v.` → `v.v`, `TP.` → `TP`): a token whose
  /// core is none of these can match no key, however its punctuation is peeled.
  public private(set) var stems: Set<String> = []

  /// Closing punctuation a token may carry after a key (`UBND,`, `(TP.)`).
  public static let closing: Set<Character> = [".", ",", ";", ":", "!", "?", ")", "\"", "'", "”", "’", "]", "…"]

  /// The hash of every stem's UTF-8 bytes, composed (`surelyNoKey`).
  private(set) var stemHashes: Set<Int> = []

  static func byteHash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    var h = Hasher()
    h.combine(bytes: UnsafeRawBufferPointer(b))
    return h.finalize()
  }

  /// Whether a token is surely no key and holds no part that is one, decided on its bytes without
  /// making a String of it (most words of a bulletin): no opening bracket or quote, no joint
  /// (- / & .) before its closing punctuation, only letters whose composed form is their only form
  /// (ASCII, Latin-1 and Latin Extended, Vietnamese letters), and its stem's bytes are no key
  /// stem's. False means only "look it up the slow way".
  func surelyNoKey(_ token: Substring) -> Bool {
    // (The closure takes the set alone: capturing `self` copied the whole lexicon, a dozen
    // retains and releases, for every word of a bulletin.)
    let stemHashes = stemHashes
    return token.utf8.withContiguousStorageIfAvailable { b -> Bool in
      guard let first = b.first else { return false }
      // ( " ' [ and anything from U+2000 on (“ ‘ – …).
      if first == 0x28 || first == 0x22 || first == 0x27 || first == 0x5B || first >= 0xE2 { return false }
      var end = b.count
      while end > 0 {
        let c = b[end - 1]
        // . , ; : ! ? ) " ' ]
        if c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x29 || c == 0x22
          || c == 0x27 || c == 0x5D
        {
          end -= 1
          continue
        }
        // ” ’ … (a list cut short: Agribank, Vietcombank…)
        if end >= 3, b[end - 3] == 0xE2, b[end - 2] == 0x80, c == 0x9D || c == 0x99 || c == 0xA6 {
          end -= 3
          continue
        }
        break
      }
      guard end > 0 else { return false }
      var i = 0
      while i < end {
        let c = b[i]
        // - / & . (joints), U+0300 and on but Latin Extended Additional (E1 BA/BB …).
        if c == 0x2D || c == 0x2F || c == 0x26 || c == 0x2E || (c >= 0xCC && c != 0xE1) { return false }
        if c == 0xE1 {
          guard i + 1 < end, b[i + 1] == 0xBA || b[i + 1] == 0xBB else { return false }
        }
        i += 1
      }
      return !stemHashes.contains(Self.byteHash(UnsafeBufferPointer(rebasing: b[0..<end])))
    } ?? false
  }

  public static func stem(_ s: some StringProtocol) -> Substring {
    var t = Substring(s)
    while let l = t.last, closing.contains(l) { t = t.dropLast() }
    return t
  }

  /// The keys in the order they were first added (a file's order).
  public private(set) var keysInOrder: [String] = []

  public mutating func add(_ key: String, _ value: String) {
    if entries[key] == nil { keysInOrder.append(key) }
    entries[key] = value
    let stem = String(Self.stem(key))
    stems.insert(stem)
    // (An ASCII stem is its own composed form: Foundation's composition is most of a key's cost.)
    var composed = stem.utf8.allSatisfy({ $0 < 0x80 }) ? stem : TextForms.nfc(stem)
    composed.withUTF8 { _ = stemHashes.insert(Self.byteHash($0)) }
    maxKeyLength = max(maxKeyLength, key.count)
    // (String keys compare by canonical equivalence: both first scalars count. An ASCII key is its
    // own composed and decomposed form.)
    if key.utf8.allSatisfy({ $0 < 0x80 }) {
      if let f = key.unicodeScalars.first { firstScalars.insert(f) }
      return
    }
    for form in [key, key.precomposedStringWithCanonicalMapping, key.decomposedStringWithCanonicalMapping] {
      if let f = form.unicodeScalars.first { firstScalars.insert(f) }
    }
  }

  public func lookup(_ token: some StringProtocol) -> String? { entries[String(token)] }

  /// Entries that hold only in context (a third column; `ContextRule`), in the order they are
  /// tried: a later file's before an earlier one's, then in file order.
  public private(set) var rules: [ContextRule] = []
  /// The rules by their key's first scalar, in order.
  private(set) var rulesByFirst: [Unicode.Scalar: [ContextRule]] = [:]
  /// Fires where a rule's key occurs.
  private(set) var ruleTrigger = Trigger()

  /// Adds rules to be tried before the ones already here (a later file overrides an earlier one).
  public mutating func prepend(rules new: [ContextRule]) {
    rules = new + rules
    rulesByFirst = Dictionary(grouping: rules, by: { $0.key.unicodeScalars.first! })
    ruleTrigger = .text(Array(Set(rules.map(\.key))))
  }

  /// Parses TSV text. Errors name the line.
  public static func parse(_ text: String, origin: String) throws(LoaError) -> Lexicon {
    var lex = Lexicon()
    var rules: [ContextRule] = []
    var documents: [(key: String, name: String)] = []
    for (i, line) in TextLines.split(text).enumerated() {
      if TextForms.trimmed(line).isEmpty || line.hasPrefix("#") { continue }
      // (At the tab byte: splitting at the Character walked every grapheme of every line.)
      let cols = line.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map { Substring($0) }
      guard cols.count == 2 || cols.count == 3 else {
        throw LoaError(
          .lexicon,
          "\(origin):\(i + 1): expected 'abbreviation<TAB>reading' (and a context), found \(cols.count) column(s)")
      }
      let key = TextForms.trimmed(cols[0])
      let value = TextForms.trimmed(cols[1])
      guard !key.isEmpty, !value.isEmpty else {
        throw LoaError(.lexicon, "\(origin):\(i + 1): empty abbreviation or reading")
      }
      guard !key.utf8.contains(0x20) else {
        throw LoaError(.lexicon, "\(origin):\(i + 1): '\(key)' has a space; entries are single tokens")
      }
      if cols.count == 3, TextForms.trimmed(cols[2]) == "document" {
        documents.append((key, TextForms.nfc(value)))
        continue
      }
      if cols.count == 3 {
        do {
          rules.append(try ContextRule.parse(key: key, reading: value, context: String(cols[2])))
        } catch {
          throw LoaError(.lexicon, "\(origin):\(i + 1): \(error.message)")
        }
        continue
      }
      lex.add(key, TextForms.nfc(value))
    }
    if !rules.isEmpty { lex.prepend(rules: rules) }
    lex.documents.add(documents)
    return lex
  }

  /// Another file's entries added in its order, as `add` would add each (a later file's reading
  /// wins), without composing its keys again.
  mutating func merge(entriesOf file: Lexicon) {
    for key in file.keysInOrder {
      if entries[key] == nil { keysInOrder.append(key) }
      entries[key] = file.entries[key]
    }
    stems.formUnion(file.stems)
    stemHashes.formUnion(file.stemHashes)
    firstScalars.formUnion(file.firstScalars)
    maxKeyLength = max(maxKeyLength, file.maxKeyLength)
  }

  public static func load(path: String) throws(LoaError) -> Lexicon {
    try parse(try text(of: path, what: "lexicon"), origin: path)
  }

  /// A voices-folder file's text, strictly UTF-8; errors name the file and what it is.
  static func text(of path: String, what: String) throws(LoaError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoaError(.lexicon, "cannot read the \(what) '\(path)'")
    }
    return try decodeUTF8Strictly([UInt8](data), what: "\(what) '\(path)'")
  }

  /// Units (and the symbols of a quantity: %, °C) read after a number, from the folder's
  /// `units*.tsv` files.
  public var units = UnitTable()
  /// Symbols read wherever they stand, from the folder's `symbols*.tsv` files.
  public var symbols = SymbolTable()
  /// The kinds of document said with a document's number (`NĐ` → nghị định in `100/2019/NĐ-CP`):
  /// lexicon entries whose third column is `document`.
  public var documents = DocumentKinds()

  /// The files Loa ships, read before an officer's own.
  static let shipped = ["lexicon-loanwords.tsv", "lexicon-vi.tsv", "symbols-vi.tsv", "units-vi.tsv"]

  /// Every `*.tsv` file in a folder: the shipped ones first, then the others in name order, so
  /// that an officer's file (`lexicon-local.tsv`) overrides what Loa ships; the `units*.tsv`
  /// ones are the unit table, the `symbols*.tsv` ones the symbol table.
  public static func load(directory: String) throws(LoaError) -> Lexicon {
    var lex = Lexicon()
    var loanwords: [String] = []
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".tsv") }
      .sorted { a, b in
        let (i, j) = (shipped.firstIndex(of: a) ?? shipped.count, shipped.firstIndex(of: b) ?? shipped.count)
        return i != j ? i < j : a < b
      }
    for f in files {
      let path = directory + "/" + f
      if f.hasPrefix("symbols") {
        lex.symbols.merge(try SymbolTable.parse(try text(of: path, what: "symbol table"), origin: path))
        continue
      }
      if f.hasPrefix("units") {
        lex.units.merge(try UnitTable.parse(try text(of: path, what: "unit table"), origin: path))
        continue
      }
      let file = try load(path: path)
      lex.merge(entriesOf: file)
      if f.hasPrefix("lexicon-loanwords") { loanwords += file.keysInOrder }
      lex.documents.merge(file.documents)
      if !file.rules.isEmpty { lex.prepend(rules: file.rules) }
    }
    lex.addCapitalLoanwords(loanwords)
    lex.addLowerCaseAcronyms()
    return lex
  }

  /// Loanwords typed in capitals inside a mixed-case line (`nguồn: BÁO SGGP ONLINE`, `WIFI miễn
  /// phí`), or capitalised to open a sentence (`Virus A/H5N1 là …`): a loanword key of three or
  /// more lower-case letters that is no Vietnamese syllable gets its capitals form and its
  /// capitalised form too, read as the loanword and not spelled letter by letter, unless that form
  /// is a key of its own (an acronym, a name). No key of the files changes.
  mutating func addCapitalLoanwords(_ keys: [String]) {
    for key in keys where key.count >= 3 && key.allSatisfy({ $0.isASCII && $0.isLowercase }) {
      guard !Spelling.isSyllable(key), let value = entries[key] else { continue }
      let upper = key.uppercased()
      let capitalised = String(upper.prefix(1) + key.dropFirst())
      if entries[upper] == nil { add(upper, value) }
      if entries[capitalised] == nil { add(capitalised, value) }
    }
  }

  /// Acronyms typed in lower case (`bhxh`, `thpt`), as posts and notices often have them: a key
  /// of three to six capitals gets its lower-case form too, unless that form is a Vietnamese
  /// syllable (`TIN` → `tin` stays a word) or a key of its own. No key of the files changes.
  mutating func addLowerCaseAcronyms() {
    let letters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
    for (key, value) in entries where (3...6).contains(key.count) && key.allSatisfy(letters.contains) {
      let lower = key.lowercased()
      if entries[lower] == nil && !Spelling.isSyllable(lower) { add(lower, value) }
    }
  }
}
