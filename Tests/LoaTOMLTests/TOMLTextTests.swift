import LoaTOML
import Testing

@Suite struct TOMLTextTests {
  // toml++ aborted the process on each of these (marzer/tomlplusplus#301; `[=` found by bench/fuzz).
  @Test(arguments: [
    "[=", "[[=", "[[[1]]]", "[[[a]]]", "[[[]]", "[ ]", "a = 1\n[=\n", "  [\t=x]", "d=[}", "a=[1,}", "a=[[}]]",
    "a={b=[}]}", "a=[ # c\n}", "a=[\n}",
  ])
  func aTableHeaderWithoutANameIsASyntaxError(_ text: String) {
    #expect(throws: TOMLText.SyntaxError.self) { try TOMLText.parse(text) }
  }

  @Test func theErrorSaysWhere() {
    do {
      _ = try TOMLText.parse("x = 1\n# [= in a comment\ny = \"[=\"\n  [=\n")
      Issue.record("accepted")
    } catch {
      #expect(error.line == 4)
      #expect(error.column == 3)
    }
  }

  @Test func arraysStringsAndCommentsAreNotHeaders() throws {
    let t = try TOMLText.parse(
      """
      files = [
        [ ],
        ["a", 'b'],
      ]
      text = \"\"\"
      [= not a header
      \"\"\"
      lit = '''
      [ neither
      '''
      inline = { a = [ ] }
      [section]
      [[list]]
      [ "quoted" ]
      """)
    #expect(t.contains(key: "files"))
    #expect(t.contains(key: "section"))
  }
}
