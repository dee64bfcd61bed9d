import Foundation
import Testing

@testable import LoaSpeech

/// The check whether a date's context ends a range of days already named (`các ngày từ 21/02 đến
/// 24/02/2023`) reads bytes now; the way it was written first, on Characters and Foundation's
/// search, is kept here as the reference both must agree with.
@Suite struct NamedDaysTests {
  static func reference(_ before: String) -> Bool {
    guard Passes.lastWordIsDen(before) else { return false }
    let lower = before.lowercased()
    let clause = lower.split(whereSeparator: { ",;:.()\n".contains($0) }).last ?? ""
    if clause.contains("các ngày từ ") || clause.contains("những ngày từ ") { return true }
    for head in ["các ngày ", "những ngày "] {
      guard let at = clause.range(of: head, options: .backwards) else { continue }
      let words = clause[at.upperBound...].split(separator: " ")
      if words.count == 2, ["đến", "tới"].contains(words[1]), words[0].allSatisfy(\.isNumber) { return true }
    }
    return false
  }

  @Test(arguments: [
    ("trong các ngày từ ngày hai mươi mốt tháng hai đến", true),
    ("CÁC NGÀY TỪ mười đến", true),
    ("Những ngày 14 đến", true),
    ("trong những ngày 14 tới", false),
    ("ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn đến", false),
    ("trong 05 ngày từ ngày 4 đến", false),
    ("các ngày từ 3, rồi 5 đến", false),
    ("các ngày 14 đến hết", false),
  ])
  func readsTheClause(_ before: String, _ expected: Bool) {
    #expect(Passes.endsARangeOfNamedDays(before) == expected)
    #expect(Self.reference(before) == expected)
  }

  @Test func agreesWithTheReferenceOnGeneratedContexts() {
    let words = [
      "các", "Các", "CÁC", "cấc", "những", "Những", "NHỮNG", "nhưng", "ngày", "Ngày", "NGÀY", "từ", "Từ", "TỪ",
      "đến", "Đến", "ĐẾN", "tới", "14", "05", "3", ",", ";", "(", ")", ".", "tháng", "mười", "hai", "trong",
      "nhữngngày", "cácngày", "\n",
    ]
    var g = SystemRandomNumberGenerator()
    var disagreements: [String] = []
    var yes = 0
    for _ in 0..<6000 {
      // Some words, often a head that names days, a few more, and mostly "đến" last.
      func some(_ k: ClosedRange<Int>) -> [String] {
        (0..<Int.random(in: k, using: &g)).map { _ in words.randomElement(using: &g)! }
      }
      let heads = ["các ngày từ", "Các ngày", "CÁC NGÀY TỪ", "NHỮNG NGÀY", "những ngày từ", "các ngày", ""]
      let ends = ["đến", "Đến", "tới", "hết"]
      let parts = some(0...4) + [heads.randomElement(using: &g)!] + some(0...2) + [ends.randomElement(using: &g)!]
      let text = parts.joined(separator: " ")
      let expected = Self.reference(text)
      if expected { yes += 1 }
      if Passes.endsARangeOfNamedDays(text) != expected { disagreements.append(text) }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    // The generator reaches the answer "yes" too, so agreement is not only on "no".
    #expect(yes > 20)
  }
}
