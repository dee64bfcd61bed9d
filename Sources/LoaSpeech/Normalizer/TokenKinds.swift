/// What a token is, judged from its bytes alone by the tokenizer (`PlainWords`): the kinds the
/// rules are routed by. A span of text goes through a pass of the rules only when it holds a token
/// of a kind the pass reads (`VietnameseNormalizer.Step`): a span of abbreviations skips the
/// passes of figures, a span of figures the passes of letters.
///
/// A token may be of two kinds: its core (without opening brackets and quotes, and closing
/// punctuation) is of one, and the marks around it make it a `symbol` too (`(UBND)`, `c)`), except
/// one comma or full stop after it, which every word may have.
struct TokenKinds: OptionSet, Sendable, Hashable, CustomStringConvertible {
  let rawValue: UInt16

  /// A plain word: Vietnamese or ASCII letters that no rule reads alone (`bà`, `Hà`, `xã,`).
  static let word = TokenKinds(rawValue: 1 << 0)
  /// A word the lexicon, its context rules, the units or the document kinds know (`online`, `km`).
  static let known = TokenKinds(rawValue: 1 << 1)
  /// One letter, read by its name (`c`, `T`, `Đ`).
  static let letter = TokenKinds(rawValue: 1 << 2)
  /// Letters with a capital after the first (`UBND`, `TP.HCM`, `NĐ-CP`, `iPhone`).
  static let abbreviation = TokenKinds(rawValue: 1 << 3)
  /// Digits with their separators and signs (`12`, `1.200`, `3,5`, `-5`, `50%`, `0912.345.678`).
  static let number = TokenKinds(rawValue: 1 << 4)
  /// A day and a month, maybe a year, joined by `/`, `-` or `.` (`26-9`, `22.12`, `01/11/2024`).
  static let dateLike = TokenKinds(rawValue: 1 << 5)
  /// Hours and minutes (`4h30`, `20-22h`, `12:00:00`, `14h00′`).
  static let timeLike = TokenKinds(rawValue: 1 << 6)
  /// Digits with letters (`29F-016.48`, `QL.1A`, `BĐ1`, `COVID-19`, `5km`, `32°C`).
  static let code = TokenKinds(rawValue: 1 << 7)
  /// A web or e-mail address (`xa.gov.vn`, `https://…`, `ubnd@…`).
  static let address = TokenKinds(rawValue: 1 << 8)
  /// Marks: a token without letters or digits (`–`, `>>>`, `±`), letters with marks inside
  /// (`tỉnh/thành`, `T.p`), or brackets and quotes around a word.
  static let symbol = TokenKinds(rawValue: 1 << 9)

  /// Every kind with a digit: the passes of numbers, dates, times, units and phones read these.
  static let figures: TokenKinds = [.number, .dateLike, .timeLike, .code, .address]
  /// Every kind a rule may read: all but plain words.
  static let read: TokenKinds = [.known, .letter, .abbreviation, .figures, .symbol]
  static let all: TokenKinds = [.word, .read]

  static let names: [(TokenKinds, String)] = [
    (.word, "word"), (.known, "known"), (.letter, "letter"), (.abbreviation, "abbreviation"), (.number, "number"),
    (.dateLike, "date"), (.timeLike, "time"), (.code, "code"), (.address, "address"), (.symbol, "symbol"),
  ]

  var description: String { Self.names.filter { contains($0.0) }.map(\.1).joined(separator: "+") }

  /// The kinds of a token that is not a plain word (`PlainWords.isPlain`); `known` holds the
  /// hashes of the words the tables know (`PlainWords.known`).
  static func of(_ t: UnsafeBufferPointer<UInt8>, known: Set<Int>) -> TokenKinds {
    // The core: opening brackets and quotes, and closing punctuation, off.
    var a = 0
    var e = t.count
    while a < e {
      if let w = opening(t, a) { a += w } else { break }
    }
    var marks = false
    var trailing = 0
    while e > a, let w = closing(t, e) {
      e -= w
      trailing += 1
      if w > 1 || (t[e] != 0x2C && t[e] != 0x2E) { marks = true }
    }
    if a > 0 || trailing > 1 { marks = true }
    let around: TokenKinds = marks ? .symbol : []
    guard a < e else { return .symbol }
    let core = UnsafeBufferPointer(rebasing: t[a..<e])
    return around.union(coreKind(core, known: known))
  }

  private static func coreKind(_ c: UnsafeBufferPointer<UInt8>, known: Set<Int>) -> TokenKinds {
    var digits = 0
    var letters = 0
    var uppers = 0
    var upperAfterFirst = false
    var innerMarks = false
    var hourLettersOnly = true
    var at = false
    var colon = false
    var dotThenLower = false
    var i = 0
    let n = c.count
    while i < n {
      let b = c[i]
      if b < 0x80 {
        if b >= 48 && b <= 57 {
          digits += 1
        } else if (b >= 97 && b <= 122) || (b >= 65 && b <= 90) {
          if b <= 90 {
            uppers += 1
            if letters > 0 { upperAfterFirst = true }
          }
          if b != 104 && b != 103 && b != 72 { hourLettersOnly = false }
          letters += 1
        } else {
          innerMarks = true
          if b == 0x40 { at = true }
          if b == 0x3A { colon = true }
          if b == 0x2E, i > 0, i + 1 < n, c[i + 1] >= 97, c[i + 1] <= 122 { dotThenLower = true }
        }
        i += 1
        continue
      }
      let (u, w) = ToneMarks.scalar(c, at: i)
      i += w
      let v = u.value
      // (Vietnamese letters by their range, cheap; anything else by its properties.)
      var lower = Trigger.isLowercaseLetter(v)
      if lower == nil, u.properties.isAlphabetic { lower = !u.properties.isUppercase }
      if let lower {
        if !lower {
          uppers += 1
          if letters > 0 { upperAfterFirst = true }
        }
        hourLettersOnly = false
        letters += 1
      } else if v != 0x2032 {  // (a prime ′ after minutes is a time's mark, not a letter's)
        innerMarks = true
      }
    }
    if at || dotThenLower || startsWeb(c) { return .address }
    if digits > 0 {
      if letters == 0 {
        if colon { return .timeLike }
        return isDate(c) ? .dateLike : .number
      }
      return hourLettersOnly ? .timeLike : .code
    }
    if letters == 0 { return .symbol }
    if letters == 1 && !innerMarks { return .letter }
    if upperAfterFirst || uppers >= 2 { return .abbreviation }
    if innerMarks { return .symbol }
    return known.contains(Lexicon.byteHash(c)) ? .known : .word
  }

  /// `https://`, `http://`, `www.` at the start.
  private static func startsWeb(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
    func has(_ p: StaticString) -> Bool {
      let m = p.utf8Start
      guard c.count > p.utf8CodeUnitCount else { return false }
      for k in 0..<p.utf8CodeUnitCount where c[k] | 0x20 != m[k] { return false }
      return true
    }
    return has("www.") || has("http:") || has("https:")
  }

  /// Two or three groups of digits joined by one of `/ - .`, the first two of one or two digits
  /// and the third of two or four: `6-5`, `22.12`, `01/11/2024`.
  private static func isDate(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
    var lengths = (0, 0, 0)
    var group = 0
    var joint: UInt8 = 0
    for b in c {
      if b >= 48 && b <= 57 {
        switch group {
        case 0: lengths.0 += 1
        case 1: lengths.1 += 1
        default: lengths.2 += 1
        }
      } else if b == 0x2F || b == 0x2D || b == 0x2E, joint == 0 || joint == b, group < 2 {
        joint = b
        group += 1
      } else {
        return false
      }
    }
    guard group >= 1, (1...2).contains(lengths.0), (1...2).contains(lengths.1) else { return false }
    return group == 1 || lengths.2 == 2 || lengths.2 == 4
  }

  /// The width of an opening bracket or quote at `i`, if one is there: ( [ " ' “ ‘.
  private static func opening(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
    let b = t[i]
    if b == 0x28 || b == 0x5B || b == 0x22 || b == 0x27 { return 1 }
    if b == 0xE2, i + 2 < t.count, t[i + 1] == 0x80, t[i + 2] == 0x9C || t[i + 2] == 0x98 { return 3 }
    return nil
  }

  /// The width of the closing mark that ends at `end`, if one does: . , ; : ! ? ) ] " ' ” ’ ….
  private static func closing(_ t: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int? {
    let b = t[end - 1]
    switch b {
    case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x22, 0x27: return 1
    default: break
    }
    if end >= 3, t[end - 3] == 0xE2, t[end - 2] == 0x80, b == 0x9D || b == 0x99 || b == 0xA6 { return 3 }
    return nil
  }
}
