import Foundation
import Testing

@testable import LoaSpeech

/// The tokenizer's plain words skip the rules: no rule may change them, and a piece read in spans
/// must read as the whole piece does.
@Suite struct PlainWordsTests {
  let n = VietnameseNormalizer(lexicon: repoLexicon)

  static func corpusLines() throws -> [String] {
    let dir = FileManager.default.currentDirectoryPath + "/Tests/LoaSpeechTests/Corpus/"
    var lines: [String] = []
    for (file, column) in [("real.tsv", 2), ("real-heldout.tsv", 2), ("normalization.tsv", 1)] {
      let text = try String(contentsOfFile: dir + file, encoding: .utf8)
      for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
        if cols.count > column { lines.append(String(cols[column])) }
      }
    }
    return lines
  }

  func plain(_ word: String) -> Bool {
    var w = word
    return w.withUTF8 { n.plainWords.isPlain($0) }
  }

  @Test func whichWordsArePlain() {
    for w in ["xã", "Hà", "ở", "ý", "thưa", "Ủy", "nhân,", "tháng.", "giờ", "số", "bão", "Kính"] {
      #expect(plain(w), "\(w)")
    }
    // Read by some rule or table: a lone ASCII letter or Đ, capitals after the first letter,
    // digits and marks, a unit, a context rule's key, a lexicon key, a loanword.
    for w in [
      "c", "T", "Đ", "đ", "Ở", "UBND", "TP.", "iPhone", "12", "xã;", "xã:", "(xã", "xã)", "km", "ha", "Km", "kg",
      "full", "online", "Online", "v.v", "tỉnh/TP", "COVID-19", "hoà…", "x", "VNĐ", "vnđ", "",
    ] {
      #expect(!plain(w), "\(w)")
    }
  }

  /// No rule changes plain words: each sentence of the corpus with everything but its plain words
  /// taken out reads the same through the rules as past them (the words stay next to the words
  /// they stand next to in real bulletins: bão, giờ, ngày, tháng, thứ, số, hiệp, nhiệt độ…).
  @Test func noRuleChangesPlainWords() throws {
    var differ: [String] = []
    var texts = 0
    for line in try Self.corpusLines() {
      let words = line.split(separator: " ").map(String.init).filter(plain)
      guard words.count >= 2 else { continue }
      let text = words.joined(separator: " ")
      texts += 1
      let skipped = n.normalize(text, dialect: .north)
      let read = Reference.$wholePieces.withValue(true) { n.normalize(text, dialect: .north) }
      if skipped != read { differ.append("\(text)\n  rules: \(read)") }
    }
    #expect(texts > 2500)
    let count = differ.count
    #expect(count == 0, "\(differ.prefix(5).joined(separator: "\n"))")
  }

  /// Texts read in spans read as when the rules read every word: the corpus's sentences run
  /// together into long pieces (each sentence's figures then have plain words around them),
  /// bulletin prose, and the sentences with plain words put between their tokens.
  @Test func spansReadAsWholePieces() throws {
    let lines = try Self.corpusLines()
    var g = SeededGenerator(seed: 41)
    let prose = try String(
      contentsOfFile: FileManager.default.currentDirectoryPath + "/bench/text/bulletin.txt", encoding: .utf8
    ).split(separator: "\n").map(String.init)
    let filler = prose.flatMap { $0.split(separator: " ").map(String.init) }.filter(plain)
    var texts: [String] = []
    var i = 0
    while i < lines.count {
      // A few corpus sentences with prose between them.
      var t = ""
      for _ in 0..<Int.random(in: 1...4, using: &g) where i < lines.count {
        t += lines[i] + " " + prose.randomElement(using: &g)! + " "
        i += 1
      }
      texts.append(t)
    }
    for line in lines.prefix(800) {
      // Plain words put between a sentence's tokens, a few at a time.
      var t: [String] = []
      for token in line.split(separator: " ") {
        t.append(String(token))
        for _ in 0..<Int.random(in: 0...3, using: &g) { t.append(filler.randomElement(using: &g)!) }
      }
      texts.append(t.joined(separator: " "))
    }
    var differ: [String] = []
    var split = 0
    for t in texts {
      if n.plainWords.spans(t).count > 1 { split += 1 }
      let spans = n.normalize(t, dialect: .north)
      let whole = Reference.$wholePieces.withValue(true) { n.normalize(t, dialect: .north) }
      if spans != whole { differ.append("\(t)\n  spans: \(spans)\n  whole: \(whole)") }
    }
    // (Most texts are cut somewhere, or the test proves nothing.)
    #expect(split * 2 > texts.count)
    let count = differ.count
    #expect(count == 0, "\(differ.prefix(3).joined(separator: "\n"))")
  }

  @Test func spansCoverThePieceAndStartAtWords() {
    let t =
      "Kính thưa bà con nhân dân trong xã, ban quản lý thôn xin thông báo tới toàn thể các hộ gia đình trong "
      + "thôn về việc tổ chức họp dân để bàn về việc làm đường giao thông, vào lúc 7h30 ngày 12/3 tại hội trường thôn sẽ tổ chức "
      + "họp dân để bàn về việc làm đường giao thông nông thôn và vệ sinh môi trường trong dịp cuối năm, đề nghị "
      + "các hộ gia đình cử người đến dự đầy đủ và đúng giờ theo thông báo của ban quản lý thôn"
    let spans = n.plainWords.spans(t)
    #expect(spans.count == 3)
    #expect(spans.first?.start == 0 && spans.last?.end == t.utf8.count)
    for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.end == b.start && a.rules != b.rules) }
    // The span read by the rules holds the figures and twelve words on either side (the clause
    // began more than 25 words before), from the start of a word to the white space after one.
    let read = spans.first { $0.rules }!
    let bytes = Array(t.utf8)
    let text = String(decoding: bytes[read.start..<read.end], as: UTF8.self)
    #expect(text.contains("7h30 ngày 12/3"))
    #expect(!text.hasPrefix(" ") && text.hasSuffix(" ") && text.split(separator: " ").count == 12 + 3 + 12)
    // Short texts and texts with nothing to read are one span.
    #expect(n.plainWords.spans("ngày 12/3").count == 1)
    let same = String(repeating: "bà con ", count: 40)
    #expect(n.plainWords.spans(same) == [.init(start: 0, end: same.utf8.count, rules: false, kinds: .word)])
  }
}
