import Foundation

/// Splits normalised text into sentences: the unit of streaming synthesis and of resume.
///
/// A sentence ends at `.`, `!`, `?`, `…` or `;` followed by a space. Very long sentences
/// are cut at a comma or space so that no single synthesis call runs for long.
public enum SentenceSplitter {
  public static let maxSentenceCharacters = 300

  public static func split(_ text: String) -> [String] {
    var sentences: [String] = []
    var current = ""
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      current.append(c)
      let next = i + 1 < chars.count ? chars[i + 1] : " "
      if ".!?…;".contains(c) && next == " " {
        flush(&current, into: &sentences)
      } else if current.count >= maxSentenceCharacters {
        // Cut at the last comma, else the last space.
        if let cut = current.lastIndex(of: ",") ?? current.lastIndex(of: " "), cut > current.startIndex {
          let head = String(current[...cut])
          let tail = String(current[current.index(after: cut)...])
          current = head
          flush(&current, into: &sentences)
          current = tail
        } else {
          flush(&current, into: &sentences)
        }
      }
      i += 1
    }
    flush(&current, into: &sentences)
    return sentences
  }

  private static func flush(_ current: inout String, into sentences: inout [String]) {
    let t = current.trimmingCharacters(in: .whitespaces)
    if !t.isEmpty && t.contains(where: { $0.isLetter || $0.isNumber }) { sentences.append(t) }
    current = ""
  }
}
