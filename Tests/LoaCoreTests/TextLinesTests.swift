import LoaCore
import Testing

@Suite struct TextLinesTests {
  @Test(arguments: [
    ("", [""]),
    ("a", ["a"]),
    ("a\n", ["a", ""]),
    ("a\nb", ["a", "b"]),
    ("a\r\nb\r\n", ["a", "b", ""]),
    ("a\r\n\r\nb", ["a", "", "b"]),
    // A lone carriage return is no line break; one before the line feed is dropped once.
    ("a\rb\n", ["a\rb", ""]),
    ("a\r\r\nb", ["a\r", "b"]),
    ("ủy ban\r\nĐắk Glei\te\u{301}\r\n", ["ủy ban", "Đắk Glei\te\u{301}", ""]),
  ])
  func splitsAtLineFeeds(_ text: String, _ lines: [String]) {
    #expect(TextLines.split(text).map(String.init) == lines)
  }

  /// Windows line ends read as the lines a String's split at "\n" gives for Unix ones.
  @Test func windowsLinesAreUnixLines() {
    let unix = "# c\nUBND\tủy ban nhân dân\n\nTP.\tthành phố\n"
    let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(windows.split(separator: "\n", omittingEmptySubsequences: false).count == 1)
    #expect(TextLines.split(windows) == unix.split(separator: "\n", omittingEmptySubsequences: false))
  }
}
