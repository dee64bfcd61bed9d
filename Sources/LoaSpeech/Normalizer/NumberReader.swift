/// Reads numbers as a Vietnamese announcer says them.
///
/// Northern: nghìn, linh (105 = một trăm linh năm). Southern: ngàn, lẻ. Both: mốt (21),
/// tư (24), lăm (15, 25), "không trăm" for an empty hundreds place inside a larger number
/// (2.005 = hai nghìn không trăm linh năm).
public struct NumberReader: Sendable {
  public let dialect: Dialect

  public init(dialect: Dialect) { self.dialect = dialect }

  static let digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

  var odd: String { dialect == .south ? "lẻ" : "linh" }

  /// Each digit on its own: phone numbers, codes, very long runs.
  public func digitByDigit(_ s: some StringProtocol) -> String {
    s.compactMap { $0.wholeNumberValue }.filter { (0...9).contains($0) }.map { Self.digits[$0] }.joined(separator: " ")
  }

  /// A whole number written with digits only (no separators). Longer than 15 digits:
  /// read digit by digit, which is also what keeps espeak-ng away from huge numbers.
  public func cardinal(_ s: some StringProtocol) -> String {
    let trimmed = s.drop { $0 == "0" }
    if trimmed.isEmpty { return "không" }
    if s.count > 15 { return digitByDigit(s) }
    guard let n = UInt64(trimmed) else { return digitByDigit(s) }
    return cardinal(n)
  }

  public func cardinal(_ n: UInt64) -> String {
    if n == 0 { return "không" }
    // Groups of three from the right: units, nghìn, triệu, tỷ, nghìn tỷ, triệu tỷ.
    var groups: [Int] = []
    var v = n
    while v > 0 {
      groups.append(Int(v % 1000))
      v /= 1000
    }
    if groups.count == 1 { return readGroup(groups[0], full: false) }
    let names = dialect == .south ? Self.southNames : Self.northNames
    var words = ""
    for i in stride(from: groups.count - 1, through: 0, by: -1) {
      let g = groups[i]
      if g == 0 { continue }
      let leading = i == groups.count - 1
      if !words.isEmpty { words += " " }
      words += readGroup(g, full: !leading)
      if !names[i].isEmpty { words += " " + names[i] }
    }
    return words
  }

  /// The name of each group of three from the right, with the dialect's word for a thousand.
  static func groupNames(thousand: String) -> [String] {
    ["", thousand, "triệu", "tỷ", "\(thousand) tỷ", "triệu tỷ", "tỷ tỷ"]
  }
  static let northNames = groupNames(thousand: "nghìn")
  static let southNames = groupNames(thousand: "ngàn")

  /// Every group read once, for each way of saying the odd hundreds (index: the group, plus 1,000
  /// when it is `full`): a bulletin's numbers are read from here, not joined word by word each
  /// time (the dates of a long line spent a tenth of their time there).
  static let northGroups = (0..<2000).map { NumberReader(dialect: .north).spellGroup($0 % 1000, full: $0 >= 1000) }
  static let southGroups = (0..<2000).map { NumberReader(dialect: .south).spellGroup($0 % 1000, full: $0 >= 1000) }

  /// Reads 1…999. `full`: a group after a higher one, so "không trăm" and "linh" appear.
  func readGroup(_ g: Int, full: Bool) -> String {
    (dialect == .south ? Self.southGroups : Self.northGroups)[g + (full ? 1000 : 0)]
  }

  /// `readGroup`, word by word.
  func spellGroup(_ g: Int, full: Bool) -> String {
    let h = g / 100
    let t = (g / 10) % 10
    let u = g % 10
    var w: [String] = []
    if h > 0 || full {
      w.append(Self.digits[h])
      w.append("trăm")
    }
    if t == 0 {
      if u > 0 {
        if h > 0 || full { w.append(odd) }
        w.append(Self.digits[u])
      }
    } else if t == 1 {
      w.append("mười")
      if u == 5 { w.append("lăm") } else if u > 0 { w.append(Self.digits[u]) }
    } else {
      w.append(Self.digits[t])
      w.append("mươi")
      switch u {
      case 0: break
      case 1: w.append("mốt")
      case 4: w.append("tư")
      case 5: w.append("lăm")
      default: w.append(Self.digits[u])
      }
    }
    return w.joined(separator: " ")
  }

  /// A number as written in Vietnamese: `.` groups thousands, `,` marks decimals
  /// (`1.250.000`, `2,5`, `949,20`). Returns nil when the form is not a number.
  public func written(_ s: some StringProtocol) -> String? {
    let parts = s.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= 2, let intPart = parts.first, !intPart.isEmpty else { return nil }
    let groups = intPart.split(separator: ".", omittingEmptySubsequences: false)
    guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
    if groups.count > 1 {
      // Thousands separators: first group 1–3 digits, not starting with 0 (0.053 is no count of
      // thousands), the rest exactly 3.
      guard groups[0].count <= 3, groups[0].first != "0", groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
        return nil
      }
    }
    var words = cardinal(groups.joined())
    if parts.count == 2 {
      let frac = parts[1]
      guard !frac.isEmpty, frac.allSatisfy(\.isASCIIDigit) else { return nil }
      // "2,05": hai phẩy không năm; "949,20": chín trăm bốn mươi chín phẩy hai mươi.
      let lead = frac.prefix { $0 == "0" }
      let rest = frac.dropFirst(lead.count)
      var f = lead.map { _ in "không" }
      if !rest.isEmpty { f.append(rest.count > 3 ? digitByDigit(rest) : cardinal(rest)) }
      words += " phẩy " + f.joined(separator: " ")
    }
    return words
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
