/// What a pass's pattern cannot match without: a digit, a slash, a capital letter… Checked with
/// one cheap scan before the regular expression runs, so a sentence of plain words costs a few
/// scans, not fifty pattern searches. A trigger may fire where the pattern then finds nothing
/// (it is a necessary condition, never a sufficient one); it must never stay silent where the
/// pattern would match.
struct Trigger: Sendable {
  /// ASCII bytes any of which lets the pattern run.
  var ascii = [Bool](repeating: false, count: 128)
  /// Non-ASCII characters that do.
  var scalars: Set<UInt32> = []
  /// Any capital letter does (`\p{Lu}`).
  var upper = false
  /// A lone letter (`điểm c`, `chị T`): an ASCII letter or Đ/đ with white space before it and no
  /// letter or digit after it.
  var loneLetter = false
  /// Words (lower case) one of which a case-insensitive pattern needs: `mã`, `điện thoại`.
  var keywords: [[UInt8]] = []
  /// A word of Roman digits (`II`, `XV`) after white space.
  var romanToken = false
  /// A dot with a small ASCII letter right after it (`xa.gov.vn`), where a web address may be.
  var dotThenLetter = false

  init(_ chars: String = "", upper: Bool = false, loneLetter: Bool = false) {
    for u in chars.unicodeScalars {
      if u.isASCII { ascii[Int(u.value)] = true } else { scalars.insert(u.value) }
    }
    self.upper = upper
    self.loneLetter = loneLetter
  }

  static let digit = Trigger("0123456789")
  static let slash = Trigger("/")
  static let upper = Trigger(upper: true)
  static let dash = Trigger("-–—−")
  static func words(_ w: [String]) -> Trigger {
    var t = Trigger()
    t.keywords = w.map { Array($0.lowercased().utf8) }
    return t
  }

  static func containsBytes(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
    guard let first = needle.first, hay.count >= needle.count else { return needle.isEmpty }
    var i = 0
    let last = hay.count - needle.count
    while i <= last {
      if hay[i] == first {
        var j = 1
        while j < needle.count && hay[i + j] == needle[j] { j += 1 }
        if j == needle.count { return true }
      }
      i += 1
    }
    return false
  }

  static let roman: Trigger = {
    var t = Trigger()
    t.romanToken = true
    return t
  }()
  static let webAddress: Trigger = {
    var t = Trigger()
    t.dotThenLetter = true
    return t
  }()

  static func + (a: Trigger, b: Trigger) -> Trigger {
    var t = a
    for i in 0..<128 where b.ascii[i] { t.ascii[i] = true }
    t.scalars.formUnion(b.scalars)
    t.upper = a.upper || b.upper
    t.loneLetter = a.loneLetter || b.loneLetter
    t.dotThenLetter = a.dotThenLetter || b.dotThenLetter
    t.romanToken = a.romanToken || b.romanToken
    t.keywords = a.keywords + b.keywords
    return t
  }

  func fires(_ s: String) -> Bool {
    if dotThenLetter {
      var dot = false
      for b in s.utf8 {
        if dot && b >= 97 && b <= 122 { return true }
        dot = b == 46
      }
    }
    if romanToken && Self.hasRomanToken(s) { return true }
    if !keywords.isEmpty {
      let lower = Array(s.lowercased().utf8)
      if keywords.contains(where: { Self.containsBytes(lower, $0) }) { return true }
    }
    if scalars.isEmpty && !upper && !loneLetter {
      if !ascii.contains(true) { return false }
      let table = ascii
      if let hit = s.utf8.withContiguousStorageIfAvailable({ bytes in
        table.withUnsafeBufferPointer { t in bytes.contains { $0 < 128 && t[Int($0)] } }
      }) {
        return hit
      }
      return s.utf8.contains { $0 < 128 && ascii[Int($0)] }
    }
    var previous: Unicode.Scalar = " "
    var pendingLone = false
    for u in s.unicodeScalars {
      let v = u.value
      if pendingLone {
        if !(Self.isLetterOrDigit(u)) { return true }
        pendingLone = false
      }
      if v < 128 {
        if ascii[Int(v)] { return true }
        if upper && v >= 65 && v <= 90 { return true }
      } else {
        if scalars.contains(v) { return true }
        if upper && Self.isUpper(u) { return true }
      }
      if loneLetter && Self.isSpace(previous) && (Self.isASCIILetter(v) || v == 0x110 || v == 0x111) {
        pendingLone = true
      }
      previous = u
    }
    return pendingLone
  }

  static func hasRomanToken(_ s: String) -> Bool {
    var previous: Unicode.Scalar = "x"
    var inRun = false
    for u in s.unicodeScalars {
      let roman = "IVXLCDM".unicodeScalars.contains(u)
      if inRun {
        if roman { continue }
        if !isLetterOrDigit(u) { return true }
        inRun = false
      } else if roman && isSpace(previous) {
        inRun = true
      }
      previous = u
    }
    return inRun
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

  /// Vietnamese capitals by range (cheap), anything else by its Unicode category.
  static func isUpper(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    switch v {
    case 0xC0...0xDE: return v != 0xD7
    case 0xDF...0xFF: return false
    case 0x1EA0...0x1EFF: return v % 2 == 0
    case 0x102, 0x110, 0x128, 0x168, 0x1A0, 0x1AF: return true
    case 0x103, 0x111, 0x129, 0x169, 0x1A1, 0x1B0: return false
    case 0x2000...0x206F: return false  // punctuation: dashes, quotes, ellipsis
    default: return u.properties.generalCategory == .uppercaseLetter || u.properties.generalCategory == .titlecaseLetter
    }
  }
}
