/// Cuts text into pieces the normaliser reads one at a time, so that its cost grows with the
/// length of the text and not with its square: every pass is a regular expression over the whole
/// input, and some (a number pattern at every comma of `1,2,3,…`) try each start again.
///
/// A piece ends at a sentence end (`.`, `!`, `?`, `;`, `…` before a space, or a line break) once it
/// is `target` characters long, else at a space once it is `limit` long; a run with no space
/// longer than `longestRun` (no word, number or address is that long) is cut into parts of that
/// length. The separators stay in the text.
enum Pieces {
  static let target = 600
  static let limit = 1200
  static let longestRun = 160

  static func split(_ text: String) -> [Substring] {
    guard text.utf8.count > target || text.utf8.count > longestRun else { return [text[...]] }
    return !Reference.patterns && oneScalarCharacters(text) ? splitScalars(text) : splitCharacters(text)
  }

  static func splitCharacters(_ text: String) -> [Substring] {
    cut(text, text, isWhitespace: \.isWhitespace, isNewline: \.isNewline) { ".!?;…".contains($0) }
  }

  /// Whether every character of the text is one scalar: no combining marks, joiners or CR LF
  /// (letters, Vietnamese letters with their tones, punctuation, spaces and line feeds).
  static func oneScalarCharacters(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { u in
      let v = u.value
      return (v < 0x300 && v != 13) || (0x1E00...0x1EFF).contains(v) || (0x2010...0x2029).contains(v)
        || (0x2030...0x205E).contains(v)
    }
  }

  /// `split` over scalars, which here are the characters: the same pieces, without the cost of
  /// finding character boundaries.
  static func splitScalars(_ text: String) -> [Substring] {
    cut(
      text, text.unicodeScalars,
      // (Below U+2000 the only white space outside ASCII is U+0085, U+00A0 and U+1680.)
      isWhitespace: {
        let v = $0.value
        if v < 128 { return v == 32 || (9...13).contains(v) }
        return v < 0x2000 ? v == 0x85 || v == 0xA0 || v == 0x1680 : $0.properties.isWhitespace
      },
      isNewline: { ["\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) },
      isSentenceMark: { $0 == "." || $0 == "!" || $0 == "?" || $0 == ";" || $0 == "…" })
  }

  /// The cut itself, over the text's characters or its scalars (`units`, whose indices are the
  /// text's).
  static func cut<Units: BidirectionalCollection>(
    _ text: String, _ units: Units, isWhitespace: (Units.Element) -> Bool, isNewline: (Units.Element) -> Bool,
    isSentenceMark: (Units.Element) -> Bool
  ) -> [Substring] where Units.Index == String.Index {
    var pieces: [Substring] = []
    var start = units.startIndex
    var count = 0
    var run = 0
    var i = units.startIndex
    var previousEndsSentence = false
    while i < units.endIndex {
      let c = units[i]
      let next = units.index(after: i)
      count += 1
      if isWhitespace(c) {
        run = 0
        let sentenceEnd = isNewline(c) || previousEndsSentence
        if (sentenceEnd && count >= target) || count >= limit {
          pieces.append(text[start..<next])
          start = next
          count = 0
        }
      } else {
        run += 1
        if run >= longestRun {
          pieces.append(text[start..<next])
          start = next
          count = 0
          run = 0
        }
      }
      previousEndsSentence = isSentenceMark(c)
      i = next
    }
    if start < units.endIndex { pieces.append(text[start...]) }
    return pieces
  }
}
