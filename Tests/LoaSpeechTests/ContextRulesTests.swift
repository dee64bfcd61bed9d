import Foundation
import LoaCore
import Testing

@testable import LoaSpeech

/// Abbreviations read by their neighbours come from the lexicon's third column, not from code: the
/// shipped rules, a commune's own rule added without recompiling, and the edges of a match.
@Suite struct ContextRulesTests {
  let n = VietnameseNormalizer(lexicon: repoLexicon)

  @Test(arguments: [
    ("BCH Quân sự xã họp.", "ban chỉ huy quân sự xã họp."),
    ("BCH Đoàn xã họp.", "ban chấp hành đoàn xã họp."),
    ("Công ty CP Sông Đà và Cty CP Hòa Bình.", "công ty cổ phần sông đà và cty cổ phần hòa bình."),
    ("Nghị quyết của CP.", "nghị quyết của chính phủ."),
    ("Tuyến ĐH 11, ĐH.12 và ĐH13.", "tuyến đường huyện mười một, đường huyện mười hai và đường huyện mười ba."),
    ("Đường ĐH 11.", "đường huyện mười một."),
    ("Trường ĐH Huế.", "trường đại học huế."),
    ("ĐH Đảng bộ xã lần thứ X.", "đại hội đảng bộ xã lần thứ mười."),
    ("Quận X. Sau đó, thôn 3, X. Tân Lập.", "quận mười. sau đó, thôn ba, xã tân lập."),
  ])
  func theShippedRulesReadByContext(_ text: String, _ expected: String) {
    #expect(n.normalize(text, dialect: .north).lowercased() == expected)
  }

  /// A key inside a longer word, a context word that only starts a longer word, or a number that
  /// is not right after the key: the plain entry (or nothing) is read.
  @Test(arguments: [
    ("BCHQS xã", "ban chỉ huy quân sự xã"),
    ("BCH Quân sựa", "ban chấp hành quân sựa"),
    ("ĐHQG", "đê hát quy giê"),
    ("ĐH, 11 người", "đại học, mười một người"),
    ("CP Công ty", "chính phủ công ty"),
    ("XCP", "ích xì xê pê"),
  ])
  func lookAlikesAreNotContext(_ text: String, _ expected: String) {
    #expect(n.normalize(text, dialect: .north).lowercased() == expected)
  }

  /// An officer's own file in the voices folder adds a rule and overrides a shipped one, with no
  /// recompiling; a rule with two conditions needs both.
  @Test func aCommuneAddsItsOwnRules() throws {
    let dir = NSTemporaryDirectory() + "loa-context-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(
      atPath: FileManager.default.currentDirectoryPath + "/Voices/lexicon-vi.tsv", toPath: dir + "/lexicon-vi.tsv")
    try """
    # ours
    BCH\tban chỉ huy\tnext=dân quân
    TDP\ttổ dân phố
    KP\tkhu phố
    KP\tkhu phố số\tprev=thuộc; next=#
    """.write(toFile: dir + "/lexicon-local.tsv", atomically: true, encoding: .utf8)
    let lex = try Lexicon.load(directory: dir)
    let local = VietnameseNormalizer(lexicon: lex)
    func read(_ s: String) -> String { local.normalize(s, dialect: .north).lowercased() }
    #expect(read("BCH Dân quân TDP 3.") == "ban chỉ huy dân quân tổ dân phố ba.")
    #expect(read("BCH Quân sự.") == "ban chỉ huy quân sự.", "the shipped rule still holds")
    #expect(read("BCH Hội.") == "ban chấp hành hội.")
    #expect(read("nhà thuộc KP 4.") == "nhà thuộc khu phố số bốn.")
    #expect(read("KP 4 và nhà thuộc KP.") == "khu phố bốn và nhà thuộc khu phố.", "one condition alone is not enough")
    #expect(lex.rules.first?.key == "BCH", "a later file's rules are tried first")
    #expect(!repoLexicon.rules.isEmpty && repoLexicon.rules.count < lex.rules.count)
  }

  /// Keys and near-keys back to back: each is read by its own neighbours only.
  @Test func keysBackToBack() {
    let unit = "BCH ĐH.1 CP Cty CP X. thứ X. "
    #expect(Passes.contextual(unit, repoLexicon) == "BCH đường huyện 1 CP Cty cổ phần X. thứ mười. ")
    #expect(
      Passes.contextual(unit + unit, repoLexicon)
        == String(repeating: "BCH đường huyện 1 CP Cty cổ phần X. thứ mười. ", count: 2))
  }
}
