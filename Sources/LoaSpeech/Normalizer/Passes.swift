import Foundation

/// The normaliser's rewriting passes. Patterns are ICU regular expressions (lookbehind is
/// needed); each transform gets the match and its groups and returns the spoken words.
enum Passes {
  // MARK: Helper

  /// Where in the source a pattern is written (`#fileID`, `#line`, `#column` of the call).
  struct Site: Hashable {
    let file: UInt
    let line: UInt
    let column: UInt
    init(_ file: StaticString, _ line: UInt, _ column: UInt) {
      self.file = file.hasPointerRepresentation ? UInt(bitPattern: file.utf8Start) : 0
      self.line = line
      self.column = column
    }
  }

  // @unchecked Sendable: the compiled patterns live under `lock`; a `Pattern` itself is immutable.
  final class Cache: @unchecked Sendable {
    let lock = NSLock()
    var compiled: [String: Pattern] = [:]
    /// The patterns last used at each call site: found by the site and a byte comparison, not by
    /// hashing the pattern (a String hash normalises it: a fifth of the time on short lines).
    var bySite: [Site: [Pattern]] = [:]

    func get(_ p: String, at site: Site) -> Pattern {
      lock.lock()
      defer { lock.unlock() }
      if let known = bySite[site], let r = known.first(where: { Self.same($0.source, p) }) { return r }
      let r = compiled[p] ?? Pattern(p)
      // Bounded: a pattern made from the text (an acronym it defines) is compiled again rather
      // than kept for ever by a daemon that reads years of bulletins.
      if compiled.count < Self.limit { compiled[p] = r }
      if bySite[site, default: []].count < 64 { bySite[site, default: []].append(r) }
      return r
    }

    static let limit = 4096

    /// Byte-for-byte equality (what the patterns' own equality would be, without normalising).
    static func same(_ a: String, _ b: String) -> Bool {
      guard a.utf8.count == b.utf8.count else { return false }
      var a = a
      var b = b
      return a.withUTF8 { x in b.withUTF8 { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
      }
    }
    /// The patterns compiled so far that PCRE2 reads, and those left to ICU.
    func census() -> (pcre2: Int, icu: [String]) {
      lock.lock()
      defer { lock.unlock() }
      return (
        compiled.values.filter(\.usesPCRE2).count, compiled.values.filter { !$0.usesPCRE2 }.map(\.source).sorted()
      )
    }
  }
  static let cache = Cache()

  /// Replaces every match; `transform` gets group 0…n ("" for a group that did not take part)
  /// and returns the replacement, or nil to leave the match as it is.
  static func replace(
    _ pattern: String, in s: String, when trigger: Trigger? = nil, file: StaticString = #fileID,
    line: UInt = #line, column: UInt = #column, _ transform: ([String]) -> String?
  ) -> String {
    replace(pattern, in: s, when: trigger, context: 0, file: file, line: line, column: column) { g, _ in transform(g) }
  }

  /// As `replace`, with up to `context` characters of the text before each match.
  static func replace(
    _ pattern: String, in s: String, when trigger: Trigger? = nil, context: Int, file: StaticString = #fileID,
    line: UInt = #line, column: UInt = #column, _ transform: ([String], String) -> String?
  ) -> String {
    if let trigger, !Reference.patterns, !trigger.fires(s) { return s }
    let compiled = cache.get(pattern, at: Site(file, line, column))
    if !Reference.patterns, compiled.usesPCRE2 {
      var text = s
      text.makeContiguousUTF8()
      let done: String?? = text.utf8.withContiguousStorageIfAvailable { bytes in
        replaceBytes(compiled, in: s, bytes, context: context, transform)
      }
      if let done = done ?? nil { return done }
    }
    let matches = compiled.icu.matches(in: s, range: NSRange(location: 0, length: s.utf16.count))
    if matches.isEmpty { return s }
    let text = Text(s)
    var out = ""
    out.reserveCapacity(s.utf8.count + s.utf8.count / 2)
    var last = 0
    for m in matches {
      out += text[last, m.range.location]
      var g: [String] = []
      g.reserveCapacity(m.numberOfRanges)
      for i in 0..<m.numberOfRanges {
        let r = m.range(at: i)
        g.append(r.location == NSNotFound ? "" : text[r.location, r.location + r.length])
      }
      let before = context == 0 ? "" : text[max(0, m.range.location - context), m.range.location]
      out += transform(g, before) ?? g[0]
      last = m.range.location + m.range.length
    }
    out += text[last, text.utf16Count]
    return out
  }

  /// `replace` over the text's UTF-8 bytes with PCRE2's matches; nil when PCRE2 cannot answer.
  private static func replaceBytes(
    _ pattern: Pattern, in s: String, _ b: UnsafeBufferPointer<UInt8>, context: Int,
    _ transform: ([String], String) -> String?
  ) -> String? {
    guard let matches = pattern.matches(b) else { return nil }
    if matches.isEmpty { return s }
    func text(_ from: Int, _ to: Int) -> String {
      from < to ? String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self) : ""
    }
    var out = ""
    out.reserveCapacity(b.count + b.count / 2)
    var last = 0
    for m in matches {
      let whole = m[0]!
      out += text(last, whole.lowerBound)
      let g = m.map { r in r.map { text($0.lowerBound, $0.upperBound) } ?? "" }
      let before = context == 0 ? "" : text(back(b, from: whole.lowerBound, utf16: context), whole.lowerBound)
      out += transform(g, before) ?? g[0]
      last = whole.upperBound
    }
    out += text(last, b.count)
    return out
  }

  /// The byte offset `units` UTF-16 code units before `end` (or the start): what ICU's context of
  /// that many characters before a match is.
  private static func back(_ b: UnsafeBufferPointer<UInt8>, from end: Int, utf16 units: Int) -> Int {
    var i = end
    var counted = 0
    while i > 0 && counted < units {
      i -= 1
      while i > 0 && b[i] & 0xC0 == 0x80 { i -= 1 }
      counted += b[i] >= 0xF0 ? 2 : 1
    }
    return i
  }

  /// A string's UTF-8 bytes with the UTF-8 offset of each UTF-16 offset, so that the UTF-16
  /// ranges a pattern gives back are cut out as bytes (NSString.substring transcoded each one).
  struct Text {
    let bytes: [UInt8]
    /// nil when the text is ASCII (both offsets are the same).
    let utf8Offset: [Int32]?
    let utf16Count: Int

    init(_ s: String) {
      bytes = Array(s.utf8)
      if bytes.allSatisfy({ $0 < 0x80 }) {
        utf8Offset = nil
        utf16Count = bytes.count
        return
      }
      var map: [Int32] = []
      map.reserveCapacity(bytes.count + 1)
      var at: Int32 = 0
      for u in s.unicodeScalars {
        let n8 = Int32(UTF8.width(u))
        map.append(at)
        if UTF16.width(u) == 2 { map.append(at) }
        at += n8
      }
      map.append(at)
      utf8Offset = map
      utf16Count = map.count - 1
    }

    /// The text between two UTF-16 offsets.
    subscript(from: Int, to: Int) -> String {
      guard from < to else { return "" }
      let a = utf8Offset.map { Int($0[from]) } ?? from
      let b = utf8Offset.map { Int($0[to]) } ?? to
      return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) }
    }
  }

  /// Digits possibly with `.` thousands and `,` decimals; possessive: a number is never given
  /// back a group to let what follows match (`1,2,3,…` in a unit pattern was cubic).
  static let num = #"\d++(?:[.,]\d++)*+"#
  /// Not glued to a letter or digit on the left.
  static let start = #"(?<![\p{L}\p{N}])"#
  static let minuteMarks = Trigger.digitAnd("'’′")
  static let end = #"(?![\p{L}\p{N}])"#
  /// After a day.month written with a dash or a dot: the figure ends there and no unit follows, so it
  /// is a date and not a measure (ngày 7 - 13.9, not 1,5 - 2.5 mét).
  static let dateEnd =
    #"(?![-./,]\d)(?!\s*(?:%|‰|m|km|cm|mm|mét|độ|kg|g|tấn|ha|lít|giờ|triệu|tỷ|nghìn|đồng|lần|điểm)(?!\p{L}))"#

  static func number(_ s: String, _ r: NumberReader) -> String {
    if let w = r.written(s) { return w }
    // "1.5" or "2.25" written with a dot: read the dot as a decimal point.
    let parts = s.split(separator: ".")
    // (Read as the comma form is, so 3.03 keeps its zero: ba phẩy không ba. Three digits after the
    // dot are thousands, except after a 0: 0.053 miligam.)
    if parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), parts[1].count != 3 || parts[0] == "0",
      let w = r.written(parts[0] + "," + parts[1])
    {
      return w
    }
    // (Figures joined by commas that make no number are a list: quận 1,2,3,5,9 → một, hai, ba, …)
    let separator = s.contains(",") && !s.contains(".") ? ", " : " "
    return s.split(whereSeparator: { !$0.isASCIIDigit }).map { r.cardinal($0) }.joined(separator: separator)
  }

  // MARK: Web and e-mail addresses, codes read digit by digit

  static let domain = #"(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+(?:vn|com|net|org|gov|edu|info|int|io)(?![\p{L}\p{N}])"#

  /// Pieces of addresses said as words.
  static let addressWords: Set<String> = [
    "gov", "com", "net", "org", "edu", "info", "int", "mail", "email", "gmail", "yahoo", "hotmail", "outlook",
    "facebook", "zalo", "youtube", "online", "portal",
  ]

  /// An address read piece by piece as announcers do: `ubnd@xa.gov.vn` → u bê en nờ đê a còng xa
  /// chấm gov chấm vê en nờ; the scheme is not said; digits one by one; a piece that is a word or
  /// a run of Vietnamese syllables is said (dichvucong → dich vu cong), a short one that is
  /// neither is spelled (ubnd, vn).
  static func address(_ a: String, _ r: NumberReader) -> String {
    var words: [String] = []
    var piece = ""
    func flush() {
      guard !piece.isEmpty else { return }
      let lower = piece.lowercased()
      if piece.allSatisfy(\.isASCIIDigit) {
        words.append(r.digitByDigit(piece))
      } else if lower == "www" {
        words.append("vê kép vê kép vê kép")
      } else if addressWords.contains(lower) {
        words.append(lower)
      } else if let syllables = Spelling.syllables(lower) {
        words.append(syllables.joined(separator: " "))
      } else if lower.count <= 5 || !lower.contains(where: { "aeiouy".contains($0) }) {
        words.append(Spelling.spell(piece))
      } else {
        words.append(lower)
      }
      piece = ""
    }
    for c in a {
      let name: String? =
        switch c {
        case ".": "chấm"
        case "@": "a còng"
        case "/": "gạch chéo"
        case "-": "gạch ngang"
        case "_": "gạch dưới"
        default: nil
        }
      if let name {
        flush()
        words.append(name)
      } else if c.isASCIIDigit != piece.last.map(\.isASCIIDigit) ?? c.isASCIIDigit {
        flush()
        piece.append(c)
      } else {
        piece.append(c)
      }
    }
    flush()
    return words.joined(separator: " ")
  }

  static func addressesAndCodes(_ s: String, _ r: NumberReader) -> String {
    // A photo's or a story's credit, a name then its agency: Ảnh: An Đăng/TTXVN → a pause, not
    // "hoặc" (before the lexicon reads the agency).
    var s = replace(#"(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+)\s*/\s*(\p{Lu}{3,6})"# + end, in: s, when: .slash) { g in
      g[1] + ", " + g[2]
    }
    // … and the agency then the paper that ran it: (TTXVN/Vietnam+) → thông tấn xã việt nam, việt
    // nam plus (the news site's name, never "cộng").
    s = replace(#"(?<![\p{L}\p{N}])(TTXVN|VNA)\s*/\s*(?=\p{Lu})"#, in: s, when: .slash) { g in g[1] + ", " }
    s = replace(#"(?<![\p{L}\p{N}])(Vietnam|VietNam)\+"#, in: s, when: .plus) { _ in "Việt Nam plus" }
    // Capitals glued to a number with a leading zero are a code, spelled (nút giao CT05 → xê tê không
    // năm), not an abbreviation and a count (CT is chỉ thị before a document's number).
    s = replace(#"(?<![\p{L}\p{N}./-])(\p{Lu}{2,4})(0\d{1,3})(?![\p{L}\p{N}]|[./-]\d)"#, in: s, when: .digitUpper) {
      g in
      Spelling.spell(g[1]) + " " + r.digitByDigit(g[2])
    }
    // E-mail first, then web addresses (with a scheme, www., or a known top-level domain).
    s = replace(#"(?<![\p{L}\p{N}.@])([A-Za-z0-9][A-Za-z0-9._+\-]*)@("# + domain + ")", in: s, when: .at) {
      g in
      address(g[1], r) + " a còng " + address(g[2], r)
    }
    s = replace(
      #"(?<![\p{L}\p{N}.@/])(?:https?://)?("# + domain + #"(?:/[A-Za-z0-9\-._~/?=&%#]*[A-Za-z0-9/])?)"#, in: s,
      when: .webAddress
    ) { g in
      // A long path (an article's slug, dich-tay-chan-mieng-…-post291945.html) is not said: a
      // listener cannot take it down, and an announcer names the site. A short one is read
      // (dichvucong.gov.vn/thu-tuc).
      if let slash = g[1].firstIndex(of: "/"), g[1][slash...].count > 30 {
        return address(String(g[1][..<slash]), r)
      }
      return address(g[1], r)
    }
    // Top-level domains named alone, as scam warnings list them: các đuôi lạ như .xyz, .top, .info →
    // chấm ích xì i dài dét, chấm top (the loanword list reads it tóp), chấm info.
    s = replace(#"(^|[\s(,;:“"])\.([a-z]{2,6})(?=[\s,;:)”"]|\.(?:\s|$)|$)"#, in: s, when: .webAddress) { g in
      g[1] + "chấm " + address(g[2], r)
    }
    // The police's task force is named by its number, said digit by digit: Tổ công tác 141, lực
    // lượng 141 → một bốn một (a count would be một trăm bốn mươi mốt).
    s = replace(#"((?i:tổ công tác|lực lượng|đội|tổ)\s+)(141)(?![\p{L}\p{N}]|[.,/]\d)"#, in: s, when: .digitOnly) { g in
      g[1] + r.digitByDigit(g[2])
    }
    // A fertiliser's trace elements after its formula: NPK 20-20-15+TE → cộng tê e.
    s = replace(#"(?<=\d)\s?\+\s?TE(?![\p{L}\p{N}])"#, in: s, when: .plus) { _ in " cộng tê e" }
    // A dose per sprayer or per pack: 25g/bình 8 lít, 20 ml/bình → hai mươi lăm gam một bình (read
    // before the times: the g of 25g is no hour there).
    s = replace(start + "(" + num + #")\s?(g|gr|ml|mL)\s?/\s?(bình|gói)"# + end, in: s, when: .slash) { g in
      number(g[1], r) + (g[2].hasPrefix("g") ? " gam" : " mi li lít") + " một " + g[3]
    }
    // A steel's grade: inox 304, Inox 201 → i nốc ba không bốn (a grade, not a count).
    s = replace(#"((?i:inox)\s+)([2-4]\d\d)(?![\p{L}\p{N}]|[.,]\d)"#, in: s, when: .digitOnly) { g in
      g[1] + r.digitByDigit(g[2])
    }
    // A programme named by a number with its zero: Đề án 06, Chỉ thị 05 → không sáu, không năm.
    s = replace(
      #"(?i)((?:đề án|chỉ thị|kết luận|nghị quyết|chương trình|dự án)\s+)(0\d)(?![\p{L}\p{N}/-]|[.,]\d)"#, in: s,
      when: .digitOnly
    ) { g in g[1] + r.digitByDigit(g[2]) }
    // Rice varieties: OM 5451, IR 50404, ST25, CL 555 → the letters by name, a code of four or more
    // digits digit by digit (ô em mờ năm bốn năm một), a shorter one as a number (ô em mờ mười tám).
    s = replace(
      #"(?<![\p{L}\p{N}])(OM|IR|CL|ST|BC|KD|TBR|VNR|RVT|HT)\s?(\d{2,5})(?![\p{L}\p{N}])(?![.,]\d)"#, in: s,
      when: .digitUpper
    ) {
      g in
      Spelling.spell(g[1]) + " " + (g[2].count >= 4 ? r.digitByDigit(g[2]) : r.cardinal(g[2]))
    }
    // 9:33 AM, 7:00 PM, 04:48:00 PM → 9:33 sáng, 7:00 tối, 04:48 chiều (before the lexicon, which
    // reads PM as in PM2.5; the times pass reads the hour; seconds of :00 are not said).
    s = replace(
      #"(?<![\p{L}\p{N}])((\d{1,2}):\d{2})(:\d{2})?\s?(AM|PM|am|pm|a\.m\.|p\.m\.)(?![\p{L}\p{N}])"#, in: s,
      when: .digitColon
    ) { g in
      guard let h = Int(g[2]), h >= 1, h <= 12 else { return nil }
      let pm = g[4].lowercased().hasPrefix("p")
      return g[1] + (g[3] == ":00" ? "" : g[3]) + " "
        + (pm ? (h == 12 ? "trưa" : h < 6 ? "chiều" : "tối") : (h == 12 ? "đêm" : "sáng"))
    }
    // An age of industry or technology: công nghệ 4.0, cách mạng công nghiệp 4.0, chợ 4.0 → bốn chấm
    // không.
    s = replace(
      #"(?i)((?:công nghệ|công nghiệp|cách mạng|kỷ nguyên|thời đại|nông nghiệp|chuyển đổi số|web|chợ|du lịch|giáo dục|y tế)\s+)([2-5])\.0(?![\p{L}\p{N}]|[.,]\d)"#,
      in: s, when: .digitDot
    ) { g in g[1] + r.cardinal(g[2]) + " chấm không" }
    // A program's version after its name: Android 5.0, iOS 16.4.1, phiên bản 2.1 → năm chấm
    // không (a version is no decimal).
    s = replace(
      #"(?<![\p{L}\p{N}])((?:Android|iOS|IOS|Windows|(?i:phiên bản))\s+)(\d{1,3}(?:\.\d{1,3})+)(?![\p{L}\p{N}]|[.,]\d)"#,
      in: s, when: .digitDot
    ) { g in g[1] + g[2].split(separator: ".").map { r.cardinal($0) }.joined(separator: " chấm ") }
    // Standards: QCVN 05:2013/BTNMT, TCVN 5945:2005 → quy chuẩn việt nam không năm năm hai nghìn
    // không trăm mười ba của (the issuer, read by the lexicon); ISO 9001:2015 → i xô chín nghìn không
    // trăm linh một năm hai nghìn không trăm mười lăm.
    s = replace(
      #"(?<![\p{L}\p{N}])(QCVN|TCVN|ISO)\s*(\d{1,5})(?:\s*:\s*((?:19|20)\d\d))?(?:\s*/\s*([A-ZĐ][A-ZĐ\-]*))?"# + end,
      in: s,
      when: .standards
    ) { g in
      let number = g[2].hasPrefix("0") ? r.digitByDigit(g[2]) : r.cardinal(g[2])
      return g[1] + " " + number + (g[3].isEmpty ? "" : " năm " + r.cardinal(g[3]))
        + (g[4].isEmpty ? "" : " của " + g[4])
    }
    // Influenza subtypes: A/H5N1, H5N6, cúm A(H1N1) → a hát năm en nờ một (the slash is no word);
    // with its type before it, the H alone too: cúm A/H1, A/H3 → a hát một.
    s = replace(
      #"(?<![\p{L}\p{N}])(?:([AB])\s?[/(]\s?H(\d{1,2})(?:N(\d{1,2}))?|H(\d{1,2})N(\d{1,2}))\)?(?![\p{L}\p{N}])"#,
      in: s, when: .digitUpper
    ) { g in
      if g[1].isEmpty { return "hát " + r.cardinal(g[4]) + " en nờ " + r.cardinal(g[5]) }
      return Spelling.spell(g[1]) + " hát " + r.cardinal(g[2]) + (g[3].isEmpty ? "" : " en nờ " + r.cardinal(g[3]))
    }
    // +84 numbers: cộng tám tư, then the digits; the country's code may stand in brackets:
    // (+84) 24 3825 1234.
    s = replace(#"(?:\+84|\(\s*\+84\s*\))[\s.\-]?(\d[\d\s.\-]{6,14}\d)"# + end, in: s, when: .plus) { g in
      "cộng tám tư " + r.digitByDigit(g[1].filter(\.isASCIIDigit))
    }
    // Codes after the word that names them: tax and ID numbers, accounts (never quantities), also
    // in groups of digits parted by spaces (số tài khoản 1234 5678 9012).
    s = replace(
      #"(?i)((?:mã số thuế|mã số|mst|mã hồ sơ|mã|cccd|cmnd|căn cước công dân|chứng minh nhân dân|số tài khoản|tài khoản(?=\s*(?:số|:))|stk|số định danh(?: cá nhân)?|số hiệu)(?: số)?[:\s]+)(\d{3,}(?: \d{3,}){1,5}|\d[\d.\-]{2,20}\d|\d{3,})"#
        + end, in: s,
      when: .codeWords
    ) { g in g[1] + r.digitByDigit(g[2].filter(\.isASCIIDigit)) }
    // … and a code of capitals and digits there (Mã hồ sơ: H22.45-251012-0001): the letters by
    // name, the digits one by one, each group after a pause.
    s = replace(
      #"(?i)((?:mã số|mã hồ sơ|mã|số hiệu|số hồ sơ|mã tra cứu)(?: số)?[:\s]+)((?-i:[A-Z]{1,4})\d[\dA-Z.\-]{1,24}[\dA-Z])"#
        + end, in: s, when: .codeWords
    ) { g in
      g[1] + readCode(g[2], separators: ".-") { r.digitByDigit($0) }
    }
    // A lot, a flat or a kiosk named by a code with a dash after its word (lô B2-07, căn hộ A-0712,
    // ô số LK-07): the letters by name, each group after a pause, a group that starts with 0 digit
    // by digit (bê hai, không bảy), another as a number (lô B2-17 → bê hai, mười bảy).
    s = replace(
      #"(?i)((?:lô(?: đất)?|ô|căn(?: hộ)?|nền|ki[ -]?ốt|kiot|phòng)(?: số)?\s+)((?-i:[A-Z]{1,3})\d{0,3}(?:-(?-i:[A-Z\d]){1,5})+)"#
        + end, in: s, when: .digitDash
    ) { g in
      g[1] + readCode(g[2], separators: "-") { $0.hasPrefix("0") ? r.digitByDigit($0) : r.cardinal($0) }
    }
    // A power line's number after its word, the substation after it (power-cut notices): ĐZ
    // 471E1.12, lộ 373 E7.5 → bốn bảy một, e một chấm mười hai (never ×10¹ or a decimal).
    s = replace(
      #"(?<![\p{L}\p{N}])((?:ĐZ|ĐD|XT|(?i:đường dây|lộ|xuất tuyến))\s*)(\d{3})(?:\s*-?\s*(E|T)(\d{1,3})(?:\.(\d{1,2}))?)?"#
        + end + #"(?![.,]\d)"#, in: s, when: .digitUpper
    ) { g in
      g[1] + r.digitByDigit(g[2])
        + (g[3].isEmpty
          ? ""
          : ", " + Spelling.spell(g[3]) + " " + r.cardinal(g[4]) + (g[5].isEmpty ? "" : " chấm " + r.cardinal(g[5])))
    }
    // A score after its word: tỉ số 3-2, tỷ số 1 - 1, tỷ số lên 3-0, tỷ số xuống còn 1-3 → ba hai,
    // một một, ba không, một ba (never a range or a date).
    s = replace(
      #"(?i)((?:tỉ|tỷ) số(?: chung cuộc)?(?:\s+(?:lên|xuống|là|còn)){0,2}\s+)(\d{1,2})\s*[-–:]\s*(\d{1,2})"# + end
        + #"(?![.,/]\d)"#, in: s, when: .scoreWords
    ) { g in g[1] + r.cardinal(g[2]) + " " + r.cardinal(g[3]) }
    // … and a result standing alone after its word: Kết quả: 3-1. (Not a count: kết quả 2-3 hộ.)
    s = replace(
      #"(?i)(kết quả(?:\s*:|\s+là)?\s+)(\d{1,2})\s*[-–]\s*(\d{1,2})"# + end + #"(?=\s*(?:[,;)]|\.(?!\d)|$))"#,
      in: s, when: .scoreWords
    ) { g in g[1] + r.cardinal(g[2]) + " " + r.cardinal(g[3]) }
    // A map's scale with a colon: tỷ lệ 1:500.000 → một trên năm trăm nghìn, as tỷ lệ 1/2.000 is
    // read (a ratio of small numbers is read as a pair: tỷ lệ 1:1 → một một).
    s = replace(
      #"(?i)((?:tỷ|tỉ) lệ(?:\s+(?:là|khoảng))?\s+)(\d{1,3})\s*:\s*(\d{1,3}(?:\.\d{3})+|\d{4,7})"# + end
        + #"(?![.,:]\d)"#, in: s, when: .ratioWords
    ) { g in g[1] + g[2] + " trên " + g[3] }
    // … and after a match's verbs, a team's name between: chiến thắng 3-2, gỡ 2-3, chung cuộc 3-2,
    // dẫn trước Khánh Hòa 2-0, hòa 1-1 (in small letters: Hòa in a name is not one); not a count of
    // matches or days (thắng 2-3 trận).
    s = replace(
      start
        + #"((?:chiến thắng|thắng|thua|gỡ|chung cuộc|cầm hòa|hòa nhau|hoà nhau|hòa|hoà|dẫn trước|dẫn|đánh bại|"#
        // (and at a sentence's start: Đánh bại Thái Lan 3-2; not Thắng, a man's name too)
        + #"Chiến thắng|Thua|Chung cuộc|Cầm hòa|Dẫn trước|Đánh bại)\s+"#
        + #"(?:(?:\p{Lu}[\p{L}\p{N}]*\.?|\([^()\n]{1,24}\))\s+){0,5})"#
        + #"(\d{1,2})\s*[-–]\s*(\d{1,2})"# + end + #"(?![.,/]\d)(?!\s*(?:trận|lần|ngày|tháng|năm|giờ|phút|%))"#,
      in: s, when: .matchWords
    ) { g in g[1] + r.cardinal(g[2]) + " " + r.cardinal(g[3]) }
    // A result between two teams' names in a match report: Hết hiệp 1: Công an Hà Nội 1-1 Thể Công
    // (hiệp or trận earlier in the sentence).
    s = replace(
      #"(?<=\p{Ll})(\s+)(\d{1,2})-(\d{1,2})(?=\s+\p{Lu})"#, in: s, when: .matchWords, context: 120
    ) { g, before in
      guard let word = before.split(whereSeparator: { !$0.isLetter }).last, word.first?.isUppercase == true else {
        return nil
      }
      let clause = before.split(whereSeparator: { ".;\n".contains($0) }).last.map(String.init) ?? ""
      guard clause.lowercased().contains("hiệp") || clause.lowercased().contains("trận") else { return nil }
      return g[1] + r.cardinal(g[2]) + " " + r.cardinal(g[3])
    }
    // Plates after their word may be written loosely (spaces around the dash, a space before the
    // series, no dot): BS 72B - 026.07, BKS: 92H – 009.46, BS 77 B - 004.98. BS there is biển số.
    // (An old motorbike's series had four digits, after a space: BKS 61N1 7279.)
    s = replace(
      #"(?<![\p{L}\p{N}])(BKS|BS|(?i:biển số|biển kiểm soát))(\s*:?\s*)(\d{2})[-\s]?([A-Z]{1,2}\d?)\s*[-–]?\s*(\d{3})\.?(\d{1,2})"#
        + end, in: s, when: .plateWords
    ) { g in
      (g[1] == "BS" ? "biển số" : g[1]) + " " + r.digitByDigit(g[3]) + " " + Spelling.spell(g[4].filter(\.isLetter))
        + (g[4].last?.isASCIIDigit == true ? " " + r.digitByDigit(String(g[4].last!)) : "") + ", "
        + r.digitByDigit(g[5] + g[6])
    }
    // A fishing boat's number: its province's letters, five digits, TS (thủy sản): BĐ 96778 TS,
    // QNg-90512-TS, KG 93968TS, and after "tàu" without the TS (tàu cá ĐNa 91066) → each letter and
    // each digit by its name (bê đê chín sáu bảy bảy tám tê ét xì; never "báo động" or a number).
    s = replace(
      start + #"([A-ZĐ][A-ZĐa-zđ]{0,2})[ -]?(\d{4,5})(?:[ -]?(TS))"# + end + #"(?!\.\s*\p{Lu})"#, in: s,
      when: .digitUpper
    ) { g in
      Spelling.spell(g[1]) + " " + r.digitByDigit(g[2]) + " " + Spelling.spell(g[3])
    }
    s = replace(
      #"(?<![\p{L}\p{N}])((?i:tàu cá|tàu|số hiệu)\s+)([A-ZĐ][A-ZĐa-zđ]{0,2})[ -]?(\d{4,5})"# + end + #"(?![.,]\d)"#,
      in: s, when: .digitUpper
    ) { g in
      g[1] + Spelling.spell(g[2]) + " " + r.digitByDigit(g[3])
    }
    // A patrol ship's number in three pairs: tàu BP 08-98-01, BP 18 - 98 - 01, BP 06.13.01 → bê pê
    // không tám, chín tám, không một.
    s = replace(
      start + #"(BP|(?i:biên phòng)|CSB|(?i:cảnh sát biển))(\s*)(\d{2})\s*([-.])\s*(\d{2})\s*\4\s*(\d{2})"# + end
        + #"(?![.,]\d)"#, in: s, when: .digitDashOrDot
    ) { g in
      (g[1] == "BP" || g[1] == "CSB" ? Spelling.spell(g[1]) : g[1]) + " " + r.digitByDigit(g[3]) + ", "
        + r.digitByDigit(g[5]) + ", " + r.digitByDigit(g[6])
    }
    // A height in metres and centimetres: cao 1m70 → một mét bảy mươi (two digits after the m:
    // 12m2 is an area).
    s = replace(start + #"(\d{1,2})m(\d{2})(?:['’′])?"# + end, in: s, when: .digitLetter) { g in
      r.cardinal(g[1]) + " mét " + r.cardinal(g[2])
    }
    // A position in degrees and minutes with its hemisphere: 19độ 10’N – 106 độ40’E → mười chín độ
    // mười phút vĩ bắc, một trăm linh sáu độ bốn mươi phút kinh đông.
    s = replace(
      start + #"(\d{1,3})\s?(?:độ|°)\s?(\d{1,2})\s?['’′]\s?([NSEW])(?![\p{L}\p{N}])"#, in: s, when: Self.minuteMarks
    ) { g in
      guard let minutes = Int(g[2]), minutes < 60 else { return nil }
      let side = ["N": "vĩ bắc", "S": "vĩ nam", "E": "kinh đông", "W": "kinh tây"][g[3]] ?? ""
      return r.cardinal(g[1]) + " độ " + r.cardinal(g[2]) + " phút " + side
    }
    // Older plates (70H-3835) and a space after the province (70 G1-404.86), each with its dash.
    s = replace(
      start + #"(\d{2})\s?([A-Z]{1,2}\d?)-(\d{4}|\d{3}\.\d{2})"# + end + #"(?![.,]\d)"#, in: s, when: .digitUpper
    ) { g in
      r.digitByDigit(g[1]) + " " + Spelling.spell(g[2].filter(\.isLetter))
        + (g[2].last?.isASCIIDigit == true ? " " + r.digitByDigit(String(g[2].last!)) : "") + ", "
        + r.digitByDigit(g[3].filter(\.isASCIIDigit))
    }
    // A motorbike's plate with the dash after the province and a space after the series, without
    // a plate word before it (xe máy 29-B1 678.90; after BKS it is read above).
    s = replace(start + #"(\d{2})-([A-Z]{1,2}\d)\s(\d{3})\.(\d{2})"# + end + #"(?![.,]\d)"#, in: s, when: .digitUpper) {
      g in
      r.digitByDigit(g[1]) + " " + Spelling.spell(g[2].filter(\.isLetter)) + " " + r.digitByDigit(String(g[2].last!))
        + ", " + r.digitByDigit(g[3] + g[4])
    }
    // Vehicle plates: 29F-016.48, 51A-123.45, 30E 12345 → hai chín ép, không một sáu bốn tám.
    s = replace(start + #"(\d{2})([A-Z]{1,2}\d?)[-\s](\d{3})\.?(\d{2})"# + end, in: s, when: .digitUpper) { g in
      r.digitByDigit(g[1]) + " " + Spelling.spell(g[2].filter(\.isLetter))
        + (g[2].last?.isASCIIDigit == true ? " " + r.digitByDigit(String(g[2].last!)) : "") + ", "
        + r.digitByDigit(g[3] + g[4])
    }
    // An alley off an alley: ngõ 45/12/3, hẻm 120/5/7 → bốn mươi lăm trên mười hai trên ba.
    s = replace(
      #"(?i)((?:nhà|hẻm|ngõ|ngách|kiệt|số nhà)\s+)(\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?){2,3})"# + end + #"(?!/)"#,
      in: s, when: .slash
    ) { g in
      g[1]
        + g[2].split(separator: "/").map { part in
          let digits = part.filter(\.isASCIIDigit)
          let letter = part.filter(\.isLetter)
          return r.cardinal(String(digits)) + (letter.isEmpty ? "" : " " + Spelling.name(letter))
        }.joined(separator: " trên ")
    }
    // House numbers: số 12/3, hẻm 45/7 → mười hai trên ba (never a date).
    // (Not số 12/2024: an issue and its year.)
    // … and a stretch of them: Số 43/106- 43/98 → … trên một trăm linh sáu đến bốn mươi ba trên …
    s = replace(
      #"(?i)((?:số|nhà|hẻm|ngõ|ngách|kiệt|kiệt số)\s+)(\d{1,4})/(?!(?:19|20)\d\d(?!\d))(\d{1,4})"#
        + #"(?:\s*[-–]\s*(\d{1,4})/(\d{1,4}))?"# + end + #"(?!/)"#,
      in: s, when: .slash
    ) { g in
      g[1] + r.cardinal(g[2]) + " trên " + r.cardinal(g[3])
        + (g[4].isEmpty ? "" : " đến " + r.cardinal(g[4]) + " trên " + r.cardinal(g[5]))
    }
    // … with a capital after its last number: hẻm 12/5A, số 45/7B → mười hai trên năm a.
    s = replace(
      #"((?i:số|nhà|hẻm|ngõ|ngách|kiệt)\s+)(\d{1,4})/(\d{1,4})([A-Z])(?![\p{L}\p{N}/]|[.,]\d)"#, in: s, when: .slash
    ) { g in g[1] + r.cardinal(g[2]) + " trên " + r.cardinal(g[3]) + " " + Spelling.name(g[4]) }
    // Groups of a village joined by plus signs: Tổ 13+16+17 → tổ mười ba, mười sáu, mười bảy.
    s = replace(
      #"(?i)((?:tổ|thôn|xóm|khu phố|khối|ấp|đội|cụm)\s+\d{1,3})((?:\s?\+\s?\d{1,3})+)"# + end, in: s, when: .plus
    ) { g in
      g[1] + g[2].replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "+", with: ", ")
    }
    // Two groups or grades with a comma and no space (lớp 7,8 và 9; thôn 1,2): never a decimal there.
    s = replace(
      #"(?i)(?<![\p{L}\p{N}])((?:tổ|thôn|xóm|khu phố|khối|ấp|đội|cụm|lớp|bản|buôn)\s+)(\d{1,2}),(\d{1,2})"# + end
        + #"(?![.,]\d)(?!\s*(?:%|‰|[a-zA-Zµ]{1,3}\b|mét|tấn|lít|độ))"#,
      in: s, when: .groupWords
    ) { g in
      g[1] + g[2] + ", " + g[3]
    }
    return s
  }

  /// A code of capitals and digits read group by group (the groups cut at `separators`, each after
  /// a pause): in each group the runs of letters by name, the runs of digits as `digits` reads them.
  static func readCode(_ code: String, separators: String, digits: (String) -> String) -> String {
    code.split(whereSeparator: { separators.contains($0) }).map { group in
      var words: [String] = []
      var run = ""
      var runIsDigits = false
      func flush() {
        if !run.isEmpty { words.append(runIsDigits ? digits(run) : Spelling.spell(run)) }
        run = ""
      }
      for c in group {
        if c.isASCIIDigit != runIsDigits { flush() }
        runIsDigits = c.isASCIIDigit
        run.append(c)
      }
      flush()
      return words.joined(separator: " ")
    }.joined(separator: ", ")
  }

  // MARK: Tokens that hide words

  /// Splits what the lexicon and acronym passes would otherwise miss: document numbers
  /// (`100/2019/NĐ-CP` → 100 trên 2019 trên NĐ-CP) and channel-style names (`VTV1` → VTV 1).
  static func splitTokens(_ s: String, _ documents: DocumentKinds) -> String {
    // A code that lost the space before the next word on a copied page: 2256/QĐ-BCTngày 28 tháng 6.
    var s = replace(
      #"(?<=\p{Lu}\p{Lu})(ngày|tháng|năm|về|của|và|tại|theo)(?=\s)"#, in: s, when: Self.gluedWords
    ) { g in " " + g[1] }
    s = documentNumbers(s, documents)
    s = replace(#"(?<![\p{L}\p{N}])(\p{Lu}{2,})(\d{1,3})"# + end, in: s, when: .digitCapitals) { g in "\(g[1]) \(g[2])"
    }
    // A figure and its unit glued by a slash to an abbreviation (84,5m/MNDBT 85,0m): apart, so the
    // lexicon reads the abbreviation.
    s = replace(#"(?<=\d)(m|cm|mm|km)/(?=\p{Lu}{2,}(?![\p{Ll}]))"#, in: s, when: .digitSlash) { g in g[1] + " / " }
    // An abbreviation glued to what it names: P.6, Q.10, Tp.Hà Nội → P. 6, Tp. Hà Nội (the lexicon reads P., Tp.).
    s = replace(#"(?<![\p{L}\p{N}])(P|Q|H|X|Tp|TP|TX|TT|F|KP)\.(?=[\p{Lu}\d])"#, in: s, when: .placeDot) { g in
      // (KP has no entry with its dot, which would take a sentence's full stop: KP.4 → KP 4.)
      g[1] + (g[1] == "KP" ? " " : ". ")
    }
    // A numbered heading glued to its first word (3.Phát huy, 4.BCĐ, also where a line break has
    // become a space) → 3. Phát huy; not a code or a decimal (QL.1A, 2.5).
    s = replace(#"(?<![\p{L}\p{N}.,])(\d{1,2})\.(?=\p{Lu}\p{L})"#, in: s, when: .digitDot) { g in g[1] + ". " }
    // A Vietnamese word glued to the figure after it (đạt43,6, lúc7h → đạt 43,6, lúc 7h); only a
    // word with a letter outside ASCII, so that codes and units (km12, cm3, COVID19) stay glued.
    s = replace(#"(?<![\p{L}\p{N}])(\p{Ll}{2,})(?=\d)"#, in: s, when: .digitOnly) { g in
      g[1].unicodeScalars.contains { !$0.isASCII } ? g[1] + " " : nil
    }
    // An alarm level with its abbreviation in brackets: mức (BĐ)1-BĐ2 → BĐ1-BĐ2.
    s = replace(#"\(\s*BĐ\s*\)\s*(?=[1-3](?!\d))"#, in: s, when: .alarmWords) { _ in "BĐ" }
    // … and after the words it stands for, the label once: dưới báo động BĐ1 → dưới báo động 1.
    s = replace(#"((?i:báo động))\s+BĐ\s?(?=[1-3](?!\d))"#, in: s, when: .alarmWords) { g in g[1] + " " }
    // A storm's name in capitals is a word (bão YAGI, siêu bão (NORU)), not letters to spell.
    s = replace(
      #"((?i:bão|siêu bão|áp thấp nhiệt đới)\s+(?:số\s+\d+\s*)?(?:\(\s*|có tên\s+(?:quốc tế\s+(?:là\s+)?)?)?)(\p{Lu})(\p{Lu}{2,11})(?![\p{L}\p{N}])"#,
      in: s, when: .stormWords
    ) { g in g[1] + g[2] + g[3].lowercased() }
    // Fuels: E5RON92 → E5 RON 92; RON 95-III, RON95-3 → RON 95 ba (the grade is said as a number);
    // diesel 0.05S, 0,05S-II → không phẩy không năm ét (hai); mazut 3.5S → ba phẩy năm ét; the
    // grades up to V (RON 95-V, 0,001S-V).
    s = replace(#"(?<![\p{L}\p{N}])(E\d{1,2})(?=RON)"#, in: s, when: .digitUpper) { g in g[1] + " " }
    s = replace(
      #"(?<![\p{L}\p{N}])RON\s?(\d{2})(?:\s?-\s?(IV|V|I{1,3}|[1-5]))?(?![\p{L}\p{N}])"#, in: s, when: .digitUpper
    ) {
      g in
      "RON " + g[1] + gradeWord(g[2])
    }
    s = replace(
      #"(?<![\p{L}\p{N}.,])(0[.,]\d{1,3}|[1-9][.,]\d)S(?:\s?-\s?(IV|V|I{1,3}|[1-5]))?(?![\p{L}\p{N}])"#, in: s,
      when: .digitUpper
    ) { g in
      g[1].replacingOccurrences(of: ".", with: ",") + " ét" + gradeWord(g[2])
    }
    // Roads by number: QL.1A, QL1A, TL.622, ĐT.741 → QL 1A (the lexicon reads QL). Abbreviations
    // read by their neighbours (BCH Quân sự, Công ty CP, ĐH 11) are the lexicon's context rules.
    s = replace(#"(?<![\p{L}\p{N}])(QL|TL|ĐT|HL)\.?(?=\d)"#, in: s, when: .roadDot) { g in g[1] + " " }
    return s
  }

  // MARK: Document numbers

  /// Kinds of document by the abbreviation that opens their code (Nghị định 30/2020/NĐ-CP,
  /// appendix III): 15/QĐ-UBND is a quyết định of the UBND; a code that opens with its issuer
  /// (1234/UBND-VX) is a công văn.
  /// A document's number as it is said: `Nghị định 100/2019/NĐ-CP` → Nghị định 100 năm 2019 của
  /// CP; `Kế hoạch số 45/KH-UBND` → … số 45 của UBND; `Công văn 125/UBND-VP` → … 125 của UBND-VP;
  /// a kind not said before its number is said (`theo 25/QĐ-UBND` → theo quyết định số 25 …).
  /// `số 3 - 2021` is a number and its year. The parts stay as written for the lexicon.
  static func documentNumbers(_ s: String, _ documents: DocumentKinds) -> String {
    // A number typed with spaces around its slashes and dashes: 153 / 2011 / TT - BTC → 153/2011/TT-BTC,
    // 1345/ UBND –KT → 1345/UBND-KT (capitals after the slash, so a ratio or a list is never taken
    // for one).
    var s = replace(
      #"(?<![\p{L}\p{N}])(\d{1,5}) ?/ ?(?:((?:19|20)\d\d) ?/ ?)?(\p{Lu}{2,8}(?: ?[-–] ?\p{Lu}{1,8}){0,3})(?![\p{L}\p{N}])"#,
      in: s, when: .slash
    ) { g in
      let issuer = TextForms.replacing(TextForms.replacing(g[3], " ", with: ""), "–", with: "-")
      return g[1] + "/" + (g[2].isEmpty ? "" : g[2] + "/") + issuer
    }
    // A kind and its issuer parted by a slash, as some pages type them: 127/2008/NĐ/CP → …/NĐ-CP.
    s = replace(
      #"(?<![\p{L}\p{N}])(\d{1,5}/(?:(?:19|20)\d\d/)?)(NĐ|QĐ|TT|TTLT|NQ|CT|KH|TB|HD|BC)/(\p{Lu}[\p{L}\p{N}&]*)"#, in: s,
      when: .slash
    ) { g in g[1] + g[2] + "-" + g[3] }
    s = replace(
      start
        + #"(\d{1,5}[a-z]?)(?:-((?:19|20)\d\d))?/(?:((?:19|20)\d\d)[/-])?(\p{Lu}[\p{L}\p{N}&]*)((?:-\s?[\p{L}\p{N}&]+)*)"#
        + end + #"(?![/.]\p{L})"#,
      in: s, when: .slash, context: 40
    ) { g, before in
      // (The year after the number and a dash, 10-2019/QĐ-UBND, or after its slash, 10/2019/QĐ-UBND.)
      var g = g
      if g[3].isEmpty { g[3] = g[2] }
      g.remove(at: 2)
      let number = g[1]
      let year = g[2]
      var first = g[3]
      var rest = g[4].split(separator: "-").map { TextForms.trimmed($0) }
      // What was said just before the number, and whether it names a kind of document.
      let lowered = before.lowercased()
      let said = TextForms.trimmed(TextForms.replacing(lowered, "số", with: " "), TextForms.isSpaceOrColon)
      // (A form, too: Mẫu số 31/HĐBC is the election council's form thirty-one.)
      let kindSaid =
        said.hasSuffix("công văn") || said.hasSuffix("văn bản") || said.hasSuffix("mẫu")
        || documents.words.values.contains(where: { said.hasSuffix($0) })
      // Without a year, a code needs its dash (12/A is a house, 3/KH alone is not a document) —
      // unless its kind was said just before: Quyết định 38/QĐ is quyết định ba mươi tám.
      if year.isEmpty, rest.isEmpty {
        if let k = documents.words[first] { return said.hasSuffix(k) ? number : nil }
        // … or its issuer alone, after a kind was said: công văn số 2795/UBND → … của UBND.
        // (An issuer may end in a small letter: Chỉ thị 92/TTg.)
        return kindSaid && first.count >= 2 && first.dropLast().allSatisfy(\.isUppercase)
          && !first.allSatisfy(\.isLowercase)
          ? number + " của " + first : nil
      }
      var kind: String? = documents.words[first]
      if kind != nil {
        guard let issuer = rest.first else { return nil }
        first = issuer
        rest.removeFirst()
      }
      let issuer = ([first] + rest).joined(separator: "-")
      let afterSo = TextForms.trimmed(lowered, TextForms.isSpaceOrColon).hasSuffix("số")
      if let k = kind, said.hasSuffix(k) || said.hasSuffix(g[3].lowercased()) { kind = nil }
      // Another kind said before it names the document already: công văn số 46/TB-UBND is read
      // công văn số bốn mươi sáu của UBND, not … số bốn mươi sáu thông báo của UBND.
      if kind != nil, kindSaid { kind = nil }
      var w = ""
      if let k = kind, !afterSo { w = k + " số " }
      w += number + (year.isEmpty ? "" : " năm " + year)
      if let k = kind, afterSo { w += " " + k }
      return w + " của " + issuer
    }
    // The Party's numbers put the kind after a dash and the issuer after a slash: Chỉ thị 05-CT/TW,
    // Kết luận số 12-KL/TU → … số năm của TW (the lexicon reads TW, TU, HU, ĐU).
    // (A kind may end in a small letter, QĐi; an issuer may be a body of the centre, BTGTW, or of a
    // province's committee, BTGDVTU.)
    s = replace(start + #"(\d{1,4})-(\p{Lu}{2,3}\p{Ll}?)/(\p{Lu}{2,8})"# + end, in: s, when: .slash, context: 40) {
      g, before in
      guard let kind = documents.words[g[2]] else { return nil }
      // (Kế hoạch số: 29-KH/ĐTN names it too, its colon after số.)
      let said = TextForms.trimmed(before.lowercased(), TextForms.isSpaceOrColon)
      let afterSo = said.hasSuffix("số")
      let named = TextForms.trimmed(TextForms.replacing(said, "số", with: ""), TextForms.isSpaceOrColon).hasSuffix(kind)
      // (Named before it, its number follows as the state's do: Nghị quyết 42-NQ/TW → nghị quyết bốn
      // mươi hai; not named, it is said with số: theo 05-CT/TW → theo chỉ thị số năm.)
      return (named || afterSo ? "" : kind + " số ") + g[1] + " của " + g[3]
    }
    s = replace(
      start + #"((?i:số)\s+)(\d{1,4})\s*[-–/]\s*((?:19|20)\d\d)"# + end + #"(?![-./]\d)(?!/)"#, in: s,
      when: .issueNumber
    ) { g in
      g[1] + g[2] + " năm " + g[3]
    }
    // A kind, its number and year, no issuer: Nghị định 45/2022 → nghị định bốn mươi lăm năm 2022;
    // also after the kind's abbreviation, which the lexicon reads: thay thế NĐ 155/2016.
    s = replace(
      start + "((?i:" + documents.names + #")\s+|(?:NĐ|QĐ|NQ|TTLT|TT)\s+)(\d{1,4})/((?:19|20)\d\d)"# + end
        + #"(?![-./]\d)(?!/)"#, in: s,
      when: .slash
    ) { g in
      g[1] + g[2] + " năm " + g[3]
    }
    return s
  }

  /// A fuel's grade after its dash (RON 95-III, 0,05S-II, RON 95-V), said as a number: " ba", " hai";
  /// "" if none.
  static func gradeWord(_ g: String) -> String {
    guard let n = Int(g) ?? roman(g).flatMap({ Int($0) }), (1...5).contains(n) else { return "" }
    return " " + ["một", "hai", "ba", "bốn", "năm"][n - 1]
  }

  // MARK: Single letters

  /// Words after which a lone letter is a label or a name, read by its name: điểm c → điểm xê,
  /// chị T → chị tê, lớp 12 C → … xê, a driving licence's class (bằng E, từ B2 lên C, sang B).
  /// A list goes on: điểm a, b và c.
  static let letterContext =
    #"(?:điểm|tiết|tiểu mục|mục|hạng|nhóm|bảng|loại|khu|lô|dãy|tòa|toà|nhà|phân khu|tiểu khu|phương án|mẫu|"#
    + #"ông|bà|anh|chị|em|cháu|bé|cô|chú|bác|cụ|đồng chí|đ/c|học sinh|bệnh nhân|bị can|đối tượng|người|"#
    + #"tuýp|típ|type|chủng|gan|vitamin|bằng|lên|xuống|sang)"#

  /// A person's initials, as the news gives them, read before the lexicon (which reads `H.` as
  /// huyện and `V.` as a Roman five) and before `Q.6` is parted: cháu N.T.H, em H.N.T.B., ông
  /// C. V. H, chị T.M, em T. và H. về nhà → each letter by its name.
  static let reporterNote = Trigger.text(["PV"])

  static func initials(_ s: String) -> String {
    // Three or four capitals, each after a dot and maybe a space (the last dot kept where a
    // sentence ends after it); two after a word for a person.
    var s = replace(
      #"(?<![\p{L}\p{N}.])((?i:anh|chị|ông|bà|cháu|em|bé|đối tượng|bệnh nhân|nạn nhân|học sinh|sinh viên|tài xế)\s+)?([A-ZĐ])\.\s?(\p{Lu})(?:\.\s?(\p{Lu}))?(?:\.\s?(\p{Lu}))?(?:\.(?!\s*\p{Lu}))?(?![\p{L}\p{N}])"#,
      in: s, when: Self.capitalDot
    ) { g in
      let letters = Array(g[2...5]).filter { !$0.isEmpty }
      guard letters.count >= 3 || !g[1].isEmpty, letters.allSatisfy({ $0.count == 1 }) else { return nil }
      // (Two letters apart, C. V, are no one's initials without the word for a person.)
      return g[1] + letters.map(initialName).joined(separator: " ")
    }
    // One capital and its dot inside a sentence, where no abbreviation stands (those come before a
    // name or a number): em T. và H. về nhà, S. cùng 4 cháu, em trai T., cùng → tê, hát, ét xì.
    // (Not the C of a degree: 5°C. tại → độ xê.)
    s = replace(#"(?<![\p{L}\p{N}.°º])([A-ZĐ])\.(?=\s+\p{Ll}|[,;)])"#, in: s, when: Self.capitalDot) { g in
      initialName(g[1])
    }
    // … and a person's initial after the name, before a bracket, as police and court reports
    // write it: bà Nguyễn Thị H. (SN 1983), anh Lê Văn T. (35 tuổi) → hát, tê (H. before a place's
    // name is huyện: the lexicon reads it).
    s = replace(#"(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}{1,7}\s)([A-ZĐ])\.(?=\s*\()"#, in: s, when: Self.capitalDot) { g in
      g[1] + initialName(g[2])
    }
    // A reporter's note at the end of a bracket: (hẻm - PV), (tức Công an xã - PV) → phóng viên.
    s = replace(#"[-–]\s*PV\s*(?=[)\]])"#, in: s, when: Self.reporterNote) { _ in ", phóng viên" }
    return s
  }

  /// A letter's name, or the letter itself where it has a tone of its own (Ố, the initial of Ốc).
  static func initialName(_ letter: String) -> String {
    let name = Spelling.name(letter)
    return name.isEmpty ? letter.lowercased() : name
  }

  static func singleLetters(_ s: String) -> String {
    // Capitals joined by an ampersand that the lexicon does not know: Hà Nội T&T, P&G → tê và tê,
    // pê và gờ (TT&TT, HĐND&UBND are read by the lexicon before).
    var s = replace(#"(?<![\p{L}\p{N}])(\p{Lu}{1,3})\s?&\s?(\p{Lu}{1,3})(?![\p{L}\p{N}])"#, in: s, when: .ampersand) {
      g in
      Spelling.spell(g[1]) + " và " + Spelling.spell(g[2])
    }
    // A list numbered or lettered with slashes, as official letters have it: 1/ Tất cả …, 2/ Thời
    // gian … → một. …, hai. …; a/ Đối với … → a, … (never "một hoặc Tất cả").
    s = replace(#"(^|[;:.\n]\s*)(\d{1,2})/(?=[ \t]+\p{L})"#, in: s, when: .slash) { g in g[1] + g[2] + "." }
    s = replace(#"(^|[;:.\n]\s*)([a-zđ])/(?=[ \t]+\p{L})"#, in: s, when: .slash) { g in g[1] + Spelling.name(g[2]) + ","
    }
    // A list marked by letters: a) …; b) … → a, …; bê, … (at the start, or after ; : or a new line,
    // which is a sentence's end by now).
    s = replace(#"(^|[;:\n]\s*|[.!?]\s+)([a-zđA-ZĐ])\)(?=\s)"#, in: s, when: .listMarker) { g in
      g[1] + Spelling.name(g[2]) + ","
    }
    let letter = #"([A-Za-zĐđ])(?![\p{L}\p{N}]|\.[\p{L}\p{N}]|['’]\p{L})"#
    // After a context word, then each further letter of a list (", b", " và c", " hoặc d").
    s = replace(
      #"(?<![\p{L}\p{N}])((?i:"# + letterContext + #")\s+)"# + letter
        + #"((?:\s*(?:,|và|hoặc)\s*[A-Za-zĐđ](?![\p{L}\p{N}]|\.\p{L}))*)"#, in: s, when: .loneLetters
    ) { g in
      let list = replace(#"(?<![\p{L}\p{N}])([A-Za-zĐđ])(?![\p{L}\p{N}])"#, in: g[3]) { h in Spelling.name(h[1]) }
      return g[1] + Spelling.name(g[2]) + list
    }
    // A driving licence's classes in a list: (A1, A2, B, C...), hạng B1, B2 và C → … bê, xê.
    s = replace(
      #"(?<![\p{L}\p{N}])([A-F][12]|[BCD]E)((?:\s*(?:,|và|hoặc)\s*[A-F](?:[12]|E)?(?![\p{L}\p{N}]))+)"#, in: s,
      when: .loneLetters
    ) { g in
      g[1] + replace(#"(?<![\p{L}\p{N}])([A-F])(?![\p{L}\p{N}])"#, in: g[2]) { h in Spelling.name(h[1]) }
    }
    // A capital after a capitalised name (Nguyễn Văn A), or after a number (khối 10 A; not C or F,
    // which are degrees: 32 C). Not the first letter of a Central Highlands name written with an
    // apostrophe: Cư M’gar, Ea H’leo, Đắk R’lấp stay as written.
    s = replace(
      #"(?<![\p{L}\p{N}])(?:(\p{Lu}\p{Ll}+\s+)([A-XZ]|Đ)|(\d+\s+)([ABDEG-XZ]|Đ))(?![\p{L}\p{N}]|\.\s*[\p{L}\p{N}]|['’]\p{L})"#,
      in: s, when: .loneLetters
    ) { g in g[1].isEmpty ? g[3] + Spelling.name(g[4]) : g[1] + Spelling.name(g[2]) }
    return s
  }

  // MARK: Scientific notation

  static let superscripts: [Character: Character] = [
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
  ]

  /// 1,5x10^6, 6,02.10²³, 2×10⁻³, 1.5e-6 → … nhân mười mũ …; a power of ten alone: 10^-3.
  static func scientific(_ s: String, _ r: NumberReader) -> String {
    func power(_ p: String) -> String {
      let digits = String(p.map { superscripts[$0] ?? $0 })
      let negative = digits.hasPrefix("-") || digits.hasPrefix("−")
      let n = digits.filter(\.isASCIIDigit)
      return "mũ " + (negative ? "trừ " : "") + r.cardinal(n)
    }
    let exponent = #"(?:\^\s*([-−]?\d{1,3})|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))"#
    var s = replace(
      // (The mantissa gives back its last group to the dot before 10: 6,02.10^23.)
      #"(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)*)\s*[x×.·*]\s*10"# + exponent + #"(?![\p{L}\p{N}])"#, in: s,
      when: .digitTen
    ) { g in
      let m = g[1].replacingOccurrences(of: ".", with: ",")
      return number(m, r) + " nhân mười " + power(g[2].isEmpty ? g[3] : g[2])
    }
    s = replace(#"(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)?)[eE]([-+−]?\d{1,3})"# + end, in: s, when: .digitE) { g in
      number(g[1].replacingOccurrences(of: ".", with: ","), r) + " nhân mười "
        + power(g[2].replacingOccurrences(of: "+", with: ""))
    }
    s = replace(start + "10" + exponent + #"(?![\p{L}\p{N}])"#, in: s, when: .digitTen) { g in
      "mười " + power(g[1].isEmpty ? g[2] : g[1])
    }
    return s
  }

  // MARK: Weekdays

  /// Weekdays abbreviated in a schedule, two or more together: T2-T6, T2, T4, T6, T7 và CN → thứ
  /// hai đến thứ sáu, …, chủ nhật (alone, CN is công nghiệp and T2 a code). Before the lexicon.
  static func weekdays(_ s: String) -> String {
    // One weekday before its date: T7, 13/1; CN 12/1; T2 (ngày 5/1) → thứ bảy, chủ nhật (CN alone is
    // công nghiệp).
    let s = replace(
      start + #"(T[2-7]|CN)(?=\s*[,(]?\s*(?:(?i:ngày)\s+)?\d{1,2}[/.-]\d{1,2}(?!\d))"#, in: s, when: .digitUpper
    ) { g in
      g[1] == "CN"
        ? "chủ nhật" : "thứ " + ["", "", "hai", "ba", "tư", "năm", "sáu", "bảy"][Int(String(g[1].dropFirst()))!]
    }
    return replace(
      start + #"(?:T[2-7]|CN)(?:\s*(?:[-–,;]|và|hoặc|đến|tới)\s*(?:T[2-7]|CN))+"# + end, in: s, when: .capitalT
    ) { g in
      var out = ""
      var i = g[0].startIndex
      let text = g[0]
      while i < text.endIndex {
        if text[i...].hasPrefix("CN") {
          out += "chủ nhật"
          i = text.index(i, offsetBy: 2)
        } else if text[i] == "T", let next = text[text.index(after: i)...].first, let n = next.wholeNumberValue {
          out += "thứ " + ["", "", "hai", "ba", "tư", "năm", "sáu", "bảy"][n]
          i = text.index(i, offsetBy: 2)
        } else if text[i] == "-" || text[i] == "–" {
          out += " đến "
          i = text.index(after: i)
        } else {
          out.append(text[i])
          i = text.index(after: i)
        }
      }
      return out
    }
  }

  // MARK: Phone numbers

  static func phones(_ s: String, _ r: NumberReader) -> String {
    // A landline with its area code in brackets: (0232) 3822 456, (028) 3829.1234 → digit by digit.
    var s = replace(
      #"\(\s*(0\d{2,3})\s*\)\s*(\d{3,4}[ .]?\d{3,4})"# + end + #"(?![.,]\d)"#, in: s, when: .zero
    ) { g in
      let digits = (g[1] + g[2]).filter(\.isASCIIDigit)
      guard (10...11).contains(digits.count) else { return nil }
      return r.digitByDigit(digits)
    }
    // 0xx… with optional separators, 10–11 digits: mobiles, landlines with area code (also with a
    // one-digit group, as 0232.3.812.345).
    s = replace(start + #"(0\d{1,4}(?:[ .\-]?\d{1,4}){1,4})"# + end, in: s, when: .zero) { g in
      let digits = g[1].filter(\.isASCIIDigit)
      guard (10...11).contains(digits.count) else { return nil }
      return r.digitByDigit(digits)
    }
    // An area code and a short line after its dot, with no phone word before it: 069.37246,
    // 0236.382245 → digit by digit (a leading zero before a dot is never a count or a decimal).
    s = replace(start + #"(0\d{2,3})\.(\d{4,7})"# + end + #"(?![.,]\d)"#, in: s, when: .zero) { g in
      let digits = g[1] + g[2]
      guard (7...11).contains(digits.count) else { return nil }
      return r.digitByDigit(digits)
    }
    // After a phone word: any digit group (hotlines 1900 1234, 113, 1022).
    s = replace(
      #"(?i)((?:điện thoại|đt|sđt|hotline|đường dây nóng|tổng đài|số máy|gọi|liên hệ)(?: số)?[:\s]+)(\d[\d .\-]{1,14}\d)"#
        + end + #"(?=(?:\s+(\p{L}+))?)"#,
      in: s,
      when: .phoneWords
    ) { g in
      // gọi 3.500 công dân nhập ngũ: a count in thousands, not a number to dial.
      if g[2].range(of: #"^\d{1,3}(\.\d{3}){1,2}$"#, options: .regularExpression) != nil { return nil }
      // phát lệnh gọi 234 công dân: a short number before the people it counts.
      if g[1].lowercased().hasPrefix("gọi"), g[2].allSatisfy(\.isASCIIDigit), g[2].count <= 4,
        countedPeople.contains(g[3].lowercased())
      {
        return nil
      }
      return g[1] + r.digitByDigit(g[2])
    }
    // Nation-wide service numbers wherever they stand: 1900 9095, 1800.1091, 1900 1234 56 (a
    // hotline named a few words before it: Đường dây nóng Sở Y tế: 1900 9095).
    s = replace(
      start + #"(1[89]00)[ .]?(\d{4}|\d{2}[ .]\d{2}|\d{3}[ .]\d{3}|\d{6}|\d{4}[ .]\d{2})"# + end + #"(?![.,]\d)"#,
      in: s,
      when: .digit
    ) { g in r.digitByDigit(g[1] + g[2].filter(\.isASCIIDigit)) }
    // A bare run of 7 or 8 digits at the end of a clause (hộp thư … – 8011035.): a number to dial;
    // a count that long is written in groups (1.200.000), and one before a word (1200000 người)
    // stays a count.
    s = replace(start + #"([1-9]\d{6,7})(?=\s*(?:$|[.;!?)\]](?!\d)))"#, in: s, when: .digit) { g in
      r.digitByDigit(g[1])
    }
    // Emergency numbers anywhere: 111 (child protection), 112 (rescue), 113, 114, 115 (also the
    // police's: Cảnh sát 113).
    s = replace(
      #"(?i)((?:số|gọi|số khẩn cấp|quay số|bấm số|tổng đài|đường dây|cảnh sát|công an|cấp cứu|cứu hỏa|cứu hộ|cứu nạn|báo cháy|chữa cháy)\s*:?\s+)(11[1-5])"#
        + end + #"(?!\s+(?i:người|ca|trường hợp|bệnh nhân|lượt|vụ|xe|hộ))"#, in: s,
      when: .emergencyNumbers
    ) { g in g[1] + r.digitByDigit(g[2]) }
    return s
  }

  /// Who a short number after "gọi" counts (phát lệnh gọi 234 công dân), so it is not dialled.
  static let countedPeople: Set<String> = [
    "công", "người", "thanh", "nam", "nữ", "hộ", "em", "học", "tân", "cán", "lượt", "đoàn", "chiến",
  ]

  // MARK: Dates

  /// Whether the text before a date is a label that names it a day: `Ngày ban hành: 29/06/2001`,
  /// `ngày hiệu lực: 04/10/2001` (no second "ngày").
  static func afterDateLabel(_ before: String) -> Bool {
    // Most dates follow no colon: answered from the last non-space byte, without trimming.
    guard before.utf8.last(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: ":") else { return false }
    let t = before.trimmingCharacters(in: .whitespaces)
    guard t.hasSuffix(":") else { return false }
    // (The clause's opening bracket or quote is not its first word: “Ngày ban hành: …)
    let clause = (t.split(whereSeparator: { ";,.\n".contains($0) }).last ?? "").lowercased()
      .trimmingCharacters(in: .whitespaces).drop { "(\"'“‘[".contains($0) }
    // (Ngày ban hành:, Thời gian: ngày …, Cập nhật ngày:)
    return clause.hasPrefix("ngày") || clause.contains(" ngày ") || clause.hasSuffix(" ngày:")
  }

  /// Whether the text before a date ends "ngày (": the day is named already (cảnh báo cháy rừng
  /// ngày (13/12/2017)); not a count of days, whose bracket names one (4 ngày (5/1/2025)).
  static func afterNgayInBracket(_ before: String) -> Bool {
    guard before.utf8.last(where: { $0 != 0x20 }) == UInt8(ascii: "(") else { return false }
    var t = Substring(before.lowercased())
    while t.last == " " { t.removeLast() }
    t.removeLast()
    while t.last == " " { t.removeLast() }
    guard t.hasSuffix("ngày") || t.hasSuffix("mùng") else { return false }
    t.removeLast(4)
    if let c = t.last, c.isLetter { return false }
    while t.last == " " { t.removeLast() }
    return t.last?.isNumber != true
  }

  /// Whether the text just before a figure speaks of days (so that 10.9 - 10.10 after it is two
  /// dates, not two decimals): a day, a month, a round, a week, a schedule.
  static func speaksOfDays(_ before: String) -> Bool {
    let t = before.lowercased()
    return ["ngày", "tháng", "đợt", "tuần", "lịch", "thời gian", "hôm"].contains { t.contains($0) }
  }

  /// Whether the sentence before a figure names the month `m` (`tháng 3`, not `tháng 30`).
  static func sentenceNamesMonth(_ before: String, _ m: Int) -> Bool {
    var sentence = Substring(before.lowercased())
    if let end = sentence.range(of: ". ", options: .backwards) { sentence = sentence[end.upperBound...] }
    if let end = sentence.lastIndex(of: "\n") { sentence = sentence[sentence.index(after: end)...] }
    var rest = sentence[...]
    while let r = rest.range(of: "tháng \(m)") {
      if r.upperBound == rest.endIndex || !rest[r.upperBound].isNumber { return true }
      rest = rest[r.upperBound...]
    }
    return false
  }

  /// Whether the clause before a figure names an index or a measure (chỉ số, UV, pH, AQI, nồng độ,
  /// độ mặn, hệ số, tỷ lệ), so that "từ 2.5 đến 5.4" in it is a range of decimals, not of dates.
  static func speaksOfMeasures(_ before: String) -> Bool {
    // The last clause, scalar by scalar (it was split and searched with Foundation at every figure).
    let scalars = before.unicodeScalars
    var i = scalars.endIndex
    while i > scalars.startIndex {
      let j = scalars.index(before: i)
      if Self.clauseMarks.contains(scalars[j].value) { break }
      i = j
    }
    let words = scalars[i...].split(whereSeparator: { !isLetter($0) }).map { String($0).lowercased() }
    if words.contains(where: { ["uv", "ph", "aqi", "pm"].contains($0) }) { return true }
    // (UV and pH may already be read by the lexicon when this runs.)
    return zip(words, words.dropFirst()).contains { Self.measuredPairs.contains([$0, $1]) }
  }
  static let clauseMarks: Set<UInt32> = Set(",;:!?()\n".unicodeScalars.map(\.value))
  static let measuredPairs: Set<[String]> = [
    ["chỉ", "số"], ["nồng", "độ"], ["độ", "mặn"], ["hệ", "số"], ["tỷ", "lệ"], ["tỉ", "lệ"], ["u", "vê"], ["pê", "hát"],
    // (An earthquake's magnitude: độ lớn từ 2.7 đến 3.7.)
    ["độ", "lớn"],
  ]

  /// Whether the clause before a figure opens with a day or a deadline (Ngày nhận hồ sơ …, Hạn
  /// nộp …, Thời hạn …), so that "là 1/7" in it is a date and not a share.
  static func clauseIsADay(_ before: String) -> Bool {
    let clause =
      before.lowercased().split(omittingEmptySubsequences: false, whereSeparator: { ",;:.!?()\n".contains($0) })
      .last ?? ""
    let words = clause.split(whereSeparator: { !$0.isLetter })
    guard let first = words.first else { return false }
    return first == "ngày" || first == "hạn" || (first == "thời" && words.dropFirst().first == "hạn")
  }

  /// Whether the words before a date name its day already, so no ngày is said: sáng nay 01/5/2022,
  /// hôm nay 3/1/2025 (as sáng nay 31/8 is read), trong các ngày từ 24/03/2021.
  static func namesItsDay(_ before: String) -> Bool {
    let t = TextForms.trimmed(before.lowercased())
    return t.hasSuffix("các ngày từ") || t.hasSuffix("các ngày")
      || ["sáng nay", "trưa nay", "chiều nay", "tối nay", "đêm nay", "hôm nay"].contains(where: { t.hasSuffix($0) })
  }

  static func validDay(_ d: String) -> Bool { (Int(d) ?? 0) >= 1 && (Int(d) ?? 0) <= 31 }
  static func validMonth(_ m: String) -> Bool { (Int(m) ?? 0) >= 1 && (Int(m) ?? 0) <= 12 }

  /// What a count out of a count counts (6/6 tổ máy, 30/34 hộ): a date is never followed by these.
  static let countedThings =
    "tổ máy|hộ|xã|phường|thị trấn|thôn|bản|ấp|tổ dân phố|người|vị|đại biểu|chỉ tiêu|tiêu chí|trường|học sinh|"
    + "đơn vị|huyện|tỉnh|cửa|trường hợp|phiếu|công trình|dự án|trạm|thành viên|đảng viên|cơ sở|doanh nghiệp|"
    + "gia đình|lớp|chi bộ|thửa|nhóm|ngành|lĩnh vực|mặt hàng|sản phẩm|địa phương|quận|khu vực|nội dung|nhiệm vụ|"
    + "hồ sơ|thủ tục|mô hình|đội|tổ|chi đoàn|chi hội|câu lạc bộ|hội viên|đoàn viên|phương tiện|mẫu|bệnh nhân|điểm"
  /// Words after which a day/month is a date, whatever follows it.
  static let dateHeads: Set<String> = [
    "ngày", "mùng", "sáng", "trưa", "chiều", "tối", "đêm", "hôm", "nay", "mai", "từ", "đến", "tới", "và",
    "dịp", "đường", "phố", "cầu", "trước", "sau", "hạn", "lúc", "vào",
  ]

  /// Whether a date's head is "các ngày": the days after it are named already, ngày is said once.
  static func afterCacNgay(_ head: String) -> Bool { head.lowercased().hasPrefix("các") }

  /// Whether the text before a date ends "… ngày từ <a date> đến": the days of a range were named
  /// already (trong các ngày từ 21/02 đến 24/02/2023), so the second date takes no ngày of its own.
  /// Whether the word right before a range of days is "ngày" (các ngày từ 4 đến 7-11: the days are
  /// named), not a count of days a comma ends (Trong 3 ngày, từ 26 đến 28-3: each is a date).
  static func namesDaysJustBefore(_ before: String) -> Bool {
    let t = before.lowercased().reversed().drop(while: \.isWhitespace)
    guard t.starts(with: "yàgn") else { return false }
    return t.dropFirst(4).first.map { !$0.isLetter } ?? true
  }

  static func endsARangeOfNamedDays(_ before: String) -> Bool {
    // Most dates follow no "đến": answered from the last letters, without lower-casing the context.
    guard lastWordIsDen(before) else { return false }
    // The last clause (the marks are ASCII, so it is cut on bytes), lower-cased, as bytes: a dates
    // line asks this for every date, and Characters and Foundation's search cost half its run.
    let u = before.utf8
    let from = u.lastIndex(where: isClauseMark).map { u.index(after: $0) } ?? u.startIndex
    // All three need "các" or "những" in the clause, in whatever case: most clauses have neither.
    guard hasCacOrNhung(u[from...]) else { return false }
    let clause = Array(before[from...].lowercased().utf8)
    // (Not a count of days: trong 05 ngày từ ngày 4 đến 8/11/2019.)
    return lastOffset(of: cacNgayTu, in: clause) != nil || lastOffset(of: nhungNgayTu, in: clause) != nil
      || namesTheFirstDay(clause)
  }

  /// , ; : . ( ) and a line break: where a clause ends.
  static func isClauseMark(_ b: UInt8) -> Bool {
    switch b {
    case 0x2C, 0x3B, 0x3A, 0x2E, 0x28, 0x29, 0x0A: return true
    default: return false
    }
  }

  /// Whether the bytes hold the word "các" or "những" in any case (c, á or Á, c; h, ữ or Ữ).
  static func hasCacOrNhung(_ b: Substring.UTF8View) -> Bool {
    let a = Array(b)
    var i = 1
    while i + 2 < a.count {
      if a[i] == 0xC3, a[i + 1] == 0xA1 || a[i + 1] == 0x81, a[i - 1] | 0x20 == 0x63, a[i + 2] | 0x20 == 0x63 {
        return true
      }
      if i >= 2, i + 3 < a.count, a[i] == 0xE1, a[i + 1] == 0xBB, a[i + 2] == 0xAF || a[i + 2] == 0xAE,
        a[i - 1] | 0x20 == 0x68, a[i - 2] | 0x20 == 0x6E
      {
        return true
      }
      i += 1
    }
    return false
  }
  static let cacNgayTu = Array("các ngày từ ".utf8)
  static let thang = Array("tháng".utf8)
  static let nhungNgayTu = Array("những ngày từ ".utf8)
  static let firstDayHeads = [Array("các ngày ".utf8), Array("những ngày ".utf8)]
  static let rangeWords = [Array("đến".utf8), Array("tới".utf8)]

  /// Where `needle` last starts in `hay`, byte for byte.
  static func lastOffset(of needle: [UInt8], in hay: [UInt8]) -> Int? {
    guard !needle.isEmpty, needle.count <= hay.count else { return nil }
    var i = hay.count - needle.count
    while i >= 0 {
      if hay[i] == needle[0], hay[i..<i + needle.count].elementsEqual(needle) { return i }
      i -= 1
    }
    return nil
  }

  /// Whether the last run of letters in `s` is "đến" in any case (and is the whole run).
  static func lastWordIsDen(_ s: String) -> Bool {
    let word: [Unicode.Scalar] = ["đ", "ế", "n"]
    var u = s.unicodeScalars.reversed().makeIterator()
    var c = u.next()
    while let x = c, !x.properties.isAlphabetic { c = u.next() }
    for expected in word.reversed() {
      guard let x = c, x == expected || lower(x) == expected else { return false }
      c = u.next()
    }
    if let x = c, x.properties.isAlphabetic || x.properties.generalCategory == .nonspacingMark { return false }
    return true
  }

  /// Whether a clause ending "đến" names its first day right after "các ngày" or "những ngày"
  /// (trong các ngày 14 đến 16-1): the second day is said without a "ngày" of its own.
  static func namesTheFirstDay(_ clause: Substring) -> Bool { namesTheFirstDay(Array(clause.utf8)) }

  /// The same over a clause's UTF-8 bytes, lower-cased.
  static func namesTheFirstDay(_ clause: [UInt8]) -> Bool {
    for head in firstDayHeads {
      guard let at = lastOffset(of: head, in: clause) else { continue }
      let words = clause[(at + head.count)...].split(separator: 0x20)
      if words.count == 2, rangeWords.contains(where: { words[1].elementsEqual($0) }),
        words[0].allSatisfy({ (0x30...0x39).contains($0) })
      {
        return true
      }
    }
    return false
  }

  static func dates(_ s: String, _ r: NumberReader) -> String {
    func day(_ d: String) -> String { r.cardinal(d) }
    // The fourth month is "tháng tư", never "tháng bốn".
    func month(_ m: String) -> String { Int(m) == 4 ? "tư" : r.cardinal(m) }
    func date(_ d: String, _ m: String, _ y: String, hasNgay: Bool) -> String {
      var w = (hasNgay ? "" : "ngày ") + day(d) + " tháng " + month(m)
      if !y.isEmpty { w += " năm " + r.cardinal(y) }
      return w
    }
    // An hour and its minutes as written beside a date (2h, 7h30; no minutes said for 00).
    func hour(_ h: String, _ m: String) -> String {
      r.cardinal(h) + " giờ" + ((Int(m) ?? 0) == 0 ? "" : " " + r.cardinal(m) + " phút")
    }
    // A whole date glued to the word before it by a page's layout (cầu Quang Thanh25/07/2021): a
    // space first, so that the date rules see it.
    var s = replace(#"(?<=\p{Ll})(?=\d{1,2}/\d{1,2}/\d{4}(?!\d))"#, in: s, when: .digitSlash) { _ in " " }
    // A page's time stamp, its hour and a dash before the date (13:02 - 04/01/2025): a pause, not
    // a range from the minutes to the day.
    s = replace(
      start + #"(\d{1,2}:\d{2}(?::\d{2})?)\s*[-–]\s*(?=\d{1,2}/\d{1,2}/\d{4}(?!\d))"#, in: s, when: .digitSlash
    ) { g in g[1] + ", " }
    // A span of time from one amount to another, each with its unit, as a sentence of law writes
    // it: phạt tù từ 06 tháng - 03 năm → sáu tháng đến ba năm (never a date: the unit comes after
    // each number).
    let span = #"\d{1,4}\s+(?:giây|phút|giờ|ngày|tuần|tháng|năm|tuổi)"#
    s = replace(start + "(" + span + #")\s+[-–]\s+(?="# + span + #"(?!\p{L}))"#, in: s, when: .digitDash) { g in
      g[1] + " đến "
    }
    // A date in the American order, where the order cannot be mistaken (the day past 12), as
    // some sites stamp their pages: 8/16/2021 1:54:45 PM → ngày mười sáu tháng tám năm …
    s = replace(start + #"((?i:ngày)\s+)?(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})"# + end, in: s, when: .digitSlash) {
      g in
      guard validMonth(g[2]), let d = Int(g[3]), d > 12, d <= 31 else { return nil }
      return g[1] + date(g[3], g[2], g[4], hasNgay: !g[1].isEmpty)
    }
    // A byline's date with the month in words and the year after a comma: 28 Tháng 8, 2025 → ngày
    // hai mươi tám tháng tám năm hai nghìn không trăm hai mươi lăm.
    s = replace(
      start + #"((?i:ngày)\s+)?(\d{1,2})\s+(?:Tháng|tháng|THÁNG)\s+(\d{1,2}),\s*((?:19|20)\d{2})"# + end, in: s,
      when: .monthWords
    ) { g in
      guard validDay(g[2]), validMonth(g[3]) else { return nil }
      return g[1] + date(g[2], g[3], g[4], hasNgay: !g[1].isEmpty)
    }
    // Three figures or more joined by dashes, none of them a year, and no month after them: a list
    // read with pauses, not a range (mục tiêu 90-90-90, 95-95-95 → chín mươi, chín mươi, chín mươi).
    s = replace(
      #"(?<![\p{L}\p{N}]|\d[-.])([1-9]\d{1,2}(?:-[1-9]\d{1,2}){2,})(?![\p{L}\p{N}]|-\d|\s*/|\s*(?i:tháng))"#, in: s,
      when: .digitDash
    ) { g in g[1].split(separator: "-").map { r.cardinal($0) }.joined(separator: ", ") }
    // A dash left before "và" (ngày 5 – và 6/2) is no range: the two days are joined by the word.
    s = replace(#"(\d)\s*[-–]\s+(?=(?:và|hoặc)\s+\d)"#, in: s, when: .dash) { g in g[1] + " " }
    // Days before a month said in words: three or more joined by dashes are a list (3 ngày (10 - 11
    // - 12 tháng 2 âm lịch) → mười, mười một, mười hai tháng hai); two after ngày are a range, as
    // "ngày 12 đến 14 tháng Giêng" is read (ngày 06-07 tháng Giêng: not the date 6/7).
    s = replace(
      start + #"(\d{1,2})\s*[-–]\s*(\d{1,2})((?:\s*[-–]\s*\d{1,2})+)(?=\s+(?i:tháng)\s)"#, in: s, when: .digitDash
    ) { g in
      let days = [g[1], g[2]] + g[3].split(whereSeparator: { $0 == "-" || $0 == "–" || $0 == " " }).map(String.init)
      guard days.allSatisfy(validDay), zip(days, days.dropFirst()).allSatisfy({ Int($0)! < Int($1)! }) else {
        return nil
      }
      return days.map(day).joined(separator: ", ")
    }
    s = replace(
      #"((?i:ngày|mùng)\s+)(\d{1,2})\s*[-–]\s*(\d{1,2})(?=\s+(?i:tháng)\s)"#, in: s, when: .digitDash
    ) { g in
      guard validDay(g[2]), validDay(g[3]), Int(g[2])! < Int(g[3])! else { return nil }
      return g[1] + day(g[2]) + " đến " + day(g[3])
    }
    // An hour glued to its date by a slash, as hydrological bulletins write it: lúc 2h/21/7.
    s = replace(
      start + #"(\d{1,2})h(\d{2})?/(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"# + end + "(?!/)", in: s, when: .digitSlash
    ) {
      g in
      guard let h = Int(g[1]), h < 25, validDay(g[3]), validMonth(g[4]) else { return nil }
      return hour(g[1], g[2]) + " " + date(g[3], g[4], g[5], hasNgay: false)
    }
    // … and to its day alone, the month said elsewhere: từ 19h/2 - 7h/3 → từ mười chín giờ ngày
    // hai đến bảy giờ ngày ba.
    s = replace(
      start + #"(\d{1,2})h(\d{2})?/(\d{1,2})(?:\s*[-–]\s*(\d{1,2})h(\d{2})?/(\d{1,2}))?"# + end + #"(?![/.,]\d)"#,
      in: s,
      when: .digitSlash
    ) { g in
      func hourOfDay(_ h: String, _ m: String, _ d: String) -> String? {
        guard let n = Int(h), n < 25, validDay(d) else { return nil }
        return hour(h, m) + " ngày " + r.cardinal(d)
      }
      guard let from = hourOfDay(g[1], g[2], g[3]) else { return nil }
      if g[4].isEmpty { return from }
      guard let to = hourOfDay(g[4], g[5], g[6]) else { return nil }
      return from + " đến " + to
    }
    // … written with a dash: từ 18 đến 20-9 → từ ngày mười tám đến ngày hai mươi tháng chín
    // when a word that goes on the clause follows (ở, tại, có, mưa…: the end of a clause is read
    // below), not after "các ngày", which says ngày once (các ngày từ 4 đến 7-11); not "từ 5 đến
    // 7-8 người".
    s = replace(
      #"(?<!(?i:ngày)\s)((?i:từ)\s+)(\d{1,2})(\s+(?i:đến|tới)\s+)(\d{1,2})-(\d{1,2})"# + end + #"(?![-/.,]\d)"#
        + #"(?=\s+(?i:ở|tại|trên|khu vực|có|sẽ|âm lịch|dương lịch|các|nhiều|mưa|trời|vùng|miền|tỉnh|huyện|xã)(?!\p{L}))"#,
      in: s,
      when: .digitDash
    ) { g in
      guard validDay(g[2]), validDay(g[4]), validMonth(g[5]), (Int(g[2]) ?? 0) < (Int(g[4]) ?? 0) else { return nil }
      return g[1] + "ngày " + r.cardinal(g[2]) + g[3] + date(g[4], g[5], "", hasNgay: false)
    }
    // A date right after an hour: 14 giờ 18-5, 8 giờ 30 phút 2-9 → … giờ ngày mười tám tháng năm.
    s = replace(
      #"(\d{1,2}\s?giờ(?:\s?\d{1,2}\s?phút)?\s+)(\d{1,2})-(\d{1,2})"# + end + #"(?![-/.,]\d)(?!\s*phút)"#, in: s,
      when: .digitDash
    ) { g in
      guard validDay(g[2]), validMonth(g[3]) else { return nil }
      return g[1] + date(g[2], g[3], "", hasNgay: false)
    }
    // A day and month with a dash after từ, the day's number above the month's: từ 16-3 → từ ngày
    // mười sáu tháng ba (a range does not go down: từ 16 đến 3); not before what is counted or
    // measured (từ 22-5 giờ, từ 9-7 người).
    s = replace(
      #"((?i:từ)\s+)(\d{1,2})-(\d{1,2})"# + end + #"(?![-/.,]\d)"#
        + #"(?!\s*(?:%|‰|m|km|cm|mm|mét|độ|kg|g|h|tấn|ha|lít|giờ|phút|triệu|tỷ|nghìn|đồng|lần|điểm|người|con|hộ|tuổi|ngày|tháng|năm)(?!\p{L}))"#
        // (Two dates joined, từ 16-3 đến 20-3, are read together below.)
        + #"(?!\s*(?:(?i:đến|tới)|[-–])\s*\d)"#,
      in: s, when: .digitDash
    ) { g in
      guard validDay(g[2]), validMonth(g[3]), Int(g[2])! > Int(g[3])! else { return nil }
      return g[1] + date(g[2], g[3], "", hasNgay: false)
    }
    // From a day to a date: từ 11 đến 19/2/2007 → từ ngày mười một đến ngày mười chín tháng hai …
    s = replace(
      #"((?i:từ)\s+)(\d{1,2})(?=\s+(?i:đến|tới)\s+(\d{1,2})/(\d{1,2})(?!\d)(?!\s+(?:số|diện|dân|tổng|lượng|sản|trường|ca)(?!\p{L})))"#,
      in: s, when: .digitSlash
    ) { g in
      guard validDay(g[2]), validDay(g[3]), validMonth(g[4]), (Int(g[2]) ?? 0) < (Int(g[3]) ?? 0) else { return nil }
      return g[1] + "ngày " + g[2]
    }
    // A stray space inside a date: 25/10/ 2013, 25 /10/2013.
    s = replace(start + #"(\d{1,2})\s?/\s?(\d{1,2})/\s(\d{4})"# + end, in: s, when: .digitSlash) { g in
      guard validDay(g[1]), validMonth(g[2]) else { return nil }
      return g[1] + "/" + g[2] + "/" + g[3]
    }
    // Several days of one month: ngày 10, 17, 24, 31 /01/2021; các ngày 5, 6 và 7/9; ngày 15 và 16/11;
    // vào ngày 6 và 7-11; các ngày 10 và 11.11 → ngày mười, mười bảy, … tháng một (one "ngày", one
    // month, for the whole list, as it is written). The dash and the dot only with no space around
    // them and no unit after (ngày 3 và 4-5 người is not a date).
    s = replace(
      #"(?i)((?:ngày|đêm)\s+)((?:\d{1,2}\s*,\s*)+(?:\d{1,2}\s+(?:và|hoặc)\s+)?|\d{1,2}\s+(?:và|hoặc)\s+)(\d{1,2})(?:\s*/\s*|([-.]))(\d{1,2})(?:[/\-.]((?:19|20)\d\d))?"#
        + end
        + #"(?![-./,]\d)(?!\s*(?:%|‰|m|km|cm|mm|mét|độ|kg|g|tấn|ha|lít|giờ|triệu|tỷ|nghìn|đồng|lần|điểm|người|con|hộ)(?!\p{L}))"#,
      in: s, when: .digitDateMark
    ) { g in
      var g = g
      g.remove(at: 4)
      let days = g[2].split(whereSeparator: { !$0.isASCIIDigit }).map(String.init)
      guard days.allSatisfy(validDay), validDay(g[3]), validMonth(g[4]) else { return nil }
      var list = ""
      for piece in g[2].split(separator: " ", omittingEmptySubsequences: true) {
        let digits = piece.filter(\.isASCIIDigit)
        list += (digits.isEmpty ? String(piece) : day(String(digits)) + (piece.hasSuffix(",") ? "," : "")) + " "
      }
      return g[1] + list.replacingOccurrences(of: " ,", with: ",") + date(g[3], g[4], g[5], hasNgay: true)
    }
    // A count out of a count, with thousands separators: 762.320/800.719, a rate per a hundred
    // thousand: 1/100.000 dân → … trên … (read as numbers later, never as a date or a decimal).
    // (Starts only where no number goes on to the left: a long run of groups is tried once.)
    s = replace(
      #"(?<![\p{L}\p{N}.,])(\d{1,3}(?:\.\d{3})+|\d{1,3})\s*/\s*(\d{1,3}(?:\.\d{3})+)"# + end, in: s, when: .digitSlash
    ) {
      g in
      g[1] + " trên " + g[2]
    }
    // … and after a comma, a list's next count when the clause before it had one: 12/12 chi đoàn,
    // 5/7 chi hội → trên (the first no greater than the second; alone, 2/3 trường hợp is a share).
    s = replace(
      #"([,;]\s*)(\d{1,3})/(\d{1,3})(?=\s+(?i:"# + countedThings + #")(?!\p{L}))"#, in: s, when: .digitSlash,
      context: 80
    ) { g, before in
      guard let a = Int(g[2]), let b = Int(g[3]), a <= b,
        before.range(of: #"\d/\d{1,3}\s+\p{L}"#, options: .regularExpression) != nil
      else { return nil }
      return g[1] + g[2] + " trên " + g[3]
    }
    // A count out of a count before what is counted: qua 6/6 tổ máy, đạt 80/80 chỉ tiêu, có 30/34 hộ
    // → trên, though 6/6 could be a date; after a word of dates (ngày, sáng, từ, dịp…) a date.
    s = replace(
      #"(?<![\p{L}\p{N}])((?:\p{L}+\s+)?)(\p{L}+)(\s+)(\d{1,3})/(\d{1,3})(?=\s+(?i:"# + countedThings
        + #")(?!\p{L}))"#, in: s, when: .digitSlash
    ) { g in
      let word = g[2].lowercased()
      // (qua is a date's head after hôm or đêm: đêm qua 6/6; a verb before a count: phát qua 6/6 tổ máy.)
      let pastNight = word == "qua" && ["hôm", "đêm", "tuần"].contains(TextForms.trimmed(g[1]).lowercased())
      guard !dateHeads.contains(word), !pastNight, Int(g[4])! <= Int(g[5])! else { return nil }
      return g[1] + g[2] + g[3] + g[4] + " trên " + g[5]
    }
    // A knockout round by its share of the field: vòng 1/8, vòng 1/16 → một phần tám (never a date).
    s = replace(#"((?i:vòng)\s+)1/(4|8|16|32)"# + end + #"(?!/)"#, in: s, when: .digitSlash) { g in
      g[1] + "một phần " + r.cardinal(g[2])
    }
    // Two dates joined by a dash keep their "đến": Từ 01/11/2024 - 31/12/2024, từ ngày 25/1 - 2/2/2025.
    s = replace(
      start + #"(\d{1,2})/(\d{1,2})((?:/\d{4})?)\s*[-–]\s*(\d{1,2})/(\d{1,2})((?:/\d{4})?)"# + end + #"(?!/)"#, in: s,
      when: .digitSlash
    ) { g in
      guard validDay(g[1]), validMonth(g[2]), validDay(g[4]), validMonth(g[5]) else { return nil }
      return "\(g[1])/\(g[2])\(g[3]) đến \(g[4])/\(g[5])\(g[6])"
    }
    // … and two whole dates written with dots: (1.10.1990 - 1.10.2016), từ 01.11.2024 - 31.12.2024.
    s = replace(
      start + #"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\s*[-–]\s*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)"# + end
        + #"(?![.,]\d)"#, in: s, when: .digitDot
    ) { g in
      guard validDay(g[1]), validMonth(g[2]), validDay(g[4]), validMonth(g[5]) else { return nil }
      return "\(g[1])/\(g[2])/\(g[3]) đến \(g[4])/\(g[5])/\(g[6])"
    }
    // … and with dashes, the dash between them spaced: (27-3-1946 - 27-3-2021).
    s = replace(
      start + #"(\d{1,2})-(\d{1,2})-((?:19|20)\d\d)\s+[-–]\s+(\d{1,2})-(\d{1,2})-((?:19|20)\d\d)"# + end
        + #"(?![-.,]\d)"#, in: s, when: .digitDash
    ) { g in
      guard validDay(g[1]), validMonth(g[2]), validDay(g[4]), validMonth(g[5]) else { return nil }
      return "\(g[1])/\(g[2])/\(g[3]) đến \(g[4])/\(g[5])/\(g[6])"
    }
    // A day range closed by a day.month after ngày: ngày 7 - 13.9, Ngày 9 - 10.4 (not 1 - 2.5 mét).
    // After "các ngày" the days are named already: các ngày 14 - 19.9 → … mười bốn đến mười chín.
    s = replace(
      #"((?:(?i:các)\s+)?(?i:ngày)\s+)(\d{1,2})\s*[-–]\s*(\d{1,2})\.(\d{1,2})"# + end + #"(?![-./,]\d)"#, in: s,
      when: .digitDot
    ) { g in
      guard validDay(g[2]), validDay(g[3]), validMonth(g[4]) else { return nil }
      return g[1] + day(g[2]) + (afterCacNgay(g[1]) ? " đến " : " đến ngày ") + day(g[3]) + " tháng " + month(g[4])
    }
    // Two day.month dates joined by a dash after ngày: từ ngày 31.8 - 6.9 (not 1.5 - 2.5 mét).
    s = replace(
      #"((?i:ngày)\s+)(\d{1,2})\.(\d{1,2})\s*[-–]\s*(\d{1,2})\.(\d{1,2})"# + end + #"(?![-./,]\d)"#, in: s,
      when: .digitDot
    ) { g in
      guard validDay(g[2]), validMonth(g[3]), validDay(g[4]), validMonth(g[5]) else { return nil }
      return g[1] + day(g[2]) + " tháng " + month(g[3]) + " đến ngày " + day(g[4]) + " tháng " + month(g[5])
    }
    // Day ranges: 20-25/11, từ 8-10/6, 20 - 25/11/2024.
    s = replace(
      start + #"((?:(?i:các)\s+)?(?i:ngày)\s+)?(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"# + end,
      in: s, when: .digitSlash
    ) { g in
      guard validDay(g[2]), validDay(g[3]), validMonth(g[4]) else { return nil }
      let head = g[1].isEmpty ? "ngày " : g[1]
      var w = head + day(g[2]) + (afterCacNgay(g[1]) ? " đến " : " đến ngày ") + day(g[3]) + " tháng " + month(g[4])
      if !g[5].isEmpty { w += " năm " + r.cardinal(g[5]) }
      return w
    }
    // Full dates: 21/3/2022, 05/01/2025, 15-8-2023, 15.8.2023.
    s = replace(
      start + #"(?=[\dnNmMđĐsStTcC])((?i:ngày|mùng|đêm|sáng|trưa|chiều|tối)\s+)?(\d{1,2})([/\-.])(\d{1,2})\3(\d{4})"#
        + end, in: s,
      when: .digitDateMark, context: 40
    ) { g, before in
      guard validDay(g[2]), validMonth(g[4]) else { return nil }
      let named =
        !g[1].isEmpty || Self.afterDateLabel(before) || Self.endsARangeOfNamedDays(before)
        || Self.afterNgayInBracket(before) || Self.namesItsDay(before)
      return g[1] + date(g[2], g[4], g[5], hasNgay: named)
    }
    // Month and year with a dash after tháng: tháng 7-2019.
    s = replace(#"((?i:tháng)\s+)(\d{1,2})-((?:19|20)\d\d)"# + end, in: s, when: .digitDash) { g in
      guard validMonth(g[2]) else { return nil }
      return g[1] + month(g[2]) + " năm " + r.cardinal(g[3])
    }
    // … and after đến, từ, tới, trong or vào, where tháng is left out: từ đầu năm đến 10-2019.
    s = replace(
      #"((?i:đến|từ|tới|trong|vào)\s+)(\d{1,2})-((?:19|20)\d\d)"# + end + #"(?![-/.]\d)"#, in: s, when: .digitDash
    ) { g in
      guard validMonth(g[2]) else { return nil }
      return g[1] + "tháng " + month(g[2]) + " năm " + r.cardinal(g[3])
    }
    // Two such dates after ngày, joined by đến, tới or và: (từ) ngày 21.6 đến 24.6 → … đến ngày hai
    // mươi tư tháng sáu; các ngày 21.6 và 24.6 → … và hai mươi tư tháng sáu.
    s = replace(
      #"((?i:ngày|mùng|đêm|sáng|trưa|chiều|tối)\s+)(\d{1,2})[-.](\d{1,2})(\s+(?i:đến|tới|và)\s+)((?i:ngày)\s+)?(\d{1,2})[-.](\d{1,2})"#
        + end
        + dateEnd,
      in: s, when: .digitDashOrDot
    ) { g in
      guard validDay(g[2]), validMonth(g[3]), validDay(g[6]), validMonth(g[7]) else { return nil }
      let second = !g[5].isEmpty ? g[5] : g[4].lowercased().contains("và") ? "" : "ngày "
      return g[1] + day(g[2]) + " tháng " + month(g[3]) + g[4] + second + day(g[6]) + " tháng " + month(g[7])
    }
    // Day and month written with - or . where a date is meant: after ngày, mùng, a part of the day
    // or hôm nay: ngày 6-5, Ngày 22.12, mùng 2.9, Hôm nay (26-9). Elsewhere 6-5 is a range and
    // 22.12 a decimal.
    s = replace(
      start
        + #"((?i:ngày|mùng|(?:đêm|sáng|trưa|chiều|tối)(?:\s+(?:sớm|tối|muộn))?(?:\s+(?:nay|qua|mai))?|hôm nay|hôm qua|ngày mai)\s*(\(\s*)?)(\d{1,2})[-.](\d{1,2})"#
        + end + #"(?![-./,]\d)(?=(\s+(?i:đến|tới)\s+\d{1,2}[-.]\d{1,2})?)"#, in: s, when: .digitDashOrDot
    ) { g in
      guard validDay(g[3]), validMonth(g[4]) else { return nil }
      let word = g[1].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "( "))
      // từ đêm nay 7.10 đến 9.10: the range below reads both ends.
      if !g[5].isEmpty, word.contains(" ") { return nil }
      // (Unbracketed after hôm nay / hôm qua no second "ngày" either, as for 15/2; in brackets it gets one.)
      let named = ["ngày", "mùng"].contains(word) || (g[2].isEmpty && word != "ngày mai")
      return g[1] + (named ? "" : "ngày ") + day(g[3]) + " tháng " + month(g[4])
    }
    // … and after a comma that follows hôm nay, hôm qua or ngày mai: kể từ 15 giờ hôm nay, 17.5 →
    // hôm nay, ngày mười bảy tháng năm (as hôm nay, 5/3 is read).
    s = replace(
      #"((?i:hôm nay|hôm qua|ngày mai),\s*)(\d{1,2})[-.](\d{1,2})"# + end + #"(?![-./,]\d)(?!\s?%)"#, in: s,
      when: .digitDashOrDot
    ) { g in
      guard validDay(g[2]), validMonth(g[3]) else { return nil }
      return g[1] + "ngày " + day(g[2]) + " tháng " + month(g[3])
    }
    // … and in brackets after a day named by its Ngày: hưởng ứng Ngày Chuyển đổi số quốc gia (10-10)
    // → (ngày mười tháng mười), not mười đến mười (the day's name within the clause).
    s = replace(#"\(\s*(\d{1,2})[-.](\d{1,2})\s*\)"#, in: s, when: .digitDashOrDot, context: 60) { g, before in
      guard validDay(g[1]), validMonth(g[2]) else { return nil }
      let u = before.utf8
      let from = u.lastIndex(where: isClauseMark).map { u.index(after: $0) } ?? u.startIndex
      // (A day named with its capital, Ngày Chuyển đổi số; not trong ngày (5-7 ca), a count.)
      guard before[from...].contains("Ngày ") else { return nil }
      return "(ngày " + day(g[1]) + " tháng " + month(g[2]) + ")"
    }
    // A day and month with a dash that ends a clause, after a date read already in the clause:
    // mắc bệnh từ ngày 26-1 nhưng 16-2, … và đến 19-2, → a date, not a range (mười sáu đến hai).
    s = replace(
      start + #"((?i:đến|tới|nhưng|và)\s+)(\d{1,2})-(\d{1,2})"# + end + #"(?=\s*[,;)]|\.(?!\d))"#, in: s,
      when: .digitDash, context: 60
    ) { g, before in
      // In the same sentence (after its last . ; ! or ?), the earlier date read already, or still
      // written with a slash: từ ngày 5/3 đến 7-8.
      let u = Array(before.utf8)
      var from = u.count
      while from > 0 && !(from < u.count && [0x2E, 0x3B, 0x21, 0x3F].contains(u[from - 1]) && u[from] == 0x20) {
        from -= 1
      }
      let sentence = u[from...]
      let slashDate = sentence.indices.contains { i in
        sentence[i] == UInt8(ascii: "/") && i > sentence.startIndex && (48...57).contains(sentence[i - 1])
      }
      let readDate = lastOffset(of: thang, in: Array(sentence)) != nil
      guard validDay(g[2]), validMonth(g[3]), readDate || slashDate else { return nil }
      let head = g[1].lowercased().trimmingCharacters(in: .whitespaces)
      return g[1] + (head == "đến" || head == "tới" ? "ngày " : "") + day(g[2]) + " tháng " + month(g[3])
    }
    // A place named after a day, written with a dot: Quảng trường 12.11, đường 30.4 (not a width:
    // mặt đường 1.5m).
    s = replace(
      #"((?i:đường|phố|quảng trường|cầu)\s+)(\d{1,2})\.(\d{1,2})"# + end
        + dateEnd,
      in: s, when: .digitDot
    ) { g in
      guard validDay(g[2]), validMonth(g[3]) else { return nil }
      return g[1] + day(g[2]) + " tháng " + month(g[3])
    }
    // A day, then a day and month: từ ngày 20 đến 22-4 → … đến ngày hai mươi hai tháng tư; after
    // "các ngày" the days are named already (các ngày 14 đến 16-1 → … mười bốn đến mười sáu tháng một).
    s = replace(
      #"((?:(?i:các|những)\s+)?(?i:ngày)\s+)(\d{1,2})(\s+(?i:đến|tới)\s+(?:(?i:hết\s+)?(?i:ngày)\s+)?)(\d{1,2})[-.](\d{1,2})"#
        + end + dateEnd,
      in: s, when: .digitDashOrDot
    ) { g in
      guard validDay(g[2]), validDay(g[4]), validMonth(g[5]) else { return nil }
      let named =
        g[3].lowercased().contains("ngày") || g[1].lowercased().hasPrefix("các")
        || g[1].lowercased().hasPrefix("những")
      let to = named ? g[3] : g[3] + "ngày "
      return g[1] + day(g[2]) + to + day(g[4]) + " tháng " + month(g[5])
    }
    // The same after từ or an opening bracket, where the end of the clause shows it is a date:
    // (21 đến 31-1) → (ngày hai mươi mốt đến ngày ba mươi mốt tháng một), từ 1 - 5.6, → từ ngày một
    // đến ngày năm tháng sáu; not "từ 5 đến 7-8 người".
    // (A dash between them or a dot in the date could be a range of decimals, từ 1 - 2.5: then only
    // where the text just before speaks of days.)
    s = replace(
      start
        + #"(\(\s*(?:(?i:từ)\s+)?|(?i:từ)\s+)(\d{1,2})(\s+(?i:đến|tới)\s+|\s*[-–]\s*)(\d{1,2})([-.])(\d{1,2})"#
        + end + #"(?![-./,]\d)(?=\s*(?:[),;:]|\.(?!\d)|$))"#,
      in: s, when: .digitDashOrDot, context: 60
    ) { g, before in
      guard validDay(g[2]), validDay(g[4]), validMonth(g[6]), Int(g[2])! < Int(g[4])! else { return nil }
      let dash = !g[3].contains(where: \.isLetter)
      if dash || g[5] == ".", !speaksOfDays(before) { return nil }
      // After "các ngày" (các ngày từ 4 đến 7-11) the days are named already: no "ngày" is added.
      let named = Self.namesDaysJustBefore(before)
      let ngay = named ? "" : "ngày "
      return g[1] + ngay + day(g[2]) + (dash ? " đến " : g[3]) + ngay + day(g[4]) + " tháng " + month(g[6])
    }
    // A bare range of days whose month the sentence has named before: Trong tháng 3, … các kỳ
    // triều cường 11 - 15.3 và 27 - 31.3 (the .3 is March, not three tenths; 11 - 15.3 mm stays).
    s = replace(
      start + #"(\d{1,2})\s*[-–]\s*(\d{1,2})([-.])(\d{1,2})"# + end
        + #"(?![-./,]\d)(?=\s*(?:[),;:]|\.(?!\d)|$|\s(?i:và|hoặc)\s))"#,
      in: s, when: .monthWords, context: 150
    ) { g, before in
      guard validDay(g[1]), validDay(g[2]), validMonth(g[4]), Int(g[1])! < Int(g[2])!,
        sentenceNamesMonth(before, Int(g[4])!), !speaksOfMeasures(before)
      else { return nil }
      let ngay = Self.namesDaysJustBefore(before) ? "" : "ngày "
      return ngay + day(g[1]) + " đến " + ngay + day(g[2]) + " tháng " + month(g[4])
    }
    // From one such date to another: từ 21.6 đến 24.6 (not from 1.5 to 2.5 metres).
    s = replace(
      start
        + #"((?i:từ)\s+(?:(?i:đêm|ngày|sáng|trưa|chiều|tối|hôm)(?:\s+(?i:nay|mai|qua))?\s+)?)(\d{1,2})[-.](\d{1,2})(\s+(?i:đến|tới)\s+)(\d{1,2})[-.](\d{1,2})"#
        + end
        + dateEnd,
      in: s, when: .digitDashOrDot, context: 60
    ) { g, before in
      guard validDay(g[2]), validMonth(g[3]), validDay(g[5]), validMonth(g[6]) else { return nil }
      // Not an index's range: chỉ số UV từ 2.5 đến 5.4, độ pH từ 6.5 đến 8.5.
      if !g[1].lowercased().contains("ngày"), speaksOfMeasures(before) { return nil }
      // After "các ngày" (trong các ngày từ 21.6 đến 24.6) the days are named already.
      let ngay = Self.namesDaysJustBefore(before) ? "" : "ngày "
      return g[1] + ngay + day(g[2]) + " tháng " + month(g[3]) + g[4] + ngay + day(g[5]) + " tháng "
        + month(g[6])
    }
    // The same joined by a dash, the dates written with a dot: đợt hai từ 10.9 - 10.10.
    // (Without ngày, only where the text just before speaks of days: chỉ số tia cực tím từ 2.5-5.4
    // is a range of decimals.)
    s = replace(
      start + #"((?i:từ)\s+(?:(?i:ngày)\s+)?)(\d{1,2})\.(\d{1,2})\s*[-–]\s*(\d{1,2})\.(\d{1,2})"# + end
        + dateEnd,
      in: s, when: .digitDot, context: 60
    ) { g, before in
      guard validDay(g[2]), validMonth(g[3]), validDay(g[4]), validMonth(g[5]) else { return nil }
      let named = g[1].lowercased().contains("ngày")
      guard named || speaksOfDays(before) else { return nil }
      let first = named ? "" : "ngày "
      return g[1] + first + day(g[2]) + " tháng " + month(g[3]) + " đến ngày " + day(g[4]) + " tháng " + month(g[5])
    }
    // Round the clock after a verb of service: trực 24/7, phục vụ 24/7 (ngày 24/7 stays a date).
    s = replace(
      #"(?i)((?:trực|phục vụ|hoạt động|mở cửa|làm việc|tiếp nhận|sẵn sàng|hỗ trợ|giao dịch|thanh toán|chuyển tiền)\s+)24\s?/\s?7"#
        + end + "(?![/.]\\d)",
      in: s, when: .digitSlash
    ) { g in g[1] + r.cardinal("24") + " trên " + r.cardinal("7") }
    // A round of something and its year: đợt 2/2022, kỳ 1/2025 → đợt hai năm … (not a month).
    s = replace(
      #"(?i)(?<![\p{L}\p{N}])(đợt|kỳ|khóa|khoá)\s+(\d{1,2})\s*/\s*((?:19|20)\d\d)"# + end, in: s, when: .digitSlash
    ) { g in
      g[1] + " " + r.cardinal(g[2]) + " năm " + r.cardinal(g[3])
    }
    // A month and its year joined by a dot: cuối tháng 6.2014.
    s = replace(#"(?i)(tháng)\s+(\d{1,2})\.((?:19|20)\d\d)"# + end, in: s, when: .digitDot) { g in
      guard validMonth(g[2]) else { return nil }
      return g[1] + " " + month(g[2]) + " năm " + r.cardinal(g[3])
    }
    // Two months, the second with its year after a dash: tháng 2 và 3-2025 → tháng hai và tháng ba
    // năm hai nghìn không trăm hai mươi lăm (the slash form is read as month and year below).
    s = replace(
      #"(?i)(tháng\s+\d{1,2}\s*(?:,|và|hoặc)\s*)(\d{1,2})\s*[-–]\s*((?:19|20)\d\d)"# + end, in: s, when: .digitDash
    ) { g in
      guard validMonth(g[2]) else { return nil }
      return g[1] + "tháng " + month(g[2]) + " năm " + r.cardinal(g[3])
    }
    // Month ranges with their year: tháng 4 - 5/2012 → tháng tư đến tháng năm năm hai nghìn …
    s = replace(#"(?i)(tháng)\s+(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)"# + end, in: s, when: .digitSlash) {
      g in
      guard validMonth(g[2]), validMonth(g[3]) else { return nil }
      return g[1] + " " + month(g[2]) + " đến tháng " + month(g[3]) + " năm " + r.cardinal(g[4])
    }
    // From one month and year to another: tháng 12/2022-01/2023 → tháng mười hai năm … đến tháng một
    // năm …
    s = replace(
      #"(?i)(tháng)\s+(\d{1,2})/((?:19|20)\d\d)\s*[-–]\s*(\d{1,2})/((?:19|20)\d\d)"# + end, in: s, when: .digitSlash
    ) { g in
      guard validMonth(g[2]), validMonth(g[4]) else { return nil }
      return g[1] + " " + month(g[2]) + " năm " + r.cardinal(g[3]) + " đến tháng " + month(g[4]) + " năm "
        + r.cardinal(g[5])
    }
    // Quarter and year: quý I/2026, quý 3/2025 (before a month and year takes quý 1/2018); the
    // fourth is quý bốn, as quý IV alone is (a month is tháng tư, a quarter is not).
    s = replace(#"(?i)(quý)\s+(IV|I{1,3}|[1-4])\s*/\s*(\d{4})"# + end, in: s, when: .digitSlash) { g in
      let q = Int(g[2]) ?? Int(roman(g[2].uppercased()) ?? 0)
      return g[1] + " " + r.cardinal(String(q)) + " năm " + r.cardinal(g[3])
    }
    // A round or a term and its year: đợt II/2025, kỳ 1/2024, giai đoạn II/2021 → đợt hai năm hai
    // nghìn … (not hoặc, not a month).
    s = replace(
      #"(?i)((?:đợt|kỳ|kì|giai đoạn)\s+)(IV|V|VI{1,3}|I{1,3}|[1-9])\s*/\s*((?:19|20)\d\d)"# + end, in: s,
      when: .digitSlash
    ) { g in
      guard let n = Int(g[2]) ?? roman(g[2].uppercased()).map({ Int($0) }) else { return nil }
      return g[1] + r.cardinal(String(n)) + " năm " + r.cardinal(g[3])
    }
    // Month and year: tháng 12/2024, 12/2024.
    s = replace(start + #"((?i:tháng)\s+)?(\d{1,2})/(\d{4})"# + end, in: s, when: .digitSlash) { g in
      guard validMonth(g[2]) else { return nil }
      return (g[1].isEmpty ? "tháng " : g[1]) + month(g[2]) + " năm " + r.cardinal(g[3])
    }
    // Month ranges: tháng 10-11 → tháng mười đến tháng mười một.
    s = replace(#"(?i)(tháng)\s+(\d{1,2})\s*[-–]\s*(\d{1,2})"# + end + #"(?!\s*/)"#, in: s, when: .digitDash) { g in
      guard validMonth(g[2]), validMonth(g[3]) else { return nil }
      return g[1] + " " + month(g[2]) + " đến tháng " + month(g[3])
    }
    // A month by name: tháng 4 → tháng tư (not "4 tháng", a duration).
    s = replace(#"(?i)(tháng)\s+0?4"# + end + #"(?![.,]\d)"#, in: s, when: .monthWords) { g in g[1] + " tư" }
    // Year ranges: 2021-2025, 2021 – 2025.
    s = replace(start + #"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)"# + end, in: s, when: .digitDash) { g in
      r.cardinal(g[1]) + " đến " + r.cardinal(g[2])
    }
    // Day and month: 2/9, ngày 30/4. Fractions after quantity words stay fractions.
    s = replace(
      #"((?:^|[^\p{L}\p{N}])(?:(\p{L}+)(?:\s+|\s*\(\s*))?)(\d{1,2})/(\d{1,2})"# + end + #"(?!/)(?=(?:\s+(\p{L}+))?)"#,
      in: s,
      when: .digitSlash, context: 60
    ) { g, earlier in
      guard validDay(g[3]), validMonth(g[4]) else { return nil }
      let before = g[2].lowercased()
      // In brackets after a word it is a date (đến thứ Hai tuần tới (3/10)), unless a share follows.
      // (The bracket stands between the word and the date; in "(ngày 7/11)" the word is inside it.)
      let afterBracket = g[1].split(separator: "(", omittingEmptySubsequences: false).last ?? ""
      let bracketed = g[1].contains("(") && !afterBracket.contains(where: \.isLetter)
      // A fraction said in words and then written in figures: hai phần ba (2/3) thời gian.
      if bracketed, let num = Int(g[3]), let den = Int(g[4]), num < den, den <= 10,
        before == (den == 4 ? "tư" : r.cardinal(g[4])),
        earlier.lowercased().hasSuffix(r.cardinal(g[3]) + " phần")
      {
        return nil
      }
      if !bracketed,
        [
          "chiếm", "khoảng", "gần", "hơn", "còn", "được", "bằng", "giảm", "tăng", "là", "thứ", "hạng", "trên", "dưới",
          "đạt", "tới", "có", "lệ",
        ].contains(before)
      {
        // … unless the clause is a day's: Ngày nhận hồ sơ là 1/7, Hạn nộp là 30/6.
        guard before == "là", clauseIsADay(earlier) else { return nil }
      }
      // A part less than the whole, of a measure (1/2 kg, 3/4 lít → một phần hai ki lô gam, never
      // the first of February; the lexicon has read kg by now: ki lô gam) or of a cost someone pays
      // or bears (người sử dụng lao động đóng 2/3, Nhà nước chịu 1/2; hạn đóng 15/3 is a date).
      if !bracketed, let num = Int(g[3]), let den = Int(g[4]), num < den,
        Self.fractionUnits.contains(g[5]) || ["đóng", "chịu", "hưởng"].contains(before)
      {
        return nil
      }
      // A share of something: 3/4 số hộ, 1/5 diện tích.
      // (Not after ngày: ngày 2/3 trường học is a date.)
      // So is a count of places or samples: 10/11 huyện, 3/5 xã, 21/22 mẫu (not after a part of the day:
      // sáng 10/11 huyện … is a date).
      if !["ngày", "mùng", "hôm", "đêm", "sáng", "trưa", "chiều", "tối", "nay", "qua", "mai"].contains(before),
        [
          "số", "diện", "dân", "tổng", "lượng", "sản", "trường", "ca", "huyện", "tỉnh", "xã", "phường", "quận", "thôn",
          "mẫu", "hộ", "đơn", "điểm", "xóm", "ấp", "làng", "buôn", "khối", "cụm",
        ].contains(g[5].lowercased())
      {
        return nil
      }
      // After ngày, or a part of the day (đêm 12/10, sáng 5/9), no second "ngày"; a date in brackets
      // after one is said as announcers do (hôm nay (14/10) → hôm nay, ngày mười bốn tháng mười),
      // as `Hôm nay (26-9)` is.
      // Right after ngày, in brackets or not, no second "ngày": hôm nay ngày (21/8); but "4 ngày (5/1)"
      // counts days, and its bracket names one.
      let counted = earlier.last(where: { !$0.isWhitespace })?.isNumber == true
      if ["ngày", "mùng"].contains(before), !counted { return g[1] + day(g[3]) + " tháng " + month(g[4]) }
      // A place named after a day (đường 3/2, Quảng trường 2/9, phố 19/5, cầu 2/9) and an
      // occasion (dịp 30/4) say the day without "ngày".
      if ["đường", "phố", "trường", "cầu", "dịp"].contains(before) {
        return g[1] + day(g[3]) + " tháng " + month(g[4])
      }
      // After "các ngày từ" the days are named already: trong các ngày từ 21/6 đến 24/6.
      if before == "từ" || before == "đến" {
        let clause = (earlier.lowercased().split(whereSeparator: { ",;:.()\n".contains($0) }).last ?? "")
        let words = clause.split(whereSeparator: { !$0.isLetter })
        // (The clause stops before the word, which is part of the match.)
        if before == "từ" ? words.last == "ngày" : clause.contains("ngày từ ") || namesTheFirstDay(clause + " đến") {
          return g[1] + day(g[3]) + " tháng " + month(g[4])
        }
      }
      // (sáng nay 15/2, hôm qua 3/4, sáng mai 13/7: "nay"/"qua"/"mai" close a time word, as "hôm" does.)
      if !bracketed,
        ["ngày", "đêm", "sáng", "trưa", "chiều", "tối", "mùng", "hôm", "nay", "qua", "mai"].contains(before)
      {
        return g[1] + day(g[3]) + " tháng " + month(g[4])
      }
      return g[1] + "ngày " + day(g[3]) + " tháng " + month(g[4])
    }
    return s
  }

  // MARK: Times

  static func times(_ s: String, _ r: NumberReader) -> String {
    func time(_ h: String, _ m: String) -> String? {
      // 48h, 72h: a number of hours, not a time of day.
      if m.isEmpty, let hh = Int(h), hh >= 25 { return r.cardinal(h) + " giờ" }
      guard let hh = Int(h), hh < 25 else { return nil }
      if m.isEmpty || Int(m) == 0 { return r.cardinal(h) + " giờ" }
      guard let mm = Int(m), mm < 60 else { return nil }
      return r.cardinal(h) + " giờ " + r.cardinal(m) + " phút"
    }
    // An hour without its "giờ" before a part of the day: đến 7 sáng nay, lúc 10 đêm qua.
    var s = replace(
      #"(?i)((?:lúc|đến|từ|vào|khoảng|tới)\s+)(\d{1,2})(\s+(?:sáng|trưa|chiều|tối|đêm))(?!\p{L})(?!\s+(?:kiến|tác|tạo|lập|suốt|rực|tỏ|chói|sủa))"#,
      in: s, when: .digitOnly
    ) { g in
      guard let h = Int(g[2]), h <= 24 else { return nil }
      return g[1] + r.cardinal(g[2]) + " giờ" + g[3]
    }
    // Hours, minutes and seconds by their letters, as earthquake notices give them: 21h15p21s,
    // 21g15p21s, 22h33p → hai mươi mốt giờ mười lăm phút hai mươi mốt giây.
    s = replace(start + #"(\d{1,2})[hg](\d{1,2})p(?:(\d{1,2})s)?"# + end, in: s, when: .digitHour) { g in
      guard let hh = Int(g[1]), hh < 25, let mm = Int(g[2]), mm < 60, Int(g[3]).map({ $0 < 60 }) ?? true else {
        return nil
      }
      return r.cardinal(g[1]) + " giờ " + r.cardinal(g[2]) + " phút"
        + (g[3].isEmpty ? "" : " " + r.cardinal(g[3]) + " giây")
    }
    // Minutes marked with a prime after "giờ": 11 giờ30’, 7giờ 00’ → mười một giờ ba mươi phút, bảy giờ.
    s = replace(start + #"(\d{1,2})\s?giờ\s?(\d{2})\s?['’′]"#, in: s, when: .hourWords) { g in
      guard let hh = Int(g[1]), hh < 25, let mm = Int(g[2]), mm < 60 else { return nil }
      return r.cardinal(g[1]) + " giờ" + (mm == 0 ? "" : " " + r.cardinal(g[2]) + " phút")
    }
    // 13 giờ 00 phút → mười ba giờ (no "không phút" on the hour).
    s = replace(start + #"(\d{1,2})\s+giờ\s+00?\s+phút"# + end, in: s, when: .hourWords) { g in
      guard let hh = Int(g[1]), hh < 25 else { return nil }
      return r.cardinal(g[1]) + " giờ"
    }
    // … and without it: 22giờ 00 ngày 12/9, 5 giờ 00.
    s = replace(start + #"(\d{1,2})\s?giờ\s?00"# + end, in: s, when: .hourWords) { g in
      guard let hh = Int(g[1]), hh < 25 else { return nil }
      return r.cardinal(g[1]) + " giờ"
    }
    // Round the clock: 24/24h, 24/7
    s = replace(start + #"(\d{1,2})/(\d{1,2})\s?h"# + end, in: s, when: .digitSlash) { g in
      r.cardinal(g[1]) + " trên " + r.cardinal(g[2]) + " giờ"
    }
    // Hours after a slash are a duration a measure is per: 20-40mm/24h, 80 mm/3h → … trên hai mươi tư
    // giờ (kept in figures for the rule that reads the slash).
    s = replace(#"(?<=/)\s?(\d{1,3})\s?h(?![\p{L}\p{N}])"#, in: s, when: .digitSlash) { g in g[1] + " giờ" }
    // Hours from one to another: 20-22h, 7 – 9h → hai mươi đến hai mươi hai giờ; and a span of
    // hours: trong 24-48h tới → hai mươi tư đến bốn mươi tám giờ.
    s = replace(start + #"(\d{1,2})\s*[-–]\s*(\d{1,2})\s?h"# + end, in: s, when: .digitDash) { g in
      guard let a = Int(g[1]), let b = Int(g[2]), (a < 25 && b < 25) || a < b else { return nil }
      return r.cardinal(g[1]) + " đến " + r.cardinal(g[2]) + " giờ"
    }
    // 17h30, 5h, 13h00, 7h30', 14h00′, 7g30, and 4h30 phút (its "phút" said once); not the grams of
    // a concentration (4g/l).
    s = replace(
      start + #"(\d{1,2})\s?[hg](\d{2}|0)?(?:'|′|p|ph|phút|(?<=\d)\s+phút)?"# + end
        + #"(?!\s?/\s?(?:l|L|lít|ml|mL|m3|m³|kg|dl)(?![\p{L}\p{N}]))"#, in: s, when: .digitHour
    ) {
      g in
      time(g[1], g[2])
    }
    // The end of a span of hours written without its "h", the clause ending there: cắt điện từ 7h
    // đến 12. → … từ bảy giờ đến mười hai giờ.
    s = replace(
      #"((?i:từ)\s+\p{Ll}+(?:\s\p{Ll}+){0,2}\s+giờ(?:\s+\p{Ll}+(?:\s\p{Ll}+){0,2}\s+phút)?\s+(?:đến|tới)\s+)(\d{1,2})"#
        + #"(?=\s*(?:[;)\n]|[.,](?!\d)|$))"#, in: s, when: .hourWords
    ) { g in
      guard let h = Int(g[2]), h <= 24 else { return nil }
      return g[1] + r.cardinal(g[2]) + " giờ"
    }
    // 12:00:00, 7:30:15
    s = replace(start + #"(\d{1,2}):(\d{2}):(\d{2})"# + end, in: s, when: .digitColon) { g in
      guard let t = time(g[1], g[2]), let sec = Int(g[3]), sec < 60 else { return nil }
      return sec == 0 ? t : t + (t.hasSuffix("phút") ? "" : " không phút") + " " + r.cardinal(g[3]) + " giây"
    }
    // 7.30 before a part of the day: a time, not a decimal.
    s = replace(start + #"(\d{1,2})\.(\d{2})(?=\s+(?i:sáng|trưa|chiều|tối|đêm)(?!\p{L}))"#, in: s, when: .digitDot) {
      g in
      time(g[1], g[2])
    }
    // 7:30, 11:00 (not a ratio like 1:1000)
    s = replace(start + #"(\d{1,2}):(\d{2})"# + end, in: s, when: .digitColon) { g in time(g[1], g[2]) }
    // A dash between two times: đến (also 23 giờ - 1 giờ, written in figures).
    s = replace(
      #"(giờ(?: [\p{L} ]+? phút)?)\s*[-–]\s*(?=\p{L}+ giờ|\p{L}+ \p{L}+ giờ|\p{L}+ \p{L}+ \p{L}+ giờ|\d{1,2}\s?giờ(?!\p{L}))"#,
      in: s,
      when: .dash
    ) { g in
      g[1] + " đến "
    }
    return s
  }

  // MARK: Units, money, percent

  /// What a price or a count may be per that is also an office or a class: after a body or a
  /// place (sở/phòng, trường/lớp, Cục/Vụ) the slash lists them.
  static let perPieces: Set<String> = ["bộ", "lớp", "vụ", "phòng", "đợt", "kỳ", "chiếc", "cái"]
  static let bodies: Set<String> = [
    "sở", "cục", "trường", "ban", "ngành", "phòng", "bộ", "viện", "vụ", "tổ", "đội", "xã", "phường", "huyện",
    "tỉnh", "thôn", "khoa", "lớp", "cấp", "khối", "đơn", "vị",
  ]

  /// (The pattern looks behind for two capitals: most lines have one of the words, few have both.)
  static let gluedWords = {
    var t = Trigger.words(["ngày", "tháng", "năm", "về", "của", "và", "tại", "theo"])
    t.alsoCapitals = true
    return t
  }()
  static let namedMarks = Trigger("*#")
  /// A capital letter with a dot right after it (an initial's first letter).
  static let capitalDot = Trigger.text(("ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { "\($0)." }) + ["Đ."])
  static let currencySigns = Trigger.digitAnd("$€£¥")
  static let loneUnits = Trigger.text([
    "kWh", "MWh", "GWh", "kW", "MW", "GW", "kV", "m2", "m²", "m3", "m³", "kg", "mm", "cm", "km",
  ])

  /// The last word of a unit of measure as read (mét, gam, oát…): kW/giờ, MW/km2 are "trên".
  static let measureWords: Set<String> = [
    "mét", "vuông", "khối", "gam", "lít", "oát", "ta", "jun", "vôn", "ampe", "mol",
  ]

  /// A part less than the whole, with a denominator up to ten, in words: 3/4 → ba phần tư.
  static func fraction(_ a: String, _ b: String, _ r: NumberReader) -> String? {
    guard let x = Int(a), let y = Int(b), x < y, y <= 10 else { return nil }
    return r.cardinal(a) + " phần " + (y == 4 ? "tư" : r.cardinal(b))
  }

  /// Units, as written and as the lexicon has read their first word, that a fraction can measure.
  static let fractionUnits: Set<String> = [
    "kg", "g", "lít", "l", "ml", "m", "km", "ha", "tấn", "tạ", "cm", "mm", "sào", "mẫu", "chén", "thìa", "cốc", "ki",
    "mi", "gam", "mét", "héc",
  ]

  /// Things counted (not weighed or paid): con/m2 is a density.

  static let countNouns: Set<String> = [
    "con", "người", "cây", "hộ", "ca", "lượt", "khóm", "dảnh", "ổ", "trứng", "bông", "quả", "cá", "thể", "nhà", "xe",
  ]

  static func unitsAndMoney(_ s: String, _ r: NumberReader, _ units: UnitTable) -> String {
    // An elevation's plus says above the datum, not an addition: cao trình +117,28 m.
    var s = replace(start + #"((?i:cao trình|cao độ|cốt))\s*\+\s*(?=\d)"#, in: s, when: .elevationWords) { g in
      g[1] + " "
    }
    // A flow whose superscript three lost its place when a page was copied: 160m 3 /s, 750-820m 3 /s
    // → mét khối trên giây.
    s = replace(#"(?<=\d)\s?m 3 ?/ ?s(?![\p{L}\p{N}])"#, in: s, when: .digitOnly) { _ in " m3/s" }
    // … with the next digits glued after the letters: 1tr5 → một triệu năm trăm nghìn, 1tr25 →
    // một triệu hai trăm năm mươi nghìn, 2k5 → hai nghìn năm trăm.
    s = replace(start + #"(\d{1,3})(tr|k)(\d{1,3})"# + end, in: s, when: .digitLetter) { g in
      let part = g[3] + String(repeating: "0", count: 3 - g[3].count)
      guard let n = Int(part), n > 0 else { return nil }
      return g[1] + (g[2] == "tr" ? " triệu \(n) nghìn" : " nghìn \(n)")
    }
    // Money as it is typed in posts: 450k → 450 nghìn, 7-9tr → 7-9 triệu (read with the numbers
    // below), 58 tr.đ / trđ → 58 triệu đồng; not 5km, not tr.5 (a page), not 5K (the health
    // ministry's five K's).
    s = replace(
      start + #"(\d{1,3}(?:[.,]\d{1,3})?)\s?(k|tr)(\.?đ(?:ồng)?)?(?![\p{L}\p{N}])(?!\.\d)"#, in: s,
      when: .digitLetter
    ) { g in
      g[1] + (g[2] == "tr" ? " triệu" : " nghìn") + (g[3].isEmpty ? "" : " đồng")
    }
    // A currency's sign before its sum is said after it, as the sum is read: $50 → 50 $ (đô la),
    // €20 → 20 € (ơ rô), US$ 1,2 tỷ → 1,2 tỷ đô la Mỹ.
    s = replace(
      #"(?<![\p{L}\p{N}])(US\$|\$|€|£|¥)\s?("# + num + #"(?:\s(?:nghìn|ngàn|triệu|tỷ))?)(?![\p{L}\p{N}])"#, in: s,
      when: Self.currencySigns
    ) { g in g[2] + " " + (g[1] == "US$" ? "đô la Mỹ" : g[1]) }
    // A minus sign before a number at the start of a word: -2°C → âm 2°C
    s = replace(#"(^|\(|(?<![\p{N}%°])\s)[-−](\d)"#, in: s, when: .digitMinus) { g in g[1] + "âm " + g[2] }
    // Between two words, a route: Đinh Tiên Hoàng > Điện Biên Phủ > Minh Khai (a pause; read while
    // numbers are still digits, so AQI > 300 stays "lớn hơn").
    // (Not before an alarm level: Mức nước > BĐ3 is trên báo động ba, read below.)
    s = replace(#"(?<=\p{L})\s+>\s+(?=\p{L})(?!BĐ|(?i:báo động))"#, in: s, when: .greater) { _ in ", " }
    // Arrows drawn with brackets before a link or a heading (>>> Xem thêm, >> Tin liên quan) are
    // decoration: a pause, never "lớn hơn lớn hơn lớn hơn".
    // (What comes before is looked at, not taken: `>>> >>>` are two arrows, the second's space not
    // the first's match.)
    s = replace(#"(?<![^\s(:])(?<!\d\s)>{2,}\s*"#, in: s, when: .greater) { _ in "" }
    // A range whose first end has its scale word: 500 nghìn - 1 triệu đồng → … nghìn đến một triệu.
    s = replace(
      start + "(" + num + #"\s+(?:nghìn|ngàn|triệu|tỷ))\s*[-–]\s*(?=\d)"#, in: s, when: .digitDash
    ) { g in g[1] + " đến " }
    // A range of sums with the currency on both ends: từ 200.000 đồng - 280.000 đồng.
    s = replace(
      start + "(" + num + #"\s*(?:nghìn|ngàn|triệu|tỷ)?\s*(?:đồng|đ))\s+[-–]\s+(?="# + num
        + #"\s*(?:nghìn|ngàn|triệu|tỷ)?\s*(?:đồng|đ)(?![\p{L}\p{N}]))"#, in: s, when: .digitDash
    ) { g in g[1] + " đến " }
    // Times a percentage, in a formula: … trước khi thất nghiệp x 60% → nhân.
    s = replace(#"(?<=\p{L})\s+[x×]\s+(?=\d[\d.,]*\s?%)"#, in: s, when: .digitTimes) { _ in " nhân " }
    // Sizes: 3 x 4 m, 20×30 cm → nhân; also after a counted word: 03 tháng x 5kg/tháng.
    s = replace(#"(\d\s?\p{L}{1,6})\s+[x×]\s+(?=\d)"#, in: s, when: .digitTimes) { g in g[1] + " nhân " }
    s = replace(#"(?<=\d)\s*[x×]\s*(?=\d)"#, in: s, when: .digitTimes) { _ in " nhân " }
    // … and with the unit after each side: 4m x 4m x 1,5m.
    s = replace(#"(?<=\d)(\s?(?:mm|cm|dm|m|km))\s*[x×]\s*(?=\d)"#, in: s, when: .digitTimes) { g in g[1] + " nhân " }
    // … and a sum with percentages and money: 70% x 4,5% x 2.340.000đ (a contribution's working).
    s = replace(#"(?<=\d)(\s?%)\s+[x×]\s+(?=\d)"#, in: s, when: .digitTimes) { g in g[1] + " nhân " }
    // A quantity per another: 50 miligam/100 mililít, 100 mm/3 giờ → trên (a slash between
    // words is "hoặc" elsewhere, never here).
    // (Not "per one": 2 lần/1 tháng is "một tháng", below.)
    // An alarm level and the height above it are two figures: trên BĐ3 0,35m → trên báo động ba,
    // không phẩy ba mươi lăm mét.
    s = replace(
      #"(?<![\p{L}\p{N}])(BĐ\s?[1-3]|(?i:báo động)\s+(?:[1-3]|I{1,3}))\s+(?=\d)"#, in: s, when: .alarmWords
    ) { g in g[1] + ", " }
    // An earthquake's magnitude glued to its M: M4,2 → M 4,2 (em mờ bốn phẩy hai).
    s = replace(#"(?<![\p{L}\p{N}])M(\d[,.]\d{1,2})(?![\p{L}\p{N}])"#, in: s, when: .digitUpper) { g in
      Spelling.spell("M") + " " + g[1]
    }
    // People and their households are two counts too, either way round: 12.345 người/3.210 hộ;
    // so are boats and the people on them: 35 tàu/212 lao động.
    s = replace(
      #"(?<![\p{L}\p{N}.,])("# + num + #"\s?(?:người|khẩu|nhân khẩu))\s*/\s*(?=\d[\d.,]*\s?hộ(?!\p{L}))"#, in: s,
      when: .slash
    ) { g in g[1] + ", " }
    s = replace(
      #"(?<![\p{L}\p{N}.,])("# + num + #"\s?(?:tàu(?: cá| thuyền)?|thuyền|ghe|phương tiện))\s*/\s*"#
        + #"(?=\d[\d.,]*\s?(?:người|lao động|thuyền viên|ngư dân)(?!\p{L}))"#, in: s, when: .slash
    ) { g in g[1] + ", " }
    s = replace(
      #"(?<![\p{L}\p{N}.,])("# + num
        + #"\s?(?:\p{L}+(?:\s\p{L}+){0,2}|%))\s*/\s*(?=\d)(?!1\s?(?:tháng|năm|ngày|tuần|người|hộ|lần|vụ|khẩu)(?!\p{L}))"#,
      in: s,
      when: .slash
    ) { g in
      // Households and the people in them are two counts, not a ratio: 38.047 hộ/141.843 người.
      g[1].hasSuffix("hộ") ? g[1] + ", " : g[1] + " trên "
    }
    // A concentration, a mass per a volume or per a mass: 4g/l, 0,3 mg/l, 50 µg/m3, 2 mg/kg →
    // bốn gam trên lít (the g of 4g alone is an hour, the slash between words "hoặc": not here);
    // a range of them, the unit written once or on both ends: 0,5 – 4 mg/l, 21,8 mg/l – 65,4 mg/l.
    // (Also an amount of substance: đường huyết 7 mmol/l → bảy mi li mol trên lít.)
    let amounts = "mg|µg|μg|ng|g|kg|mmol|µmol|μmol"
    let volumes = "l|L|lít|ml|mL|m3|m³|kg|dl"
    let concentration = "(?:" + amounts + #")\s?/\s?(?:"# + volumes + ")"
    s = replace(
      start + "(" + num + #")\s?("# + concentration + #")\s*[-–]\s*("# + num + #")\s?\2"# + end, in: s, when: .slash
    ) { g in g[1] + "-" + g[3] + " " + g[2] }
    s = replace(
      start + #"(?:("# + num + #")\s*[-–]\s*(?=\d))?(?:("# + num + #")\s?)?("# + amounts + #")\s?/\s?("# + volumes
        + ")" + end, in: s, when: .slash
    ) { g in
      let mass =
        ["µg": "mi crô gam", "μg": "mi crô gam", "ng": "na nô gam", "µmol": "mi crô mol", "μmol": "mi crô mol"][g[3]]
        ?? units.word(g[3])
      let volume = ["L": "lít", "lít": "lít", "mL": "mi li lít", "dl": "đề xi lít"][g[4]] ?? units.word(g[4])
      let from = g[1].isEmpty ? "" : number(g[1], r) + " đến "
      return from + (g[2].isEmpty ? "" : number(g[2], r) + " ") + mass + " trên " + volume
    }
    // A transformer's voltages: 22/0,4kV, 35/0,4 kV → hai mươi hai trên không phẩy bốn ki lô vôn
    // (a ratio, not hoặc).
    s = replace(
      start + #"(\d{1,3}(?:[.,]\d{1,2})?)\s?/\s?(\d{1,3}(?:[.,]\d{1,2})?)(?=\s?kV(?![\p{L}]))"#, in: s, when: .slash
    ) {
      g in g[1] + " trên " + g[2]
    }
    // A level against its mark, one length for both: cao trình 62.12/70.00m → sáu mươi hai phẩy mười
    // hai trên bảy mươi phẩy không không mét (a decimal first: never a day and month).
    s = replace(
      start + #"(\d{1,4}[.,]\d{1,3})\s?/\s?(\d{1,4}(?:[.,]\d{1,3})?)(?=\s?(?:m|cm|mm|km)(?![\p{L}\p{N}]))"#, in: s,
      when: .slash
    ) { g in g[1] + " trên " + g[2] }
    // Blood pressure: 140/90 mmHg → một trăm bốn mươi trên chín mươi (never a date or hoặc).
    s = replace(start + #"(\d{2,3})\s?/\s?(\d{2,3})\s?mmHg"# + end, in: s, when: .slash) { g in
      number(g[1], r) + " trên " + number(g[2], r) + " " + units.word("mmHg")
    }
    // Degrees written as a bare C after a temperature: Nhiệt độ 32 C, nhiệt độ từ 25-32 C.
    s = replace(#"((?i:nhiệt độ)[^.;:\n]{0,40}?\d)\s?C"# + end, in: s, when: .temperatureWords) { g in g[1] + "°C" }
    // A position as storm bulletins write it, the hemisphere by its letter: 17,5N-108,2E, 16,2°N;
    // 109,5°E, 17°20'N → mười bảy phẩy năm độ vĩ bắc, một trăm linh tám phẩy hai độ kinh đông;
    // mười bảy độ hai mươi phút vĩ bắc. (A whole number needs its ° or minutes: 100 N is not one.)
    let hemisphere = ["N": "vĩ bắc", "S": "vĩ nam", "E": "kinh đông", "W": "kinh tây"]
    s = replace(
      start + #"(\d{1,3})\s?°\s?(\d{1,2})\s?['′’]\s?(?:(\d{1,2}(?:[.,]\d)?)\s?(?:''|″|")\s?)?([NSEW])?"# + end, in: s,
      when: .degree
    ) { g in
      r.cardinal(g[1]) + " độ " + r.cardinal(g[2]) + " phút" + (g[3].isEmpty ? "" : " " + number(g[3], r) + " giây")
        + (g[4].isEmpty ? "" : " " + hemisphere[g[4]]!)
    }
    s = replace(
      start + #"(\d{1,3}[.,]\d{1,3})\s?°?\s?([NS])\s*[-–,;/]\s*(\d{1,3}[.,]\d{1,3})\s?°?\s?([EW])"# + end, in: s,
      when: .digitUpper
    ) { g in
      number(g[1].replacingOccurrences(of: ".", with: ","), r) + " độ " + hemisphere[g[2]]! + ", "
        + number(g[3].replacingOccurrences(of: ".", with: ","), r) + " độ " + hemisphere[g[4]]!
    }
    // A coordinate written with a dot: 20.746 độ vĩ Bắc is a decimal, not twenty thousand; also
    // right after the other's comma (vĩ Bắc,108.055 độ kinh Đông) and with the words the other way
    // round (22.740 vĩ độ Bắc). A space a page put after the comma is a typing slip in a coordinate
    // (108, 391 độ kinh Đông).
    let coordinateWords = #"(?=\s*(?:(?:độ|°)\s*(?i:vĩ|kinh)|(?i:vĩ độ|kinh độ)))"#
    s = replace(#"(?<![\d.]|\d,)(\d{1,3})\.(\d{1,3})"# + coordinateWords, in: s, when: .digitDot) { g in
      g[1] + "," + g[2]
    }
    s = replace(#"(?<![\d.,])(\d{1,3}), (\d{3})"# + coordinateWords, in: s, when: .digitComma) { g in g[1] + "," + g[2]
    }
    // The unit written on both ends: 10% - 15%, 35°C-37°C → one range
    s = replace(
      start + "(" + num + #")\s?("# + units.pattern + #")\s*[-–]\s*("# + num + #")\s?\2"# + end, in: s, when: .digitDash
    ) { g in
      g[1] + "-" + g[3] + g[2]
    }
    // Ranges: 100-200mm, 35-37°C, 4-6m, 1.000-2.000 đồng
    s = replace(
      start + "(" + num + #")\s*[-–]\s*("# + num + #")\s?("# + units.pattern + ")" + end, in: s, when: .digitDash
    ) {
      g in
      number(g[1], r) + " đến " + number(g[2], r) + " " + units.word(g[3])
    }
    // A decimal typed with a dot after a thousands dot, before its unit: 8.599.0 m² is 8.599,0 (a
    // group of one or two digits after the last dot cannot be thousands).
    s = replace(
      #"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)\.(\d{1,2})(?=\s?(?:"# + units.pattern + "))" + end, in: s, when: .digitDot
    ) { g in g[1] + "," + g[2] }
    // A part of a unit: 1/3 ha, 3/4 m → một phần ba héc ta (the unit does not take the denominator
    // alone, leaving "một hoặc ba").
    s = replace(start + #"(\d)/(\d{1,2})\s?("# + units.pattern + ")" + end, in: s, when: units.trigger) { g in
      fraction(g[1], g[2], r).map { $0 + " " + units.word(g[3]) }
    }
    // Single: 150mm, 2,5 ha, 50.000đ, 85%
    s = replace(start + "(" + num + #")\s?("# + units.pattern + ")" + end, in: s, when: units.trigger) { g in
      number(g[1], r) + " " + units.word(g[2])
    }
    // After a number word: 1,2 triệu m³, 3 nghìn tấn
    s = replace(#"(?i)(triệu|tỷ|nghìn|ngàn|trăm)\s?("# + units.pattern + ")" + end, in: s, when: .numberWords) { g in
      g[1] + " " + units.word(g[2])
    }
    // A density, things counted per area: 20 con/m2, 300 người/km2 → trên (a yield, a rate of
    // fertiliser or seed, or a price per area stays "một": 5 tấn/ha, 100 kg/ha, 50.000 đồng/m2).
    // A measure per area (5 MW/km2) too.
    s = replace(#"(?<![\p{L}])(\p{L}+)\s?/\s?(m2|m²|m3|m³|km2|km²|ha)"# + end, in: s, when: .slash) { g in
      let word = g[1].lowercased()
      return countNouns.contains(word) || (measureWords.contains(word) && word != "gam")
        ? g[1] + " trên " + units.word(g[2]) : nil
    }
    // Things counted per volume: 3,2 triệu tế bào/ml, 500 con/lít, vi khuẩn/mL → trên.
    s = replace(#"(?<![\p{L}])(\p{L}+)\s?/\s?(ml|mL|lít)"# + end, in: s, when: .slash) { g in
      let word = g[1].lowercased()
      return countNouns.contains(word) || ["bào", "khuẩn", "nang", "ấu trùng"].contains(word)
        ? g[1] + " trên " + units.word(g[2]) : nil
    }
    // A concentration, a mass per volume: 0.053 miligam/lít khí thở, 5 gam/lít → trên (a price per
    // litre stays "một": đồng/lít).
    s = replace(
      #"(?<![\p{L}])((?i:miligam|microgam|gam|kilôgam|kilogam))\s?/\s?((?i:lít|mililít|ml|l|m3|m³))"# + end, in: s,
      when: .slash
    ) { g in g[1] + " trên " + units.word(g[2]) }
    // A measure per time: 0,46 tỷ kW/giờ → ki lô oát trên giờ (a count per time stays "một").
    s = replace(#"(?<![\p{L}])(\p{L}+)\s?/\s?(giờ|giây|phút|h|s)"# + end, in: s, when: .slash) { g in
      measureWords.contains(g[1].lowercased()) ? g[1] + " trên " + units.word(g[2]) : nil
    }
    // A price per something named in two or three words, then per a time: 345.000 đồng/tổ chức/tháng.
    s = replace(
      #"(?<![\p{L}])((?i:đồng|đ))\s?/\s?(\p{L}+(?:\s\p{L}+){1,2})\s?/\s?((?i:tháng|năm|ngày|tuần|quý|vụ|lần))"# + end,
      in: s, when: .slash
    ) { g in g[1] + " một " + g[2] + " một " + g[3] }
    // Children per woman, the fertility rate: 2,1 con/phụ nữ → con trên một phụ nữ.
    s = replace(
      #"(\d\s+(?:con|trẻ|người|ca|lượt))\s?/\s?(phụ nữ|bà mẹ|cặp vợ chồng|hộ gia đình|gia đình)"# + end, in: s,
      when: .slash
    ) { g in g[1] + " trên một " + g[2] }
    // Pests counted per a part of the plant or per trap, after a number: 1 con/nhánh, 3-5 con/ tép
    // → trên, a density as per m2 (per a litter or a day stays "một": 2.500 con/lứa, 2 con/ngày).
    s = replace(
      #"(?<=\d)(\s*con)\s?/\s?(nhánh|tép|khóm|dảnh|cây|lá|bông|quả|bẫy|gốc|cành|chồi|búp)"# + end, in: s,
      when: .digitSlash
    ) { g in g[1] + " trên " + g[2] }
    // A form's date of birth is a list, not a rate: ngày/tháng/năm sinh.
    s = replace(#"(?<![\p{L}])((?i:ngày))\s?/\s?((?i:tháng))\s?/\s?((?i:năm))"# + end, in: s, when: .slash) { g in
      g[1] + ", " + g[2] + ", " + g[3]
    }
    // Per: đồng/kg, đ/tháng, người/ngày, lần/1 tháng, a spray's 20 ml/bình, a tree's 2 kg/gốc → "một"
    // (not căn of căn cước: CMND/CCCD is
    // chứng minh nhân dân hoặc căn cước công dân).
    s = replace(
      #"(\p{L}+)\s?/\s?(?:1\s?)?(kWh|kg|ký|tấn|tạ|yến|thùng|lượng|chỉ|bao|chai|sào|mẫu|tháng|năm|ngày|tuần|người|con|lít|giờ|hộ|m2|m²|m3|m³|km|ha|suất|lượt|khẩu|lần|ca|buổi|bộ|lứa|lớp|chiếc|cái|vụ|chuyến|đợt|phòng|gói|hộp|túi|kỳ|lô|thửa|căn(?!\s+cước)|trận|bình|gốc|USD|ounce|oz)"#
        + end,
      in: s, when: .slash
    ) { g in
      // Bodies and places joined by a slash are a list, not a rate: các sở/phòng/ban, trường/lớp,
      // Cục/Vụ (the pause rule reads them); a price per piece is a rate: đồng/bộ, con/lứa.
      if Self.perPieces.contains(g[2].lowercased()), Self.bodies.contains(g[1].lowercased()) { return nil }
      return g[1] + " một " + units.word(g[2])
    }
    // A price whose currency the page left out: xuống mức 145.000/kg → … nghìn một ki lô gam (a
    // number in thousands before a slash and a unit is a price per unit, never "hoặc").
    s = replace(
      start + #"(\d{1,3}(?:\.\d{3})+)\s?/\s?(kg|tấn|tạ|lít|con|cây|quả|hộp|bao|m2|m²|m3|m³)"# + end, in: s, when: .slash
    ) { g in g[1] + " một " + units.word(g[2]) }
    // Chains: đồng/hộ/năm → đồng một hộ một năm (the first step above left "một hộ/năm").
    s = replace(
      #"(một \p{L}+(?: (?:ta|khối|vuông|gam|lít|mét))?)/(tháng|năm|ngày|người|hộ|con|lần|vụ|khẩu)"# + end, in: s,
      when: .slash
    ) { g in g[1] + " một " + g[2] }
    // A price is per whatever follows its slash (what the rules above have not read): 45 triệu
    // đồng/lô, 20.000 đồng/học viên.
    s = replace(#"(?<![\p{L}])((?i:đồng)|đ)\s?/\s?(?:1\s?)?(\p{Ll}+)"# + end, in: s, when: .slash) { g in
      g[1] + " một " + units.word(g[2])  // (a unit's symbol by its name: đ/l → đồng một lít)
    }
    // A unit's symbol that cannot be a word, standing alone: giá một kWh, cho kWh từ 0 – 50.
    s = replace(
      #"(?<![\p{L}\p{N}/])(kWh|MWh|GWh|kW|MW|GW|kV|km2|km²|m2|m²|m3|m³|kg|mm|cm|km)(?![\p{L}\p{N}/])"#, in: s,
      when: Self.loneUnits
    ) { g in units.word(g[1]) }
    // "độ C" written with a space.
    s = replace(#"(độ)\s+C"# + end, in: s, when: .capitalC) { g in g[1] + " xê" }
    // Road markers: km 12, Km12+300; a stretch between two, Km 1+200 - Km 2+500, is đến.
    s = replace(start + #"(?i:km)\s?(\d+)(?:\+(\d+))?(\s*[-–]\s*(?=(?i:km)\s?\d))?"#, in: s, when: .kmWords) { g in
      "ki lô mét " + r.cardinal(g[1]) + (g[2].isEmpty ? "" : " cộng " + r.cardinal(g[2]))
        + (g[3].isEmpty ? "" : " đến ")
    }
    return s
  }

  // MARK: Roman numerals

  static func roman(_ s: String) -> UInt64? {
    let v: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
    var total = 0
    let chars = Array(s)
    for (i, c) in chars.enumerated() {
      guard let x = v[c] else { return nil }
      if i + 1 < chars.count, let y = v[chars[i + 1]], y > x { total -= x } else { total += x }
    }
    // Only canonical forms (IIII, VX are not numerals).
    guard total > 0, s.count <= 15 else { return nil }
    return toRoman(UInt64(total)) == s ? UInt64(total) : nil
  }

  /// A formula's elements, each with its count: P2O5 → (P, 2), (O, 5); H2SO4 → (H, 2), (S, ""), (O, 4).
  /// (A capital, an optional small letter, then digits; anything else is skipped.)
  static func elementsAndCounts(_ formula: String) -> [(element: String, count: String)] {
    var out: [(element: String, count: String)] = []
    let c = Array(formula.unicodeScalars)
    var i = 0
    while i < c.count {
      guard c[i].isASCII, c[i].properties.isUppercase else {
        i += 1
        continue
      }
      var element = String(c[i])
      i += 1
      if i < c.count, c[i].isASCII, c[i].properties.isLowercase {
        element.unicodeScalars.append(c[i])
        i += 1
      }
      var count = ""
      while i < c.count, c[i].isASCII, c[i].properties.numericType != nil {
        count.unicodeScalars.append(c[i])
        i += 1
      }
      out.append((element, count))
    }
    return out
  }

  /// Kinds of road named by a number: a dash between two of them is a route, not a range.
  static let roadKinds: Set<String> = [
    "đường tỉnh", "tỉnh lộ", "quốc lộ", "đường huyện", "huyện lộ", "hương lộ", "đường số", "đường xã", "liên xã",
  ]

  static func toRoman(_ n: UInt64) -> String {
    let table: [(UInt64, String)] = [
      (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
      (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]
    var n = n
    var out = ""
    for (v, s) in table { while n >= v { out += s; n -= v } }
    return out
  }

  static func romans(_ s: String, _ r: NumberReader) -> String {
    var s = replace(
      #"(?i)((?:chương|khóa|khoá|thế kỷ|thế kỉ|quý|phần|mục|đại hội|hội trường|kỳ họp|kì họp|kỳ|kì|tập|hạng|nhiệm kỳ|giai đoạn|lần thứ|lần|thứ|cấp độ|cấp|vùng|quân khu|phụ lục|điều|tiết|bài|số|báo động|đợt|loại|khu|đường bộ|đoàn|đội|khối|tổ|vòng|nhóm)\s+)([IVXLCDM]+)"#
        + end + #"(?:\s*[-–]\s*((?:19|20)\d\d)(?![\p{L}\p{N}]|[.,]\d))?"#,
      in: s, when: .roman
    ) { g in
      // A games' number and its year: Đại hội lần thứ X-2026 → lần thứ mười năm hai nghìn …
      // (read on, the year would follow as mười hai nghìn: twelve thousand).
      let year = g[3].isEmpty ? "" : " năm " + r.cardinal(g[3])
      // (At most a hundred: in a text in capitals, KHU DI TÍCH has the word DI, not 501.)
      guard g[2] == g[2].uppercased(), let n = roman(g[2]), n <= 100 else { return nil }
      // After thứ it is an ordinal, as with digits: lần thứ I is lần thứ nhất, kỳ họp thứ IV thứ tư.
      if g[1].lowercased().split(whereSeparator: \.isWhitespace).last == "thứ", n == 1 || n == 4 {
        return g[1] + (n == 1 ? "nhất" : "tư") + year
      }
      return g[1] + r.cardinal(n) + year
    }
    // … and in digits: ĐH TDTT huyện lần 5 - 2018 → lần năm năm hai nghìn … (not năm đến hai nghìn).
    s = replace(
      #"(?i)((?:lần thứ|kỳ thứ|lần|khóa|khoá)\s+)(\d{1,2})\s*[-–]\s*((?:19|20)\d\d)"# + end + #"(?![.,]\d)"#, in: s,
      when: .digitDash
    ) { g in
      let n = Int(g[2]) ?? 0
      if g[1].lowercased().contains("thứ"), n == 1 || n == 4 {
        return g[1] + (n == 1 ? "nhất" : "tư") + " năm " + r.cardinal(g[3])
      }
      return g[1] + r.cardinal(g[2]) + " năm " + r.cardinal(g[3])
    }
    // A list's items numbered (i), (ii), (iii) in a decree: một, hai, ba (at the start of a clause,
    // or after và, hoặc, khoản, điểm; in small letters, or in capitals up to (IV)); with the closing
    // bracket alone from two letters on (ii), iii), iv): i), v), x) alone may be a list's letters).
    s = replace(
      #"((?:^|[.:;,\n])\s*|(?<![\p{L}\p{N}])(?i:và|hoặc|khoản|điểm|mục|tiết)\s+)(\(?)(i{1,3}|iv|vi{0,3}|ix|x|I{1,3}|IV)\)(?=\s|[.,;:]|$)"#,
      in: s, when: .listMarker
    ) { g in
      guard g[2] == "(" || g[3].count > 1, let n = roman(g[3].uppercased()) else { return nil }
      return g[1] + "(" + r.cardinal(n) + ")"
    }
    // A heading numbered in Roman digits at the start of a sentence: I. ĐỐI TƯỢNG, II. Nội dung.
    s = replace(#"(^|[.:;\n]\s+)(I{1,3}|IV|VI{0,3}|IX|X{1,2})\.(?=\s+\p{Lu})"#, in: s, when: .romanHeading) { g in
      guard let n = roman(g[2]) else { return nil }
      return g[1] + r.cardinal(n) + "."
    }
    return s
  }

  // MARK: Ordinals and labels

  static func ordinalsAndLabels(_ s: String, _ r: NumberReader) -> String {
    // (Not the first digits of a larger count: ca bệnh thứ 1.234 is a count, read below.)
    var s = replace(#"(?i)(thứ)\s+(\d{1,3})"# + end + #"(?!/)(?![.,]\d)"#, in: s, when: .ordinalWords) { g in
      switch g[2] {
      case "1": return g[1] + " nhất"
      case "4": return g[1] + " tư"
      default: return g[1] + " " + r.cardinal(g[2])
      }
    }
    // Chemical formulas of two or more elements with a count: P2O5, K2O, H2SO4 → pê hai ô năm
    // (each element by its letters' names, each count as a number).
    s = replace(
      #"(?<![\p{L}\p{N}])((?:"# + elements + #")\d{0,2}(?:(?:"# + elements + #")\d{0,2})+)(?![\p{L}\p{N}])"#, in: s,
      when: .digitUpper
    ) {
      g in
      let parts = elementsAndCounts(g[1])
      guard parts.count >= 2, g[1].contains(where: \.isASCIIDigit) else { return nil }
      return parts.map { p in Spelling.spell(p.element) + (p.count.isEmpty ? "" : " " + r.cardinal(p.count)) }
        .joined(separator: " ")
    }
    // A capital glued before its number: F0, F1 (contacts of a case), A3, B52 → ép không, a ba.
    s = replace(#"(?<![\p{L}\p{N}])([A-Z])(\d{1,3})(?![\p{L}\p{N}/])(?![.,]\d)"#, in: s, when: .digitUpper) { g in
      Spelling.spell(g[1]) + " " + (g[2].count > 1 && g[2].hasPrefix("0") ? r.digitByDigit(g[2]) : r.cardinal(g[2]))
    }
    // Alphanumeric labels: 5A, 1A, 12B → năm a, một a, mười hai bê
    s = replace(start + #"(\d{1,4})([A-Za-zĐđ])"# + end, in: s, when: .digitLetter) { g in
      r.cardinal(g[1]) + " " + Spelling.spell(g[2])
    }
    return s
  }

  /// The elements a bulletin's formulas use (fertilisers, water, air): two letters before one.
  static let elements = "Ca|Mg|Fe|Zn|Cu|Si|Na|Cl|Mn|Al|H|C|N|O|P|K|S|B"

  // MARK: Numbers and ranges

  static func numbers(_ s: String, _ r: NumberReader) -> String {
    var s = s
    // A footnote's mark glued to the word or mark before it, as pages copied from Wikipedia carry
    // them (đất đai[1], thị trấn.[4]): nothing.
    s = replace(#"(?<=[\p{L}.,;:)])\[\d{1,3}\]"#, in: s, when: Self.footnote) { _ in "" }
    // A section's number at the start of a sentence, before its heading: 1.1. Lịch tiếp công dân,
    // 2.3. Nhiệm vụ → một chấm một (never a decimal there).
    s = replace(#"(^|[.;:!?]\s+)(\d{1,2})\.(\d{1,2})\.(?=\s+\p{Lu})"#, in: s, when: .digitDot) { g in
      g[1] + r.cardinal(g[2]) + " chấm " + r.cardinal(g[3]) + "."
    }
    // … and at the start of a line or a sentence (a line break is a sentence's end by now) without
    // its last dot, before a heading's capital word: 1.1 Tại sao khám sức khỏe (a decimal there is
    // followed by its unit or a small word).
    s = replace(#"(^|[.!?]\s+)(\d{1,2})\.(\d{1,2})(?=\s+\p{Lu}\p{Ll})"#, in: s, when: .digitDot) { g in
      g[1] + r.cardinal(g[2]) + " chấm " + r.cardinal(g[3]) + "."
    }
    // Three decimals or more joined by spaced dashes are a list, not ranges: độ lớn lần lượt là 3,5 -
    // 3,2 - 3,1 - 2,7 → ba phẩy năm, ba phẩy hai, ba phẩy một, hai phẩy bảy.
    s = replace(
      #"(?<![\p{L}\p{N}.,])(\d{1,3}[,.]\d{1,3}(?:\s+[-–]\s+\d{1,3}[,.]\d{1,3}){2,})(?![\p{L}\p{N}]|[.,]\d|\s*[-–])"#,
      in: s,
      when: .digitDash
    ) { g in
      g[1].split(whereSeparator: { $0 == "-" || $0 == "–" }).map { number(TextForms.trimmed($0), r) }
        .joined(separator: ", ")
    }
    // … and such a number named after its label: tại điểm 1.1, mục 2.3.1 → một chấm một.
    s = replace(
      #"(?<![\p{L}\p{N}])((?i:điểm|mục|tiểu mục|tiết)\s+)(\d{1,2}(?:\.\d{1,2}){1,2})(?![\p{N}]|[.,]\d)"#, in: s,
      when: .digitDot
    ) { g in
      g[1] + g[2].split(separator: ".").map { r.cardinal(String($0)) }.joined(separator: " chấm ")
    }
    // A count of people written the English way, with a comma every three digits: 7,700 lính,
    // 1,250 người → bảy nghìn bảy trăm (a count is never a decimal; 2,5 người is not a thing).
    s = replace(
      #"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d.,]\d)(?=\s+(?:người|lính|ca|hộ|trẻ|học sinh|lao động|bệnh nhân|đối tượng|cử tri|thí sinh|công nhân|lượt)(?!\p{L}))"#,
      in: s, when: .digitOnly
    ) { g in r.cardinal(g[1] + g[2]) }
    // A fertiliser's formula after NPK or phân bón: 16-16-8 → mười sáu mười sáu tám (no "đến").
    s = replace(start + #"(\d{1,2})-(\d{1,2})-(\d{1,2})"# + end + #"(?![-–]\d)"#, in: s, when: .digitDash, context: 40)
    {
      g, before in
      let b = before.lowercased()
      guard ["npk", "en pê ca", "phân bón", "công thức"].contains(where: { TextForms.has(b, $0) }) else {
        return nil
      }
      return r.cardinal(g[1]) + " " + r.cardinal(g[2]) + " " + r.cardinal(g[3])
    }
    // cấp 6-7 → cấp sáu đến cấp bảy; a dash between two numbers → đến
    s = replace(#"(?i)(cấp|cấp độ)\s+(\d{1,2})\s*[-–]\s*(\d{1,2})"# + end, in: s, when: .levelWords) { g in
      g[1] + " " + r.cardinal(g[2]) + " đến " + g[1].lowercased() + " " + r.cardinal(g[3])
    }
    // The same label on both ends: báo động 1 - báo động 2, BĐ2-BĐ3 (read báo động by then).
    s = replace(
      #"(?<![\p{L}])(\p{L}+(?:\s\p{L}+)?)\s+(\d{1,3})\s*[-–]\s*\1\s+(\d{1,3})"# + end, in: s, when: .digitDash
    ) { g in
      // Going down is a list, not a range: đường số 14 - đường số 13 (a detour's roads); so are
      // roads named by their numbers (a route: Quốc lộ 10 - đường tỉnh 351 - đường tỉnh 359).
      guard Int(g[2])! < Int(g[3])!, !Self.roadKinds.contains(g[1].lowercased()) else { return nil }
      return g[1] + " " + r.cardinal(g[2]) + " đến " + g[1] + " " + r.cardinal(g[3])
    }
    s = replace(start + "(" + num + #")\s*[-–]\s*("# + num + ")" + end, in: s, when: .digitDash) { g in
      number(g[1], r) + " đến " + number(g[2], r)
    }
    // Fractions and ratios left: 24/24, 1/2 → trên / phần
    s = replace(start + #"(\d{1,4})/(\d{1,4})"# + end, in: s, when: .digitSlash) { g in
      fraction(g[1], g[2], r) ?? r.cardinal(g[1]) + " trên " + r.cardinal(g[2])
    }
    s = replace(start + "(" + num + ")", in: s, when: .digit) { g in number(g[1], r) + " " }
    // Digits glued to letters that nothing above read (COVID19, A3): read the digits.
    s = replace(#"(\d+)"#, in: s, when: .digit) { g in
      " " + (g[1].count > 15 ? r.digitByDigit(g[1]) : r.cardinal(g[1])) + " "
    }
    return s
  }

  // MARK: Symbols and punctuation

  /// Places named in a list with slashes (tỉnh/thành phố, xã/phường/thị trấn): read with a pause.
  static let placeWords: Set<String> = [
    "tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "trấn", "phường", "thôn", "xóm", "bản", "ấp", "buôn", "làng",
    "tổ", "khu", "ngành", "địa", "phương", "đơn", "vị",
  ]

  /// The first word of an hour as read (không giờ … hai mươi ba giờ).
  static let hourWords = Set(NumberReader.digits + ["mười"])

  static let footnote = Trigger("[")

  static func symbols(_ s: String, _ table: SymbolTable) -> String {
    // Emoji and pictographs: a pause (espeak-ng would read their names).
    var s = Pictographs.pause(s)
    // A plus as a list's bullet (+ Thôn 1, 2: sáng 8/12; + Thôn 3…) is no word: a pause.
    s = replace(#"(^|[.;:!?]\s*)\+\s+(?=\p{L})"#, in: s, when: .plus) { g in g[1] }
    // A decision's closing mark ./. is a full stop.
    s = replace(#"\./\."#, in: s, when: .slash) { _ in "." }
    // From one named place to another: từ thành phố Hà Nội - Đồng Đăng → … Hà Nội đến Đồng Đăng (a
    // dash between names elsewhere is a pause: the expressway Hà Nội - Ninh Bình).
    s = replace(
      #"((?<!\p{L})(?i:từ)\s+(?!hướng\s)(?:\p{Ll}+\s+){0,2}\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})\s+[-–]\s+(?=\p{Lu}\p{Ll})"#
        // (Not a direction, a pair of places: đi từ hướng Phước Vinh – Hòa Sơn. Not when the clause says where the way goes after the pair: hướng từ đường Xô Viết Nghệ
        // Tĩnh - Quốc lộ 13 ra đường Phạm Văn Đồng is a junction, then its direction.)
        + #"(?![^,.;:\n]*?\s(?:ra|đến|tới|sang)\s)"#,
      in: s,
      when: .dash
    ) { g in g[1] + " đến " }
    // A mark named as a mark or a key: trường có dấu * là bắt buộc → dấu sao; phím # → thăng.
    s = replace(
      #"(?<!\p{L})((?i:dấu|ký hiệu|kí hiệu|phím|nút)\s*[(\[“"]?\s*)([*#])(?=[\s)\]”".,;:]|$)"#, in: s,
      when: Self.namedMarks
    ) {
      g in g[1] + (g[2] == "*" ? "sao" : "thăng")
    }
    if table.any.fires(s) {
      for rule in table.rules { s = replace(rule.pattern, in: s, when: rule.trigger) { _ in rule.replacement } }
    }
    // Brackets and quotes: a pause or nothing.
    s = replace(#"\s*[(\[]\s*"#, in: s, when: .openBracket) { _ in ", " }
    s = replace(#"\s*[)\]]"#, in: s, when: .closeBracket) { _ in "," }
    // (The apostrophe of a name whose first letter stands alone stays: M’Đrắk, H’Mông, K’Ho.)
    s = replace(#"["“”‘«»*#_|]|’(?!\p{L})|(?<!\p{Lu})’|(?<=[\p{L}\p{N}]\p{Lu})’"#, in: s, when: .quotes) { _ in "" }
    // A dash between words: a pause. A slash between words: a ratio after tỷ lệ (chết/mắc → trên),
    // a pause in a list of places (tỉnh/thành phố, xã/phường/thị trấn), hoặc elsewhere.
    // … but between two weekdays a span of days: từ thứ Hai - thứ Sáu → từ thứ hai đến thứ sáu.
    s = replace(
      #"((?i:thứ)\s+(?i:hai|ba|tư|năm|sáu|bảy))\s*[-–]\s*(?=(?i:thứ\s|chủ nhật))"#, in: s, when: .dash
    ) { g in g[1] + " đến " }
    s = replace(#"\s+[-–—]\s+"#, in: s, when: .dash) { _ in ", " }
    s = replace(#"(?<=\p{L})\s?/\s?(?=(\p{L}+)(\s?/\s?\p{L})?)"#, in: s, when: .slash, context: 40) { g, before in
      // (The last three words only: a line of a thousand slashes read its context whole each time.)
      let words = lastWords(before, 3)
      if words.count >= 3, ["tỷ", "tỉ"].contains(words[words.count - 3]), words[words.count - 2] == "lệ" {
        return " trên "
      }
      // Three words or more joined by slashes are a list: đi/đến/ở, ngày/tháng/năm sinh.
      if !g[2].isEmpty || slashBeforeLastWord(before) { return ", " }
      if let last = words.last, placeWords.contains(String(last)) || placeWords.contains(g[1].lowercased()) {
        return ", "
      }
      // A reservoir's level against its named level: 84,5m/MNDBT 85,0m (mực nước dâng bình thường).
      if g[1].lowercased() == "mực" { return ", " }
      // Two spans of hours, a morning's and an afternoon's: 07h00 – 12h00 / 13h30 – 18h00.
      if let last = words.last, last == "giờ" || last == "phút", hourWords.contains(g[1].lowercased()) {
        return ", "
      }
      return " hoặc "
    }
    s = replace(#"(?<=\p{L})-(?=\p{L})"#, in: s, when: .hyphen) { _ in " " }
    return s
  }

  /// The last `n` runs of letters of a text, lower-cased, in their order: the end of what
  /// `text.lowercased().split(whereSeparator: { !$0.isLetter })` gives, reading only those words,
  /// scalar by scalar (a combining mark belongs to the letter before it).
  static func lastWords(_ text: String, _ n: Int) -> [String] {
    let scalars = text.unicodeScalars
    var words: [String] = []
    var end: String.UnicodeScalarView.Index?
    var start = scalars.endIndex
    var i = scalars.endIndex
    while i > scalars.startIndex {
      let j = scalars.index(before: i)
      if isLetter(scalars[j]) {
        if end == nil { end = i }
        start = j
      } else if let e = end {
        words.append(String(scalars[start..<e]).lowercased())
        end = nil
        if words.count == n { break }
      }
      i = j
    }
    if let e = end, words.count < n { words.append(String(scalars[start..<e]).lowercased()) }
    return words.reversed()
  }

  /// Whether the text ends with a word that has a slash before it (spaces between): đi/đến.
  static func slashBeforeLastWord(_ text: String) -> Bool {
    let scalars = text.unicodeScalars
    var i = scalars.endIndex
    var letters = false
    while i > scalars.startIndex, isLetter(scalars[scalars.index(before: i)]) {
      i = scalars.index(before: i)
      letters = true
    }
    while i > scalars.startIndex, scalars[scalars.index(before: i)] == " " { i = scalars.index(before: i) }
    return letters && i > scalars.startIndex && scalars[scalars.index(before: i)] == "/"
  }

  /// What `Character.isLetter` says of a character that starts with this scalar (its Alphabetic
  /// property), ASCII and Vietnamese letters by range first; a combining mark counts as part of the
  /// letter before it.
  static func isLetter(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    if v < 128 { return (v | 0x20) >= 97 && (v | 0x20) <= 122 }
    if (0xC0...0x24F).contains(v) { return v != 0xD7 && v != 0xF7 }
    if (0x1EA0...0x1EF9).contains(v) || (0x300...0x36F).contains(v) { return true }
    return u.properties.isAlphabetic
  }

  /// One space between words, none before punctuation, one mark where several pile up (`, ,` →
  /// `,`; `,.` → `.`), nothing leading, no list bullets. (What four patterns did, in one scan:
  /// these ran on every piece of every text.)
  static func tidy(_ s: String) -> String {
    if Reference.patterns { return tidyByPatterns(s) }
    // Over the UTF-8 bytes, a scalar decoded only where it may be white space (appending to a
    // String.UnicodeScalarView cost a tenth of a dense line's time; a loop over scalars, a tenth
    // of a bulletin's).
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    var pendingSpace = false
    var pendingMark: UInt8 = 0
    // Whether a bullet may stand in the text (`Trigger.bullets`, answered here: the trigger
    // would scan the whole text once more).
    var bullet = false
    var s = s
    s.withUTF8 { b in
      let n = b.count
      var i = 0
      while i < n {
        let c = b[i]
        var length = 1
        if c >= 0x80 {
          let (v, scalarLength) = TextForms.scalar(in: b, at: i)
          length = scalarLength
          // (White space outside ASCII: U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000.)
          if c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 {
            if let u = Unicode.Scalar(v), Trigger.isSpace(u) {
              pendingSpace = true
              i += length
              continue
            }
          }
        } else {
          switch c {
          case 32, 9, 10, 13, 12:
            pendingSpace = true
            i += 1
            continue
          case 0x2C, 0x3B, 0x3A:  // , ; :
            // White space before a mark goes; a mark after a mark (with white space between) goes.
            if pendingMark == 0 { pendingMark = c }
            pendingSpace = false
            i += 1
            continue
          case 0x2E, 0x21, 0x3F:  // . ! ?
            pendingMark = 0
            pendingSpace = false
            bytes.append(c)
            i += 1
            continue
          default: break
          }
        }
        if pendingMark != 0 {
          bytes.append(pendingMark)
          pendingMark = 0
        }
        if pendingSpace { bytes.append(32) }
        pendingSpace = false
        // - * + – •
        if c == 0x2D || c == 0x2A || c == 0x2B
          || (c == 0xE2 && i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0x93 || b[i + 2] == 0xA2))
        {
          bullet = true
        }
        for k in 0..<min(length, n - i) { bytes.append(b[i + k]) }
        i += length
      }
    }
    if pendingMark != 0 { bytes.append(pendingMark) }
    if pendingSpace { bytes.append(32) }
    var t = String(decoding: bytes, as: UTF8.self)
    if let f = t.unicodeScalars.first, Trigger.isSpace(f) || f == "," || f == ";" || f == ":" || f == "." {
      t = replace(#"^[\s,;:.]+"#, in: t) { _ in "" }
    }
    if bullet { t = replace(#"(^|[.!?]\s)[-–•*+]\s+"#, in: t) { g in g[1] } }
    // Only plain spaces are left at either end (every other white space became one above).
    var u = t.unicodeScalars[...]
    while u.first == " " { u = u.dropFirst() }
    while u.last == " " { u = u.dropLast() }
    return String(u)
  }

  /// What `tidy` does, as the patterns it was first written with.
  static func tidyByPatterns(_ s: String) -> String {
    var s = replace(#"\s+"#, in: s) { _ in " " }
    s = replace(#"\s+([.,;:!?])"#, in: s) { g in g[1] }
    s = replace(#"([,;:])(?:\s*[,;:])+"#, in: s) { g in g[1] }
    s = replace(#"[,;:]+\s*([.!?])"#, in: s) { g in g[1] }
    s = replace(#"^[\s,;:.]+"#, in: s) { _ in "" }
    s = replace(#"(^|[.!?]\s)[-–•*+]\s+"#, in: s) { g in g[1] }
    return s.trimmingCharacters(in: .whitespaces)
  }
}
