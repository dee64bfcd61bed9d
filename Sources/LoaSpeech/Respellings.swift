import Foundation
import LoaCore

/// How the synthesiser is told to say words it reads wrongly after the normaliser: `miligam` is a
/// Vietnamese word to a listener, an English one to espeak-ng. Whole words, any case, applied to
/// each sentence just before synthesis (`SpokenSentences`), so `loa normalize` and the as-run text
/// keep the word as written. One file, `Voices/vi.respell` (`word<TAB>respelling`).
public struct Respellings: Sendable, Equatable {
  public private(set) var entries: [String: String] = [:]

  public init(entries: [String: String] = [:]) {
    for (k, v) in entries { self.entries[Self.key(k)] = v }
  }

  static func key(_ word: some StringProtocol) -> String {
    TextForms.nfc(word.lowercased())
  }

  /// The sentence with each listed word respelled; punctuation around a word stays.
  public func apply(_ sentence: String) -> String {
    guard !entries.isEmpty else { return sentence }
    var changed = false
    let words = sentence.split(separator: " ", omittingEmptySubsequences: false).map { token -> String in
      // The word without the punctuation around it (what `CharacterSet.punctuationCharacters` holds).
      let u = token.unicodeScalars
      guard let first = u.firstIndex(where: { !TextForms.isPunctuation($0) }),
        let last = u.lastIndex(where: { !TextForms.isPunctuation($0) }),
        let r = entries[Self.key(token[first...last])]
      else { return String(token) }
      changed = true
      return String(token[..<first]) + r + String(token[u.index(after: last)...])
    }
    return changed ? words.joined(separator: " ") : sentence
  }

  /// Parses the file; errors name the line.
  public static func parse(_ text: String, origin: String) throws(LoaError) -> Respellings {
    var r = Respellings()
    for (i, line) in TextLines.split(text).enumerated() {
      if TextForms.trimmed(line).isEmpty || line.hasPrefix("#") { continue }
      let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map { TextForms.trimmed($0) }
      guard cols.count == 2, !cols[0].isEmpty, !cols[1].isEmpty, !cols[0].contains(" ") else {
        throw LoaError(.lexicon, "\(origin):\(i + 1): expected 'word<TAB>respelling' (one word, one tab)")
      }
      r.entries[key(cols[0])] = TextForms.nfc(cols[1])
    }
    return r
  }

  /// `vi.respell` in the voices folder; none there is no respelling.
  public static func load(directory: String) throws(LoaError) -> Respellings {
    let path = directory + "/vi.respell"
    guard FileManager.default.fileExists(atPath: path) else { return Respellings() }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoaError(.lexicon, "cannot read '\(path)'")
    }
    return try parse(try decodeUTF8Strictly([UInt8](data), what: "respellings '\(path)'"), origin: path)
  }
}
