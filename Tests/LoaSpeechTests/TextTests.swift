import Foundation
import Testing

@testable import LoaSpeech

@Suite struct SentenceSplitterTests {
  @Test func splitsAtSentenceEnds() {
    #expect(
      SentenceSplitter.split("Xin chào bà con. Hôm nay trời mưa! Có bão không? Có; cấp 8.")
        == ["Xin chào bà con.", "Hôm nay trời mưa!", "Có bão không?", "Có;", "cấp 8."])
  }

  @Test func keepsNumbersWhole() {
    #expect(
      SentenceSplitter.split("Lượng mưa 2.5 mm. Giá 1.250.000 đồng.") == ["Lượng mưa 2.5 mm.", "Giá 1.250.000 đồng."])
  }

  @Test func cutsVeryLongSentences() {
    let long = Array(repeating: "bà con chú ý, ", count: 60).joined()
    let parts = SentenceSplitter.split(long)
    #expect(parts.count > 1)
    #expect(parts.allSatisfy { $0.count <= SentenceSplitter.maxSentenceCharacters })
    #expect(parts.joined(separator: " ").filter { $0.isLetter } == long.filter { $0.isLetter })
  }

  @Test func dropsPunctuationOnlyPieces() {
    #expect(SentenceSplitter.split("... !!! Xin chào.") == ["Xin chào."])
    #expect(SentenceSplitter.split("...").isEmpty)
  }
}

@Suite struct BasicNormalizerTests {
  let n = BasicNormalizer()

  @Test func composesToNFC() {
    let decomposed = "Thông bá\u{006F}\u{0301}o"  // o + combining acute
    #expect(n.normalize(decomposed, dialect: .north) == "Thông báóo".precomposedStringWithCanonicalMapping)
    #expect(n.normalize(decomposed, dialect: .north).unicodeScalars.count == "Thông báóo".unicodeScalars.count)
  }

  @Test func removesControlCharactersAndFoldsSpace() {
    #expect(n.normalize("Xin\u{7}  chào\t\tbà\u{200B}con", dialect: .north) == "Xin chào bà con")
  }

  /// The byte loop does what the loop over scalars it replaced did, on text made to trip it:
  /// controls, every kind of white space, format characters, the eth, combining marks, emoji,
  /// line breaks after marks and spaces.
  @Test func theByteLoopReadsAsTheScalarLoop() {
    func scalarLoop(_ text: String) -> String {
      let nfc = text.precomposedStringWithCanonicalMapping
      var out = String.UnicodeScalarView()
      var lastWasSpace = true
      for s in nfc.unicodeScalars {
        let v = s.value
        if v == 0xD0 || v == 0xF0 {
          out.append(v == 0xD0 ? "Đ" : "đ")
          lastWasSpace = false
        } else if (v >= 0x21 && v < 0x7F) || (0xC0...0x24F).contains(v) || (0x1EA0...0x1EF9).contains(v) {
          out.append(s)
          lastWasSpace = false
        } else if s == "\n" || s == "\r" {
          while out.last == " " { out.removeLast() }
          if let last = out.last, !".!?…:;".unicodeScalars.contains(last) { out.append(".") }
          out.append(" ")
          lastWasSpace = true
        } else if v == 0x20 || s.properties.generalCategory == .control || s.properties.generalCategory == .format
          || s.properties.isWhitespace
        {
          if !lastWasSpace {
            out.append(" ")
            lastWasSpace = true
          }
        } else {
          out.append(s)
          lastWasSpace = false
        }
      }
      var result = String(out)
      while result.hasSuffix(" ") { result.removeLast() }
      while result.hasPrefix(" ") || result.hasPrefix(".") { result.removeFirst() }
      return result
    }
    let parts: [String] = [
      "a", "Ư", "ệ", "1", ".", ",", ":", "!", "…", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{7}", "\u{7F}", "\u{85}",
      "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{3000}", "\u{200B}", "\u{200D}",
      "\u{FEFF}", "\u{AD}", "Ð", "ð", "o\u{301}", "a\u{323}\u{302}", "😀", "👉🏽", "–", "“", "€", "中", "ʼ", "\u{E000}",
    ]
    var g = SeededGenerator(seed: 7)
    for _ in 0..<3000 {
      let t = (0..<Int.random(in: 0...30, using: &g)).map { _ in parts.randomElement(using: &g)! }.joined()
      #expect(n.normalize(t, dialect: .north) == scalarLoop(t), "\(Array(t.unicodeScalars))")
    }
  }

  @Test func lineBreaksEndSentences() {
    #expect(
      n.normalize("THÔNG BÁO\nLịch tiêm phòng\n\nXin cảm ơn.", dialect: .north)
        == "THÔNG BÁO. Lịch tiêm phòng. Xin cảm ơn.")
  }
}

/// The last pass over a reading, on its bytes, does what its patterns do.
@Suite struct TidyTests {
  @Test func theByteLoopTidiesAsThePatterns() {
    let parts: [String] = [
      "a", "bà", "ệ", "1", ".", ",", ";", ":", "!", "?", " ", "  ", "\t", "\n", "\u{A0}", "\u{2003}", "\u{2028}",
      "\u{3000}", "\u{1680}", "-", "–", "•", "*", "+", "…", "😀", "ʼ", ". - ", ", ,", " : ",
    ]
    var g = SeededGenerator(seed: 11)
    for _ in 0..<4000 {
      let t = (0..<Int.random(in: 0...24, using: &g)).map { _ in parts.randomElement(using: &g)! }.joined()
      #expect(Passes.tidy(t) == Passes.tidyByPatterns(t), "\(Array(t.unicodeScalars))")
    }
  }
}

@Suite struct VoiceProfileTests {
  @Test func shippedProfilesParseAndNameInstalledVoices() throws {
    let dir = FileManager.default.currentDirectoryPath + "/Voices"
    let catalog = try VoiceCatalog.load(directory: dir)
    for name in ["vi", "vi-vn-x-central", "vi-vn-x-south", "north", "south", "trung"] {
      let p = try #require(catalog.profile(named: name), "\(name)")
      #expect(try Espeak.shared.hasVoice(p.espeakVoice))
    }
    #expect(catalog.profile(named: "vi-vn-x-south")?.dialect == .south)
  }

  @Test func readsAProfile() throws {
    let p = try VoiceCatalog.parse(
      toml: "name = \"x\"\nespeak_voice = \"vi\"\nrate = 130\naliases = [\"a\"]\ndialect = \"south\"\n",
      origin: "x.toml")
    #expect(p.rate == 130)
    #expect(p.pitch == 50)
    #expect(p.aliases == ["a"])
    #expect(p.dialect == .south)
  }

  @Test(arguments: [
    ("espeak_voice = \"vi\"\n", "'name' is missing"),
    ("name = \"x\"\n", "'espeak_voice' is missing"),
    ("name = \"x\"\nespeak_voice = \"vi\"\nrate = 9000\n", "'rate'"),
    ("name = \"x\"\nespeak_voice = \"vi\"\nrate = \"fast\"\n", "'rate'"),
    ("name = \"x\"\nespeak_voice = \"vi\"\nspeed = 3\n", "unknown key 'speed'"),
    ("name = \"x\"\nespeak_voice = \"vi\"\ndialect = \"west\"\n", "'dialect'"),
    ("name = \"x\"\nespeak_voice = \n", "x.toml:2:"),
  ])
  func badProfilesAreLocated(_ toml: String, _ expected: String) {
    do {
      _ = try VoiceCatalog.parse(toml: toml, origin: "x.toml")
      Issue.record("accepted: \(toml)")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
      #expect(error.message.contains("x.toml"))
    }
  }
}

/// A bulletin is written out a part at a time, as the synthesis thread asks for its sentences.
@Suite struct SpokenSentencesTests {
  /// Counts the parts it is asked to write out (used from one thread).
  final class Counting: TextNormalizer, @unchecked Sendable {
    let inner = VietnameseNormalizer(lexicon: repoLexicon)
    var calls = 0
    func normalize(_ text: String, dialect: Dialect) -> String {
      calls += 1
      return inner.normalize(text, dialect: dialect)
    }
    func parts(_ text: String) -> [Substring] { inner.parts(text) }
  }

  let text = (1...60).map {
    "Ngày \($0 % 28 + 1)/9, thôn \($0) nhận \($0 * 125) kg giống lúa theo QĐ số \($0)/QĐ-UBND."
  }
  .joined(separator: " ")

  @Test func theFirstSentenceWaitsForTheFirstPartOnly() {
    let counting = Counting()
    var it = SpokenSentences(text: text, normalizer: counting, dialect: .north).makeIterator()
    let first = it.next()
    #expect(
      first?.hasPrefix("Ngày hai tháng chín, thôn một nhận một trăm hai mươi lăm ki lô gam") == true, "\(first ?? "")")
    #expect(counting.calls == 1)
    #expect(counting.inner.parts(text).count >= 5, "the text is several parts")
  }

  /// The same sentences as writing the whole text out and splitting it, in the same order, every
  /// time (a resumed bulletin finds its sentence by index).
  @Test func thePartsGiveTheWholeTextsSentences() {
    let n = VietnameseNormalizer(lexicon: repoLexicon)
    let spoken = Array(SpokenSentences(text: text, normalizer: n, dialect: .north))
    #expect(spoken == SentenceSplitter.split(n.normalize(text, dialect: .north)))
    #expect(spoken == Array(SpokenSentences(text: text, normalizer: n, dialect: .north)))
    #expect(spoken.count == 60)
    #expect(Array(SpokenSentences(text: " \n ", normalizer: n, dialect: .north)).isEmpty)
  }
}
