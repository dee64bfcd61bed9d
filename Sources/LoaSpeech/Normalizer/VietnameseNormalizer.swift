import Foundation

/// Turns bulletin text into the words a commune announcer would say: numbers, dates, times,
/// money, units, phone numbers, Roman numerals, ordinals, abbreviations and acronyms.
///
/// Passes run from the most specific to the least; each writes lowercase words without
/// digits, so later passes never re-read what an earlier one produced. What it cannot read
/// is left for espeak-ng, never dropped; digit runs longer than 15 are read digit by digit.
public struct VietnameseNormalizer: TextNormalizer {
  public let lexicon: Lexicon

  public init(lexicon: Lexicon = Lexicon()) { self.lexicon = lexicon }

  public func normalize(_ text: String, dialect: Dialect) -> String {
    let pieces = Pieces.split(text)
    if pieces.count == 1 { return normalizePiece(text, dialect: dialect) }
    // Each piece alone (linear time), joined by the space or line break that ended it.
    var out = ""
    var lineBreak = false
    for piece in pieces {
      let read = normalizePiece(String(piece), dialect: dialect)
      if !read.isEmpty {
        if !out.isEmpty { out += lineBreak ? "\n" : " " }
        out += read
        lineBreak = false
      }
      if piece.last?.isNewline == true { lineBreak = true }
    }
    return out
  }

  func normalizePiece(_ text: String, dialect: Dialect) -> String {
    let r = NumberReader(dialect: dialect)
    var s = BasicNormalizer().normalize(Self.asciiDigits(text), dialect: dialect)
    s = ToneMarks.canonical(s)
    s = Passes.addressesAndCodes(s, r)
    s = Passes.splitTokens(s)
    s = Self.asciiDigits(expandLexicon(s))
    s = Passes.scientific(s, r)
    s = Passes.phones(s, r)
    s = Passes.dates(s, r)
    s = Passes.times(s, r)
    s = Passes.unitsAndMoney(s, r)
    s = Passes.romans(s, r)
    s = Passes.singleLetters(s)
    s = Passes.ordinalsAndLabels(s, r)
    s = Passes.numbers(s, r)
    s = Passes.symbols(s)
    s = spellAcronyms(s)
    return Passes.tidy(s)
  }

  /// Decimal digits of every script (fullwidth `１２`, Arabic-Indic, Lao, NKo…) as ASCII digits:
  /// read as numbers, and never a crash in the number reader (bench/fuzz found one with a Lao
  /// digit nine).
  static func asciiDigits(_ s: String) -> String {
    func foreign(_ u: Unicode.Scalar) -> Bool { !u.isASCII && u.properties.numericType == .decimal }
    guard s.unicodeScalars.contains(where: foreign) else { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
      if foreign(u), let v = u.properties.numericValue, v >= 0, v <= 9 {
        out.append(Unicode.Scalar(UInt8(48 + Int(v))))
      } else {
        out.append(u)
      }
    }
    return String(out)
  }

  /// Whole-token lexicon hits; trailing punctuation is tried with and without.
  func expandLexicon(_ s: String) -> String {
    guard !lexicon.entries.isEmpty else { return s }
    var out: [String] = []
    for token in s.split(separator: " ", omittingEmptySubsequences: false) {
      out.append(expandToken(token))
    }
    return out.joined(separator: " ")
  }

  func expandToken(_ token: Substring) -> String {
    if let v = lexicon.lookup(token) { return v }
    // Peel leading brackets/quotes and trailing punctuation, keep them around the reading.
    var lead = Substring("")
    var core = token
    while let f = core.first, "(\"'“‘[".contains(f) {
      lead = lead + String(f)
      core = core.dropFirst()
    }
    var trail = ""
    while !core.isEmpty {
      if let v = lexicon.lookup(core) { return lead + v + trail }
      guard let l = core.last, ".,;:!?)\"'”’]".contains(l) else { break }
      trail = String(l) + trail
      core = core.dropLast()
    }
    // Compounds: COVID-19, QĐ-TTg, KH-UBND: each part that the lexicon knows.
    if core.contains("-") {
      let parts = core.split(separator: "-", omittingEmptySubsequences: false)
      let read = parts.map { lexicon.lookup($0) ?? String($0) }
      if read != parts.map(String.init) { return lead + read.joined(separator: " ") + trail }
    }
    return String(token)
  }

  func spellAcronyms(_ s: String) -> String {
    Passes.replace(#"(?<![\p{L}\p{N}])(\p{Lu}{2,8})(?![\p{L}\p{N}])"#, in: s) { m in
      let w = m[1]
      if Spelling.isSyllable(w) { return w.lowercased() }
      return Spelling.spell(w)
    }
  }
}

/// Old and new tone-mark placement (hoà/hòa, uỷ/ủy, thuở): one form for the synthesiser.
enum ToneMarks {
  static let map: [String: String] = {
    var m: [String: String] = [:]
    // a/e/y carrying the tone after o/u in an open syllable → tone on o/u.
    let pairs: [(String, String, String)] = [
      ("o", "a", "oa"), ("o", "e", "oe"), ("u", "y", "uy"),
    ]
    let tones: [(String, String)] = [
      ("\u{300}", "`"), ("\u{301}", "'"), ("\u{303}", "~"), ("\u{309}", "?"), ("\u{323}", "."),
    ]
    for (first, second, _) in pairs {
      for (mark, _) in tones {
        for cap in [false, true] {
          let f = cap ? first.uppercased() : first
          let old = (f + second + mark).precomposedStringWithCanonicalMapping
          let new = (f + mark + second).precomposedStringWithCanonicalMapping
          m[old] = new
        }
      }
    }
    return m
  }()

  static func canonical(_ s: String) -> String {
    // Only where the pair ends the syllable (hoà, khoẻ, uỷ, thuỷ); hoàng keeps its tone on a.
    Passes.replace(#"(?<![qQ])([oOuU][àáãảạèéẽẻẹỳýỹỷỵ])(?![\p{L}])"#, in: s) { m in map[m[1]] ?? m[1] }
  }
}
