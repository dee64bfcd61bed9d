import Foundation

/// Letter names for spelling acronyms (VOV → vê ô vê) and labels (5A → năm a).
enum Spelling {
  static let letters: [Character: String] = [
    "a": "a", "ă": "á", "â": "ớ", "b": "bê", "c": "xê", "d": "đê", "đ": "đê", "e": "e", "ê": "ê",
    "f": "ép", "g": "giê", "h": "hát", "i": "i", "j": "gi", "k": "ca", "l": "e lờ", "m": "em mờ",
    "n": "en nờ", "o": "ô", "ô": "ô", "ơ": "ơ", "p": "pê", "q": "quy", "r": "e rờ", "s": "ét xì",
    "t": "tê", "u": "u", "ư": "ư", "v": "vê", "w": "vê kép", "x": "ích xì", "y": "i dài", "z": "dét",
  ]

  static func spell(_ s: some StringProtocol) -> String {
    s.lowercased().compactMap { letters[$0] }.joined(separator: " ")
  }

  static let onsets: Set<String> = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
    "qu", "r", "s", "t", "th", "tr", "v", "x",
  ]
  static let codas: Set<String> = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
  static let vowels = Set("aăâeêioôơuưy")

  /// Tone marks (huyền, sắc, ngã, hỏi, nặng); the vowel-shape marks stay.
  static let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]

  /// Whether a capitalised word is a Vietnamese syllable (TIN, BÃO) rather than an acronym (VOV, HIV).
  static func isSyllable(_ word: String) -> Bool {
    let scalars = word.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter {
      !toneMarks.contains($0.value)
    }
    let chars = Array(String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping)
    // "qu" is one onset (QUỐC), so its u is not the vowel.
    let from = chars.starts(with: ["q", "u"]) && chars.count > 2 ? 2 : 0
    guard let firstVowel = chars[from...].firstIndex(where: { vowels.contains($0) }) else { return false }
    var lastVowel = firstVowel
    while lastVowel + 1 < chars.count, vowels.contains(chars[lastVowel + 1]) { lastVowel += 1 }
    let onset = String(chars[..<firstVowel])
    let coda = String(chars[(lastVowel + 1)...])
    return onsets.contains(onset) && codas.contains(coda) && lastVowel - firstVowel < 3
  }
}
