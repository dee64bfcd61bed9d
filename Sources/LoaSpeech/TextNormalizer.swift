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
    // On the UTF-8 bytes: below U+0300 is ASCII or a lead byte C2…CB; U+1E00…U+1EFF is E1 B8…BB;
    // U+2002…U+206F is E2 80 82…E2 81 AF.
    var text = text
    return text.withUTF8 { b in
      let n = b.count
      var i = 0
      while i < n {
        let c = b[i]
        if c < 0x80 {
          i += 1
        } else if c >= 0xC2 && c <= 0xCB {
          i += 2
        } else if c == 0xE1, i + 1 < n, b[i + 1] >= 0xB8 && b[i + 1] <= 0xBB {
          i += 3
        } else if c == 0xE2, i + 2 < n, (b[i + 1] == 0x80 && b[i + 2] >= 0x82) || (b[i + 1] == 0x81 && b[i + 2] <= 0xAF)
        {
          i += 3
        } else {
          return false
        }
      }
      return true
    }
  }

  public func normalize(_ text: String, dialect: Dialect) -> String {
    var nfc = !Reference.patterns && Self.isComposed(text) ? text : text.precomposedStringWithCanonicalMapping
    var result = String(decoding: nfc.withUTF8 { Self.folded($0) }, as: UTF8.self)
    while result.hasSuffix(" ") { result.removeLast() }
    while result.hasPrefix(" ") || result.hasPrefix(".") { result.removeFirst() }
    return result
  }

  /// The text's UTF-8 bytes with controls dropped, white space folded and line breaks as sentence
  /// ends. (Its own function, the state local to it: captured by the closure `withUTF8` takes,
  /// the two variables were checked for exclusive access at every byte, 2 % of the normaliser.)
  static func folded(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    // Written as UTF-8 bytes (appending to a String.UnicodeScalarView cost a tenth of the time).
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var lastWasSpace = true
    /// The last scalar written (after trailing spaces are taken off), read back from the bytes.
    func lastScalar() -> Unicode.Scalar? {
      guard var i = out.indices.last else { return nil }
      while i > 0 && out[i] & 0xC0 == 0x80 { i -= 1 }
      return String(decoding: out[i...], as: UTF8.self).unicodeScalars.first
    }
    func space() {
      if !lastWasSpace {
        out.append(0x20)
        lastWasSpace = true
      }
    }
    // Over the UTF-8 bytes, a scalar decoded only outside ASCII.
    let n = b.count
    var i = 0
    while i < n {
      let c = b[i]
      if c < 0x80 {
        i += 1
        if c > 0x20 && c < 0x7F {
          // Printable ASCII (most of any text): kept as it is.
          out.append(c)
          lastWasSpace = false
        } else if c == 0x20 {
          // A space (white space, neither control nor format): one is kept.
          space()
        } else if c == 0x0A || c == 0x0D {
          // A line break ends a sentence: headlines and list items are read with a pause.
          while out.last == 0x20 { out.removeLast() }
          if let last = lastScalar(), !".!?…:;".unicodeScalars.contains(last) { out.append(UInt8(ascii: ".")) }
          out.append(0x20)
          lastWasSpace = true
        } else {
          // Tab and the other controls.
          space()
        }
        continue
      }
      let (v, length) = TextForms.scalar(in: b, at: i)
      let start = i
      let end = i + length
      i = end
      // The eth (Ð, ð) that old encodings and fonts left where Vietnamese has Đ, đ (Ðinh Dậu).
      if v == 0xD0 || v == 0xF0 {
        out.append(0xC4)
        out.append(v == 0xD0 ? 0x90 : 0x91)
        lastWasSpace = false
        continue
      }
      // The hyphens that word processors put in place of "-" (U+2010, the non-breaking U+2011):
      // NAVET‑ASFVAC is NAVET-ASFVAC to every rule after this.
      if v == 0x2010 || v == 0x2011 {
        out.append(UInt8(ascii: "-"))
        lastWasSpace = false
        continue
      }
      if !(0xC0...0x24F).contains(v) && !(0x1EA0...0x1EF9).contains(v), let u = Unicode.Scalar(v),
        u.properties.generalCategory == .control || u.properties.generalCategory == .format
          || u.properties.isWhitespace
      {
        space()
        continue
      }
      // The Vietnamese letters, and any other character: kept as they are.
      out.append(contentsOf: b[start..<end])
      lastWasSpace = false
    }
    return out
  }
}
