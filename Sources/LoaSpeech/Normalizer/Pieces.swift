/// Cuts text into pieces the normaliser reads one at a time, so that its cost grows with the
/// length of the text and not with its square: every pass is a regular expression over the whole
/// input, and some (a number pattern at every comma of `1,2,3,…`) try each start again.
///
/// A piece ends at a sentence end (`.`, `!`, `?`, `;`, `…` before a space, or a line break) once it
/// is `target` characters long, else at a space once it is `limit` long; a run with no space
/// longer than `longestRun` (no word, number or address is that long) is cut into parts of that
/// length. The separators stay in the text.
enum Pieces {
  static let target = 600
  static let limit = 1200
  static let longestRun = 160

  static func split(_ text: String) -> [Substring] {
    guard text.utf8.count > target || text.utf8.count > longestRun else { return [text[...]] }
    var pieces: [Substring] = []
    var start = text.startIndex
    var count = 0
    var run = 0
    var i = text.startIndex
    var previous: Character = " "
    while i < text.endIndex {
      let c = text[i]
      let next = text.index(after: i)
      count += 1
      if c.isWhitespace {
        run = 0
        let sentenceEnd = c.isNewline || ".!?;…".contains(previous)
        if (sentenceEnd && count >= target) || count >= limit {
          pieces.append(text[start..<next])
          start = next
          count = 0
        }
      } else {
        run += 1
        if run >= longestRun {
          pieces.append(text[start..<next])
          start = next
          count = 0
          run = 0
        }
      }
      previous = c
      i = next
    }
    if start < text.endIndex { pieces.append(text[start...]) }
    return pieces
  }
}
