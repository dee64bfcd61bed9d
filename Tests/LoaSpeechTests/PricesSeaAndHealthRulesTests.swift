import Foundation
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
    // (Two days joined by và read as written, one "ngày", as a longer list is: batch 43.)
    ("ngày 5 và 6/9/2025", "ngày năm và sáu tháng chín năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 7-8/8", "ngày bảy đến ngày tám tháng tám"),
    ("có 3, 4 và 5/6 số hộ", "có ba, bốn và năm phần sáu số hộ"),
    // An arrow is a pause; the comparisons stay words.
    ("sóng cao 2.0–4.0m → biển động", "sóng cao hai phẩy không đến bốn phẩy không mét, biển động"),
    ("a >= 5", "a lớn hơn hoặc bằng năm"),
    // Seventh batch (military service, air quality). A short number after gọi that counts people
    // is a count; a hotline after gọi is still dialled.
    ("phát lệnh gọi 234 công dân", "phát lệnh gọi hai trăm ba mươi tư công dân"),
    ("gọi 113 ngay", "gọi một một ba ngay"),
    ("gọi 0912345678 để báo", "gọi không chín một hai ba bốn năm sáu bảy tám để báo"),
    // A dash date in brackets after sáng nay / chiều qua; a range after đêm nay keeps both ends.
    ("Sáng nay (17-11), xã họp.", "sáng nay ngày mười bảy tháng mười một, xã họp."),
    ("Chiều qua 5.9 trời mưa.", "chiều qua năm tháng chín trời mưa."),
    ("từ đêm nay 7.10 đến 9.10", "từ đêm nay ngày bảy tháng mười đến ngày chín tháng mười"),
    ("mưa 7-10 mm", "mưa bảy đến mười mi li mét"),
    // A stray space inside a date.
    ("ngày 25/10/ 2013", "ngày hai mươi lăm tháng mười năm hai nghìn không trăm mười ba"),
    // Standards, micrometres.
    (
      "QCVN 05:2013/BTNMT",
      "quy chuẩn việt nam không năm năm hai nghìn không trăm mười ba của bộ tài nguyên và môi trường"
    ),
    (
      "theo TCVN 5945:2005",
      "theo tiêu chuẩn việt nam năm nghìn chín trăm bốn mươi lăm năm hai nghìn không trăm linh năm"
    ),
    ("bụi nhỏ hơn 2.5µm", "bụi nhỏ hơn hai phẩy năm mi crô mét"),
    ("Carbon monoxide và ozone", "các bon mô nô xít và ô dôn"),
    // Eighth batch (river levels, power cuts, drowning). A bracketed "(ngày 7/11)" says ngày once;
    // a share of cases is a fraction, but not after ngày.
    (
      "Tân Châu 3,27m (ngày 7/11), trên BĐ1",
      "tân châu ba phẩy hai mươi bảy mét, ngày bảy tháng mười một, trên báo động một"
    ),
    ("đến thứ Hai tuần tới (3/10)", "đến thứ hai tuần tới, ngày ba tháng mười"),
    ("2/3 trường hợp xảy ra", "hai phần ba trường hợp xảy ra"),
    ("ngày 2/3 trường học khai giảng", "ngày hai tháng ba trường học khai giảng"),
    // Ninth batch (storm bulletins, fertiliser). A fertiliser's formula is three numbers, no đến;
    // elsewhere a dash stays a range, and a full date stays a date.
    ("phân bón NPK 16-16-8 và 20-20-15", "phân bón en pê ca mười sáu mười sáu tám và hai mươi hai mươi mười lăm"),
    ("Phân bón 16-16-8 là", "phân bón mười sáu mười sáu tám là"),
    ("lúc 16-16-8", "lúc mười sáu đến mười sáu tám"),
    ("Ngày 5-6-2024", "ngày năm tháng sáu năm hai nghìn không trăm hai mươi tư"),
    // Formulas of two or more elements; one capital and a number is still a label.
    ("60kg P2O5; 150kg K2O", "sáu mươi ki lô gam pê hai ô năm; một trăm năm mươi ki lô gam ca hai ô"),
    ("nước H2O, axit H2SO4", "nước hát hai ô, axit hát hai ét xì ô bốn"),
    ("khí CO2, ca F0, B52", "khí xê ô hai, ca ép không, bê năm mươi hai"),
    ("trên mỗi ha, 5 ha", "trên mỗi héc ta, năm héc ta"),
    // A road glued to its number.
    ("trên QL1A và ĐT741", "trên quốc lộ một a và đường tỉnh bảy trăm bốn mươi mốt"),
    ("ĐT: 0912345678", "điện thoại: không chín một hai ba bốn năm sáu bảy tám"),
    ("cách đảo Lu-dông (Philippines)", "cách đảo lu dông phi líp pin"),
    // Tenth batch (cold spells, animal vaccination, hand-foot-mouth disease).
    ("Đợt 1 từ tháng 4 - 5/2012", "đợt một từ tháng tư đến tháng năm năm hai nghìn không trăm mười hai"),
    ("tháng 10-11 mưa nhiều", "tháng mười đến tháng mười một mưa nhiều"),
    ("vào tháng 12/2024", "vào tháng mười hai năm hai nghìn không trăm hai mươi tư"),
    ("kế hoạch năm. Ngày: 08/03/2012", "kế hoạch năm. ngày: tám tháng ba năm hai nghìn không trăm mười hai"),
    ("Hạn nộp: 08/03/2012", "hạn nộp: ngày tám tháng ba năm hai nghìn không trăm mười hai"),
    ("các tuýp O, A và Asia 1", "các tuýp ô, a và a xi a một"),
    ("vắc xin type O (tiêm ½ liều)", "vắc xin típ ô tiêm một phần hai liều"),
    // D in an acronym is đê, as GDP is giê đê pê.
    ("Trung tâm (HCDC) và CDC Hoa Kỳ", "trung tâm hát xê đê xê và xê đê xê hoa kỳ"),
    // Eleventh batch (citizens' reception, traffic accidents, fires).
    (
      "biển kiểm soát 70H-3835 va chạm xe 70 G1-404.86",
      "biển kiểm soát bảy không hát ba tám ba năm va chạm xe bảy không giê một bốn không bốn tám sáu"
    ),
    ("xe 29F-016.48", "xe hai chín ép không một sáu bốn tám"),
    ("tiếp dân 2 lần/1 tháng", "tiếp dân hai lần một tháng"),
    ("50 miligam/100 mililít", "năm mươi miligam trên một trăm mililít"),
    ("Phòng CS PCCC số 3", "phòng cảnh sát phòng cháy chữa cháy số ba"),
    ("Phòng PCCC&CHCN", "phòng phòng cháy chữa cháy và cứu hộ cứu nạn"),
    ("cùng ông P. bị thương, ở P. 6", "cùng ông pê bị thương, ở phường sáu"),
    ("xe môtô và ôtô", "xe mô tô và ô tô"),
    // Twelfth batch (festivals on the lunar calendar, heat). A day, then a day and month after đến;
    // a bare date right after "sáng nay" / "hôm qua" needs no second "ngày".
    ("từ ngày 20 đến 22-4, nắng", "từ ngày hai mươi đến ngày hai mươi hai tháng tư, nắng"),
    ("từ ngày 5 đến hết ngày 7.9", "từ ngày năm đến hết ngày bảy tháng chín"),
    ("ngày 2 đến 3.5 km", "ngày hai đến ba phẩy năm ki lô mét"),
    ("Sáng nay 15/2 (tức mùng 6 tháng Giêng)", "sáng nay mười lăm tháng hai tức mùng sáu tháng giêng"),
    ("hôm qua 3/4 trời mưa", "hôm qua ba tháng tư trời mưa"),
    ("Hôm nay (26-9) trời mưa", "hôm nay ngày hai mươi sáu tháng chín trời mưa"),
    // Thirteenth batch (fuel and gold prices): fuel grades, per-unit prices, the fuels' names.
    ("xăng RON 95-III và E5 RON 92", "xăng rôn chín mươi lăm ba và e năm rôn chín mươi hai"),
    ("Xăng E5RON92, RON95-3", "xăng e năm rôn chín mươi hai, rôn chín mươi lăm ba"),
    ("dầu diesel 0.05S và 0,05S-II", "dầu đi ê zen không phẩy không năm ét và không phẩy không năm ét hai"),
    ("giảm 970 đồng/ký, 2,49 USD/thùng", "giảm chín trăm bảy mươi đồng một ký, hai phẩy bốn mươi chín đô la một thùng"),
    ("Đơn vị: đồng/lít hoặc kg", "đơn vị: đồng một lít hoặc ki lô gam"),
    ("dầu mazut, ethanol", "dầu ma dút, ê ta nôn"),
    ("tại km 45+200", "tại ki lô mét bốn mươi lăm cộng hai trăm"),
    // Fourteenth batch (blood donation, poverty standards): an acronym the text defines in brackets
    // after its words is read as those words, there and later; one that is not their initials is spelled.
    (
      "hiến máu tình nguyện (HMTN) đợt 7; HMTN năm sau",
      "hiến máu tình nguyện hiến máu tình nguyện đợt bảy; hiến máu tình nguyện năm sau"
    ),
    ("Đồng bằng sông Cửu Long (ĐBSCL)", "đồng bằng sông cửu long đồng bằng sông cửu long"),
    ("Tổ chức Y tế Thế giới (WHO)", "tổ chức y tế thế giới vê kép hát ô"),
    ("đội xung kích (XKT) của xã", "đội xung kích ích xì ca tê của xã"),
    // Fifteenth batch (irrigation schedules, earthquakes, forest fires).
    (
      "Từ 11 đến 19/2/2007, xả nước",
      "từ ngày mười một đến ngày mười chín tháng hai năm hai nghìn không trăm linh bảy, xả nước"
    ),
    ("từ 1 đến 3/4 số hộ", "từ một đến ba phần tư số hộ"),
    (
      "tọa độ (20.746 độ vĩ Bắc, 105.645 độ kinh Đông)",
      "tọa độ hai mươi phẩy bảy trăm bốn mươi sáu độ vĩ bắc, một trăm linh năm phẩy sáu trăm bốn mươi lăm độ kinh đông"
    ),
    ("cách 1.500 độ cao", "cách một nghìn năm trăm độ cao"),
    ("ở độ sâu vài km, tại km 45", "ở độ sâu vài ki lô mét, tại ki lô mét bốn mươi lăm"),
    ("động đất 3,4 độ Richter", "động đất ba phẩy bốn độ rích te"),
    ("thực hiện KHBV&PTR", "thực hiện kế hoạch bảo vệ và phát triển rừng"),
    // Sixteenth batch (digital ID, labour abroad). A programme's number keeps its zero; the Party's
    // document numbers (05-CT/TW) say their kind and issuer; a letter after gan/vitamin is its name.
    ("phê duyệt Đề án 06.", "phê duyệt đề án không sáu."),
    ("Đề án 06, tỷ lệ 0,5", "đề án không sáu, tỷ lệ không phẩy năm"),
    ("Nghị quyết 06/NQ-CP", "nghị quyết sáu của chính phủ"),
    ("Chỉ thị 05-CT/TW của Ban Bí thư", "chỉ thị năm của trung ương của ban bí thư"),
    (
      "theo 05-CT/TW; Nghị quyết số 71-NQ/TW",
      "theo chỉ thị số năm của trung ương; nghị quyết số bảy mươi mốt của trung ương"
    ),
    ("thực hiện 35-NQ/TW", "thực hiện nghị quyết số ba mươi lăm của trung ương"),
    ("viêm gan B, vitamin A", "viêm gan bê, vitamin a"),
    ("App Store, Google Play, Android", "áp xto, gu gồ plây, an đơ roi"),
    // Seventeenth batch (schools, waste): a document header "Số: 670/QĐ-…" does not say its kind first.
    ("Số: 670/QĐ-UBND-HC, Đồng Tháp", "số: sáu trăm bảy mươi quyết định của ủy ban nhân dân hành chính, đồng tháp"),
    ("theo 25/QĐ-UBND", "theo quyết định số hai mươi lăm của ủy ban nhân dân"),
    ("đạt 14 SKKN; 3 GV đạt GVG", "đạt mười bốn sáng kiến kinh nghiệm; ba giáo viên đạt giáo viên giỏi"),
    // Twentieth batch (flash-flood and cold-air bulletins): an hour written without "giờ".
    ("đến 7 sáng nay 31/8", "đến bảy giờ sáng nay ba mươi mốt tháng tám"),
    ("lúc 10 đêm qua", "lúc mười giờ đêm qua"),
    ("đạt đến 3 sáng kiến", "đạt đến ba sáng kiến"),
    // Twenty-first batch (sea forecasts, tides): a decimal written with a dot keeps its zeros.
    ("cao nhất 3.03m, thấp nhất 1.03m", "cao nhất ba phẩy không ba mét, thấp nhất một phẩy không ba mét"),
    ("mức 0.05 và 2.25", "mức không phẩy không năm và hai phẩy hai mươi lăm"),
    ("1.005 người", "một nghìn không trăm linh năm người"),
    // Twenty-third batch (coffee and pepper prices): world prices, and a date right after "hôm nay"
    // without brackets takes no second "ngày" (in brackets it does).
    ("giảm 10,7 cent/lb, sàn New York", "giảm mười phẩy bảy xen một pao, sàn niu oóc"),
    ("cà phê Robusta, Arabica", "cà phê rô bút ta, a ra bi ca"),
    ("giá cà phê hôm nay 16-10 tăng", "giá cà phê hôm nay mười sáu tháng mười tăng"),
    ("Hôm nay (26-9) trời", "hôm nay ngày hai mươi sáu tháng chín trời"),
    // Twenty-fourth batch (rice prices): variety codes; gạo NL/TP; a bracket right after ngày.
    (
      "lúa OM 5451, IR 50404, ST25, OM 18",
      "lúa ô em mờ năm bốn năm một, i e rờ năm không bốn không bốn, ét xì tê hai mươi lăm, ô em mờ mười tám"
    ),
    (
      "gạo NL IR 504, gạo TP IR 504, TP Hà Nội",
      "gạo nguyên liệu i e rờ năm trăm linh bốn, gạo thành phẩm i e rờ năm trăm linh bốn, thành phố hà nội"
    ),
    ("hôm nay ngày (21/8) mưa", "hôm nay ngày hai mươi mốt tháng tám mưa"),
    ("kéo dài 4 ngày (5/1), bộ", "kéo dài bốn ngày, ngày năm tháng một, bộ"),
    // Twenty-fifth batch: a clock with AM/PM says the part of the day; PM2.5 stays dust.
    (
      "lúc 9:33 AM, 7:00 PM, 12:15 PM",
      "lúc chín giờ ba mươi ba phút sáng, bảy giờ tối, mười hai giờ mười lăm phút trưa"
    ),
    ("bụi PM2.5", "bụi pê em hai phẩy năm"),
    ("gạo IR NL 504", "gạo i e rờ nguyên liệu năm trăm linh bốn"),
    // Twenty-sixth batch (office hours, rabies vaccination): minutes with a prime after "giờ"; a
    // month and year joined by a dot.
    ("từ 7giờ 00’ đến 11 giờ30’", "từ bảy giờ đến mười một giờ ba mươi phút"),
    ("đến cuối tháng 6.2014", "đến cuối tháng sáu năm hai nghìn không trăm mười bốn"),
    // Twenty-seventh batch (typhoon Yagi's toll): households and their people are two counts.
    (
      "di dời 38.047 hộ/141.843 người",
      "di dời ba mươi tám nghìn không trăm bốn mươi bảy hộ, một trăm bốn mươi mốt nghìn tám trăm bốn mươi ba người"
    ),
    ("di rời được 7/60 hộ", "di rời được bảy trên sáu mươi hộ"),
    // Twenty-ninth batch (a recruitment notice): lists marked a) b) c), headings in Roman digits.
    ("a) Là công dân; c) Có đơn; đ) Đã tốt nghiệp", "a, là công dân; xê, có đơn; đê, đã tốt nghiệp"),
    ("PHẦN I. THI TUYỂN. II. Nội dung", "phần một. thi tuyển. hai. nội dung"),
    ("Ông Nguyễn I. Lê đến", "ông nguyễn i. lê đến"),
    // Thirtieth batch (saltwater intrusion, reservoir releases): concentrations; two months, the
    // second with its year after a dash; a day range in brackets or after từ, closed by the clause.
    (
      "ranh mặn 4g/l, amoni 0,3 mg/l, bụi 50 µg/m3",
      "ranh mặn bốn gam trên lít, amoni không phẩy ba mi li gam trên lít, bụi năm mươi mi crô gam trên mét khối"
    ),
    ("lúc 4g sáng", "lúc bốn giờ sáng"),
    ("trong tháng 2 và 3-2025", "trong tháng hai và tháng ba năm hai nghìn không trăm hai mươi lăm"),
    ("10 ngày tới (21 đến 31-1).", "mười ngày tới, ngày hai mươi mốt đến ngày ba mươi mốt tháng một."),
    ("từ 21 đến 31-1, mưa", "từ ngày hai mươi mốt đến ngày ba mươi mốt tháng một, mưa"),
    ("từ 5 đến 7-8 người", "từ năm đến bảy đến tám người"),
    // Thirty-first batch (holidays, a detour, dengue): a route between words is a pause, a
    // comparison before a number is not; a list of roads going down is not a range; a count per a
    // number of people with two words before the slash.
    (
      "lộ trình: Đinh Tiên Hoàng > Điện Biên Phủ; AQI > 300",
      "lộ trình: đinh tiên hoàng, điện biên phủ; a quy i lớn hơn ba trăm"
    ),
    (
      "đường số 14 - đường số 13; báo động 1 - báo động 2",
      "đường số mười bốn, đường số mười ba; báo động một đến báo động hai"
    ),
    ("489,4 ca mắc/100.000 dân", "bốn trăm tám mươi chín phẩy bốn ca mắc trên một trăm nghìn dân"),
    // Thirty-second batch (animal vaccination, a province's decisions): two dot dates joined by a
    // dash after từ; a round and its year is not a month (đợt 2/2022); not metres.
    ("đợt hai từ 10.9 - 10.10.", "đợt hai từ ngày mười tháng chín đến ngày mười tháng mười."),
    ("từ 1.5 - 2.5 m", "từ một phẩy năm đến hai phẩy năm mét"),
    (
      "tiêm phòng đợt 2/2022, tháng 2/2022",
      "tiêm phòng đợt hai năm hai nghìn không trăm hai mươi hai, tháng hai năm hai nghìn không trăm hai mươi hai"
    ),
    // Thirty-third batch (fines for waste and burning straw): a range whose first end has its
    // scale word; a decree's number and year without its issuer.
    ("phạt từ 500 nghìn - 1 triệu đồng", "phạt từ năm trăm nghìn đến một triệu đồng"),
    (
      "Điều 41 Nghị định 45/2022 của Chính phủ",
      "điều bốn mươi mốt nghị định bốn mươi lăm năm hai nghìn không trăm hai mươi hai của chính phủ"
    ),
    // Thirty-fourth batch (bridges, ferries, road closures): a credit's name then its agency is a
    // pause; Roman numbers after khu, đường bộ, nhóm…, at most a hundred (DI is a word).
    ("Ảnh: An Đăng/TTXVN", "ảnh: an đăng, thông tấn xã việt nam"),
    ("Cục Quản lý Đường bộ IV, Quân khu IV", "cục quản lý đường bộ bốn, quân khu bốn"),
    ("KHU DI TÍCH", "khu di tích"),
    // Thirty-fifth batch (rice-sowing calendars): a day range after từ joined by a dash, its second
    // end a dot date, closed by the clause; a decimal range before a unit stays one.
    (
      "kết thúc vào ngày 31.5. Sau đó, từ 1 - 5.6, nông dân",
      "kết thúc vào ngày ba mươi mốt tháng năm. sau đó, từ ngày một đến ngày năm tháng sáu, nông dân"
    ),
    // … but where nothing before speaks of days, figures with a dot are decimals (an UV index).
    (
      "Chỉ số tia cực tím từ 2.5-5.4 có nguy cơ gây hại trung bình, từ 1 - 5.4, từ 7.5 -10.4 có nguy cơ",
      "chỉ số tia cực tím từ hai phẩy năm đến năm phẩy bốn có nguy cơ gây hại trung bình, từ một đến năm phẩy bốn, từ bảy phẩy năm đến mười phẩy bốn có nguy cơ"
    ),
    ("tăng từ 1 - 2.5 lần", "tăng từ một đến hai phẩy năm lần"),
    // A lone d is dê (đ is đê), in a list of points and after a name; in an acronym it stays đê.
    (
      "các điểm a, b, c và d khoản 1 Điều 2; đ) Đã nộp; d) Có đơn; chị D",
      "các điểm a, bê, xê và dê khoản một điều hai; đê, đã nộp; dê, có đơn; chị dê"
    ),
    ("CDC Hà Nội", "xê đê xê hà nội"),
    // An acronym typed in lower case is read as its capitals are; a word of the same letters that
    // is a syllable, or a loanword, is left alone.
    (
      "luật bhxh 2014, NLĐ hưởng bhxh, học sinh thpt",
      "luật bảo hiểm xã hội hai nghìn không trăm mười bốn, người lao động hưởng bảo hiểm xã hội, học sinh trung học phổ thông"
    ),
    ("tin bão, tỉnh ubnd, thông tin", "tin bão, tỉnh ủy ban nhân dân, thông tin"),
    // After là, a figure is a date where the clause opens with a day or a deadline, a share elsewhere.
    (
      "Ngày nhận hồ sơ là 1/7, hạn nộp là 30/6; tỷ lệ là 1/3, con số là 2/5.",
      "ngày nhận hồ sơ là ngày một tháng bảy, hạn nộp là ngày ba mươi tháng sáu; tỷ lệ là một phần ba, con số là hai phần năm."
    ),
    // A numbered heading glued to its first word, on a line of its own or not; a code stays a code.
    ("3.Phát huy CSVC\n4.BCĐ họp, QL.1A", "ba. phát huy cơ sở vật chất\nbốn. ban chỉ đạo họp, quốc lộ một a"),
    // A driving licence's classes: a letter after bằng, lên, xuống, sang is its name; cm3.
    (
      "xi-lanh đến 125 cm3, 50 cm² ; B2 lên C, C lên D; có bằng E, xuống bằng D; đổi sang B hoặc C1",
      "xi lanh đến một trăm hai mươi lăm xăng ti mét khối, năm mươi xăng ti mét vuông; bê hai lên xê, xê lên dê; có bằng e, xuống bằng dê; đổi sang bê hoặc xê một"
    ),
    // A month and its year after đến, từ, trong or vào, with tháng left out.
    (
      "Từ đầu năm đến 10-2019; trong 3-2020",
      "từ đầu năm đến tháng mười năm hai nghìn không trăm mười chín; trong tháng ba năm hai nghìn không trăm hai mươi"
    ),
    // A count of places or samples is a share, not a date; after ngày or a part of the day it is a date.
    (
      "thuộc 10/11 huyện, 3/12 xã; ngày 10/11 huyện họp; sáng 10/11 huyện họp",
      "thuộc mười trên mười một huyện, ba trên mười hai xã; ngày mười tháng mười một huyện họp; sáng mười tháng mười một huyện họp"
    ),
    // sáng mai, like sáng nay, closes a time word: no second ngày.
    (
      "từ 22 giờ tối nay 12/7 đến 5 giờ sáng mai 13/7",
      "từ hai mươi hai giờ tối nay mười hai tháng bảy đến năm giờ sáng mai mười ba tháng bảy"
    ),
    // On the hour without phút: 22giờ 00 is hai mươi hai giờ.
    (
      "Từ 22giờ 00 ngày 12/9 đến 05 giờ 00, lúc 7 giờ 00.",
      "từ hai mươi hai giờ ngày mười hai tháng chín đến năm giờ, lúc bảy giờ."
    ),
    // ĐB is đại biểu before the councils it sits in, đồng bằng before a river or a region.
    (
      "ĐB HĐND, ĐB Quốc hội, ĐB sông Hồng, UBMTTQVN",
      "đại biểu hội đồng nhân dân, đại biểu quốc hội, đồng bằng sông hồng, ủy ban mặt trận tổ quốc việt nam"
    ),
    // From one figure to another after an index is a range of decimals; in a clause of its own, dates.
    (
      "Chỉ số UV từ 2.5 đến 5.4; tia UV từ 8.0 đến 10.9; độ pH từ 6.5 đến 8.5; tỷ lệ nghỉ, từ 10.9 đến 10.10 nghỉ lễ",
      "chỉ số u vê từ hai phẩy năm đến năm phẩy bốn; tia u vê từ tám phẩy không đến mười phẩy chín; độ pê hát từ sáu phẩy năm đến tám phẩy năm; tỷ lệ nghỉ, từ ngày mười tháng chín đến ngày mười tháng mười nghỉ lễ"
    ),
    // Water-quality reports: a range of concentrations with the unit once or on both ends, a word glued
    // to its figure, sizes with a unit on each side, ppt, chemical symbols, a yield per area per crop.
    (
      "đạt43,6 – 65,4 mg/l; từ 4,0 -5,5 mg/l; 21,8 mg/l – 65,4 mg/l; độ mặn (30 ppt); NH3, Hg; oxy",
      "đạt bốn mươi ba phẩy sáu đến sáu mươi lăm phẩy bốn mi li gam trên lít; từ bốn phẩy không đến năm phẩy năm mi li gam trên lít; hai mươi mốt phẩy tám đến sáu mươi lăm phẩy bốn mi li gam trên lít; độ mặn (ba mươi phần nghìn); en hát ba, hát giê; ô xi"
    ),
    (
      "bể 4m x 4m x 1,5m; 5,6 tấn/ha/vụ; lúc7h; km12 và COVID19 vẫn thế",
      "bể bốn mét nhân bốn mét nhân một phẩy năm mét; năm phẩy sáu tấn một héc ta một vụ; lúc bảy giờ; ki lô mét mười hai và cô vít mười chín vẫn thế"
    ),
    // A line in capitals: its syllables are words (CA is ca, not công an) and 17H an hour; an acronym
    // that is no syllable (UBND) is still read, and a Roman heading still numbered. Mixed case keeps CA.
    (
      "CẬP NHẬT 17H NGÀY 25/2: HÀN QUỐC TĂNG 84 CA\nTHÔNG BÁO CỦA UBND XÃ. I. ĐỐI TƯỢNG\nCA xã Tân Lập họp.",
      "cập nhật mười bảy giờ ngày hai mươi lăm tháng hai: hàn quốc tăng tám mươi tư ca\nthông báo của ủy ban nhân dân xã. một. đối tượng\ncông an xã tân lập họp."
    ),
    // The same typed with its marks apart from the letters (decomposed, as some keyboards write it).
    (
      "CẬP NHẬT 17H NGÀY 25/2: HÀN QUỐC TĂNG 84 CA".decomposedStringWithCanonicalMapping,
      "cập nhật mười bảy giờ ngày hai mươi lăm tháng hai: hàn quốc tăng tám mươi tư ca"
    ),
    // A count of people with an English thousands comma; a decimal stays a decimal.
    (
      "7,700 lính, 1,250 người; 2,5 ha",
      "bảy nghìn bảy trăm lính, một nghìn hai trăm năm mươi người; hai phẩy năm héc ta"
    ),
    (
      "Bộ LĐ-TB-XH, virus corona, VISA, IELTS 6.5",
      "bộ lao động thương binh và xã hội, vi rút cô rô na, vi sa, ai en sáu phẩy năm"
    ),
    // Sports: two whole dates with dots joined by a dash keep their đến; VĐV, Sở VH-TT&DL, martial arts.
    (
      "(1.10.1990 - 1.10.2016); 300 VĐV; Sở VH-TT&DL; karatedo, vovinam và judo",
      "(ngày một tháng mười năm một nghìn chín trăm chín mươi đến ngày một tháng mười năm hai nghìn không trăm mười sáu); ba trăm vận động viên; sở văn hóa thể thao và du lịch; ca ra tê đô, vô vi nam và giu đô"
    ),
    // Tides: days listed with và closed by a day-month with a dash or a dot read as written (one
    // "ngày", one month); after "các ngày" a range adds no "ngày"; a dash between hours in figures.
    (
      "vào ngày 6 và 7-11 (tức ngày 17 và 18-9 âm lịch); các ngày 10 và 11.11; ngày 15 và 16/11",
      "vào ngày sáu và bảy tháng mười một (tức ngày mười bảy và mười tám tháng chín âm lịch); các ngày mười và mười một tháng mười một; ngày mười lăm và mười sáu tháng mười một"
    ),
    (
      "các ngày từ 4 đến 7-11, khung 23 giờ - 1 giờ; Bộ GD-ĐT",
      "các ngày từ bốn đến bảy tháng mười một, khung hai mươi ba giờ đến một giờ; bộ giáo dục và đào tạo"
    ),
    (
      "ngày 3 và 4-5 người; từ 4 đến 7-11,",
      "ngày ba và bốn đến năm người; từ ngày bốn đến ngày bảy tháng mười một,"
    ),
    // A loanword in capitals in a mixed-case line is the loanword, not letters; an acronym stays one.
    (
      "nguồn: BÁO SGGP ONLINE; WIFI miễn phí qua ZALO; CA xã",
      "nguồn: báo ét xì giê giê pê on lai; oai phai miễn phí qua da lô; công an xã"
    ),
    // Fireworks: places named after a day (no "ngày"), with a slash or a dot; an occasion; not a width.
    (
      "Quảng trường 12.11, đường 3/2, phố 19/5, vào dịp 30/4; mặt đường 1.5m; virus SARS-CoV-2",
      "quảng trường mười hai tháng mười một, đường ba tháng hai, phố mười chín tháng năm, vào dịp ba mươi tháng tư; mặt đường một phẩy năm mét; vi rút xát cô vi hai"
    ),
    // Notices as posts type them: weekdays abbreviated together (not CN or T2 alone), money in k and
    // tr (not 5K, not 5km), a price per piece or per litter, a landline with its area code in brackets.
    (
      "làm việc T2-T6, nghỉ T7 và CN; Khu CN1, lô T2; lương 7-9tr/tháng, còn 450k; thực hiện 5K; chạy 5km",
      "làm việc thứ hai đến thứ sáu, nghỉ thứ bảy và chủ nhật; khu công nghiệp một, lô tê hai; lương bảy đến chín triệu một tháng, còn bốn trăm năm mươi nghìn; thực hiện năm ca; chạy năm ki lô mét"
    ),
    (
      "500.000đ/bộ, 2.500 con/lứa, 30 học sinh/lớp, 25.450 VND/USD; gọi (0232) 3822 456; các sở/phòng, trường/lớp",
      "năm trăm nghìn đồng một bộ, hai nghìn năm trăm con một lứa, ba mươi học sinh một lớp, hai mươi lăm nghìn bốn trăm năm mươi đồng một đô la; gọi không hai ba hai ba tám hai hai bốn năm sáu; các sở hoặc phòng, trường hoặc lớp"
    ),
    // A measure per hours written with h; round the clock after a verb of service, not a date.
    (
      "mưa 20-40mm/24h, 80 mm/3h; trực 24/7; ngày 24/7",
      "mưa hai mươi đến bốn mươi mi li mét trên hai mươi tư giờ, tám mươi mi li mét trên ba giờ; trực hai mươi tư trên bảy; ngày hai mươi tư tháng bảy"
    ),
    // An ordinal's number is whole: thứ 1.234 is a count, not "thứ nhất" and the rest.
    ("ca bệnh thứ 1.234; lần thứ 1", "ca bệnh thứ một nghìn hai trăm ba mươi tư; lần thứ nhất"),
    // A commune's letterhead: TN after Đoàn, ND after Hội, VT after Lưu; a code of capitals and digits
    // after its name, group by group; SYT.
    (
      "Đoàn TN, Hội ND, Sở TN&MT; Lưu: VT, VP; Mã hồ sơ: H22.45-251012-0001; 1234/SYT-NVY",
      "đoàn thanh niên, hội nông dân, sở tài nguyên và môi trường; lưu: văn thư, văn phòng; mã hồ sơ: hát hai hai, bốn năm, hai năm một không một hai, không không không một; một nghìn hai trăm ba mươi tư của sở y tế nghiệp vụ y"
    ),
    // Loanwords of online services; × alone; CK after so với.
    (
      "bán trên Shopee, nhóm Zalo, group Gmail, Google Meet, dữ liệu big data, IoT; giá trị × 2; tăng 5% so với CK",
      "bán trên sốp pi, nhóm da lô, gờ rúp gờ meo, gu gồ mít, dữ liệu bíc đa ta, ai ô ti; giá trị nhân hai; tăng năm phần trăm so với cùng kỳ"
    ),
    // Abbreviations of staff, bodies and blocs a commune's notices use.
    (
      "CBCCVC và CTV; BSCKII; CSDL quốc gia; UBATGTQG; HĐQT; khối EU, APEC; QK3",
      "cán bộ công chức viên chức và cộng tác viên; bác sĩ chuyên khoa hai; cơ sở dữ liệu quốc gia; ủy ban an toàn giao thông quốc gia; hội đồng quản trị; khối e u, a pếch; quân khu ba"
    ),
    // Tax, land and lot notices: ĐT before a number that starts with 0 is a telephone (ĐT 741 stays
    // a road); TK after số/chủ; money in tr.đ; land-use codes; a lot's code after a dash.
    (
      "ĐT 0912.345.678; ĐT 741; chủ TK: UBND xã; 58 tr.đ/người/năm; thuế GTGT 1%, TNCN 0,5%; mục đích sử dụng: ONT; Lô B2-07 và lô A3-15",
      "điện thoại không chín một hai ba bốn năm sáu bảy tám; đường tỉnh bảy trăm bốn mươi mốt; chủ tài khoản: ủy ban nhân dân xã; năm mươi tám triệu đồng một người một năm; thuế giá trị gia tăng một phần trăm, thu nhập cá nhân không phẩy năm phần trăm; mục đích sử dụng: đất ở tại nông thôn; Lô bê hai, không bảy và lô a ba, mười lăm"
    ),
    // Scores after tỉ số, SEA Games, Đồn BP; a contribution's working with x after a percentage;
    // blood pressure in mmHg and blood sugar in mmol/l.
    (
      "thắng với tỉ số 3-2 tại SEA Games 33; tỷ số chung cuộc 2:0; Đồn BP; 70% x 4,5% x 2.340.000đ; huyết áp 140/90 mmHg, đường huyết 7 mmol/l",
      "thắng với tỉ số ba hai tại xi ghêm ba mươi ba; tỷ số chung cuộc hai không; Đồn biên phòng; bảy mươi phần trăm nhân bốn phẩy năm phần trăm nhân hai triệu ba trăm bốn mươi nghìn đồng; huyết áp một trăm bốn mươi trên chín mươi mi li mét thủy ngân, đường huyết bảy mi li mol trên lít"
    ),
    // A decision's letterhead and list marks: TT. before a standing body is thường trực, (b/c), a
    // plus as a bullet, ./. at the end; people and households as two counts; dầu DO.
    (
      "Nơi nhận: - TT. Đảng ủy, HĐND xã (b/c); + Thôn 1, 2: sáng 8/12; thi hành Quyết định này./. Dân số: 12.345 người/3.210 hộ; dầu DO",
      "nơi nhận: thường trực đảng ủy, hội đồng nhân dân xã, báo cáo, thôn một, hai: sáng tám tháng mười hai; thi hành quyết định này. dân số: mười hai nghìn ba trăm bốn mươi lăm người, ba nghìn hai trăm mười hộ; dầu đê ô"
    ),
    // Storm and flood bulletins: a position by its hemisphere letters, in degrees and minutes; an
    // hour glued to its day; an alarm level and the height above it; boats and crews as two counts;
    // an earthquake's M; a reservoir's level against its named level.
    (
      "tâm ATNĐ ở 17,5N-108,2E; tâm bão 17°20'N, 107°45'E; mưa từ 19h/2 - 7h/3; trên BĐ3 0,35m; còn 35 tàu/212 lao động; động đất M4,2; mực nước hồ 84,5m/MNDBT 85,0m",
      "tâm áp thấp nhiệt đới ở mười bảy phẩy năm độ vĩ bắc, một trăm linh tám phẩy hai độ kinh đông; tâm bão mười bảy độ hai mươi phút vĩ bắc, một trăm linh bảy độ bốn mươi lăm phút kinh đông; mưa từ mười chín giờ ngày hai đến bảy giờ ngày ba; trên báo động ba, không phẩy ba mươi lăm mét; còn ba mươi lăm tàu, hai trăm mười hai lao động; động đất em mờ bốn phẩy hai; mực nước hồ tám mươi tư phẩy năm mét, mực nước dâng bình thường tám mươi lăm phẩy không mét"
    ),
    // Southern and market typing: 1tr5 and 2k5 with the next digits glued, F.5 as a ward, tổ
    // NDTQ, x after a counted word, NSX.
    (
      "heo hơi 1tr5 - 1tr8/tạ, gói 2k5; 45 Lý Thường Kiệt, KP3, F.5; họp tổ NDTQ; mỗi khẩu 03 tháng x 5kg/tháng; 12 tháng kể từ NSX; các ca F0",
      "heo hơi một triệu năm trăm nghìn đến một triệu tám trăm nghìn một tạ, gói hai nghìn năm trăm; bốn mươi lăm lý thường kiệt, khu phố ba, phường năm; họp tổ nhân dân tự quản; mỗi khẩu ba tháng nhân năm ki lô gam một tháng; mười hai tháng kể từ ngày sản xuất; các ca ép không"
    ),
    // Power-cut notices: TBA, MBA, ĐZ, CSKH; a line's number digit by digit with its substation
    // (it was read as 471 × 10¹), a transformer's rating and voltages.
    (
      "Mất điện khu vực TBA Đông Hòa 2; thay MBA T1 250kVA; cắt điện ĐZ 471E1.12; Lộ 373 E7.5; trạm 35/0,4kV; Tổng đài CSKH",
      "mất điện khu vực trạm biến áp đông hòa hai; thay máy biến áp tê một hai trăm năm mươi ki lô vôn ampe; cắt điện đường dây bốn bảy một, e một chấm mười hai; lộ ba bảy ba, e bảy chấm năm; trạm ba mươi lăm trên không phẩy bốn ki lô vôn; tổng đài chăm sóc khách hàng"
    ),
    // Health notices: a service number a few words after its name, a landline with a one-digit
    // group, CKNT, bOPV.
    (
      "Đường dây nóng Sở Y tế: 1900 9095; Trạm Y tế xã: 0232.3.812.345; tăng 25,6% so với CKNT; uống vắc xin bOPV",
      "đường dây nóng sở y tế: một chín không không chín không chín năm; trạm y tế xã: không hai ba hai ba tám một hai ba bốn năm; tăng hai mươi lăm phẩy sáu phần trăm so với cùng kỳ năm trước; uống vắc xin bê ô pê vê"
    ),
    // Traffic notices: a stretch between two road markers; đường ĐT.741 says đường once.
    (
      "phân luồng đoạn Km 1+200 - Km 2+500; đoạn đường ĐT.741 qua xã",
      "phân luồng đoạn ki lô mét một cộng hai trăm đến ki lô mét hai cộng năm trăm; đoạn đường tỉnh bảy trăm bốn mươi mốt qua xã"
    ),
    // Rain and outage bulletins: a date right after an hour, a day to a date with a dash, a
    // stretch of house numbers, a village's groups joined by plus signs.
    (
      "từ 12 giờ đến 14 giờ 18-5; từ 18 đến 20-9 có mưa; các ngày từ 4 đến 7-11; Số 43/106- 43/98 Trung Kính; Tổ 13+16+17",
      "từ mười hai giờ đến mười bốn giờ ngày mười tám tháng năm; từ ngày mười tám đến ngày hai mươi tháng chín có mưa; các ngày từ bốn đến bảy tháng mười một; số bốn mươi ba trên một trăm linh sáu đến bốn mươi ba trên chín mươi tám trung kính; tổ mười ba, mười sáu, mười bảy"
    ),
    // In a line of capitals, BYT and TYT are acronyms (a lone y takes no final consonant), QUÝT a word.
    (
      "CÔNG VĂN CỦA BYT VỀ VIỆC TIÊM CHỦNG TẠI TYT XÃ, QUÝT VÀ HUỲNH",
      "công văn của bộ y tế về việc tiêm chủng tại trạm y tế xã, quýt và huỳnh"
    ),
    // Two grades or groups with a comma and no space are a list, never a decimal; a layer's depth is.
    (
      "Các khối lớp 7,8 và 9; thôn 1,2; lớp 1,5 m; mưa 7,8 và 9,1 mm; gấp 3,2 lần.",
      "các khối lớp bảy, tám và chín; thôn một, hai; lớp một phẩy năm mét; mưa bảy phẩy tám và chín phẩy một mi li mét; gấp ba phẩy hai lần."
    ),
    // A dash left before và joins nothing: Trong 2 ngày 5 – và 6/2.
    ("Trong 2 ngày 5 – và 6/2, trẻ được tiêm.", "trong hai ngày năm và sáu tháng hai, trẻ được tiêm."),
    // Two day.month dates after ngày (or a part of the day), joined by đến or và; after "các ngày từ"
    // the days are named already, in either spelling.
    (
      "các ngày 21.6 và 24.6; từ ngày 21.6 đến 24.6; đêm 7.10 đến 9.10; trong các ngày từ 21.6 đến 24.6 và từ 1/7 đến 3/7",
      "các ngày hai mươi mốt tháng sáu và hai mươi tư tháng sáu; từ ngày hai mươi mốt tháng sáu đến ngày hai mươi tư tháng sáu; đêm bảy tháng mười đến ngày chín tháng mười; trong các ngày từ hai mươi mốt tháng sáu đến hai mươi tư tháng sáu và từ ngày một tháng bảy đến ngày ba tháng bảy"
    ),
    ("TCty Điện lực Miền Nam (EVN SPC), EVN NPC", "tổng công ty điện lực miền nam, e vê en ét pê xê, e vê en en pê xê"),
    // An alarm level's abbreviation in brackets: before the level it is the level's label (said
    // once); a date in brackets after "sáng sớm mai" is a date.
    (
      "lên mức (BĐ)1-BĐ2; dưới báo động (BĐ) 2 là 0,38 m; đến sáng sớm mai (13.11); lở mồm long móng (LMLM) tăng",
      "lên mức báo động một đến báo động hai; dưới báo động hai là không phẩy ba mươi tám mét; đến sáng sớm mai, ngày mười ba tháng mười một; lở mồm long móng, lở mồm long móng, tăng"
    ),
    // NV: nguyện vọng before a number or the words of an admission, nhân viên elsewhere.
    (
      "đăng ký NV dự tuyển theo thứ tự NV1, NV2; NV bán hàng",
      "đăng ký nguyện vọng dự tuyển theo thứ tự nguyện vọng một, nguyện vọng hai; nhân viên bán hàng"
    ),
    // A Roman one or four after thứ is an ordinal, as a digit is there; after other words a number.
    (
      "Đại hội lần thứ I, kỳ họp thứ IV, Quân khu IV, khóa I",
      "đại hội lần thứ nhất, kỳ họp thứ tư, quân khu bốn, khóa một"
    ),
    // Loanwords of online fraud warnings, from the editable list.
    (
      "tài khoản bị hack, công nghệ Deepfake, tài khoản E-Banking",
      "tài khoản bị hách, công nghệ đíp phếch, tài khoản i banh king"
    ),
    // A count out of a count before what is counted is no date (after a date's word it is); after
    // "các ngày" a day range says ngày once.
    (
      "phát qua 6/6 tổ máy, đạt 80/80 chỉ tiêu; ngày 6/6 xã họp; đêm qua 6/6 xã mưa; các ngày 14 - 19.9, các ngày 7-8/8",
      "phát qua sáu trên sáu tổ máy, đạt tám mươi trên tám mươi chỉ tiêu; ngày sáu tháng sáu xã họp; đêm qua sáu tháng sáu xã mưa; các ngày mười bốn đến mười chín tháng chín, các ngày bảy đến tám tháng tám"
    ),
    // Road codes: capitals glued to a number with a leading zero are spelled; a toneless word in
    // capitals closed by c, ch, p or t is letters (IC, OP), with its tone a word (CÁC); from one
    // named place to another.
    (
      "nút giao IC3, nút CT05, thông báo số 106/TB-TCĐBVN; từ thành phố Hà Nội - Đồng Đăng; cao tốc Hà Nội - Ninh Bình; Chỉ thị 05/CT-TTg; báo CÁC xã",
      "nút giao i xê ba, nút xê tê không năm, thông báo số một trăm linh sáu của tổng cục đường bộ việt nam; từ thành phố hà nội đến đồng đăng; cao tốc hà nội, ninh bình; chỉ thị năm của thủ tướng; báo các xã"
    ),
    // Seasons of rice after lúa, vụ, trà: HT, ĐX (lexicon, by prev=).
    ("Lúa HT muộn, vụ ĐX, trà HT sớm", "lúa hè thu muộn, vụ đông xuân, trà hè thu sớm"),
    // A fraction said in words, then in figures in brackets, stays a fraction; QLCL in the lexicon.
    (
      "hết hai phần ba (2/3) thời gian; hết ba phần tư (3/4) buổi; Công văn 1239/BGDĐT-QLCL; đến thứ Hai (3/10)",
      "hết hai phần ba (hai phần ba) thời gian; hết ba phần tư (ba phần tư) buổi; Công văn một nghìn hai trăm ba mươi chín của bộ giáo dục và đào tạo quản lý chất lượng; đến thứ Hai (ngày ba tháng mười)"
    ),
    // A price per a thing of two words and per a time; a second date of a range after "các ngày từ"
    // takes no ngày (a count of days does); another kind said before a document's number drops its
    // code's kind; PGD before a bank.
    (
      "345.000 đồng/tổ chức/tháng; trong các ngày từ 21/02 đến 24/02/2023; trong 05 ngày từ ngày 4 đến 8/11/2019; công văn số 46/TB-UBND; theo 25/QĐ-UBND; các PGD ngân hàng",
      "ba trăm bốn mươi lăm nghìn đồng một tổ chức một tháng; trong các ngày từ hai mươi mốt tháng hai đến hai mươi tư tháng hai năm hai nghìn không trăm hai mươi ba; trong năm ngày từ ngày bốn đến ngày tám tháng mười một năm hai nghìn không trăm mười chín; công văn số bốn mươi sáu của ủy ban nhân dân; theo quyết định số hai mươi lăm của ủy ban nhân dân; các phòng giao dịch ngân hàng"
    ),
    // A price per whatever follows its slash (a unit's rules first); a count out of a count before
    // điểm; tờ BĐ; a licence's classes in a list.
    (
      "45 triệu đồng/lô; 20.000 đồng/học viên; 500 đồng/kg; cao nhất (10/12 điểm); tờ BĐ số 10; BĐ 2; bằng lái (A1, A2, B, C); hạng B1, B2 và C",
      "bốn mươi lăm triệu đồng một lô; hai mươi nghìn đồng một học viên; năm trăm đồng một ki lô gam; cao nhất, mười trên mười hai điểm; tờ bản đồ số mười; báo động hai; bằng lái, a một, a hai, bê, xê; hạng bê một, bê hai và xê"
    ),
    // A range of sums with the currency on both ends; times a percentage in a formula; a kind and
    // its issuer parted by a slash.
    (
      "tăng (từ 200.000 đồng - 280.000 đồng); trước khi thất nghiệp x 60%; Nghị định 127/2008/NĐ/CP; 15/QĐ/UBND",
      "tăng, từ hai trăm nghìn đồng đến hai trăm tám mươi nghìn đồng; trước khi thất nghiệp nhân sáu mươi phần trăm; Nghị định một trăm hai mươi bảy năm hai nghìn không trăm linh tám của chính phủ; quyết định số mười lăm của ủy ban nhân dân"
    ),
    // A unit's symbol alone; a kind after the slash that was said before the number; T.Sáu; a code
    // glued to the next word.
    (
      "đồng một kWh; cho kWh từ; giá mỗi kg; Quyết định 38/QĐ ngày 19/9/2013; T.Sáu, ngày 19; Quyết định số 2256/QĐ-BCTngày 28 tháng 6",
      "đồng một ki lô oát giờ; cho ki lô oát giờ từ; giá mỗi ki lô gam; Quyết định ba mươi tám ngày mười chín tháng chín năm hai nghìn không trăm mười ba; thứ sáu, ngày mười chín; Quyết định số hai nghìn hai trăm năm mươi sáu của bộ công thương ngày hai mươi tám tháng sáu"
    ),
    // Children per woman (the fertility rate).
    ("mức sinh 2,1 con/phụ nữ; 2 con/ngày", "mức sinh hai phẩy một con trên một phụ nữ; hai con một ngày"),
    // A decimal typed with a dot after a thousands dot, before its unit.
    (
      "quản lý: 8.599.0 m²; 12.345.67 đồng",
      "quản lý: tám nghìn năm trăm chín mươi chín phẩy không mét vuông; mười hai nghìn ba trăm bốn mươi lăm phẩy sáu mươi bảy đồng"
    ),
    // A document's number and its issuer alone, after its kind was said.
    ("công văn số 2795/UBND thị xã", "công văn số hai nghìn bảy trăm chín mươi lăm của ủy ban nhân dân thị xã"),
    // The first day named right after "các ngày" (no second "ngày"); a range of months with their
    // years; salt, rain and season shorthand.
    (
      "trong các ngày 14 đến 16-1; những ngày 3 đến 5/2; từ tháng 12/2022-01/2023; XNM; TBNN; TLM",
      "trong các ngày mười bốn đến mười sáu tháng một; những ngày ba đến năm tháng hai; từ tháng mười hai năm hai nghìn không trăm hai mươi hai đến tháng một năm hai nghìn không trăm hai mươi ba; xâm nhập mặn; trung bình nhiều năm; tổng lượng mưa"
    ),
    // A doctor's specialist grade, joined by a dot or a space.
    (
      "BS.CKI Danh Thị Mỹ Hồng; BS CKII Lê Văn An",
      "bác sĩ chuyên khoa một Danh Thị Mỹ Hồng; bác sĩ chuyên khoa hai Lê Văn An"
    ),
    // A concentration per volume, spelled out (a price per litre stays "một"); a decimal typed
    // with a dot after 0, three digits or not.
    (
      "nồng độ cồn 0.053 miligam/lít khí thở; 5 gam/lít; 10.000 đồng/lít",
      "nồng độ cồn không phẩy không năm mươi ba miligam trên lít khí thở; năm gam trên lít; mười nghìn đồng một lít"
    ),
    // The election councils as a document's issuer.
    (
      "Nghị quyết số 40/NQ-HĐBCQG; Quyết định số 3/QĐ-UBBC",
      "Nghị quyết số bốn mươi của hội đồng bầu cử quốc gia; Quyết định số ba của ủy ban bầu cử"
    ),
    // A full date in brackets right after ngày names the day already; after a count of days the
    // bracket names one.
    (
      "cảnh báo ngày (13/12/2017) như sau; trong 4 ngày (5/1/2025)",
      "cảnh báo ngày, mười ba tháng mười hai năm hai nghìn không trăm mười bảy, như sau; trong bốn ngày, ngày năm tháng một năm hai nghìn không trăm hai mươi lăm"
    ),
    // Days joined by dashes before a month in words: three are a list, two after ngày a range (not
    // a day and month).
    (
      "trong 3 ngày (10 - 11 - 12 tháng 2 âm lịch); tức ngày 06-07 tháng Giêng",
      "trong ba ngày, mười, mười một, mười hai tháng hai âm lịch; tức ngày sáu đến bảy tháng Giêng"
    ),
    // An entry's previous word may be joined to it by a dash: TNLĐ-BNN is one insurance, BNN alone
    // the ministry.
    (
      "bảo hiểm TNLĐ-BNN; TNLĐ - BNN; theo BNN hướng dẫn",
      "bảo hiểm tai nạn lao động bệnh nghề nghiệp; tai nạn lao động, bệnh nghề nghiệp; theo bộ nông nghiệp hướng dẫn"
    ),
    // An elevation's plus is above the datum, not an addition; a sum keeps its plus.
    (
      "ở cao trình +117,28 m; cốt +5,2m; 2 + 3 = 5",
      "ở cao trình một trăm mười bảy phẩy hai mươi tám mét; cốt năm phẩy hai mét; hai cộng ba bằng năm"
    ),
    // A document number typed with spaces around its slashes and dash; a ratio keeps its spaces.
    (
      "Thông tư số 153 / 2011 / TT - BTC quy định; văn bản số 1345/ UBND –KT; đạt 28/ 34 tỉnh",
      "Thông tư số một trăm năm mươi ba năm hai nghìn không trăm mười một của bộ tài chính quy định; văn bản số một nghìn ba trăm bốn mươi lăm của ủy ban nhân dân kinh tế; đạt hai mươi tám hoặc ba mươi tư tỉnh"
    ),
    // A Party number whose issuer is a province committee's merged board (seven letters).
    (
      "Hướng dẫn số 13-HD/BTGDVTU ngày 06/8/2025",
      "Hướng dẫn số mười ba của ban tuyên giáo và dân vận tỉnh ủy ngày sáu tháng tám năm hai nghìn không trăm hai mươi lăm"
    ),
    // A Central Highlands name keeps its apostrophe and its first letter (a lone letter after a
    // name or a title is still spelled).
    (
      "Cư M’gar, M’Đrắk, Ea H’leo, người H’Mông; chị T và ông K",
      "Cư M’gar, M’Đrắk, Ea H’leo, người H’Mông; chị tê và ông ca"
    ),
    // A morning's span and an afternoon's, with a slash between: a pause, not "hoặc"; an hour on a
    // day is still a date.
    (
      "Phường Trảng Dài 07h00 – 12h00 / 13h30 – 18h00; mưa từ 19h/2",
      "Phường Trảng Dài bảy giờ đến mười hai giờ, mười ba giờ ba mươi phút đến mười tám giờ; mưa từ mười chín giờ ngày hai"
    ),
    // The border guard's command written as one word, the command and a service's app.
    (
      "BCHBĐBP tỉnh, BTL BĐBP, BCH BĐBP; xem trên VTVGo",
      "ban chỉ huy bộ đội biên phòng tỉnh, bộ tư lệnh bộ đội biên phòng, ban chỉ huy bộ đội biên phòng; xem trên vê tê vê gô"
    ),
    // A decree's kind typed without its Đ (ND-CP, QD-UBND), and its items numbered (i), (ii), (iii).
    (
      "Nghị định số 340/2025/ND-CP; Quyết định số 12/QD-UBND. (i) Sản xuất; (ii) Nhập khẩu; khoản (iv)",
      "Nghị định số ba trăm bốn mươi năm hai nghìn không trăm hai mươi lăm của chính phủ; Quyết định số mười hai của ủy ban nhân dân. (một) Sản xuất; (hai) Nhập khẩu; khoản (bốn)"
    ),
    // A flu's type and its H alone; three words joined by slashes are a list; a loanword that
    // opens a sentence; a rate keeps its "một".
    (
      "cúm A/H1, A/H3 và A/H9N2; người đi/đến/ở vùng dịch; ghi ngày/tháng/năm sinh. Virus gây bệnh; 20 ngày/năm",
      "cúm a hát một, a hát ba và a hát chín en nờ hai; người đi, đến, ở vùng dịch; ghi ngày, tháng, năm sinh. vi rút gây bệnh; hai mươi ngày một năm"
    ),
    // The eth old encodings left for Đ and đ.
    ("Tết Ðinh Dậu, ðường Ðiện Biên", "Tết Đinh Dậu, đường Điện Biên"),
    // Three figures joined by dashes are a list, not a range (a year or a month after them is a
    // date); a rate per a hundred thousand keeps its thousands.
    (
      "mục tiêu 95-95-95; Tổ 13-16-17; 15-8-2023; nhỏ hơn 1/100.000 dân; 3,5 người/100.000 dân",
      "mục tiêu chín mươi lăm, chín mươi lăm, chín mươi lăm; Tổ mười ba, mười sáu, mười bảy; ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi ba; nhỏ hơn một trên một trăm nghìn dân; ba phẩy năm người trên một trăm nghìn dân"
    ),
    // A day and month with a dash ending a clause, after a date in the clause, is a date; a
    // score keeps its range reading.
    (
      "mắc bệnh từ ngày 26-1 nhưng 16-2, mới biết và đến 19-2, có; từ ngày 5/3 đến 7-8. Thắng 3-1, và 2-1.",
      "mắc bệnh từ ngày hai mươi sáu tháng một nhưng mười sáu tháng hai, mới biết và đến ngày mười chín tháng hai, có; từ ngày năm tháng ba đến ngày bảy tháng tám. Thắng ba đến một, và hai đến một."
    ),
    // A games' Roman number and its year; scores after a match's verbs and between two teams in a
    // match report; not a count of matches, not a range elsewhere; SL and ĐT in sport.
    (
      "Đại hội lần thứ X-2026 và lần thứ IX - 2022; chiến thắng 3-2, dẫn trước Khánh Hòa 2-0, tỷ số xuống còn 1-3, thắng 2-3 trận. Hết hiệp 1: Công an Hà Nội 1-1 Thể Công. Từ Hà Nội 1-3 Ngày.",
      "Đại hội lần thứ mười năm hai nghìn không trăm hai mươi sáu và lần thứ chín năm hai nghìn không trăm hai mươi hai; chiến thắng ba hai, dẫn trước Khánh Hòa hai không, tỷ số xuống còn một ba, thắng hai đến ba trận. Hết hiệp một: Công an Hà Nội một một Thể Công. Từ Hà Nội một đến ba Ngày."
    ),
    (
      "SL Nghệ An gặp ĐT Việt Nam; SL lớn, ĐT 12.",
      "sông lam Nghệ An gặp đội tuyển Việt Nam; số lượng lớn, đường tỉnh mười hai."
    ),
    // A time with seconds before PM, a program's version, a menu's arrows.
    (
      "Đăng 04:48:00 PM, sửa 9:05:30 AM. Android 5.0, phiên bản 2.1. Nhập VNeID --> Tải về -> Mở.",
      "Đăng bốn giờ bốn mươi tám phút chiều, sửa chín giờ năm phút ba mươi giây sáng. an đơ roi năm chấm không, phiên bản hai chấm một. Nhập vê en e i đê, Tải về, Mở."
    ),
    // Roads named by their numbers joined by dashes are a route; a junction after từ with its
    // direction after it is no range; days listed after đêm share their month.
    (
      "đến Quốc lộ 10 - đường tỉnh 351 - đường tỉnh 359; hướng từ đường Xô Viết Nghệ Tĩnh - Quốc lộ 13 ra đường Phạm Văn Đồng; từ Hà Nội - Hải Phòng; trong 3 đêm 26, 27, 28/8; báo động 1 - báo động 2.",
      "đến Quốc lộ mười, đường tỉnh ba trăm năm mươi mốt, đường tỉnh ba trăm năm mươi chín; hướng từ đường Xô Viết Nghệ Tĩnh, Quốc lộ mười ba ra đường Phạm Văn Đồng; từ Hà Nội đến Hải Phòng; trong ba đêm hai mươi sáu, hai mươi bảy, hai mươi tám tháng tám; báo động một đến báo động hai."
    ),
    // A race's names, from the loanword list: full and half only before marathon.
    (
      "cự ly full marathon, Half Marathon và Marathon; full stop",
      "cự ly phun ma ra tông, háp ma ra tông và ma ra tông; full stop"
    ),
    // Police units: CSTT, CSCĐ, CSHS; PC before a number is a department's code (PC45), before a
    // name a power company; TT after CSGT is trật tự; the police's 113.
    (
      "Cơ quan CSĐT; các CSĐT đại học; CSTT, CSCĐ, Đội CSHS; PC45 và PC Quảng Nam; Đội CSGT - TT; Cảnh sát 113.",
      "Cơ quan cảnh sát điều tra; các cơ sở đào tạo đại học; cảnh sát trật tự, cảnh sát cơ động, Đội cảnh sát hình sự; pê xê bốn mươi lăm và điện lực Quảng Nam; Đội cảnh sát giao thông, trật tự; Cảnh sát một một ba."
    ),
    // Place kinds written with a dot between their letters.
    ("(T.P Sông Công, T.X Phổ Yên)", "thành phố Sông Công, thị xã Phổ Yên"),
    // A day and month with a dash after từ, the day above the month: a date (a range does not go
    // down); two joined dates, counts and hours keep their readings.
    (
      "nhận hồ sơ từ 16-3 và; từ 12-3, nhà trường; từ 16-3 đến 20-3; từ 5-7 người; từ 9-7 người; từ 22-5 giờ.",
      "nhận hồ sơ từ ngày mười sáu tháng ba và; từ ngày mười hai tháng ba, nhà trường; từ ngày mười sáu tháng ba đến ngày hai mươi tháng ba; từ năm đến bảy người; từ chín đến bảy người; từ hai mươi hai đến năm giờ."
    ),
    // Round the clock after a payment; a quarter written KP.4; an age of technology (4.0), not a
    // measure.
    (
      "Giao dịch 24/7 giúp; ngày 24/7 có; KP.4, P.Linh Tây; công nghệ 4.0; cách mạng công nghiệp 4.0; nhiệt độ 4.0 độ",
      "Giao dịch hai mươi tư trên bảy giúp; ngày hai mươi tư tháng bảy có; khu phố bốn, phường Linh Tây; công nghệ bốn chấm không; cách mạng công nghiệp bốn chấm không; nhiệt độ bốn phẩy không độ"
    ),
    // Pests per a part of the plant are a density (trên), children per woman keep "trên một", a
    // mass per area is a rate like a yield (một), things counted per area stay "trên"; con/cháu
    // without a number is two words.
    (
      "từ 1 con/nhánh, 3-5 con/ tép; 2,1 con/phụ nữ; 100-150kg/ha, 8 tấn/ha; 1.000 con/m2; 3 lít/ha; con/cháu",
      "từ một con trên nhánh, ba đến năm con trên tép; hai phẩy một con trên một phụ nữ; một trăm đến một trăm năm mươi ki lô gam một héc ta, tám tấn một héc ta; một nghìn con trên mét vuông; ba lít trên héc ta; con hoặc cháu"
    ),
    // A mark named as a mark or a key is said (dấu *, ký hiệu (*), phím #); elsewhere * and # are
    // no words. Loanwords of the online forms.
    (
      "có dấu * là bắt buộc; ký hiệu (*); bấm phím # để; * Hồ sơ; điền form trên trang web, quét QR-code",
      "có dấu sao là bắt buộc; ký hiệu, sao,; bấm phím thăng để; Hồ sơ; điền phom trên trang oép, quét quy e rờ cốt"
    ),
    // A currency's sign before its sum is said after it; a price per ounce; USD alone is the
    // dollar; a telephone and a fax line.
    (
      "$50, €20, £5, ¥1000, US$ 1,2 tỷ; 2.063,2 USD/ounce, 1.280 USD/oz; giá USD ngân hàng; Tel: 0236.3822456 - Fax: 0236.3822457",
      "năm mươi đô la, hai mươi ơ rô, năm bảng Anh, một nghìn yên, một phẩy hai tỷ đô la Mỹ; hai nghìn không trăm sáu mươi ba phẩy hai đô la một ao xơ, một nghìn hai trăm tám mươi đô la một ao xơ; giá đô la ngân hàng; điện thoại: không hai ba sáu ba tám hai hai bốn năm sáu, phách: không hai ba sáu ba tám hai hai bốn năm bảy"
    ),
    // A ratio after tỷ lệ is a fraction, not a date; an alley off an alley; a span of hours.
    (
      "tỷ lệ 1/2; ngõ 45/12/3, hẻm 120/5A/7; số 12/3; trong 24-48h tới, 24 - 48h; 20-22h; 22-6h",
      "tỷ lệ một phần hai; ngõ bốn mươi lăm trên mười hai trên ba, hẻm một trăm hai mươi trên năm a trên bảy; số mười hai trên ba; trong hai mươi tư đến bốn mươi tám giờ tới, hai mươi tư đến bốn mươi tám giờ; hai mươi đến hai mươi hai giờ; hai mươi hai đến sáu giờ"
    ),
    // A person's initials, with or without spaces, read before the lexicon takes H. for huyện and
    // V. for five; a lone initial inside a sentence; the abbreviations before names stay.
    (
      "cháu N.T.H (5 tuổi); em H.N.T.B. (SN 2009); ông C. V. H; ông V. V. Ố; chị T.M; em T. và H. về nhà; S. cùng bạn; TP. Hà Nội, X. Tân Lập, H. Mê Linh, Q.6; Đội SOS",
      "cháu en nờ tê hát (năm tuổi); em hát en nờ tê bê (sinh năm hai nghìn không trăm linh chín); ông xê vê hát; ông vê vê ố; chị tê em mờ; em tê và hát về nhà; ét xì cùng bạn; thành phố Hà Nội, xã Tân Lập, huyện Mê Linh, quận sáu; Đội ét ô ét"
    ),
    // A match report: a score after "hòa nhau" or "đánh bại" and a team with its age group and
    // its city in brackets; a group's letter; goals per match; capitals joined by "&".
    (
      "hòa nhau 2-2; đánh bại U13 Navy Phú Nhuận (TP. HCM) 2-0; thắng 2-3 trận; bảng B, bảng C; 5,1 bàn/trận; Hà Nội T&T; P & G; HĐND&UBND",
      "hòa nhau hai hai; đánh bại u mười ba Navy Phú Nhuận (thành phố hồ chí minh) hai không; thắng hai đến ba trận; bảng bê, bảng xê; năm phẩy một bàn một trận; Hà Nội tê và tê; pê và giê; hội đồng nhân dân và ủy ban nhân dân"
    ),
    // A quarter with its year in Arabic figures is no month; a count out of a count of groups.
    (
      "CPI bình quân quý 1/2018 tăng; quý I/2024; trong đó 8/11 nhóm hàng hóa; 57/63 địa phương",
      "xê pê i bình quân quý một năm hai nghìn không trăm mười tám tăng; quý một năm hai nghìn không trăm hai mươi tư; trong đó tám trên mười một nhóm hàng hóa; năm mươi bảy trên sáu mươi ba địa phương"
    ),
    // A notice copied from social media: its emoji are pauses, a keycap leaves its digit.
    (
      "📢 THÔNG BÁO: Lịch tiêm chủng 👉 Từ 8h đến 11h ✅ Mang theo sổ tiêm ⚠️ Lưu ý 1️⃣ 🇻🇳 👨‍👩‍👧 gia đình",
      "thông báo: lịch tiêm chủng, từ tám giờ đến mười một giờ, mang theo sổ tiêm, lưu ý, một, gia đình"
    ),
    // A hotline in capitals is the word (said in English, as announcers do), and its number follows.
    ("HOTLINE: 0903.343.439", "hotline: không chín không ba ba bốn ba bốn ba chín"),
    // A list numbered or lettered with slashes, as official letters have it.
    (
      "1/ Tất cả các cơ quan treo cờ.\n2/ Thời gian: Từ ngày 30/4/2025.\nb/ Đối với hộ gia đình; c/ Khác",
      "một. tất cả các cơ quan treo cờ. hai. thời gian: từ ngày ba mươi tháng tư năm hai nghìn không trăm hai mươi lăm. bê, đối với hộ gia đình; xê, khác"
    ),
    // The end of a span of hours without its "h"; a byline's date with the month in words and
    // the year after a comma.
    (
      "cắt điện từ 7h đến 12. Từ 8h30 đến 11; từ 7h đến 12,5 km; bởi Linh 28 Tháng 8, 2025 TP.HCM ghi nhận",
      "cắt điện từ bảy giờ đến mười hai giờ. từ tám giờ ba mươi phút đến mười một giờ; từ bảy giờ đến mười hai phẩy năm ki lô mét; bởi linh ngày hai mươi tám tháng tám năm hai nghìn không trăm hai mươi lăm thành phố hồ chí minh ghi nhận"
    ),
    // Boats at sea: a fishing boat's number (its province's letters, each digit, TS), a patrol
    // ship's three pairs, a position in degrees and minutes, IUU; a height in metres.
    (
      "tàu cá BĐ 96778 TS, QNg-90512-TS, KG 93968TS; tàu cá ĐNa 91066 cùng 2 ngư dân; tàu BP 08-98-01, BP 06.13.01, Biên phòng 15-04-01; tọa độ 19độ 10’N – 106 độ40’E; (IUU); cao 1m70, 12m2",
      "tàu cá bê đê chín sáu bảy bảy tám tê ét xì, quy en nờ giê chín không năm một hai tê ét xì, ca giê chín ba chín sáu tám tê ét xì; tàu cá đê en nờ a chín một không sáu sáu cùng hai ngư dân; tàu bê pê không tám, chín tám, không một, bê pê không sáu, một ba, không một, biên phòng một năm, không bốn, không một; tọa độ mười chín độ mười phút vĩ bắc, một trăm linh sáu độ bốn mươi phút kinh đông; (i u u); cao một mét bảy mươi, mười hai mét vuông"
    ),
    // A fire notice's bodies; a date stamped in the American order where it cannot be mistaken.
    (
      "Phòng Cảnh sát PC&CNCH điều 40 CBCS; 8/16/2021 1:54:45 PM; 5/3/2024; cầu Quang Thanh25/07/2021",
      "phòng cảnh sát phòng cháy và cứu nạn cứu hộ điều bốn mươi cán bộ chiến sĩ; ngày mười sáu tháng tám năm hai nghìn không trăm hai mươi mốt một giờ năm mươi tư phút bốn mươi lăm giây chiều; ngày năm tháng ba năm hai nghìn không trăm hai mươi tư; cầu quang thanh ngày hai mươi lăm tháng bảy năm hai nghìn không trăm hai mươi mốt"
    ),
    // A price per a unit's symbol; Google Maps.
    ("dầu hỏa 19.010 đ/l; Google Maps", "dầu hỏa mười chín nghìn không trăm mười đồng một lít; gu gồ mép"),
    // A leaders' work schedule: its offices and posts by context (CNTT after Cụm, UV before a
    // body, CV before a department), a hall's Roman number, kV in capitals.
    (
      "tại Cụm CNTT Phú Hữu; ông Tài – UV UBKT Đảng ủy; CV Phòng Văn hóa; CVP Bình; Hội trường II; 500KV; LĐVP; Ban QLDA; Trung tâm PTQĐ; ứng dụng CNTT; chỉ số UV",
      "tại cụm công nghiệp tập trung phú hữu; ông tài, ủy viên ủy ban kiểm tra đảng ủy; chuyên viên phòng văn hóa; chánh văn phòng bình; hội trường hai; năm trăm ki lô vôn; lãnh đạo văn phòng; ban quản lý dự án; trung tâm phát triển quỹ đất; ứng dụng công nghệ thông tin; chỉ số u vê"
    ),
    // A person's initial after the name, before a bracket (a place's H. stays huyện).
    (
      "bà Nguyễn Thị H. (SN 1983) và anh Lê Văn T. (35 tuổi) ở H. Mê Linh",
      "bà nguyễn thị hát, sinh năm một nghìn chín trăm tám mươi ba, và anh lê văn tê, ba mươi lăm tuổi, ở huyện mê linh"
    ),
    // A span of time with its unit on each side; a form's number after Mẫu số with its issuer; the
    // codes of law.
    (
      "phạt tù từ 06 tháng - 03 năm; theo Mẫu số 31/HĐBC; điều 174 BLHS, BLDS, BLLĐ, BLTTHS; Phòng QLHC",
      "phạt tù từ sáu tháng đến ba năm; theo mẫu số ba mươi mốt của hội đồng bầu cử; điều một trăm bảy mươi tư bộ luật hình sự, bộ luật dân sự, bộ luật lao động, bộ luật tố tụng hình sự; phòng quản lý hành chính"
    ),
    // Figures joined by commas that make no number are a list; a section's number before its
    // heading; a flow whose superscript three was copied as a digit.
    (
      "mất nước tại quận 1,2,3,5,9 và Phường 2,5,10,12. 1.1. Lịch tiếp công dân; xả 160m 3 /s, 1,5 tấn",
      "mất nước tại quận một, hai, ba, năm, chín và phường hai, năm, mười, mười hai. một chấm một. lịch tiếp công dân; xả một trăm sáu mươi mét khối trên giây, một phẩy năm tấn"
    ),
    // A section's number after its label; a score with a decimal stays one.
    (
      "theo lộ trình tại điểm 1.1, xem mục 2.3.1 và tiết 1.2; đạt 8.5 điểm",
      "theo lộ trình tại điểm một chấm một, xem mục hai chấm ba chấm một và tiết một chấm hai; đạt tám phẩy năm điểm"
    ),
    // Three decimals or more joined by spaced dashes are a list; two are a range.
    (
      "độ lớn lần lượt là 3,5 - 3,2 - 3,1 - 2,7 và 2,6 richter; sóng cao 1,5 - 2,5 m",
      "độ lớn lần lượt là ba phẩy năm, ba phẩy hai, ba phẩy một, hai phẩy bảy và hai phẩy sáu rích te; sóng cao một phẩy năm đến hai phẩy năm mét"
    ),
    // A reporter's note at the end of a bracket; inox as announcers say it.
    (
      "gắn mã QR ở tất cả 16 kiệt (hẻm - PV) trong thôn; bảng inox",
      "gắn mã quy e rờ ở tất cả mười sáu kiệt, hẻm, phóng viên, trong thôn; bảng i nốc"
    ),
    // A count out of a count before what it counts (never a date); a commune's own abbreviations.
    (
      "cùng 6/6 đội cầu lông; có 5/7 chi đoàn; đồng chí Lạt BTĐU, 85 ĐVTN, Trung tâm VHTT-HTCĐ, Chi đoàn LLDQCĐ; ngày 6/6 đội bóng",
      "cùng sáu trên sáu đội cầu lông; có năm trên bảy chi đoàn; đồng chí lạt bí thư đảng ủy, tám mươi lăm đoàn viên thanh niên, trung tâm văn hóa thông tin học tập cộng đồng, chi đoàn lực lượng dân quân cơ động; ngày sáu tháng sáu đội bóng"
    ),
    // A footnote's mark glued to the word or mark before it is not read; a bracketed number
    // standing alone is.
    (
      "thống kê đất đai[1] tính đến nay; 21 thị trấn.[4] Xem [2]",
      "thống kê đất đai tính đến nay; hai mươi mốt thị trấn. xem, hai,"
    ),
    // A full date whose day was named already takes no ngày of its own.
    (
      "Sáng nay 01/5/2022, xã bầu trưởng thôn; trong các ngày từ 24/03/2021 đến ngày 03/4/2021; hạn chót 5/6/2022",
      "sáng nay một tháng năm năm hai nghìn không trăm hai mươi hai, xã bầu trưởng thôn; trong các ngày từ hai mươi tư tháng ba năm hai nghìn không trăm hai mươi mốt đến ngày ba tháng tư năm hai nghìn không trăm hai mươi mốt; hạn chót ngày năm tháng sáu năm hai nghìn không trăm hai mươi hai"
    ),
    // A level against its mark, one length for both (a decimal first, never a day and month).
    (
      "mực nước ở cao trình 62.12/70.00m",
      "mực nước ở cao trình sáu mươi hai phẩy mười hai trên bảy mươi phẩy không không mét"
    ),
    // A kind said before the colon after số is not said again.
    (
      "Căn cứ Kế hoạch số: 29-KH/ĐTN ngày 26/02/2023",
      "căn cứ kế hoạch số hai mươi chín của đoàn thanh niên ngày hai mươi sáu tháng hai năm hai nghìn không trăm hai mươi ba"
    ),
    // A list numbered ii), iii) with its closing bracket alone; i) alone may be a letter.
    ("thấy: ii) có 16 % ngư dân; iii) có 3 tính năng", "thấy: hai có mười sáu phần trăm ngư dân; ba có ba tính năng"),
    // Loanwords of platforms and rankings.
    ("nằm trong top 6, chạy trên Windows, iOS", "nằm trong tóp sáu, chạy trên uyn đâu, ai ô ét"),
    // An area code and a short line after its dot, alone, is read digit by digit; a date is not one.
    (
      "gọi về 069.37246 hoặc 0236.382245 trước ngày 01.12.2024",
      "gọi về không sáu chín ba bảy hai bốn sáu hoặc không hai ba sáu ba tám hai hai bốn năm trước ngày một tháng mười hai năm hai nghìn không trăm hai mươi tư"
    ),
    // HCV is a gold medal after a count or a win, hepatitis C's virus in a test.
    (
      "giành 3 HCV, 2 HCB; đoạt HCV; xét nghiệm HCV",
      "giành ba huy chương vàng, hai huy chương bạc; đoạt huy chương vàng; xét nghiệm hát xê vê"
    ),
    // Two whole dates with dashes joined by a spaced dash are a span; a games' number and its year.
    (
      "(27-3-1946 - 27-3-2021)",
      "ngày hai mươi bảy tháng ba năm một nghìn chín trăm bốn mươi sáu đến ngày hai mươi bảy tháng ba năm hai nghìn không trăm hai mươi mốt"
    ),
    (
      "khai mạc ĐH TDTT huyện lần 5 - 2018; Đại hội lần thứ 1-2020",
      "khai mạc đại hội thể dục thể thao huyện lần năm năm hai nghìn không trăm mười tám; đại hội lần thứ nhất năm hai nghìn không trăm hai mươi"
    ),
    // Fuels' sulphur and grades: 3.5S, 0,001S-V, RON 95-V; a date after hôm nay and a comma.
    (
      "mazut 180CST 3.5S, diesel 0,001S-V, xăng RON 95-V",
      "ma dút một trăm tám mươi xê ét xì tê ba phẩy năm ét, đi ê zen không phẩy không không một ét năm, xăng rôn chín mươi lăm năm"
    ),
    (
      "kể từ 15 giờ hôm nay, 17.5; tăng hôm qua, 2.5%",
      "kể từ mười lăm giờ hôm nay, ngày mười bảy tháng năm; tăng hôm qua, hai phẩy năm phần trăm"
    ),
    // Top-level domains named alone; two papers joined by slashes; an operator's app; a phone's memory.
    ("các đuôi lạ như .xyz, .top, .info.", "các đuôi lạ như chấm ích xì i dài dét, chấm tóp, chấm in phô."),
    (
      "mang theo CMND/CCCD/Hộ chiếu; giá 2 tỷ đồng/căn",
      "mang theo chứng minh nhân dân hoặc căn cước công dân hoặc hộ chiếu; giá hai tỷ đồng một căn"
    ),
    ("ứng dụng My VNPT; chị Trà My", "ứng dụng mai vê en pê tê; chị trà my"),
    ("iPhone 15 128GB", "ai phôn mười lăm một trăm hai mươi tám ghi ga bai"),
    // A knockout round's share; a named day's date in brackets (a range in brackets elsewhere stays
    // one); a market 4.0.
    (
      "đi tới vòng 1/8; hưởng ứng Ngày Chuyển đổi số quốc gia (10-10); trong tuần (5-7)",
      "đi tới vòng một phần tám; hưởng ứng ngày chuyển đổi số quốc gia (ngày mười tháng mười); trong tuần (năm đến bảy)"
    ),
    ("mô hình Chợ 4.0", "mô hình chợ bốn chấm không"),
    // Loanwords of posts and sport news, from the editable list.
    (
      "MC mời các fan theo dõi trên Instagram; giải pickleball, tennis; biến chủng Omicron",
      "em xi mời các phan theo dõi trên in xờ ta gờ ram; giải pích côn bon, ten nít; biến chủng ô mi crôn"
    ),
    // A scan is CT after chụp or máy (a directive elsewhere); ISO standards with their year; acronyms
    // that would pass for Vietnamese syllables (NGO, CEO) are spelled as announcers do.
    (
      "chụp CT; theo CT 15; đạt ISO 9001:2015; các tổ chức NGO; CEO công ty",
      "chụp xê tê; theo chỉ thị mười lăm; đạt i xô chín nghìn không trăm linh một năm hai nghìn không trăm mười lăm; các tổ chức en giê ô; xi i ô công ty"
    ),
    // Division, the numero sign, a bullet inside a line; > before an alarm level is no route's pause.
    (
      "10 ÷ 2; № 5; gồm: • mục một • mục hai; Mức nước > BĐ3",
      "mười chia hai; số năm; gồm: mục một, mục hai; mức nước lớn hơn báo động ba"
    ),
    // A round and its year after its slash; a risk level in Roman digits after cấp độ.
    (
      "đợt II/2025; kỳ 1/2024; rủi ro thiên tai cấp độ III",
      "đợt hai năm hai nghìn không trăm hai mươi lăm; kỳ một năm hai nghìn không trăm hai mươi tư; rủi ro thiên tai cấp độ ba"
    ),
    // One weekday before its date (CN alone is công nghiệp); an engine's size.
    (
      "CN 12/1; T7, 13/1; khu CN 5; xe 150cc",
      "chủ nhật ngày mười hai tháng một; thứ bảy, ngày mười ba tháng một; khu công nghiệp năm; xe một trăm năm mươi phân khối"
    ),
    // Energy in megawatt-hours, pressure in hectopascals and millibars, micrograms.
    (
      "1.200 MWh; 1005 hPa; 1008 mb; 10 µg",
      "một nghìn hai trăm mê ga oát giờ; một nghìn không trăm linh năm héc tô pát can; một nghìn không trăm linh tám mi li ba; mười mi crô gam"
    ),
    // An account's number in groups is read digit by digit, the count after it stays a count.
    (
      "số tài khoản 1234 5678 9012 tại ngân hàng; mã số 123 người",
      "số tài khoản một hai ba bốn năm sáu bảy tám chín không một hai tại ngân hàng; mã số một hai ba người"
    ),
    // A list's next count out of a count after a comma; a steel's grade.
    (
      "có 12/12 chi đoàn, 5/7 chi hội hoàn thành; bồn Inox 304",
      "có mười hai trên mười hai chi đoàn, năm trên bảy chi hội hoàn thành; bồn i nốc ba không bốn"
    ),
    // Words of shops, events and vaccines from the loanword list.
    (
      "đặt combo qua booking; dự workshop; tiêm Vero Cell, Sinopharm",
      "đặt com bô qua búc king; dự uốc sọp; tiêm vê rô xen, xi nô pham"
    ),
    // The task force 141 said digit by digit, a residents' group's 141 counted; arrows drawn with
    // brackets before a link are a pause; KV before a place is khu vực, after a number kilovolts.
    (
      "Tổ công tác 141 kiểm tra; tổ dân phố 141; >>> Xem thêm; phòng PC08 (KV Cam Lâm); đường dây 500KV",
      "tổ công tác một bốn một kiểm tra; tổ dân phố một trăm bốn mươi mốt; xem thêm; phòng pê xê không tám (khu vực cam lâm); đường dây năm trăm ki lô vôn"
    ),
    // An issuer that ends in a small letter after the kind; a heading's number at a line's start
    // without its last dot; an X-ray said as one word.
    (
      "1.1 Tại sao khám sức khỏe; Chỉ thị 92/TTg về phòng chống bệnh dại; chụp X quang tim phổi",
      "một chấm một. tại sao khám sức khỏe; chỉ thị chín mươi hai của thủ tướng về phòng chống bệnh dại; chụp ích quang tim phổi"
    ),
    // A video platform's names and sellers, its name split in two, and a user of an app (NSD).
    (
      "TikTok có tên gốc là Douyin, của ByteDance; các TikToker bán hàng qua livetream Tik Tok; NSD thiết lập",
      "tích tốc có tên gốc là đẩu âm, của bai đan; các tích tốc cơ bán hàng qua lai xtrim tích tốc; người sử dụng thiết lập"
    ),
    // A kind's abbreviation before its number and year (thay thế NĐ 155/2016); a press byline and
    // an editors' signature.
    (
      "BTO-Từ hôm nay, thay thế NĐ 155/2016 và QĐ 12/2020. BBT.",
      "báo bình thuận on lai, từ hôm nay, thay thế nghị định một trăm năm mươi lăm năm hai nghìn không trăm mười sáu và quyết định mười hai năm hai nghìn không trăm hai mươi. ban biên tập."
    ),
    // The agency then the paper that ran the story: a pause and the site's name, not "hoặc … cộng".
    (
      "sạt lở đất tại nhiều huyện. (TTXVN/Vietnam+); đỉnh Fansipan",
      "sạt lở đất tại nhiều huyện. (thông tấn xã việt nam, việt nam plus); đỉnh phan xi păng"
    ),
    // An old plate with a dash before its series; an official letter's kind (CV) said once; an
    // alley's number with a letter; an account's number after tài khoản số, not a sum after it.
    (
      "Biển số 29-B1 123.45; Công văn số 45/CV-UBND; hẻm 12/5A; tài khoản số 1234 5678; nạp vào tài khoản 500.000 đồng",
      "biển số hai chín bê một, một hai ba bốn năm; công văn số bốn mươi lăm của ủy ban nhân dân; hẻm mười hai trên năm a; tài khoản số một hai ba bốn năm sáu bảy tám; nạp vào tài khoản năm trăm nghìn đồng"
    ),
    // A vaccine's name joined by a non-breaking hyphen (U+2011) reads as one joined by "-"; the
    // swine-fever vaccines by their names.
    (
      "vắc xin NAVET\u{2011}ASFVAC, AVAC ASF LIVE và Dacovac\u{2011}ASF2",
      "vắc xin na vét a ét xì ép vác, a vác a ét xì ép lai và đa cô vác a ét xì ép hai"
    ),
    // A day named nine words before its bracketed date (the span a rule reads reaches twelve words
    // back now, not eight); a web address's long path is not said, its site is.
    (
      "Các khu dân cư tổ chức Ngày hội Đại đoàn kết toàn dân tộc nhân kỷ niệm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18-11). Nguồn: https://tv.congluan.vn/dich-tay-chan-mieng-dang-lay-lan-post291945.html",
      "các khu dân cư tổ chức ngày hội đại đoàn kết toàn dân tộc nhân kỷ niệm ngày truyền thống mặt trận tổ quốc việt nam (ngày mười tám tháng mười một). nguồn: tê vê chấm cong luan chấm vê en nờ"
    ),
    // Emergency numbers after what they call (cấp cứu 115, not a count of people after it); a span
    // of weekdays with a dash.
    (
      "cấp cứu 115, cứu hỏa: 114; cấp cứu 115 người bệnh; từ thứ Hai - thứ Sáu",
      "cấp cứu một một năm, cứu hỏa: một một bốn; cấp cứu một trăm mười lăm người bệnh; từ thứ hai đến thứ sáu"
    ),
    // An old motorbike plate, four digits after a space; a direction between two places after từ
    // hướng is a pause, not a range; Tp is thành phố.
    (
      "xe máy BKS 61N1 7279 đi từ hướng Phước Vinh – Hòa Sơn về Tp Bắc Kạn",
      "xe máy biển kiểm soát sáu một en nờ một, bảy hai bảy chín đi từ hướng phước vinh, hòa sơn về thành phố bắc kạn"
    ),
    // A pesticide's dose per sprayer (the g of 25g is no hour), a fertiliser per tree, trace
    // elements after a formula, potassium chloride by its letters.
    (
      "liều 20 ml/bình 16 lít, 25g/bình 8 lít; bón 2 kg/gốc; phân NPK 20-20-15+TE, Kali clorua (KCl)",
      "liều hai mươi mi li lít một bình mười sáu lít, hai mươi lăm gam một bình tám lít; bón hai ki lô gam một gốc; phân en pê ca hai mươi hai mươi mười lăm cộng tê e, kali clorua (ca xê e lờ)"
    ),
    // A score after a match's verb at a sentence's start, a team between; a stadium (SVĐ).
    (
      "Đánh bại Thái Lan 3-2 ở lượt về. Chung cuộc 2-0 trên SVĐ Mỹ Đình.",
      "đánh bại thái lan ba hai ở lượt về. chung cuộc hai không trên sân vận động mỹ đình."
    ),
    // An alarm level after the words it stands for says them once; a share of a cost after the
    // verb that pays it is a fraction; a count of days a comma ends does not name the days after it.
    (
      "dưới báo động BĐ1 là 0,08 m. Người lao động đóng 1/3, hạn đóng 15/3. Trong 3 ngày, từ 26 đến 28-3, tiêm.",
      "dưới báo động một là không phẩy không tám mét. người lao động đóng một phần ba, hạn đóng ngày mười lăm tháng ba. trong ba ngày, từ ngày hai mươi sáu đến ngày hai mươi tám tháng ba, tiêm."
    ),
    // A word before a list's ellipsis is still a word the lexicon knows; a city written T.p; a
    // joint-stock bank and a bank's English name.
    (
      "các ngân hàng (BIDV, Vietcombank…), T.p Hà Giang, Ngân hàng TMCP Quân đội - MB Bank",
      "các ngân hàng (bê i đê vê, vi ét com băng…), thành phố hà giang, ngân hàng thương mại cổ phần quân đội, em mờ bê băng"
    ),
    // A forecasting centre's signature: TT before dự báo is a centre, not a town.
    (
      "Nhiệt độ cao nhất: 21 - 23 độ C. TT dự báo KTTV.",
      "nhiệt độ cao nhất: hai mươi mốt đến hai mươi ba độ xê. trung tâm dự báo khí tượng thủy văn."
    ),
    // The fourth quarter is quý bốn with its year as without it.
    ("quý IV/2024 và quý IV", "quý bốn năm hai nghìn không trăm hai mươi tư và quý bốn"),
    // A result alone after its word is a score; followed by what it counts, a range.
    ("Kết quả: 3-1. Kết quả 2-3 hộ được hỗ trợ.", "kết quả: ba một. kết quả hai đến ba hộ được hỗ trợ."),
    // A scale with a colon is read as one with a slash.
    ("bản đồ tỷ lệ 1:500.000 và tỉ lệ 1/2.000", "bản đồ tỷ lệ một trên năm trăm nghìn và tỉ lệ một trên hai nghìn"),
    // Arrows one after another are each decoration.
    ("a >>> >>> >>> b, 5 >> 3", "a b, năm lớn hơn lớn hơn ba"),
    // A page's time stamp: the hour, a dash, the date.
    ("13:02 - 04/01/2025", "mười ba giờ hai phút, ngày bốn tháng một năm hai nghìn không trăm hai mươi lăm"),
    // A Roman number after a title (VI and XI before a small word are syllables); a share of a
    // commune's hamlets; the culture, sports and tourism department with a word for its first part.
    (
      "Cán bộ Văn hóa II; vi rút, VI rút; 10/10 xóm; Sở Văn hóa-TT-DL",
      "cán bộ văn hóa hai; vi rút, vi rút; mười trên mười xóm; sở văn hóa thể thao và du lịch"
    ),
    // A motorbike's plate with no plate word before it; a country's code in brackets; cells per
    // millilitre.
    (
      "xe máy 29-B1 678.90; (+84) 24 3825 1234; 3 triệu tế bào/ml",
      "xe máy hai chín bê một, sáu bảy tám chín không; cộng tám tư, hai bốn ba tám hai năm một hai ba bốn; ba triệu tế bào trên mi li lít"
    ),
    // A department of planning and investment (not a provincial road), school subjects, staff, a
    // province by its initials.
    (
      "Sở KH&ĐT, môn GDQP và GDCD, CB-CNV, tỉnh TT-Huế",
      "sở kế hoạch và đầu tư, môn giáo dục quốc phòng và giáo dục công dân, cán bộ công nhân viên, tỉnh thừa thiên huế"
    ),
    // Office and trade words of notices; a Zalo official account.
    ("kênh Zalo OA, ngành Logistics, hàng fake", "kênh da lô ô a, ngành lô gít tích, hàng phây"),
    // Coordinates: glued to the comma before, with vĩ độ for độ vĩ, with a slipped space; an hour
    // with a lone zero for its minutes.
    (
      "tọa độ (15.259 độ vĩ Bắc,108.055 độ kinh Đông); 22.740 vĩ độ Bắc; 108, 391 độ kinh Đông; từ 8h0",
      "tọa độ (mười lăm phẩy hai trăm năm mươi chín độ vĩ bắc, một trăm linh tám phẩy không năm mươi lăm độ kinh đông); hai mươi hai phẩy bảy trăm bốn mươi vĩ độ bắc; một trăm linh tám phẩy ba trăm chín mươi mốt độ kinh đông; từ tám giờ"
    ),
    // A price per kilogram without its currency.
    (
      "giảm 2.000 đồng/kg, xuống mức 145.000/kg",
      "giảm hai nghìn đồng một ki lô gam, xuống mức một trăm bốn mươi lăm nghìn một ki lô gam"
    ),
    // A part of a measure is a fraction, not a date.
    (
      "pha 1/2 kg vôi với 3/4 lít nước; 1/3 ha",
      "pha một phần hai ki lô gam vôi với ba phần tư lít nước; một phần ba héc ta"
    ),
    // A page's date after "Cập nhật ngày:" takes no second ngày; a rural sanitation programme.
    (
      "Cập nhật ngày: 09/04/2021 - 08:56. Nước sạch VSMTNT",
      "cập nhật ngày: chín tháng tư năm hai nghìn không trăm hai mươi mốt, tám giờ năm mươi sáu phút. nước sạch vệ sinh môi trường nông thôn"
    ),
    // A degree Celsius before a full stop is no one's initial (found by routing the rules by the
    // kinds of token: the initials' pass had read the C alone).
    (
      "Vùng núi cao có nơi dưới 5°C. Nhiệt độ thấp nhất 7°C. tại Sa Pa",
      "vùng núi cao có nơi dưới năm độ xê. nhiệt độ thấp nhất bảy độ xê. tại sa pa"
    ),
    // A bare range of days whose month the sentence named before is a range of dates; with a
    // unit after it, or in another month, it stays a range of decimals.
    (
      "Trong tháng 3, xâm nhập mặn sẽ xuất hiện sâu vào các kỳ triều cường 11 - 15.3 và 27 - 31.3.",
      "trong tháng ba, xâm nhập mặn sẽ xuất hiện sâu vào các kỳ triều cường ngày mười một đến ngày mười lăm tháng ba và ngày hai mươi bảy đến ngày ba mươi mốt tháng ba."
    ),
    ("Trong tháng 3, lượng mưa 11 - 15.3 mm.", "trong tháng ba, lượng mưa mười một đến mười lăm phẩy ba mi li mét."),
    ("Trong tháng 4, các kỳ 11 - 15.3.", "trong tháng tư, các kỳ mười một đến mười lăm phẩy ba."),
    // Earthquake notices: hours, minutes and seconds by their letters; a range of magnitudes with
    // dots is decimals, not dates; a writer's initials before "(tổng hợp)" are letters.
    (
      "Hồi 21h15p21s ngày 3/12, lúc 22h33p, độ lớn từ 2.7 đến 3.7. AM (tổng hợp)",
      "hồi hai mươi mốt giờ mười lăm phút hai mươi mốt giây ngày ba tháng mười hai, lúc hai mươi hai giờ ba mươi ba phút, độ lớn từ hai phẩy bảy đến ba phẩy bảy. a em mờ, tổng hợp"
    ),
    ("Lúc 22g33p46s ngày 3/12", "lúc hai mươi hai giờ ba mươi ba phút bốn mươi sáu giây ngày ba tháng mười hai"),
    // A date label inside a quote takes no second ngày; a heading's number after a sentence (a line
    // break is one) is a section's, not a decimal.
    (
      "“Ngày ban hành: 29/06/2001.” Thời hạn đến 31/12/2024.\n1.1 Tại Sao Khám Sức Khỏe",
      "ngày ban hành: hai mươi chín tháng sáu năm hai nghìn không trăm linh một. thời hạn đến ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm hai mươi tư. một chấm một. tại sao khám sức khỏe"
    ),
    // A unit after a number word in any case (the unit pattern's first-character look, made for
    // speed, must keep it): KM, HA, M3.
    (
      "3 nghìn KM đường, 2 trăm HA lúa, 1,2 triệu M3 nước",
      "ba nghìn ki lô mét đường, hai trăm héc ta lúa, một phẩy hai triệu mét khối nước"
    ),
    // Companies and loanwords of fraud warnings.
    ("Công ty TNHH MTV Cấp nước", "công ty trách nhiệm hữu hạn một thành viên cấp nước"),
    ("không qua video call, không bấm link lạ", "không qua vi đê ô côn, không bấm linh lạ"),
  ])
  func readsAsAnnouncersDo(_ text: String, _ expected: String) {
    #expect(comparable(n.normalize(text, dialect: .north)) == comparable(expected))
  }

  /// What two rules must not take: a capitalised body after a price's slash is not what the price
  /// is per, and a house's number with a letter is not a document and its issuer. (How these read
  /// otherwise is not settled here; only the wrong reading is ruled out.)
  @Test func aPriceRuleAndADocumentRuleLeaveWhatIsNotTheirs() {
    let price = n.normalize("10.000 đồng/Sở", dialect: .north).lowercased()
    #expect(price.hasPrefix("mười nghìn đồng") && !price.contains("một sở"), "\(price)")
    let house = n.normalize("nhà số 12/A", dialect: .north)
    #expect(house.hasPrefix("nhà số mười hai") && !house.contains("của"), "\(house)")
  }

  /// Emoji reach espeak-ng as nothing (it reads their names: 🍀 → "cỏ bốn lá"); the byte check that
  /// lets most text skip the scan finds every scalar the scan would take, up to U+E007F.
  @Test func noEmojiReachesTheSynthesiser() {
    let line = "📣 Loa 🔊 ⭐ ▶ ● ■ ⏰ ⌚ 🅰 ☎️ ✔️ ❌ 🙏🏽 #️⃣ xong"
    let out = n.normalize(line, dialect: .north)
    #expect(
      !out.unicodeScalars.contains { Pictographs.isPictograph($0.value) || Pictographs.isShaping($0.value) }, "\(out)")
    #expect(out.hasSuffix("xong"), "\(out)")
    for v in UInt32(0x80)...0xE007F {
      guard let u = Unicode.Scalar(v), Pictographs.isPictograph(v) || Pictographs.isShaping(v) else { continue }
      #expect(Pictographs.mayHold("chữ " + String(Character(u)) + " chữ"), "U+\(String(v, radix: 16))")
    }
    #expect(!Pictographs.mayHold("“Trích” – ngày 5/3 … Hòa"))
  }

  /// The slash rule's last words, read from the end, are the end of the whole split it replaced;
  /// its letter check is `Character.isLetter` on every scalar but the combining marks.
  @Test func lastWordsAreTheEndOfTheSplit() {
    let texts = [
      "", "a", " tỷ lệ chết", "Tỷ Lệ  mắc/", "số 12, Hà Nội", "ĐƯỜNG Lê–Lợi x", "ngày/tháng/năm", "1/ a 1/ a",
      "cá thể×2 ÷ ba", "e\u{301} à", "mực nước 84,5m", "07h00 – 12h00 ", "đi/đến/ở",
    ]
    for t in texts {
      let split = t.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
      #expect(Passes.lastWords(t, 3) == Array(split.suffix(3)), "\(t)")
    }
    for v in UInt32(0)...0x2FFFF {
      guard let u = Unicode.Scalar(v), !(0x300...0x36F).contains(v) else { continue }
      #expect(Passes.isLetter(u) == Character(u).isLetter, "U+\(String(v, radix: 16))")
    }
    for (t, slash) in [
      ("đi/đến", true), ("đi/ đến", true), ("đi / đến", true), ("đi đến", false), ("đi/", false), ("", false),
    ] {
      #expect(Passes.slashBeforeLastWord(t) == slash, "\(t)")
    }
  }

  @Test func anArrowLeavesNoSymbolForTheSynthesiser() {
    let out = n.normalize("Sóng cao 2–4m → biển động; gió ⇒ mạnh.", dialect: .north)
    #expect(!out.contains("→") && !out.contains("⇒"))
  }
}
