import Foundation

/// Turns bulletin text into what an announcer would say, before it reaches the synthesiser.
///
/// This is the seam for the Vietnamese normaliser (numbers, dates, units, abbreviations);
/// the basic one here only cleans Unicode and white space.
public protocol TextNormalizer: Sendable {
  func normalize(_ text: String, dialect: Dialect) -> String
}

/// NFC, no control characters, white space folded. Paragraph breaks are kept as sentence ends.
public struct BasicNormalizer: TextNormalizer {
  public init() {}

  public func normalize(_ text: String, dialect: Dialect) -> String {
    let nfc = text.precomposedStringWithCanonicalMapping
    var out = String.UnicodeScalarView()
    var lastWasSpace = true
    for s in nfc.unicodeScalars {
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
