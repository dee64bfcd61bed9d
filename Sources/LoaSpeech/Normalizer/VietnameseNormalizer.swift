import Foundation

/// Turns bulletin text into the words a commune announcer would say: numbers, dates, times,
/// money, units, phone numbers, Roman numerals, ordinals, abbreviations and acronyms.
///
/// Passes run from the most specific to the least; each writes lowercase words without
/// digits, so later passes never re-read what an earlier one produced. What it cannot read
/// is left for espeak-ng, never dropped; digit runs longer than 15 are read digit by digit.
public struct VietnameseNormalizer: TextNormalizer {
  public let lexicon: Lexicon
  /// The tokenizer's judge of plain words, made from the lexicon's tables.
  let plainWords: PlainWords

  public init(lexicon: Lexicon = Lexicon()) {
    self.lexicon = lexicon
    plainWords = PlainWords(lexicon)
  }

  /// The pieces the normaliser reads one at a time anyway (`Pieces`).
  public func parts(_ text: String) -> [Substring] { Pieces.split(text) }

  public func normalize(_ text: String, dialect: Dialect) -> String {
    let text = InlineAcronyms.apply(text)
    let pieces = Pieces.split(text)
    if pieces.count == 1 { return normalizePiece(text, dialect: dialect) }
    // Each piece alone (linear time), joined by the space or line break that ended it; a long
    // text's pieces on every core (they share nothing).
    let reads = Parallel.map(pieces, minimum: Self.parallelPieces) { normalizePiece(String($0), dialect: dialect) }
    var out = ""
    var lineBreak = false
    for (piece, read) in zip(pieces, reads) {
      if !read.isEmpty {
        if !out.isEmpty { out += lineBreak ? "\n" : " " }
        out += read
        lineBreak = false
      }
      if piece.last?.isNewline == true { lineBreak = true }
    }
    return out
  }

  /// From this many pieces on (some 5,000 characters), a text's pieces are read in parallel.
  static let parallelPieces = 8

  func normalizePiece(_ text: String, dialect: Dialect) -> String {
    Scan.$memo.withValue(Scan.Memo()) { readPiece(text, dialect: dialect) }
  }

  /// A piece as the tokenizer and the rules see it: Unicode forms, capitals' lines, slips of typing
  /// (`Typography`), tone marks.
  func prepared(_ text: String, dialect: Dialect) -> String {
    // (A line in capitals is found before line breaks become sentence ends. Digits are ASCII for
    // every pattern: PCRE2 reads `\d` as `[0-9]`, see `Pattern`.)
    let s = BasicNormalizer().normalize(Shouted.lowerWords(Self.asciiDigits(text)), dialect: dialect)
    return ToneMarks.canonical(Typography.mended(s))
  }

  private func readPiece(_ text: String, dialect: Dialect) -> String {
    let r = NumberReader(dialect: dialect)
    let s = prepared(text, dialect: dialect)
    if Reference.patterns || Reference.wholePieces { return Passes.tidy(readRules(s, r, kinds: .all)) }
    // Only the spans around what a rule reads go through the rules (`PlainWords`), each through
    // the passes that read the kinds of its tokens.
    let spans = plainWords.spans(s)
    if spans.count == 1 { return Passes.tidy(spans[0].rules ? readRules(s, r, kinds: spans[0].kinds) : s) }
    var out = ""
    out.reserveCapacity(s.utf8.count + s.utf8.count / 2)
    let u = s.utf8
    for span in spans {
      let text = Substring(u[u.index(u.startIndex, offsetBy: span.start)..<u.index(u.startIndex, offsetBy: span.end)])
      if span.rules {
        out += readRules(String(text), r, kinds: span.kinds)
        out += " "
      } else {
        out += text
      }
    }
    return Passes.tidy(out)
  }

  /// The rules, from the most specific to the least, over a span of a piece whose tokens are of
  /// `kinds`: the passes that rewrite words, then, on the kinds of what they wrote, the passes
  /// that read figures and marks; each pass only where a token of a kind it reads is.
  func readRules(_ text: String, _ r: NumberReader, kinds: TokenKinds) -> String {
    var s = text
    for step in Self.wordSteps where !step.reads.isDisjoint(with: kinds) { s = step.run(self, s, r) }
    // (A code split into a word and a number, an abbreviation read out: tokenized again.)
    let kinds = kinds == .all || s == text ? kinds : plainWords.kinds(s)
    for step in Self.figureSteps where !step.reads.isDisjoint(with: kinds) { s = step.run(self, s, r) }
    return s
  }

  /// One pass of the rules and the kinds of token it reads: a span with none of them skips it.
  /// (Tested on the corpus: no pass changes a text it is routed past.)
  struct Step: Sendable {
    let name: String
    let reads: TokenKinds
    let run: @Sendable (VietnameseNormalizer, String, NumberReader) -> String

    init(
      _ name: String, _ reads: TokenKinds,
      _ run: @escaping @Sendable (VietnameseNormalizer, String, NumberReader) -> String
    ) {
      self.name = name
      self.reads = reads
      self.run = run
    }
  }

  /// The passes that rewrite words: initials, web addresses and codes, tokens that hide words,
  /// weekdays, abbreviations by their neighbours, the lexicon.
  static let wordSteps: [Step] = [
    Step("initials", [.letter, .abbreviation, .code, .address, .symbol]) { _, s, _ in Passes.initials(s) },
    Step("addresses and codes", [.figures, .address, .symbol, .abbreviation, .known]) { _, s, r in
      Passes.addressesAndCodes(s, r)
    },
    Step("tokens that hide words", [.figures, .abbreviation, .symbol]) { n, s, _ in
      Passes.splitTokens(s, n.lexicon.documents)
    },
    Step("weekdays", [.figures, .abbreviation]) { _, s, _ in Passes.weekdays(s) },
    Step("context rules", [.known, .letter, .abbreviation, .code, .address, .symbol]) { n, s, _ in
      Passes.contextual(s, n.lexicon)
    },
    Step("lexicon", .read) { n, s, _ in asciiDigits(n.expandLexicon(s)) },
  ]

  /// The passes that read figures, letters and marks, each writing small words without digits.
  static let figureSteps: [Step] = [
    Step("scientific notation", .figures) { _, s, r in Passes.scientific(s, r) },
    Step("phone numbers", .figures) { _, s, r in Passes.phones(s, r) },
    Step("dates", .figures) { _, s, r in Passes.dates(s, r) },
    Step("times", [.figures, .symbol]) { _, s, r in Passes.times(s, r) },
    Step("units and money", [.figures, .known, .letter, .abbreviation, .symbol]) { n, s, r in
      Passes.unitsAndMoney(s, r, n.lexicon.units)
    },
    Step("roman numbers", [.letter, .abbreviation, .number, .code, .symbol]) { _, s, r in Passes.romans(s, r) },
    Step("single letters", [.letter, .abbreviation, .figures, .symbol]) { _, s, _ in Passes.singleLetters(s) },
    Step("ordinals and labels", .figures) { _, s, r in Passes.ordinalsAndLabels(s, r) },
    Step("numbers", .figures) { _, s, r in Passes.numbers(s, r) },
    Step("symbols", [.abbreviation, .figures, .symbol]) { n, s, _ in Passes.symbols(s, n.lexicon.symbols) },
    Step("acronyms", [.abbreviation, .code, .address]) { n, s, r in n.spellAcronyms(s, r) },
  ]

  /// Decimal digits of every script (fullwidth `１２`, Arabic-Indic, Lao, NKo…) as ASCII digits:
  /// read as numbers, and never a crash in the number reader (bench/fuzz found one with a Lao
  /// digit nine).
  static func asciiDigits(_ s: String) -> String {
    // (No decimal digit outside ASCII comes before U+0660, nor in Latin Extended Additional, where
    // Vietnamese letters are: their properties are not looked up.)
    func foreign(_ u: Unicode.Scalar) -> Bool {
      u.value >= 0x660 && !(0x1E00...0x1EFF).contains(u.value) && u.properties.numericType == .decimal
    }
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
    if !Reference.patterns, Pieces.oneScalarCharacters(s) {
      // Split at the space byte: the same tokens as splitting at the Character " ", as no
      // scalar here joins a space into a larger character.
      var out = ""
      out.reserveCapacity(s.utf8.count + s.utf8.count / 4)
      let u = s.utf8
      var start = u.startIndex
      var i = start
      while i != u.endIndex {
        if u[i] == 0x20 {
          out += expandToken(s[start..<i])
          out += " "
          start = u.index(after: i)
        }
        i = u.index(after: i)
      }
      out += expandToken(s[start..<u.endIndex])
      return out
    }
    var out: [String] = []
    for token in s.split(separator: " ", omittingEmptySubsequences: false) {
      out.append(expandToken(token))
    }
    return out.joined(separator: " ")
  }

  static let leading: Set<Character> = ["(", "\"", "'", "“", "‘", "["]
  /// The marks a token's parts are joined by, as UTF-8 bytes: - / & .
  static let joints: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "&"), UInt8(ascii: ".")]

  func expandToken(_ token: Substring) -> String {
    // Most words: surely no key, known from their bytes (the same answer as the checks below).
    if !Reference.patterns, lexicon.surelyNoKey(token) { return String(token) }
    var core = token
    while let f = core.first, Self.leading.contains(f) { core = core.dropFirst() }
    // (A token with nothing before its core is a key only if its stem is some key's stem: the
    // check below; one hash fewer for most words.)
    if core.startIndex != token.startIndex || Reference.patterns, let v = lexicon.lookup(token) { return v }
    // Every lookup below is of the core with some of its closing punctuation (whose stem is the
    // core's), or of a part of it between '-', '/', '&' or '.': if neither the core's stem nor any
    // part's is some key's stem, nothing can match (UBND. goes on; 1.2/3-4,5 stops here).
    if !Reference.patterns, !lexicon.stems.contains(String(Lexicon.stem(core))),
      !Self.joints.contains(where: { joint in
        core.utf8.contains(joint)
          && core.utf8.split(separator: joint).contains { lexicon.stems.contains(String(Lexicon.stem(Substring($0)))) }
      })
    {
      return String(token)
    }
    // Peel leading brackets/quotes and trailing punctuation, keep them around the reading.
    let lead = String(token[token.startIndex..<core.startIndex])
    var trail = ""
    while !core.isEmpty {
      if let v = lexicon.lookup(core) { return lead + v + trail }
      guard let l = core.last, Lexicon.closing.contains(l) else { break }
      trail = String(l) + trail
      core = core.dropLast()
    }
    // Abbreviations joined by '&' or '.' that the lexicon knows apart: HĐND&UBND → hội đồng nhân
    // dân và ủy ban nhân dân, TS.BS → tiến sĩ bác sĩ (TT&TT, PGS.TS are keys of their own, matched
    // above).
    for (joint, word) in [("&", " và "), (".", " ")] where core.contains(joint) {
      let parts = core.split(separator: Character(joint), omittingEmptySubsequences: false)
      let read = parts.map { lexicon.lookup($0) }
      if parts.count > 1, read.allSatisfy({ $0 != nil }) {
        return lead + read.map { $0! }.joined(separator: word) + trail
      }
    }
    // Words joined by a slash, one of them an abbreviation: tỉnh/TP → tỉnh/thành phố (the slash
    // is read later, with the words on both sides).
    if core.utf8.contains(UInt8(ascii: "/")) {
      let parts = core.split(separator: "/", omittingEmptySubsequences: false)
      if parts.count > 1, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isLetter) }),
        parts.contains(where: { $0.count >= 2 && $0.allSatisfy(\.isUppercase) && lexicon.lookup($0) != nil })
      {
        let read = parts.map { p in
          p.count >= 2 && p.allSatisfy(\.isUppercase) ? lexicon.lookup(p) ?? String(p) : String(p)
        }
        return lead + read.joined(separator: "/") + trail
      }
    }
    // Compounds: COVID-19, QĐ-TTg, KH-UBND: each part that the lexicon knows; the first part of
    // such a code is a kind of document where it names one (TT-BYT: thông tư, as TT alone before a
    // name is a town).
    if core.utf8.contains(UInt8(ascii: "-")) {
      let parts = core.split(separator: "-", omittingEmptySubsequences: false)
      let read = parts.enumerated().map { i, part in
        (i == 0 && part.count > 1 ? lexicon.documents.words[String(part)] : nil) ?? lexicon.lookup(part) ?? String(part)
      }
      if read != parts.map(String.init) { return lead + read.joined(separator: " ") + trail }
    }
    return String(token)
  }

  func spellAcronyms(_ s: String, _ r: NumberReader) -> String {
    Passes.replace(
      #"(?<![\p{L}\p{N}])(\p{Lu}{2,8})(?![\p{L}\p{N}])(?=(\s+\p{Ll})?)(?=(\s*[(,]\s*(?i:tổng hợp)(?!\s+\p{L}))?)"#,
      in: s,
      when: .capitalPair
    ) { m in
      let w = m[1]
      // A writer's initials before "(tổng hợp)" are letters, even where they make a syllable: AM
      // (the bracket is a comma by now).
      if !m[3].isEmpty { return Spelling.spell(w) }
      // A Roman number no rule before took, after a title or a name: Cán bộ Văn hóa II → hai
      // (not "ii" as a syllable, nor letters); VI and XI before a small word are syllables (VI rút).
      if w.allSatisfy({ "IVX".contains($0) }), let n = Passes.roman(w), n <= 39,
        m[2].isEmpty || !["VI", "XI"].contains(w)
      {
        return r.cardinal(n)
      }
      if Spelling.isSpokenSyllable(w) { return w.lowercased() }
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

  static let toned = Set("àáãảạèéẽẻẹỳýỹỷỵ".unicodeScalars)

  /// Only where the pair ends the syllable (hoà, khoẻ, uỷ, thuỷ); hoàng keeps its tone on a; not
  /// after q (quá). One scan; the text is composed (NFC) already.
  static func canonical(_ s: String) -> String {
    if Reference.patterns {
      return Passes.replace(#"(?<![qQ])([oOuU][àáãảạèéẽẻẹỳýỹỷỵ])(?![\p{L}])"#, in: s) { m in map[m[1]] ?? m[1] }
    }
    // Over the UTF-8 bytes: every toned vowel above starts with C3 or E1, so most texts are
    // passed back as they are after one look at each o and u, without a copy.
    var text = s
    return text.withUTF8 { b -> String in
      var out: [UInt8] = []
      var copied = 0
      var i = 0
      let n = b.count
      while i + 1 < n {
        let c = b[i]
        guard c == 0x6F || c == 0x4F || c == 0x75 || c == 0x55, b[i + 1] == 0xC3 || b[i + 1] == 0xE1,
          i == 0 || (b[i - 1] != 0x71 && b[i - 1] != 0x51)
        else {
          i += 1
          continue
        }
        let (vowel, width) = scalar(b, at: i + 1)
        let after = i + 1 + width
        guard toned.contains(vowel), after == n || !isLetter(scalar(b, at: after).0),
          let new = map[String(String.UnicodeScalarView([Unicode.Scalar(c), vowel]))]
        else {
          i += 1
          continue
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<i]))
        out.append(contentsOf: new.utf8)
        copied = after
        i = after
      }
      if copied == 0 && out.isEmpty { return s }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<n]))
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// The scalar that starts at byte `i` of valid UTF-8, and its width in bytes.
  static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
    let c = UInt32(b[i])
    if c < 0x80 { return (Unicode.Scalar(UInt8(c)), 1) }
    if c < 0xE0 { return (Unicode.Scalar(((c & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F)) ?? "\u{FFFD}", 2) }
    if c < 0xF0 {
      let v = ((c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
      return (Unicode.Scalar(v) ?? "\u{FFFD}", 3)
    }
    let v =
      ((c & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F)
    return (Unicode.Scalar(v) ?? "\u{FFFD}", 4)
  }

  /// `\p{L}`.
  static func isLetter(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    if v < 128 { return Trigger.isASCIILetter(v) }
    if (0xC0...0x24F).contains(v) { return v != 0xD7 && v != 0xF7 }
    if (0x1EA0...0x1EF9).contains(v) { return true }
    switch u.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return false
    }
  }
}
