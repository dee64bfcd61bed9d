import Foundation
import LoaCore
import Testing

@testable import LoaSpeech

/// Units are data (`Voices/units-vi.tsv`), extended by an officer's own file without recompiling.
@Suite struct UnitTableTests {
  func folder(_ files: [String: String]) throws -> String {
    let dir = NSTemporaryDirectory() + "loa-units-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for name in ["lexicon-vi.tsv", "units-vi.tsv"] {
      try FileManager.default.copyItem(
        atPath: FileManager.default.currentDirectoryPath + "/Voices/" + name, toPath: dir + "/" + name)
    }
    for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    return dir
  }

  @Test func theShippedTableIsLoadedWithTheLexiconAndIsNoLexicon() {
    #expect(repoLexicon.units.words["km"] == "ki lô mét")
    #expect(repoLexicon.units.words["°C"] == "độ xê")
    // A unit alone is not a whole-token lexicon entry: the letter m stays a letter.
    #expect(repoLexicon.lookup("m") == nil)
  }

  @Test func aCommuneAddsAUnitAndOverridesAReading() throws {
    let dir = try folder(["units-local.tsv": "# ours\nkcal\tki lô ca lo\n℃\tđộ xê\nha\thecta\n"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let n = VietnameseNormalizer(lexicon: try Lexicon.load(directory: dir))
    #expect(
      n.normalize("37℃, 200kcal, 2 ha, 20 km", dialect: .north)
        == "ba mươi bảy độ xê, hai trăm ki lô ca lo, hai hecta, hai mươi ki lô mét")
    // Without the file, the same text keeps kcal and ℃ as written.
    let shipped = VietnameseNormalizer(lexicon: repoLexicon).normalize("200kcal", dialect: .north)
    #expect(!shipped.contains("ca lo"), "\(shipped)")
  }

  @Test func symbolsAreDataToo() throws {
    #expect(repoLexicon.symbols.words["≥"] == "lớn hơn hoặc bằng")
    let dir = try folder(["symbols-local.tsv": "# ours\n§\tđiều\n&\tcùng\n"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(
      atPath: FileManager.default.currentDirectoryPath + "/Voices/symbols-vi.tsv", toPath: dir + "/symbols-vi.tsv")
    let n = VietnameseNormalizer(lexicon: try Lexicon.load(directory: dir))
    // Its own symbol and its own reading of a shipped one; >= still before >, → still a pause.
    #expect(
      n.normalize("§ 5: nam & nữ, AQI >= 150 → nghỉ", dialect: .north)
        == "điều năm: nam cùng nữ, a quy i lớn hơn hoặc bằng một trăm năm mươi, nghỉ")
    do {
      _ = try SymbolTable.parse("§\tđiều\tnext=#\n", origin: "symbols-local.tsv")
      Issue.record("a context column was accepted")
    } catch {
      #expect(error.message.contains("a symbol takes no context column"), "\(error.message)")
    }
  }

  @Test(arguments: [
    ("kcal\tki lô ca lo\tnext=#\n", "a unit takes no context column"),
    ("kcal ki lô ca lo\n", "units-local.tsv:1: expected"),
    ("\tki lô\n", "units-local.tsv:1: empty"),
  ])
  func aBadUnitFileIsRefusedByName(_ text: String, _ expected: String) throws {
    let dir = try folder(["units-local.tsv": text])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    do {
      _ = try Lexicon.load(directory: dir)
      Issue.record("a bad unit file was accepted")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }
}
