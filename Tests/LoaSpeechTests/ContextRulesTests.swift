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
    ("thuốc Bi-Sad 0.5 ME và Ortus 5 SE", "thuốc bi sad không phẩy năm em mờ e và ortus năm ét xì e"),
    (
      "ấp Lò Gạch TT Tân Hòa; TT Y tế huyện; TT số 12; TT 45; TT-BYT; TT HĐND xã",
      "ấp lò gạch thị trấn tân hòa; trung tâm y tế huyện; thông tư số mười hai; thông tư bốn mươi lăm; thông tư bộ y tế; thường trực hội đồng nhân dân xã"
    ),
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
    ("me ME chua", "me me chua"),
    ("Bi-Sad ME", "bi sad me"),
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
    // (Both shipped lexicons: the loanword list has context rules too — full and half before marathon.)
    for file in ["lexicon-vi.tsv", "lexicon-loanwords.tsv"] {
      try FileManager.default.copyItem(
        atPath: FileManager.default.currentDirectoryPath + "/Voices/" + file, toPath: dir + "/" + file)
    }
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

  /// The kinds of document are lexicon entries too (third column `document`): the shipped ones read
  /// a document's number, a commune adds its own, and a kind is read nowhere else.
  @Test func documentKindsAreLexiconEntries() throws {
    #expect(repoLexicon.documents.words["NĐ"] == "nghị định" && repoLexicon.documents.words.count >= 27)
    #expect(repoLexicon.lookup("L") == nil, "L is luật only inside a document's number")
    #expect(
      n.normalize("Nghị định 100/2019/NĐ-CP; theo 25/QĐ-UBND; Luật 45/2022.", dialect: .north).lowercased()
        == "nghị định một trăm năm hai nghìn không trăm mười chín của chính phủ; theo quyết định số hai mươi lăm của ủy ban nhân dân; luật bốn mươi lăm năm hai nghìn không trăm hai mươi hai."
    )
    let dir = NSTemporaryDirectory() + "loa-documents-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(
      atPath: FileManager.default.currentDirectoryPath + "/Voices/lexicon-vi.tsv", toPath: dir + "/lexicon-vi.tsv")
    let text = "Theo 12/2024/KHPH-UBND."
    #expect(
      VietnameseNormalizer(lexicon: try Lexicon.load(directory: dir)).normalize(text, dialect: .north).lowercased()
        == "theo mười hai năm hai nghìn không trăm hai mươi tư của ca hát pê hát ủy ban nhân dân.")
    try "KHPH\tkế hoạch phối hợp\tdocument\n".write(
      toFile: dir + "/lexicon-local.tsv", atomically: true, encoding: .utf8)
    let local = VietnameseNormalizer(lexicon: try Lexicon.load(directory: dir))
    #expect(
      local.normalize(text, dialect: .north).lowercased()
        == "theo kế hoạch phối hợp số mười hai năm hai nghìn không trăm hai mươi tư của ủy ban nhân dân.")
    #expect(local.normalize("KHPH", dialect: .north).lowercased() == "ca hát pê hát", "a kind alone is spelled")
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

/// What the real-bulletin corpus taught, each with the look-alikes that must not change.
@Suite struct RealBulletinRulesTests {
  let n = VietnameseNormalizer(lexicon: repoLexicon)

  @Test(arguments: [
    // An hour glued to its date; day ranges and day.month ranges after ngày / từ đêm nay.
    ("lúc 7h30/21/7", "lúc bảy giờ ba mươi phút ngày hai mươi mốt tháng bảy"),
    ("từ ngày 31.8 - 6.9", "từ ngày ba mươi mốt tháng tám đến ngày sáu tháng chín"),
    ("Ngày 9 - 10.4, trời nắng.", "ngày chín đến ngày mười tháng tư, trời nắng."),
    ("từ đêm nay 7.10 đến 9.10", "từ đêm nay ngày bảy tháng mười đến ngày chín tháng mười"),
    ("tính đến tháng 7-2019", "tính đến tháng bảy năm hai nghìn không trăm mười chín"),
    ("vào sáng 20-2-2019", "vào sáng hai mươi tháng hai năm hai nghìn không trăm mười chín"),
    ("Ngày ban hành: 29/06/2001.", "ngày ban hành: hai mươi chín tháng sáu năm hai nghìn không trăm linh một."),
    ("Hạn cuối: 29/06/2001.", "hạn cuối: ngày hai mươi chín tháng sáu năm hai nghìn không trăm linh một."),
    // A date in brackets after a time word gets its "ngày", as Hôm nay (26-9) does; without brackets not.
    ("Từ hôm nay (14/10) đến 17/10.", "từ hôm nay ngày mười bốn tháng mười đến ngày mười bảy tháng mười."),
    ("Sáng 15/9, trời mưa.", "sáng mười lăm tháng chín, trời mưa."),
    ("Mưa từ 1 - 2.5 mm.", "mưa từ một đến hai phẩy năm mi li mét."),
    ("Từ 1.5 đến 2.5 mm.", "từ một phẩy năm đến hai phẩy năm mi li mét."),
    // The same label on both ends of a range.
    ("mức báo động 1 - báo động 2", "mức báo động một đến báo động hai"),
    ("lên mức BĐ2-BĐ3", "lên mức báo động hai đến báo động ba"),
    ("tổ 3 - tổ 4", "tổ ba đến tổ bốn"),
    ("trên báo động II 0,42m", "trên báo động hai không phẩy bốn mươi hai mét"),
    // A slash between words by what they are.
    ("Tỷ lệ chết/mắc là 0,01%.", "tỷ lệ chết trên mắc là không phẩy không một phần trăm."),
    ("34 tỉnh/TP ghi nhận", "ba mươi tư tỉnh thành phố ghi nhận"),
    ("Các xã/phường/thị trấn.", "các xã phường thị trấn."),
    ("Giới tính Nam/Nữ.", "giới tính nam hoặc nữ."),
    ("mật độ 20 con/m2", "mật độ hai mươi con trên mét vuông"),
    ("Năng suất 5 tấn/ha.", "năng suất năm tấn một héc ta."),
    ("Mật độ 5 MW/km2.", "mật độ năm mê ga oát trên ki lô mét vuông."),
    ("Tiêu thụ 0,46 tỷ kW/giờ.", "tiêu thụ không phẩy bốn mươi sáu tỷ ki lô oát trên giờ."),
    ("Bình quân 432 m2 /khẩu.", "bình quân bốn trăm ba mươi hai mét vuông một khẩu."),
    ("Uống 2 lần/ngày, 100 lượt/giờ.", "uống hai lần một ngày, một trăm lượt một giờ."),
    ("Khí thải CO2 và bụi PM2.5.", "khí thải xê ô hai và bụi pê em hai phẩy năm."),
    ("Các ca F0 và F1, giấy A3.", "các ca ép không và ép một, giấy a ba."),
    // Numbers to dial and counts.
    ("hộp thư – 8011035.", "hộp thư tám không một một không ba năm."),
    ("Gọi 3.500 công dân nhập ngũ.", "gọi ba nghìn năm trăm công dân nhập ngũ."),
    ("Dân số 1200000 người.", "dân số một triệu hai trăm nghìn người."),
    // Plates written loosely after their word; BS elsewhere is a doctor.
    ("xe khách BS 72B - 026.07", "xe khách biển số bảy hai bê không hai sáu không bảy"),
    ("xe tải BKS: 92H – 009.46", "xe tải biển kiểm soát chín hai hát không không chín bốn sáu"),
    ("BS Nguyễn Văn A khám bệnh.", "bác sĩ nguyễn văn a khám bệnh."),
    // Places glued to their abbreviation.
    ("ở H.Mộ Đức", "ở huyện mộ đức"),
  ])
  func readsAsAnnouncersDo(_ text: String, _ expected: String) {
    #expect(comparable(n.normalize(text, dialect: .north)) == comparable(expected))
  }
}
