import Testing

@testable import LoaSpeech

/// Forms taught by the sixth batch of real bulletins (pig prices, sea forecasts, water cuts,
/// vaccination calendars, avian flu, fraud warnings), each with the look-alikes that must not move.
@Suite struct PricesSeaAndHealthRulesTests {
  let n = VietnameseNormalizer(lexicon: repoLexicon)

  @Test(arguments: [
    // Influenza subtypes: letters by name, the slash no word; a lone H with a number is not one.
    ("nhiễm cúm A/H5N1.", "nhiễm cúm a hát năm en nờ một."),
    ("ổ dịch cúm gia cầm H5N6", "ổ dịch cúm gia cầm hát năm en nờ sáu"),
    ("cúm A(H1N1) lây", "cúm a hát một en nờ một lây"),
    ("Nam/Nữ", "nam hoặc nữ"),
    // A capital before a number with a leading zero says the zero (C02 of the police); F0, A3 unchanged.
    ("Cục Cảnh sát hình sự (C02)", "cục cảnh sát hình sự xê không hai"),
    ("các ca F0, giấy A3", "các ca ép không, giấy a ba"),
    // Hours as a span (48h, 72h) are giờ; a clock time stays one.
    ("cảnh báo 48h đến 72h", "cảnh báo bốn mươi tám giờ đến bảy mươi hai giờ"),
    ("lúc 7h05", "lúc bảy giờ năm phút"),
    ("trực 24h", "trực hai mươi tư giờ"),
    // "00 phút" on the hour is not said; other minutes are.
    ("Từ 13 giờ 00 phút đến 16 giờ 00 phút", "từ mười ba giờ đến mười sáu giờ"),
    ("lúc 05 giờ 00 phút", "lúc năm giờ"),
    ("lúc 13 giờ 05 phút", "lúc mười ba giờ năm phút"),
    // Several days of one month share one "ngày" and one month.
    (
      "Sáng Chủ nhật ngày 10, 17, 24, 31 /01/2021",
      "sáng chủ nhật ngày mười, mười bảy, hai mươi tư, ba mươi mốt tháng một năm hai nghìn không trăm hai mươi mốt"
    ),
    ("vào các ngày 5, 6 và 7/9", "vào các ngày năm, sáu và bảy tháng chín"),
    ("ngày 5 và 6/9/2025", "ngày năm và sáu tháng chín năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 7-8/8", "ngày bảy đến ngày tám tháng tám"),
    ("có 3, 4 và 5/6 số hộ", "có ba, bốn và năm phần sáu số hộ"),
    // An arrow is a pause; the comparisons stay words.
    ("sóng cao 2.0–4.0m → biển động", "sóng cao hai phẩy không đến bốn phẩy không mét, biển động"),
    ("a >= 5", "a lớn hơn hoặc bằng năm"),
    // Companies and loanwords of fraud warnings.
    ("Công ty TNHH MTV Cấp nước", "công ty trách nhiệm hữu hạn một thành viên cấp nước"),
    ("không qua video call, không bấm link lạ", "không qua vi đê ô côn, không bấm linh lạ"),
  ])
  func readsAsAnnouncersDo(_ text: String, _ expected: String) {
    #expect(comparable(n.normalize(text, dialect: .north)) == comparable(expected))
  }

  @Test func anArrowLeavesNoSymbolForTheSynthesiser() {
    let out = n.normalize("Sóng cao 2–4m → biển động; gió ⇒ mạnh.", dialect: .north)
    #expect(!out.contains("→") && !out.contains("⇒"))
  }
}
