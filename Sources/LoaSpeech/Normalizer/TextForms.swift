import Foundation

/// Trimming and composition of the voices folder's lines in the standard library. Foundation's
/// `trimmingCharacters(in:)` and `precomposedStringWithCanonicalMapping` bridge each string
/// through `NSString` (UTF-16 and back, with a protocol-conformance lookup the first time): over
/// the lexicon's few thousand lines that was most of the instructions from `loa serve`'s start to
/// its first idle moment. The results are the same (`TextFormsTests` compares them).
enum TextForms {
  /// The scalar whose UTF-8 form starts at `i` (a lead byte: a String's bytes are valid UTF-8),
  /// and its length in bytes; the byte loops of the normaliser decode with it.
  @inline(__always)
  static func scalar(in b: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
    let c = b[i]
    if c < 0x80 { return (UInt32(c), 1) }
    let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
    var v = UInt32(c) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    let end = min(b.count, i + length)
    var k = i + 1
    while k < end {
      v = v << 6 | UInt32(b[k] & 0x3F)
      k += 1
    }
    return (v, end - i)
  }

  /// The scalars `CharacterSet.whitespaces` holds: tab and the space separators (Zs).
  static func isBlank(_ u: Unicode.Scalar) -> Bool {
    u == " " || u == "\t" || (u.value >= 0x80 && u.properties.generalCategory == .spaceSeparator)
  }

  /// The scalars `CharacterSet.punctuationCharacters` holds: the general categories P*.
  static func isPunctuation(_ u: Unicode.Scalar) -> Bool {
    switch u.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation:
      return true
    default: return false
    }
  }

  /// The text without the leading and trailing scalars that `drop` holds.
  static func trimmed(_ s: some StringProtocol, _ drop: (Unicode.Scalar) -> Bool = isBlank) -> String {
    let u = s.unicodeScalars
    guard let first = u.firstIndex(where: { !drop($0) }), let last = u.lastIndex(where: { !drop($0) }) else {
      return ""
    }
    return String(s[first...last])
  }

  /// Every occurrence of `target` replaced, byte for byte (both composed the same way, as the
  /// normaliser's text is: `replacingOccurrences(of:with:)` without Foundation's bridge).
  static func replacing(_ s: some StringProtocol, _ target: String, with replacement: String) -> String {
    let t = Array(target.utf8)
    guard !t.isEmpty else { return String(s) }
    let b = Array(s.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    while i < b.count {
      if b[i] == t[0], i + t.count <= b.count, b[i..<(i + t.count)].elementsEqual(t) {
        out.append(contentsOf: replacement.utf8)
        i += t.count
      } else {
        out.append(b[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `needle` occurs in the text, byte for byte (Foundation's `contains` bridges to NSString
  /// and searches in UTF-16; the normaliser's text and needles are composed alike).
  static func has(_ s: some StringProtocol, _ needle: String) -> Bool {
    let n = Array(needle.utf8)
    guard let first = n.first else { return true }
    let b = Array(s.utf8)
    guard b.count >= n.count else { return false }
    var i = 0
    while i + n.count <= b.count {
      if b[i] == first, b[i..<(i + n.count)].elementsEqual(n) { return true }
      i += 1
    }
    return false
  }

  /// A number's spoken context as the document rules compare it: space, colon and no-break space
  /// trimmed from both ends.
  static func isSpaceOrColon(_ u: Unicode.Scalar) -> Bool { u == " " || u == ":" || u == "\u{a0}" }

  /// NFC; without Foundation when the text is composed already (ASCII, Latin letters and the
  /// Vietnamese letters with their tones: `BasicNormalizer.isComposed`).
  static func nfc(_ s: String) -> String {
    BasicNormalizer.isComposed(s) ? s : s.precomposedStringWithCanonicalMapping
  }
}
