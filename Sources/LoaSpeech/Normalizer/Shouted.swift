/// A line written in capitals, as headlines and urgent notices are (`CẬP NHẬT 17H NGÀY 25/2: HÀN
/// QUỐC TĂNG 84 CA`): its syllables are words, not acronyms (`CA` is *ca*, not *công an*), and an
/// hour's `H` is an `h`. Acronyms that are no syllable (`UBND`, `PCCC`) stay for the lexicon.
enum Shouted {
  /// Whether the piece is shouted: at least three words of two or more capitals, two of them with a
  /// Vietnamese letter (outside ASCII), and at most one word in four with a lower-case letter.
  static func isShouted(_ s: String) -> Bool {
    let (caps, vietnamese, mixed) = counts(s)
    return vietnamese >= 2 && caps >= 3 && mixed * 4 <= caps
  }

  /// The words of two or more capitals, those of them with a Vietnamese letter, and the words with
  /// a small letter.
  static func counts(_ s: String) -> (caps: Int, vietnamese: Int, mixed: Int) {
    var caps = 0
    var vietnamese = 0
    var mixed = 0
    var length = 0
    var allUpper = true
    var nonASCII = false
    func endWord() {
      if length >= 2 {
        if allUpper {
          caps += 1
          if nonASCII { vietnamese += 1 }
        } else {
          mixed += 1
        }
      }
      length = 0
      allUpper = true
      nonASCII = false
    }
    for u in s.unicodeScalars {
      if u.isASCII {
        let v = u.value
        if v >= 0x41 && v <= 0x5A {
          length += 1
        } else if v >= 0x61 && v <= 0x7A {
          length += 1
          allUpper = false
        } else {
          endWord()
        }
      } else if let lower = Trigger.isLowercaseLetter(u.value) {
        length += 1
        nonASCII = true
        if lower { allUpper = false }
      } else if u.properties.isAlphabetic {
        length += 1
        nonASCII = true
        if u.properties.isLowercase { allUpper = false }
      } else if u.properties.generalCategory == .nonspacingMark {
        nonASCII = true  // a tone or vowel mark typed apart from its letter (decomposed text)
      } else {
        endWord()
      }
    }
    endWord()
    return (caps, vietnamese, mixed)
  }

  /// Lowers the syllables of each shouted line of the piece (a line at a time: a heading in capitals
  /// above lines in mixed case is shouted, they are not).
  static func lowerWords(_ s: String) -> String {
    guard hasLineBreak(s) else { return lowerLine(s) }
    var out = ""
    var start = s.startIndex
    while let end = s[start...].firstIndex(where: \.isNewline) {
      out += lowerLine(String(s[start..<end]))
      out.append(s[end])  // the line break as written
      start = s.index(after: end)
    }
    return out + lowerLine(String(s[start...]))
  }

  /// `s.contains(where: \.isNewline)`, on the UTF-8 bytes (finding each Character's bounds was a
  /// twentieth of a run on bulletin prose): LF, VT, FF, CR, U+0085, U+2028, U+2029.
  static func hasLineBreak(_ s: String) -> Bool {
    var previous: UInt8 = 0
    var beforePrevious: UInt8 = 0
    for b in s.utf8 {
      if (0x0A...0x0D).contains(b) { return true }
      if previous == 0xC2 && b == 0x85 { return true }
      if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
      beforePrevious = previous
      previous = b
    }
    return false
  }

  static let romans: Set<Substring> = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XX"]

  /// Whether the text ends with a heading's Roman number and its dot: "… I. ", "II.  ".
  static func afterRomanHeading(_ before: String) -> Bool {
    var end = before.endIndex
    while end > before.startIndex, before[before.index(before: end)].isWhitespace { end = before.index(before: end) }
    guard end < before.endIndex, end > before.startIndex, before[before.index(before: end)] == "." else { return false }
    let dot = before.index(before: end)
    var start = dot
    while start > before.startIndex, before[before.index(before: start)].isLetter {
      start = before.index(before: start)
    }
    return romans.contains(before[start..<dot])
  }

  /// A line: lowered whole when it is shouted, else each of its sentences that is (a headline in
  /// capitals run together with the text under it: `CẬP NHẬT 17H: HÀN QUỐC TĂNG 84 CA. 22 ca đã
  /// khỏi`).
  static func lowerLine(_ s: String) -> String {
    let (caps, vietnamese, mixed) = counts(s)
    if vietnamese >= 2 && caps >= 3 && mixed * 4 <= caps { return lowerShouted(s) }
    // (Most lines have too few words in capitals for any sentence of theirs to be shouted.)
    guard vietnamese >= 2, caps >= 3, s.contains(". ") || s.contains("! ") || s.contains("? ") else { return s }
    var out = ""
    var sentence = ""
    var previous: Character = " "
    for c in s {
      // (Not after a heading's number or a letter: PHẦN I. THI TUYỂN, I. ĐỐI TƯỢNG stay one.)
      if c == " ", ".!?".contains(previous), !endsWithHeadingNumber(sentence) {
        out += isShouted(sentence) ? lowerShouted(sentence) : sentence
        out.append(c)
        sentence = ""
      } else {
        sentence.append(c)
      }
      previous = c
    }
    return out + (isShouted(sentence) ? lowerShouted(sentence) : sentence)
  }

  /// Whether a sentence ends with a Roman number, a heading's number or one letter and its dot:
  /// `PHẦN I.`, `1.`, `12.`, `A.` (not a year: `năm 2020.`).
  static func endsWithHeadingNumber(_ sentence: String) -> Bool {
    guard sentence.last == "." else { return false }
    let word = sentence.dropLast().reversed().prefix { $0.isLetter || $0.isNumber }
    return word.count == 1 || romans.contains(Substring(String(word.reversed())))
      || (word.count == 2 && word.allSatisfy(\.isNumber))
  }

  static func lowerShouted(_ s: String) -> String {
    // (The word after a heading's Roman number keeps its capitals: I. ĐỐI TƯỢNG is a heading.)
    var out = Passes.replace(
      #"(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}\p{M}]{1,6})(?![\p{L}\p{N}])(\.?)(?=(\s?\d)?)"#, in: s, context: 6
    ) { g, before in
      // (A heading's Roman number stays one: II. NỘI DUNG; VI PHẠM is a word.)
      if afterRomanHeading(before) || (g[2] == "." && romans.contains(Substring(g[1]))) { return nil }
      // (A Roman number that is no word stays one: BÁO ĐỘNG II, RON 95-III, LẦN THỨ VII; VI and
      // XI are syllables.)
      if g[1].allSatisfy({ "IVX".contains($0) }), g[1] != "VI", g[1] != "XI" { return nil }
      // (A fuel's and a rice variety's letters before their number: RON 95, OM 380.)
      if !g[3].isEmpty, g[1] == "RON" || g[1] == "OM" { return nil }
      return Spelling.isSyllable(g[1]) ? g[1].lowercased() + g[2] : nil
    }
    // 17H, 7H30 → 17h, 7h30 (then read as times).
    out = Passes.replace(#"(?<=\d)H(?=\d{2}(?!\d)|(?![\p{L}\p{N}]))"#, in: out) { _ in "h" }
    // Units after a figure or a slash: 710KM, SÓNG CAO 11M, 89-102KM/H, 13400 M3/S, ĐỒNG/KG, 4G/L →
    // km, m, km/h, m3/s, kg, g/l, read then by the unit table. (H and S only after a slash: an
    // hour's H is above, and 0,05S is a fuel's sulphur grade; G only before one: 4G is a network.)
    out = Passes.replace(
      #"(?:(?<=\d)|(?<=\d )|(?<=/))(KM2|KM²|KM|CM|MM|M2|M3|M²|M³|M|KG|HA|ML|MG|KWH|KW|MW|KV|L|G(?=/)|H|S)(?![\p{L}\p{N}²³])"#,
      in: out, context: 1
    ) { g, before in
      if g[1] == "H" || g[1] == "S", before.last != "/" { return nil }
      // (Kilowatts and kilovolts as the unit table writes them.)
      return ["KWH": "kWh", "KW": "kW", "KV": "kV", "MW": "MW"][g[1]] ?? g[1].lowercased()
    }
    return out
  }
}
