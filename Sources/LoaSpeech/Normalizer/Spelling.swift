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

  /// A letter standing alone (điểm d, chị D, d) …) by its Vietnamese name: d is dê, apart from
  /// đ (đê). In an acronym d keeps the đê announcers give it (CDC, GDP; `spell`).
  static func name(_ s: some StringProtocol) -> String {
    s.lowercased() == "d" ? "dê" : spell(s)
  }

  static let onsets: Set<String> = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
    "qu", "r", "s", "t", "th", "tr", "v", "x",
  ]
  static let codas: Set<String> = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
  static let vowels = Set("aăâeêioôơuưy")

  /// Tone marks (huyền, sắc, ngã, hỏi, nặng); the vowel-shape marks stay.
  static let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]

  /// A run of Vietnamese syllables written without spaces or tone marks, as in addresses
  /// (dichvucong → dich vu cong, quangngai → quang ngai): the fewest syllables, and of those the
  /// fewest that start with a vowel (hoi nong dan, not hoin ong dan). Nil when the letters are no
  /// such run, or too long to try.
  static func syllables(_ word: String) -> [String]? {
    let chars = Array(word)
    guard !chars.isEmpty, chars.count <= 40, chars.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
    // best[i]: the best split of chars[..<i], as (syllables, vowel-initial syllables, last cut).
    var best: [(count: Int, bare: Int, from: Int)?] = Array(repeating: nil, count: chars.count + 1)
    best[0] = (0, 0, 0)
    for end in 1...chars.count {
      for start in max(0, end - 7)..<end {
        guard let before = best[start] else { continue }
        let piece = String(chars[start..<end])
        guard isSyllable(piece) else { continue }
        let candidate = (
          count: before.count + 1, bare: before.bare + (vowels.contains(chars[start]) ? 1 : 0), from: start
        )
        if let current = best[end], (current.count, current.bare) <= (candidate.count, candidate.bare) { continue }
        best[end] = candidate
      }
    }
    guard best[chars.count] != nil else { return nil }
    var parts: [String] = []
    var end = chars.count
    while end > 0, let step = best[end] {
      parts.append(String(chars[step.from..<end]))
      end = step.from
    }
    return parts.reversed()
  }

  /// Whether a word in capitals is said as a syllable: one (`isSyllable`) whose tone it can carry. A
  /// syllable closed by c, ch, p or t takes the sắc or nặng tone (CÁC, HỌC, TẾT); without one, IC
  /// and OP are letters to spell. (Web addresses, typed without marks, use `isSyllable`.)
  static func isSpokenSyllable(_ word: String) -> Bool {
    guard isSyllable(word) else { return false }
    let lower = word.lowercased()
    let stop = lower.hasSuffix("c") || lower.hasSuffix("ch") || lower.hasSuffix("p") || lower.hasSuffix("t")
    guard stop else { return true }
    return !word.utf8.allSatisfy({ $0 < 0x80 })
      && word.decomposedStringWithCanonicalMapping.unicodeScalars.contains(where: {
        $0.value == 0x301 || $0.value == 0x323
      })
  }

  /// Whether a capitalised word is a Vietnamese syllable (TIN, BÃO) rather than an acronym (VOV, HIV).
  static func isSyllable(_ word: String) -> Bool {
    // (An ASCII word has no tone mark to take off: no trip through Foundation's decomposition.)
    let chars: [Character]
    if word.utf8.allSatisfy({ $0 < 0x80 }) {
      chars = Array(word.lowercased())
    } else {
      let scalars = word.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter {
        !toneMarks.contains($0.value)
      }
      chars = Array(String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping)
    }
    // "qu" is one onset (QUỐC), so its u is not the vowel.
    let from = chars.starts(with: ["q", "u"]) && chars.count > 2 ? 2 : 0
    guard let firstVowel = chars[from...].firstIndex(where: { vowels.contains($0) }) else { return false }
    var lastVowel = firstVowel
    while lastVowel + 1 < chars.count, vowels.contains(chars[lastVowel + 1]) { lastVowel += 1 }
    let onset = String(chars[..<firstVowel])
    let coda = String(chars[(lastVowel + 1)...])
    // A lone y takes no final consonant (tý, kỳ, mỹ; y with one only as uy, yê: quýt, yến): BYT,
    // TYT are acronyms, even in a line of capitals.
    if from == 0, firstVowel == lastVowel, chars[firstVowel] == "y", !coda.isEmpty { return false }
    return onsets.contains(onset) && codas.contains(coda) && lastVowel - firstVowel < 3
  }
}
