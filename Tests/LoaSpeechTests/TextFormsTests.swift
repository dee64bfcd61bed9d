import Foundation
import Testing

@testable import LoaSpeech

/// The voices folder's lines are trimmed and composed in the standard library now; the results
/// must be Foundation's, on every kind of space, punctuation and composition the files may hold.
@Suite struct TextFormsTests {
  static let samples = [
    "", " ", "\t", "UBND", "  UBND\t", "\u{00A0}ủy ban\u{3000}", "\u{2003}x\u{2009}", "\r", "\rUBND\r",
    "Hoà", "Ho\u{0300}a", "ho\u{0323}\u{0302}i", "A\u{0301}", "Ð", "Đ", "\u{2028}a\u{2028}", "…a…",
    "(UBND),", "“Hà Nội”.", "—", "v.v.", "#", "\u{1E00}", "\u{2126}", "e\u{0301}\u{0323}",
  ]

  @Test(arguments: samples)
  func trimmingIsFoundations(_ s: String) {
    #expect(TextForms.trimmed(s) == s.trimmingCharacters(in: .whitespaces))
    #expect(TextForms.trimmed(s) { $0 == "\r" } == s.trimmingCharacters(in: CharacterSet(charactersIn: "\r")))
    #expect(TextForms.trimmed(s, TextForms.isPunctuation) == s.trimmingCharacters(in: .punctuationCharacters))
  }

  /// The document rules' replacing and trimming on composed text, as Foundation's were.
  @Test(arguments: samples + ["công văn số 12", "sống số", "số:\u{a0}", " quyết định số ", "QĐ – UBND", "số"])
  func replacingIsFoundations(_ s: String) {
    let composed = TextForms.nfc(s)
    for (target, by) in [("số", " "), ("số", ""), (" ", ""), ("–", "-"), ("ab", "x")] {
      #expect(TextForms.replacing(composed, target, with: by) == composed.replacingOccurrences(of: target, with: by))
    }
    for needle in ["số", " ", "–", "ab", "npk", "ủy ban", "a"] {
      #expect(TextForms.has(composed, needle) == composed.contains(needle), "\(s) \(needle)")
    }
    #expect(
      TextForms.trimmed(composed, TextForms.isSpaceOrColon)
        == composed.trimmingCharacters(in: CharacterSet(charactersIn: " :\u{a0}")))
  }

  @Test(arguments: samples)
  func compositionIsFoundations(_ s: String) {
    let nfc = TextForms.nfc(s)
    #expect(Array(nfc.unicodeScalars) == Array(s.precomposedStringWithCanonicalMapping.unicodeScalars))
  }

  /// A respelling keeps the punctuation around the word, as before.
  @Test func respellingKeepsPunctuation() {
    let r = Respellings(entries: ["Kalmaegi": "can mê ghi"])
    #expect(r.apply("bão (Kalmaegi), và “KALMAEGI”.") == "bão (can mê ghi), và “can mê ghi”.")
  }
}
