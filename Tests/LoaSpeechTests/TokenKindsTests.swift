import Foundation
import Testing

@testable import LoaSpeech

/// The tokenizer's kinds of token, and the routing of the rules by them: a pass never changes a
/// text it is routed past.
@Suite struct TokenKindsTests {
  let n = VietnameseNormalizer(lexicon: repoLexicon)

  func kinds(_ token: String) -> TokenKinds {
    var t = token
    return t.withUTF8 { n.plainWords.kinds($0) }
  }

  @Test func kindsOfTokens() {
    let cases: [(String, TokenKinds)] = [
      ("bà", .word), ("Hà", .word), ("xã,", .word), ("ở", .word),
      ("online", .known), ("km", .known), ("Km", .known), ("ha", .known),
      ("c", .letter), ("T", .letter), ("Đ", .letter), ("c)", [.letter, .symbol]),
      ("UBND", .abbreviation), ("(UBND)", [.abbreviation, .symbol]), ("TP.HCM", .abbreviation),
      ("NĐ-CP", .abbreviation), ("iPhone", .abbreviation), ("YAGI", .abbreviation),
      ("12", .number), ("1.200", .number), ("3,5", .number), ("0912.345.678", .number), ("50%", .number),
      ("-5", .number), ("2024.", .number),
      ("26-9", .dateLike), ("22.12", .dateLike), ("01/11/2024", .dateLike), ("(26-9)", [.dateLike, .symbol]),
      ("4h30", .timeLike), ("20-22h", .timeLike), ("12:00:00", .timeLike), ("14h00′", .timeLike), ("8h", .timeLike),
      ("29F-016.48", .code), ("QL.1A", .code), ("BĐ1", .code), ("COVID-19", .code), ("5km", .code),
      ("32°C", .code), ("100/2019/NĐ-CP", .code),
      ("xa.gov.vn", .address), ("ubnd@hanoi.gov.vn", .address), ("https://a.vn/1", .address), ("www.VOV.VN", .address),
      ("–", .symbol), (">>>", .symbol), ("±", .symbol), ("tỉnh/thành", .symbol), ("“Ngày", [.word, .symbol]),
      ("xã:", [.word, .symbol]), ("…", .symbol),
    ]
    for (token, expected) in cases {
      #expect(kinds(token) == expected, "\(token): \(kinds(token))")
    }
    // A span holds the kinds of its tokens.
    let t = "Lúc 7h30 ngày 12/3, UBND xã họp"
    #expect(n.plainWords.kinds(t) == [.word, .timeLike, .dateLike, .abbreviation])
    #expect(n.plainWords.spans(t).map(\.kinds) == [[.word, .timeLike, .dateLike, .abbreviation]])
  }

  /// Every sentence of the corpus, and each with its figures or its letters alone, goes through
  /// every pass; where the routing would skip a pass, the pass must leave the text as it is. (The
  /// texts with one kind taken out are where the routing skips most.)
  @Test func noPassChangesATextItIsRoutedPast() throws {
    var texts: [String] = []
    for line in try PlainWordsTests.corpusLines() {
      texts.append(line)
      // The sentence without its figures, and without its letters' tokens.
      let tokens = line.split(separator: " ").map(String.init)
      let noFigures = tokens.filter { kinds($0).isDisjoint(with: .figures) }
      let figures = tokens.filter { !kinds($0).isDisjoint(with: .figures) || kinds($0) == .word }
      for t in [noFigures, figures] where t.count > 1 && t.count < tokens.count {
        texts.append(t.joined(separator: " "))
      }
    }
    let r = NumberReader(dialect: .north)
    var skipped = 0
    var run = 0
    var wrong: [String] = []
    for text in texts {
      Scan.$memo.withValue(Scan.Memo()) {
        var s = n.prepared(text, dialect: .north)
        for (stage, steps) in [VietnameseNormalizer.wordSteps, VietnameseNormalizer.figureSteps].enumerated() {
          let kinds = n.plainWords.kinds(s)
          for step in steps {
            let out = step.run(n, s, r)
            if step.reads.isDisjoint(with: kinds) {
              skipped += 1
              if out != s { wrong.append("[\(stage) \(step.name), kinds \(kinds)] \(s)\n  → \(out)") }
            } else {
              run += 1
            }
            s = out
          }
        }
      }
    }
    // (The routing skips a good share of the passes, or this proves little.)
    #expect(texts.count > 8000)
    #expect(skipped * 4 > run, "skipped \(skipped), run \(run)")
    let count = wrong.count
    #expect(count == 0, "\(wrong.prefix(8).joined(separator: "\n"))")
  }

  /// A text whose tokens are all plain words skips the rules, however short.
  @Test func plainTextSkipsTheRules() {
    let spans = n.plainWords.spans("Kính thưa bà con")
    #expect(spans == [.init(start: 0, end: "Kính thưa bà con".utf8.count, rules: false, kinds: .word)])
    #expect(n.plainWords.spans("Kính thưa bà con 2").first?.rules == true)
  }
}
