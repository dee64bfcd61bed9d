/// The normaliser's fast paths (triggers, single-scan rewrites of patterns) can be switched off
/// for one call: `Reference.$patterns.withValue(true) { … }` reads with every pattern as it was
/// written, which tests compare against.
enum Reference {
  @TaskLocal static var patterns = false
  /// Every piece read whole by the rules, its plain words too (`PlainWords` off).
  @TaskLocal static var wholePieces = false
}

/// What a pass's pattern cannot match without: a digit, a slash, a capital letter, a keyword…
/// Checked with one cheap scan before the regular expression runs, so a sentence of plain words
/// costs a few scans, not fifty pattern searches. A trigger may fire where the pattern then finds
/// nothing (it is a necessary condition, never a sufficient one); it must never stay silent where
/// the pattern would match. Every trigger is made once (the `static let`s below).
struct Trigger: Sendable {
  /// UTF-8 sequences (a character or a word, case as written) any of which lets the pattern run.
  var texts: [[UInt8]] = [] {
    didSet {
      textIndex = Needles(texts)
      textPairs = texts.map { Pairs.slots(of: $0.map { [[$0]] }) }
    }
  }
  /// Each of `texts` as the byte pairs it cannot occur without (`Pairs`).
  private(set) var textPairs: [[[Int]]] = []
  /// `texts` by their first byte.
  private(set) var textIndex = Needles([])
  /// Lower-case words, any of which (in the text lower-cased) lets a case-insensitive pattern run.
  var words: [[UInt8]] = []
  /// Also needs an ASCII digit somewhere (with `texts` or `words`).
  var digit = false
  /// Any capital letter (`\p{Lu}`); `capitals`: two in a row (`\p{Lu}{2}`).
  var upper = false
  var capitals = false
  /// A lone letter (`điểm c`, `chị T`): an ASCII letter or Đ/đ after white space and before no
  /// letter or digit.
  var loneLetter = false
  /// A word of Roman digits (`II`, `XV`) after white space.
  var romanToken = false
  /// A dot with a small ASCII letter right after it (`xa.gov.vn`).
  var dotThenLetter = false
  /// Also needs two capital letters in a row somewhere (with `texts` or `words`), as `digit`
  /// needs a digit.
  var alsoCapitals = false

  /// Any of these characters.
  init(_ chars: String = "") {
    texts = chars.unicodeScalars.map { Array(String($0).utf8) }
    // (An initialiser's assignment calls no observer.)
    textIndex = Needles(texts)
    textPairs = texts.map { Pairs.slots(of: $0.map { [[$0]] }) }
  }

  static func text(_ t: [String], digit: Bool = false) -> Trigger {
    var x = Trigger()
    x.texts = t.map { Array($0.utf8) }
    x.digit = digit
    return x
  }

  static func words(_ w: [String], digit: Bool = false) -> Trigger {
    var x = Trigger()
    x.words = w.map { Array($0.lowercased().utf8) }
    x.wordForms = w.map { word in
      word.lowercased().unicodeScalars.map { u in
        let lower = Array(String(u).utf8)
        let upper = Array(String(u).uppercased().utf8)
        return lower == upper ? [lower] : [lower, upper]
      }
    }
    x.digit = digit
    return x
  }

  /// Each word as its characters, each character in its small and capital UTF-8 forms.
  var wordForms: [[[[UInt8]]]] = [] {
    didSet {
      var byFirst = [[Int]](repeating: [], count: 256)
      var firsts = ByteSet()
      for (i, w) in wordForms.enumerated() {
        for f in w[0] where !byFirst[Int(f[0])].contains(i) {
          byFirst[Int(f[0])].append(i)
          firsts.insert(f[0])
        }
      }
      wordsByFirst = byFirst
      wordFirsts = firsts
      wordPairs = wordForms.map { Pairs.slots(of: $0) }
    }
  }
  /// Each of `words` as the byte pairs it cannot occur without, in any mix of cases (`Pairs`).
  private(set) var wordPairs: [[[Int]]] = []
  /// The words whose first character has a form that starts with each byte.
  private var wordsByFirst: [[Int]] = []
  private var wordFirsts = ByteSet()

  /// Whether a word occurs in any mix of cases, one character at a time (what `(?i)` does for
  /// Vietnamese letters, whose cases map one to one); each position tries only the words that can
  /// start with its byte.
  func containsIndexedWord(_ hay: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = hay.count
    var i = 0
    while i < count {
      let b = hay[i]
      if wordFirsts.contains(b) {
        for w in wordsByFirst[Int(b)] where Self.matches(hay, at: i, wordForms[w]) { return true }
      }
      i += 1
    }
    return false
  }

  /// Whether the word (its characters, each in its small and capital forms) starts at `at`.
  @inline(__always)
  static func matches(_ hay: UnsafeBufferPointer<UInt8>, at start: Int, _ word: [[[UInt8]]]) -> Bool {
    var at = start
    let count = hay.count
    for forms in word {
      var next = -1
      for f in forms where at + f.count <= count {
        var j = 0
        while j < f.count && hay[at + j] == f[j] { j += 1 }
        if j == f.count {
          next = at + f.count
          break
        }
      }
      if next < 0 { return false }
      at = next
    }
    return true
  }

  /// Letters whose case folding is not one small letter for one capital (the Kelvin sign, long
  /// s, sharp s…) are outside these ranges; a text with one is lower-cased whole instead.
  static func simpleCases(_ s: String) -> Bool {
    s.unicodeScalars.allSatisfy { simpleCase($0.value) }
  }

  static func simpleCase(_ v: UInt32) -> Bool {
    if v == 0x130 || v == 0x131 || v == 0x149 || v == 0x17F { return false }
    return v < 0xDF || (0xE0...0x1B0).contains(v) || (0x1EA0...0x1EF9).contains(v) || (0x2000...0x206F).contains(v)
  }

  static func with(_ f: (inout Trigger) -> Void) -> Trigger {
    var x = Trigger()
    f(&x)
    return x
  }

  /// A digit and one of these characters (what a pattern over numbers cannot match without: the
  /// slash of a date, the colon of a time, the dash of a range). On a line of digits and commas
  /// most patterns over numbers then never run.
  static func digitAnd(_ chars: String) -> Trigger {
    var x = Trigger(chars)
    x.digit = true
    return x
  }
  static func digitAnd(_ f: (inout Trigger) -> Void) -> Trigger {
    with {
      f(&$0)
      $0.digit = true
    }
  }
  static let digitSlash = digitAnd("/")
  static let digitColon = digitAnd(":")
  static let digitDot = digitAnd(".")
  static let digitComma = digitAnd(",")
  static let digitDash = digitAnd("-–")
  static let digitDateMark = digitAnd("/-.")
  static let digitDashOrDot = digitAnd("-.")
  static let digitMinus = digitAnd("-−")
  static let digitHour = digitAnd("hg")
  static let digitTimes = digitAnd("x×")
  static let digitE = digitAnd("eE")
  static let digitUpper = digitAnd { $0.upper = true }
  static let digitCapitals = digitAnd { $0.capitals = true }
  static let asciiLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
  static let digitLetter = digitAnd(asciiLetters + "Đđ")
  static let digitTen = text(["10"], digit: true)
  static let standards = text(["QCVN", "TCVN", "ISO"], digit: true)
  static let plateWords = words(["bs", "bks", "biển số", "biển kiểm soát"], digit: true)
  static let hourWords = words(["giờ"], digit: true)
  static let monthWords = words(["tháng"], digit: true)
  static let temperatureWords = words(["nhiệt độ"], digit: true)
  static let kmWords = words(["km"], digit: true)
  static let elevationWords = words(["cao trình", "cao độ", "cốt"], digit: true)
  static let ordinalWords = words(["thứ"], digit: true)
  static let levelWords = words(["cấp"], digit: true)
  static let digitOnly = Trigger("0123456789")
  static let digit = digitOnly
  static let slash = Trigger("/")
  static let upper = with { $0.upper = true }
  static let capitalPair = with { $0.capitals = true }
  static let dash = Trigger("-–—−")
  static let hyphen = Trigger("-")
  static let zero = Trigger("0")
  static let at = Trigger("@")
  static let ampersand = Trigger("&")
  static let plus = Trigger("+")
  static let degree = Trigger("°")
  static let greater = Trigger(">")
  static let capitalC = Trigger("C")
  /// T2-T6, T7 và CN: a T with a digit (two weekdays, one of them T2…T7).
  static let capitalT = digitAnd("T")
  static let openBracket = Trigger("([")
  static let closeBracket = Trigger(")]")
  static let quotes = Trigger("\"“”‘’«»*#_|")
  static let bullets = Trigger("-–•*+")
  static let loneLetters = with { $0.loneLetter = true }
  static let roman = with { $0.romanToken = true }
  static let romanHeading = Trigger("IVX")
  static let listMarker = Trigger(")")
  static let webAddress = with { $0.dotThenLetter = true }
  static let codeWords = words(
    ["mã", "mst", "cccd", "cmnd", "căn cước", "chứng minh", "tài khoản", "stk", "số định danh", "số hiệu"],
    digit: true)
  static let groupWords = words(
    ["tổ", "thôn", "xóm", "khu phố", "khối", "ấp", "đội", "cụm", "lớp", "bản", "buôn"], digit: true)
  static let scoreWords = words(["tỉ số", "tỷ số", "kết quả"], digit: true)
  static let ratioWords = words(["tỷ lệ", "tỉ lệ"], digit: true)
  static let matchWords = words(
    ["thắng", "thua", "gỡ", "chung cuộc", "dẫn trước", "hòa", "hoà", "hiệp", "trận", "đánh bại"], digit: true)
  static let alarmWords = words(["bđ", "báo động"], digit: true)
  static let phoneWords = words(
    ["điện thoại", "đt", "sđt", "hotline", "đường dây nóng", "tổng đài", "số máy", "gọi", "liên hệ"],
    digit: true)
  static let emergencyNumbers = text(["111", "112", "113", "114", "115"])
  static let numberWords = words(["triệu", "tỷ", "nghìn", "ngàn", "trăm"])
  static let issueNumber = words(["số"], digit: true)
  static let stormWords = words(["bão", "áp thấp nhiệt đới"])
  static let placeDot = text(["P.", "Q.", "p.", "X.", "T.", "H.", "F."])
  static let roadDot = text(["QL", "TL", "ĐT", "HL"])

  func fires(_ s: String) -> Bool {
    // (The summary is read where the memo keeps it: a copy of it cost more than most checks.)
    let scan = Scan.memo?.scan(of: s)
    if let scan, scan.pointee.rules(out: self) { return false }
    let found: Bool? = s.utf8.withContiguousStorageIfAvailable { fires(bytes: $0, s, scan) }
    return found ?? Array(s.utf8).withUnsafeBufferPointer { fires(bytes: $0, s, scan) }
  }

  /// `scan`: the piece's summary when there is one (its scalar conditions are exact, not only
  /// necessary, so they answer here without another scan).
  private func fires(bytes b: UnsafeBufferPointer<UInt8>, _ s: String, _ scan: UnsafePointer<Scan>?) -> Bool {
    if digit && !b.contains(where: { $0 >= 48 && $0 <= 57 }) { return false }
    if alsoCapitals && !(scan?.pointee.capitals ?? Scan(s).capitals) { return false }
    if !texts.isEmpty && textIndex.occurs(in: b) { return true }
    if !words.isEmpty {
      if scan?.pointee.simpleCases ?? Self.simpleCases(s) {
        if containsIndexedWord(b) { return true }
      } else {
        let lower = Array(s.lowercased().utf8)
        if lower.withUnsafeBufferPointer({ Needles(words).occurs(in: $0) }) { return true }
      }
    }
    if dotThenLetter {
      var dot = false
      for x in b {
        if dot && x >= 97 && x <= 122 { return true }
        dot = x == 46
      }
    }
    if upper || capitals || loneLetter || romanToken {
      if let scan { return answers(scan) }
      return withUnsafePointer(to: Scan(s)) { answers($0) }
    }
    return false
  }

  /// The conditions a text's summary answers exactly.
  private func answers(_ scan: UnsafePointer<Scan>) -> Bool {
    (upper && scan.pointee.upper) || (capitals && scan.pointee.capitals) || (loneLetter && scan.pointee.loneLetter)
      || (romanToken && scan.pointee.romanToken)
  }

  static func isASCIILetter(_ v: UInt32) -> Bool { (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }

  /// ICU's `\s`: tab, line feed, form feed, carriage return and `\p{Z}`.
  static func isSpace(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    if v < 128 { return v == 32 || v == 9 || v == 10 || v == 13 || v == 12 }
    if v < 0xA0 { return false }
    if (0xC0...0x1FFF).contains(v) { return v == 0x1680 }
    return u.properties.generalCategory == .spaceSeparator || u.properties.generalCategory == .lineSeparator
      || u.properties.generalCategory == .paragraphSeparator
  }

  /// `[\p{L}\p{N}]`; Vietnamese letters by range.
  static func isLetterOrDigit(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    if v < 128 { return isASCIILetter(v) || (v >= 48 && v <= 57) }
    if (0xC0...0x24F).contains(v) { return v != 0xD7 && v != 0xF7 }
    if (0x1EA0...0x1EF9).contains(v) { return true }
    switch u.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
      .letterNumber, .otherNumber:
      return true
    default: return false
    }
  }

  /// For the letters of Latin-1 and the Vietnamese ones (most of any text), whether the letter is
  /// small, by range, without a property lookup; nil for any other scalar. (`isUpper`, the
  /// shouted-line check.)
  static func isLowercaseLetter(_ v: UInt32) -> Bool? {
    switch v {
    case 0xC0...0xDE where v != 0xD7: return false
    case 0xDF...0xFF where v != 0xF7: return true
    case 0x1EA0...0x1EF9: return v % 2 == 1
    case 0x102, 0x110, 0x128, 0x168, 0x1A0, 0x1AF: return false
    case 0x103, 0x111, 0x129, 0x169, 0x1A1, 0x1B0: return true
    default: return nil
    }
  }

  /// Vietnamese capitals by range (cheap), anything else by its Unicode category.
  static func isUpper(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    if let lower = isLowercaseLetter(v) { return !lower }
    switch v {
    case 0xD7, 0xF7: return false  // × ÷
    case 0x1EFA...0x1EFF: return v % 2 == 0
    case 0x2000...0x206F: return false  // punctuation: dashes, quotes, ellipsis
    default: return u.properties.generalCategory == .uppercaseLetter || u.properties.generalCategory == .titlecaseLetter
    }
  }
}

/// Needles by their first byte: a position of the text tries only the needles that start with its
/// byte (a trigger with fifty keys tried all fifty at every capital letter).
struct Needles: Sendable {
  let firsts: ByteSet
  let byFirst: [[[UInt8]]]

  init(_ needles: [[UInt8]]) {
    var byFirst = [[[UInt8]]](repeating: [], count: needles.isEmpty ? 0 : 256)
    var firsts = ByteSet()
    for n in needles {
      guard let f = n.first else { continue }
      byFirst[Int(f)].append(n)
      firsts.insert(f)
    }
    self.firsts = firsts
    self.byFirst = byFirst
  }

  /// Whether any needle occurs in the text.
  func occurs(in hay: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = hay.count
    var i = 0
    while i < count {
      let b = hay[i]
      if firsts.contains(b) {
        for n in byFirst[Int(b)] where i + n.count <= count {
          var j = 1
          while j < n.count && hay[i + j] == n[j] { j += 1 }
          if j == n.count { return true }
        }
      }
      i += 1
    }
    return false
  }
}

/// Which pairs of adjacent bytes a text holds, hashed into 4,096 bits: a needle cannot occur in
/// a text that lacks one of its pairs, so most triggers are answered from the text's one scan
/// instead of a scan of their own (a piece passes some two hundred of them). A pair present may
/// be another pair's hash, so a trigger that passes still scans: the answer is only ever "cannot".
struct Pairs: Sendable {
  private var words = InlineArray<64, UInt64>(repeating: 0)

  @inline(__always)
  static func index(_ a: UInt8, _ b: UInt8) -> Int {
    Int(truncatingIfNeeded: ((UInt32(a) << 8 | UInt32(b)) &* 0x9E37_79B1) >> 20)
  }

  @inline(__always)
  mutating func insert(_ a: UInt8, _ b: UInt8) {
    let i = Self.index(a, b)
    words[i >> 6] |= UInt64(1) << UInt64(i & 63)
  }

  func contains(_ i: Int) -> Bool { words[i >> 6] & (UInt64(1) << UInt64(i & 63)) != 0 }

  /// Whether every slot has one of its pairs (`slots(of:)`).
  func has(_ slots: [[Int]]) -> Bool { slots.allSatisfy { $0.contains(where: contains) } }

  /// A word (its characters, each in its forms: the bytes of its small and capital letter) as
  /// slots, each slot the pairs one of which any occurrence of the word holds: the pairs inside
  /// a character at the same place in every form, and the pairs across each two characters.
  static func slots(of word: [[[UInt8]]]) -> [[Int]] {
    var slots: [[Int]] = []
    for (i, forms) in word.enumerated() {
      let shortest = forms.map(\.count).min() ?? 0
      if shortest > 1 {
        for k in 0..<(shortest - 1) { slots.append(forms.map { index($0[k], $0[k + 1]) }) }
      }
      if i + 1 < word.count {
        var across: [Int] = []
        for f in forms where !f.isEmpty {
          for g in word[i + 1] where !g.isEmpty { across.append(index(f[f.count - 1], g[0])) }
        }
        if !across.isEmpty { slots.append(across) }
      }
    }
    return slots
  }
}

/// A set of bytes in four words: the first bytes of a trigger's needles, made on the stack for
/// each check (an array of 256 flags was an allocation per pattern per piece).
struct ByteSet: Sendable {
  var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  mutating func insert(_ b: UInt8) {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: bits.0 |= bit
    case 1: bits.1 |= bit
    case 2: bits.2 |= bit
    default: bits.3 |= bit
    }
  }

  func contains(_ b: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: return bits.0 & bit != 0
    case 1: return bits.1 & bit != 0
    case 2: return bits.2 & bit != 0
    default: return bits.3 & bit != 0
    }
  }
}

/// What a text holds, found in one scan and kept while the text does not change: a piece passes
/// a hundred triggers, most of them between two passes that changed nothing, and each trigger
/// scanned the whole piece again. `rules(out:)` answers from it whether a trigger can fire; when
/// it can, the trigger's own scan decides (the summary is a necessary condition only).
struct Scan {
  var bytes = ByteSet()
  var upper = false
  var capitals = false
  var loneLetter = false
  var romanToken = false
  var dotThenLetter = false
  /// `Trigger.simpleCases(s)`.
  var simpleCases = true
  /// Which pairs of adjacent bytes the text holds.
  var pairs = Pairs()

  init() {}

  init(_ s: String) { read(s) }

  /// The summary of another text, made where it is kept.
  mutating func read(_ s: String) {
    self = Scan()
    var s = s
    s.withUTF8 { read($0) }
  }

  /// One pass over the bytes, each scalar decoded where it starts; ASCII (most of any piece)
  /// without the Unicode lookups.
  private mutating func read(_ b: UnsafeBufferPointer<UInt8>) {
    var dot = false
    var previous: UInt8 = 0
    var previousSpace = true
    var previousUpper = false
    var pendingLone = false
    var inRoman = false
    let count = b.count
    var i = 0
    while i < count {
      let x = b[i]
      bytes.insert(x)
      pairs.insert(previous, x)
      previous = x
      if dot && x >= 97 && x <= 122 { dotThenLetter = true }
      dot = x == 46
      i += 1
      // What the conditions below need of a character.
      let v: UInt32
      let letterOrDigit: Bool
      let loneCandidate: Bool
      let up: Bool
      let space: Bool
      if x < 128 {
        v = UInt32(x)
        loneCandidate = Trigger.isASCIILetter(v)
        letterOrDigit = loneCandidate || (v >= 48 && v <= 57)
        up = v >= 65 && v <= 90
        space = v == 32 || v == 9 || v == 10 || v == 13 || v == 12
      } else {
        // (A String's bytes are valid UTF-8: a lead byte and its continuation bytes.)
        let (value, length) = TextForms.scalar(in: b, at: i - 1)
        for _ in 1..<length {
          let c = b[i]
          bytes.insert(c)
          pairs.insert(previous, c)
          previous = c
          i += 1
        }
        dot = false
        v = value
        let u = Unicode.Scalar(v) ?? " "
        if !Trigger.simpleCase(v) { simpleCases = false }
        loneCandidate = v == 0x110 || v == 0x111
        letterOrDigit = Trigger.isLetterOrDigit(u)
        up = Trigger.isUpper(u)
        space = Trigger.isSpace(u)
      }
      if pendingLone {
        if !letterOrDigit { loneLetter = true }
        pendingLone = false
      }
      let isRoman = v == 73 || v == 86 || v == 88 || v == 76 || v == 67 || v == 68 || v == 77  // IVXLCDM
      if inRoman {
        if !isRoman {
          if !letterOrDigit { romanToken = true }
          inRoman = false
        }
      } else if isRoman && previousSpace {
        inRoman = true
      }
      if up {
        upper = true
        if previousUpper { capitals = true }
      }
      previousUpper = up
      if previousSpace && loneCandidate { pendingLone = true }
      previousSpace = space
    }
    if pendingLone { loneLetter = true }
    if inRoman { romanToken = true }
  }

  /// Whether the text cannot hold what the trigger looks for (false: it may).
  func rules(out t: Trigger) -> Bool {
    if t.digit && !(48...57).contains(where: { bytes.contains(UInt8($0)) }) { return true }
    if t.alsoCapitals && !capitals { return true }
    if !t.texts.isEmpty
      && t.texts.indices.contains(where: { t.texts[$0].allSatisfy { bytes.contains($0) } && pairs.has(t.textPairs[$0]) }
      )
    {
      return false
    }
    // (A text whose letters do not all change case one for one is lower-cased whole to look for
    // the words: its pairs do not tell.)
    if !t.words.isEmpty && (!simpleCases || t.wordPairs.contains(where: { pairs.has($0) })) { return false }
    if t.dotThenLetter && dotThenLetter { return false }
    if t.upper && upper { return false }
    if t.capitals && capitals { return false }
    if t.loneLetter && loneLetter { return false }
    if t.romanToken && romanToken { return false }
    return true
  }

  /// The last text scanned in this normalisation, and what it holds. One per piece being read
  /// (bound with `Scan.$memo.withValue`), used on that piece's thread only.
  final class Memo: @unchecked Sendable {
    private var text = ""
    private var base: UnsafeRawPointer?
    private var valid = false
    /// Kept in one place for the memo's life: read there, never copied.
    private let summary = UnsafeMutablePointer<Scan>.allocate(capacity: 1)

    init() { summary.initialize(to: Scan()) }

    deinit {
      summary.deinitialize(count: 1)
      summary.deallocate()
    }

    /// The text's summary, from the last scan when the text is the very string scanned last
    /// (same storage, kept alive here, so its address cannot be another string's); nil for a
    /// short text kept inline, cheaper to check directly. Valid until the next call.
    func scan(of s: String) -> UnsafePointer<Scan>? {
      let address: UnsafeRawPointer?? = s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) }
      guard s.utf8.count > 15, let address = address ?? nil else { return nil }
      if valid, s.utf8.count == text.utf8.count {
        if address == base { return UnsafePointer(summary) }
        // The same text in another string (a pass whose matches all kept their text): comparing
        // the bytes is cheaper than scanning them again.
        if s.utf8.elementsEqual(text.utf8) {
          text = s
          base = address
          return UnsafePointer(summary)
        }
      }
      summary.pointee.read(s)
      valid = true
      text = s
      base = address
      return UnsafePointer(summary)
    }
  }

  @TaskLocal static var memo: Memo?
}
