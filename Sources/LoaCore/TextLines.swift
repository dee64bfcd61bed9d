/// A text file's lines, split at each line feed, a carriage return before it dropped: a file an
/// officer saved on Windows (CRLF) reads as the same lines as one saved on the box. (A String
/// split at "\n" keeps each "\r\n" whole, as it is one Character, and read such a file as one
/// line.) The last line is what follows the last line feed, empty when the text ends with one.
public enum TextLines {
  public static func split(_ text: String) -> [Substring] {
    var lines: [Substring] = []
    let u = text.utf8
    var start = u.startIndex
    var i = start
    func line(to end: String.Index) -> Substring {
      var end = end
      if end > start, u[u.index(before: end)] == 0x0D { end = u.index(before: end) }
      return text[start..<end]
    }
    while i != u.endIndex {
      if u[i] == 0x0A {
        lines.append(line(to: i))
        start = u.index(after: i)
      }
      i = u.index(after: i)
    }
    lines.append(line(to: u.endIndex))
    return lines
  }
}
