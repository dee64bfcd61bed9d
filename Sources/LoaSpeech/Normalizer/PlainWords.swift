/// The normaliser's tokenizer: a piece cut at its spaces into tokens, each with its kinds (a plain
/// word, or what a rule reads: a number, a date, a time, a code, an abbreviation… `TokenKinds`),
/// and the piece into spans: the words around what a rule reads (with their context), which go
/// through the passes that read their kinds, and the runs of plain words between, which no rule
/// changes and which skip them. Most of a bulletin is plain words (`Kính thưa bà con …`): the rules
/// run on a tenth of its text instead of all of it.
///
/// A plain word is made of Vietnamese or ASCII letters only, small or with one capital at its
/// start, maybe with one comma or full stop after it; two letters at least, or one small letter
/// outside ASCII (`ở`, `ý`), as a lone ASCII letter is read (`điểm c`, `chị T`); and it is none of
/// the words the lexicon, its context rules, the units or the document kinds know (`online`,
/// `ha`, `km`). No rule matches plain words alone (each needs a digit, a capital pair, a symbol, a
/// known word… — tested on the corpus's sentences with everything else taken out); a rule's
/// context is kept: each span takes `reach` words on either side of what it reads, and back to
/// the start of its clause when that is at most `clause` words before (`hiệp … 1-1`, `nhiệt độ …
/// 32 C`), and it starts and ends with a plain word, so a rule's `^` and `$` never hold at a cut.
struct PlainWords: Sendable {
  /// The hashes (`Lexicon.byteHash`) of every word a plain word must not be: the lexicon's keys
  /// without their closing punctuation, and the words of its context rules, units, symbols and
  /// document kinds as written, in small letters and with a capital first.
  let known: Set<Int>

  /// Twelve words: the sixty characters of text before a match that the widest rules look back on
  /// (a day named by its Ngày before a bracketed date; eight words missed one nine words back).
  static let reach = 12
  static let clause = 25
  /// A run of plain words shorter than this stays in its span (cutting it costs more than it saves).
  static let shortestRun = 4

  init(_ lexicon: Lexicon) {
    var known = lexicon.stemHashes
    let words =
      lexicon.rules.map(\.key) + Array(lexicon.units.words.keys) + Array(lexicon.symbols.words.keys)
      + Array(lexicon.documents.words.keys)
    for word in words {
      let lower = word.lowercased()
      for var form in [word, lower, lower.prefix(1).uppercased() + lower.dropFirst()] {
        form.withUTF8 { _ = known.insert(Lexicon.byteHash($0)) }
      }
    }
    self.known = known
  }

  /// A span of a piece (UTF-8 offsets), whether the rules read it, and the kinds of its tokens
  /// (which passes of the rules it goes through).
  struct Span: Equatable {
    var start: Int
    var end: Int
    var rules: Bool
    var kinds: TokenKinds
  }

  /// The piece as spans, in order, covering it; one span when nothing would skip the rules.
  func spans(_ s: String) -> [Span] {
    var s = s
    return s.withUTF8 { spans(bytes: $0) }
  }

  /// The kinds of the tokens of a text.
  func kinds(_ s: String) -> TokenKinds {
    var s = s
    return s.withUTF8 { b in
      var kinds: TokenKinds = []
      Self.tokens(b) { kinds.formUnion(self.kinds(UnsafeBufferPointer(rebasing: b[$0..<$1]))) }
      return kinds
    }
  }

  /// The kinds of one token: `word` for a plain word, else what `TokenKinds.of` finds.
  func kinds(_ token: UnsafeBufferPointer<UInt8>) -> TokenKinds {
    isPlain(token) ? .word : TokenKinds.of(token, known: known)
  }

  /// The tokens, byte ranges between ASCII white space, in order.
  @inline(__always)
  static func tokens(_ b: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
    var i = 0
    let n = b.count
    while i < n {
      while i < n && isSpace(b[i]) { i += 1 }
      guard i < n else { break }
      let start = i
      while i < n && !isSpace(b[i]) { i += 1 }
      body(start, i)
    }
  }

  private func spans(bytes b: UnsafeBufferPointer<UInt8>) -> [Span] {
    var starts: [Int] = []
    var ends: [Int] = []
    var kinds: [TokenKinds] = []
    var all: TokenKinds = []
    Self.tokens(b) { start, end in
      starts.append(start)
      ends.append(end)
      let k = self.kinds(UnsafeBufferPointer(rebasing: b[start..<end]))
      kinds.append(k)
      all.formUnion(k)
    }
    let n = b.count
    let count = starts.count
    guard count > 2 * Self.reach + Self.shortestRun else {
      return [Span(start: 0, end: n, rules: !all.isSubset(of: .word), kinds: all)]
    }
    // Which tokens the rules read: each token that is not plain and its context.
    var read = [Bool](repeating: false, count: count)
    var any = false
    var plainSeen = false
    var clauseStart = 0
    for t in 0..<count {
      if kinds[t] != .word {
        any = true
        var from = max(0, t - Self.reach)
        if t - clauseStart <= Self.clause { from = min(from, clauseStart) }
        for j in from..<min(count, t + Self.reach + 1) { read[j] = true }
      } else {
        plainSeen = true
      }
      let last = b[ends[t] - 1]
      if last == 0x2E || last == 0x3B || last == 0x3A || last == 0x21 || last == 0x3F {
        clauseStart = t + 1
      }
    }
    guard any, plainSeen else { return [Span(start: 0, end: n, rules: any, kinds: all)] }
    // Short runs of plain words stay with the rules.
    var t = 0
    while t < count {
      guard !read[t] else {
        t += 1
        continue
      }
      var u = t
      while u < count && !read[u] { u += 1 }
      if u - t < Self.shortestRun && t > 0 && u < count {
        for j in t..<u { read[j] = true }
      }
      t = u
    }
    // Spans: runs of tokens alike, cut in the white space before each run.
    var spans: [Span] = []
    t = 0
    while t < count {
      var u = t
      while u < count && read[u] == read[t] { u += 1 }
      let start = t == 0 ? 0 : starts[t]
      let end = u == count ? n : starts[u]
      var spanKinds: TokenKinds = []
      for j in t..<u { spanKinds.formUnion(kinds[j]) }
      spans.append(Span(start: start, end: end, rules: read[t], kinds: spanKinds))
      t = u
    }
    return spans
  }

  @inline(__always)
  static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 12 || c == 11 }

  /// Whether a token is a plain word (see the type's comment).
  func isPlain(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
    var end = token.count
    if end > 0, token[end - 1] == 0x2C || token[end - 1] == 0x2E { end -= 1 }
    guard end > 0 else { return false }
    var i = 0
    var letters = 0
    var ascii = true
    while i < end {
      let c = token[i]
      if c < 0x80 {
        // a-z anywhere, A-Z first only.
        guard (c >= 97 && c <= 122) || (c >= 65 && c <= 90 && i == 0) else { return false }
        i += 1
      } else {
        ascii = false
        let v: UInt32
        // Two bytes (Latin-1, Latin Extended-A and B) or three (Latin Extended Additional).
        if c >= 0xC3 && c <= 0xC6, i + 1 < end {
          v = (UInt32(c) & 0x1F) << 6 | UInt32(token[i + 1] & 0x3F)
          i += 2
        } else if c == 0xE1, i + 2 < end, token[i + 1] == 0xBA || token[i + 1] == 0xBB {
          v = (UInt32(c) & 0x0F) << 12 | UInt32(token[i + 1] & 0x3F) << 6 | UInt32(token[i + 2] & 0x3F)
          i += 3
        } else {
          return false
        }
        guard let lower = Trigger.isLowercaseLetter(v), lower || letters == 0 else { return false }
        if letters == 0 && !lower && i == end { return false }
      }
      letters += 1
    }
    // A lone letter is read (ASCII, Đ, đ); a lone small Vietnamese letter is a word.
    if letters == 1 && (ascii || token[0] == 0xC4) { return false }
    // (What `Lexicon.surelyNoKey` asks of a word made of these letters, and the other tables.)
    return !known.contains(Lexicon.byteHash(UnsafeBufferPointer(rebasing: token[0..<end])))
  }
}
