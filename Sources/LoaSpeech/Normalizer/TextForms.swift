import Foundation

/// Trimming and composition of the voices folder's lines in the standard library. Foundation's
/// `trimmingCharacters(in:)` and `precomposedStringWithCanonicalMapping` bridge each string
/// through `NSString` (UTF-16 and back, with a protocol-conformance lookup the first time): over
/// the lexicon's few thousand lines that was most of the instructions from `loa serve`'s start to
/// its first idle moment. The results are the same (`TextFormsTests` compares them).
enum TextForms {
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

  /// NFC; without Foundation when the text is composed already (ASCII, Latin letters and the
  /// Vietnamese letters with their tones: `BasicNormalizer.isComposed`).
  static func nfc(_ s: String) -> String {
    BasicNormalizer.isComposed(s) ? s : s.precomposedStringWithCanonicalMapping
  }
}
