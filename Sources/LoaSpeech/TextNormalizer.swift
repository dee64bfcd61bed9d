import Foundation

/// Turns bulletin text into what an announcer would say, before it reaches the synthesiser.
///
/// This is the seam for the Vietnamese normaliser (numbers, dates, units, abbreviations);
/// the basic one here only cleans Unicode and white space.
public protocol TextNormalizer: Sendable {
  func normalize(_ text: String, dialect: Dialect) -> String
  /// The parts the text may be read in one at a time (`SpokenSentences`); by default the whole.
  func parts(_ text: String) -> [Substring]
}

extension TextNormalizer {
  public func parts(_ text: String) -> [Substring] { [text[...]] }
}

/// The sentences of a text, normalised one part at a time as they are asked for: the first words of
/// a long bulletin are synthesised while the rest is still being written out. The same text always
/// gives the same sentences, so a sentence index survives a restart.
public struct SpokenSentences: Sequence, Sendable {
  public let text: String
  public let normalizer: any TextNormalizer
  public let dialect: Dialect
  /// Applied to each sentence after the normaliser (what the synthesiser gets, not what is shown).
  public let respellings: Respellings

  public init(
    text: String, normalizer: any TextNormalizer, dialect: Dialect, respellings: Respellings = Respellings()
  ) {
    self.text = text
    self.normalizer = normalizer
    self.dialect = dialect
    self.respellings = respellings
  }

  public func makeIterator() -> Iterator {
    Iterator(parts: normalizer.parts(text), normalizer: normalizer, dialect: dialect, respellings: respellings)
  }

  public struct Iterator: IteratorProtocol {
    let parts: [Substring]
    let normalizer: any TextNormalizer
    let dialect: Dialect
    let respellings: Respellings
    var part = 0
    var ready: [String] = []
    var readyIndex = 0

    public mutating func next() -> String? {
      while readyIndex == ready.count {
        guard part < parts.count else { return nil }
        ready = SentenceSplitter.split(normalizer.normalize(String(parts[part]), dialect: dialect))
        readyIndex = 0
        part += 1
      }
      defer { readyIndex += 1 }
      return respellings.apply(ready[readyIndex])
    }
  }
}

/// NFC, no control characters, white space folded. Paragraph breaks are kept as sentence ends.
public struct BasicNormalizer: TextNormalizer {
  public init() {}

  /// Whether NFC would leave the text as it is, judged by ranges whose characters are all
  /// NFC_Quick_Check=Yes: below the combining marks, Latin Extended Additional (Vietnamese
  /// letters with their tones), general punctuation but its two singleton spaces. Anything else
  /// goes through the full composition.
  static func isComposed(_ text: String) -> Bool {
    for u in text.unicodeScalars {
      let v = u.value
      if v < 0x300 || (0x1E00...0x1EFF).contains(v) || (0x2002...0x206F).contains(v) { continue }
      return false
    }
    return true
  }

  public func normalize(_ text: String, dialect: Dialect) -> String {
    let nfc = !Reference.patterns && Self.isComposed(text) ? text : text.precomposedStringWithCanonicalMapping
    // Written as UTF-8 bytes (appending to a String.UnicodeScalarView cost a tenth of the time).
    var out: [UInt8] = []
    out.reserveCapacity(nfc.utf8.count)
    var lastWasSpace = true
    /// The last scalar written (after trailing spaces are taken off), read back from the bytes.
    func lastScalar() -> Unicode.Scalar? {
      guard var i = out.indices.last else { return nil }
      while i > 0 && out[i] & 0xC0 == 0x80 { i -= 1 }
      return String(decoding: out[i...], as: UTF8.self).unicodeScalars.first
    }
    func put(_ u: Unicode.Scalar) {
      if u.isASCII { out.append(UInt8(u.value)) } else { UTF8.encode(u) { out.append($0) } }
    }
    for s in nfc.unicodeScalars {
      let v = s.value
      // The eth (Ð, ð) that old encodings and fonts left where Vietnamese has Đ, đ (Ðinh Dậu).
      if v == 0xD0 || v == 0xF0 {
        put(v == 0xD0 ? "Đ" : "đ")
        lastWasSpace = false
        continue
      }
      if (v >= 0x20 && v < 0x7F && v != 0x20) || (0xC0...0x24F).contains(v) || (0x1EA0...0x1EF9).contains(v) {
        // Printable ASCII and the Vietnamese letters (most of any text): kept as they are.
        put(s)
        lastWasSpace = false
        continue
      }
      if v == 0x20 {
        // A space (white space, neither control nor format): one is kept.
        if !lastWasSpace {
          out.append(0x20)
          lastWasSpace = true
        }
        continue
      }
      if s == "\n" || s == "\r" {
        // A line break ends a sentence: headlines and list items are read with a pause.
        while out.last == 0x20 { out.removeLast() }
        if let last = lastScalar(), !".!?…:;".unicodeScalars.contains(last) { out.append(UInt8(ascii: ".")) }
        out.append(0x20)
        lastWasSpace = true
      } else if s.properties.generalCategory == .control || s.properties.generalCategory == .format
        || s.properties.isWhitespace
      {
        if !lastWasSpace {
          out.append(0x20)
          lastWasSpace = true
        }
      } else {
        put(s)
        lastWasSpace = false
      }
    }
    var result = String(decoding: out, as: UTF8.self)
    while result.hasSuffix(" ") { result.removeLast() }
    while result.hasPrefix(" ") || result.hasPrefix(".") { result.removeFirst() }
    return result
  }
}
