import Foundation
import Testing

@testable import LoaSpeech

/// The normaliser reads long text piece by piece (linear time): pieces are bounded, cover the
/// text exactly, and end where a sentence or a space does.
@Suite struct PiecesTests {
  @Test func aRunWithoutSpacesIsCutIntoBoundedParts() {
    let text = String(repeating: "a1,", count: 14_000)  // 42 KB, no space
    let pieces = Pieces.split(text)
    #expect(pieces.joined() == text)
    #expect(pieces.allSatisfy { $0.count <= Pieces.longestRun })
  }

  /// The scalar scan (text whose characters are single scalars) cuts where the character scan does.
  @Test func theScalarScanCutsWhereTheCharacterScanDoes() {
    var g = SystemRandomNumberGenerator()
    let parts = [
      "Kính thưa bà con", ", ", ". ", "; ", "! ", "… ", "\n", " ", "1.250", "ngày 26-9", "x", "\u{2028}", "“Ủy ban”",
    ]
    for _ in 0..<300 {
      let text = (0..<Int.random(in: 1...600, using: &g)).map { _ in parts.randomElement(using: &g)! }.joined()
      #expect(Pieces.oneScalarCharacters(text))
      #expect(Pieces.splitScalars(text) == Pieces.splitCharacters(text))
    }
    #expect(!Pieces.oneScalarCharacters("e\u{301}") && !Pieces.oneScalarCharacters("a\r\nb"))
  }

  @Test func longTextEndsPiecesAtSentencesThenSpaces() {
    let sentence = "Kính thưa bà con, ngày 26-9 xã tổ chức tiêm phòng cho 1.250 con gia súc. "
    let text = String(repeating: sentence, count: 200)
    let pieces = Pieces.split(text)
    #expect(pieces.joined() == text)
    #expect(pieces.count > 1)
    // Every piece but the last ends a sentence and holds whole sentences.
    for p in pieces.dropLast() {
      #expect(p.hasSuffix(". "), "\(p.suffix(20))")
      #expect(p.count >= Pieces.target && p.count <= Pieces.limit)
    }
    // No sentence end: cut at a space at the limit.
    let words = String(repeating: "một hai ba ", count: 400)
    let cut = Pieces.split(words)
    #expect(
      cut.joined() == words
        && cut.dropLast().allSatisfy { (Pieces.limit...Pieces.limit + 4).contains($0.count) && $0.hasSuffix(" ") })
  }

  /// Read piece by piece, long text reads as its pieces do alone, and short text is untouched.
  @Test func readingInPiecesIsReadingEachPiece() {
    let n = VietnameseNormalizer(lexicon: repoLexicon)
    let sentence = "Ngày 22/12/2026, UBND xã họp lúc 14h30 tại hội trường, 50 người dự."
    let long = Array(repeating: sentence, count: 30).joined(separator: " ")
    let once = n.normalize(sentence, dialect: .north)
    let all = n.normalize(long, dialect: .north)
    #expect(all == Array(repeating: once, count: 30).joined(separator: " "))
    let lines = "Dòng một có 2 câu.\nDòng hai 3 câu.\n" + String(repeating: "x ", count: 700)
    #expect(n.normalize(lines, dialect: .north).hasPrefix("Dòng một có hai câu. Dòng hai ba câu. x x"))
  }
}
