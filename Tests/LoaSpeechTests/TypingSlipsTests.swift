import Foundation
import Testing

@testable import LoaSpeech

/// The corpus's real sentences with the slips real bulletins carry put in (an en dash glued to a
/// figure, a comma glued to the next word, the whole line in capitals): each must read as the
/// sentence as written does.
@Suite struct TypingSlipsTests {
  let n = VietnameseNormalizer(lexicon: repoLexicon)

  func sentences() throws -> [String] {
    try PlainWordsTests.corpusLines()
  }

  /// The corpus's sentences as written, read once for all the tests of the suite.
  static let asWritten = Result {
    let n = VietnameseNormalizer(lexicon: repoLexicon)
    return try PlainWordsTests.corpusLines().map { n.normalize($0, dialect: .north) }
  }

  /// How many of the texts a slip changes read otherwise than the text as written, and the first
  /// few of them.
  func differences(_ slip: (String) -> String) throws -> (changed: Int, differ: [String]) {
    var changed = 0
    var differ: [String] = []
    for (s, a) in zip(try sentences(), try Self.asWritten.get()) {
      let t = slip(s)
      guard t != s else { continue }
      changed += 1
      let b = n.normalize(t, dialect: .north)
      if comparable(a) != comparable(b) { differ.append("\(t)\n  as written: \(a)\n  with slip: \(b)") }
    }
    return (changed, differ)
  }

  /// A slip that changes more than `least` sentences and makes none of them read otherwise.
  func expectNoDifference(atLeast least: Int, _ slip: (String) -> String) throws {
    let (changed, differ) = try differences(slip)
    #expect(changed > least)
    let count = differ.count
    #expect(count == 0, "\(differ.prefix(5).joined(separator: "\n"))")
  }

  @Test func enDashGluedToAFigure() throws {
    try expectNoDifference(atLeast: 400) {
      $0.replacingOccurrences(of: #"(?<=\d)-(?=\d)"#, with: "–", options: .regularExpression)
    }
    #expect(Typography.mended("sáng 20–2–2019, BĐ2–BĐ3, 24 – 27") == "sáng 20-2-2019, BĐ2-BĐ3, 24 – 27")
  }

  @Test func commaGluedToTheNextWord() throws {
    try expectNoDifference(atLeast: 2000) {
      $0.replacingOccurrences(of: #", (?=\p{L})"#, with: ",", options: .regularExpression)
    }
    #expect(Typography.mended("SXH,tăng 1,5 lần;TP.HCM,Đà") == "SXH, tăng 1,5 lần;TP.HCM, Đà")
    #expect(Typography.mended("không có gì") == "không có gì")
  }

  /// A list's bullets before the sentence (`- `, `+ `, `+ - `) and the `./.` that ends official
  /// documents change nothing; a list's letter after a full stop or a line break is read by name.
  @Test func bulletsAndTheDocumentsEnd() throws {
    for slip: (String) -> String in [
      { "- " + $0 }, { "+ " + $0 }, { "+ - " + $0 }, { "• " + $0 },
      { ($0.hasSuffix(".") ? String($0.dropLast()) : $0) + "./." },
    ] {
      try expectNoDifference(atLeast: 3000, slip)
    }
    let list = n.normalize("Điều kiện:\na) Đủ 18 tuổi;\nb) Có sức khỏe.\nc) Có bằng./.", dialect: .north)
    #expect(comparable(list) == comparable("điều kiện: a, đủ mười tám tuổi; bê, có sức khỏe. xê, có bằng."))
    #expect(
      Typography.mended("+ - 40 ngày. - Tối đa 180 ngày./. Nhiệt độ -5 độ")
        == "40 ngày. Tối đa 180 ngày. Nhiệt độ -5 độ")
  }

  /// Two sentences run together on one line (a page's line breaks lost) read as each alone: a
  /// headline in capitals before the text under it is still lowered, as a line of its own is.
  @Test func sentencesRunTogether() throws {
    let lines = try sentences()
    var pairs = 0
    var differ: [String] = []
    var i = 0
    while i + 1 < lines.count {
      let a = lines[i].trimmingCharacters(in: .whitespaces)
      let b = lines[i + 1]
      i += 2
      guard let last = a.last else { continue }
      pairs += 1
      let joined = a + (".!?;:".contains(last) ? " " : ". ") + b
      let together = n.normalize(joined, dialect: .north)
      let apart = n.normalize(a, dialect: .north) + " " + n.normalize(b, dialect: .north)
      if comparable(together) != comparable(apart) { differ.append("\(joined)\n  → \(together)") }
    }
    #expect(pairs > 1900)
    // (The last one found was a heading's number after a sentence: "… 31/12/2024. 1.1 Tại Sao …".)
    #expect(differ.isEmpty, "\(differ.prefix(5).joined(separator: "\n"))")
    let headline = n.normalize(
      "CẬP NHẬT 17H: HÀN QUỐC TĂNG 84 CA, 10 CA TỬ VONG. Lực lượng CA xã có mặt.", dialect: .north)
    #expect(
      comparable(headline)
        == comparable(
          "cập nhật mười bảy giờ: hàn quốc tăng tám mươi tư ca, mười ca tử vong. lực lượng công an xã có mặt."))
  }

  /// A line in capitals (a headline, an urgent notice) reads as the line in mixed case, for nine in
  /// ten of the corpus's sentences at least (91 % now). What is left is what capitals hide: brands
  /// and names read as letters (`VIETTEL`, `PLÔNG`), `Đ/C`, `H.LONG ĐIỀN`, `MG/L`, a Roman number
  /// that is a syllable (`LẦN THỨ VI`).
  @Test func linesInCapitals() throws {
    let (changed, differ) = try differences { $0.uppercased() }
    #expect(changed > 3000)
    #expect(differ.count * 10 <= changed, "\(differ.count) of \(changed)")
    for (capitals, spoken) in [
      ("BÃO SỐ 3 TĂNG CẤP, BIỂN ĐÔNG CÓ SÓNG CAO 11M.", "bão số ba tăng cấp, biển đông có sóng cao mười một mét."),
      (
        "GIÓ MẠNH CẤP 10 (89-102KM/H), LƯU LƯỢNG 13400 M3/S, GIÁ 7.600 ĐỒNG/KG.",
        "gió mạnh cấp mười, tám mươi chín đến một trăm linh hai ki lô mét trên giờ, lưu lượng mười ba nghìn bốn trăm mét khối trên giây, giá bảy nghìn sáu trăm đồng một ki lô gam."
      ),
      (
        "MỰC NƯỚC TRÊN BÁO ĐỘNG II, XĂNG RON 95-III TĂNG GIÁ",
        "mực nước trên báo động hai, xăng rôn chín mươi lăm ba tăng giá"
      ),
      ("DIESEL 0,05S GIẢM, ĐIỆN ÁP 22 KV", "đi ê zen không phẩy không năm ét giảm, điện áp hai mươi hai ki lô vôn"),
    ] {
      #expect(comparable(n.normalize(capitals, dialect: .north)) == comparable(spoken), "\(capitals)")
    }
  }
}
