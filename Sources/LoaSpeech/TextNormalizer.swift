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
    var out = String.UnicodeScalarView()
    var lastWasSpace = true
    for s in nfc.unicodeScalars {
      if s.value >= 0x20 && s.value < 0x7F && s != " " {
        // Printable ASCII (most of any text): kept as it is.
        out.append(s)
        lastWasSpace = false
        continue
      }
      if s == "\n" || s == "\r" {
        // A line break ends a sentence: headlines and list items are read with a pause.
        while out.last == " " { out.removeLast() }
        if let last = out.last, !".!?…:;".unicodeScalars.contains(last) { out.append(".") }
        out.append(" ")
        lastWasSpace = true
      } else if s.properties.generalCategory == .control || s.properties.generalCategory == .format
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
}
