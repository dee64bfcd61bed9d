import Foundation

/// Acronyms a text defines for itself: "vận động hiến máu tình nguyện (HMTN)", "lở mồm long móng
/// (LMLM)". When the letters in brackets are the initials of the words just before them, the
/// acronym is read as those words wherever the text uses it again, instead of letter by letter.
/// (Within one call of the normaliser: a bulletin read part by part knows it in the part that
/// defines it, which is where it is first used.)
enum InlineAcronyms {
  static let trigger = Trigger("(")

  /// The acronyms the text defines, each with the words it stands for (in small letters).
  static func defined(in text: String) -> [String: String] {
    guard trigger.fires(text) else { return [:] }
    var found: [String: String] = [:]
    _ = Passes.replace(#"\((\p{Lu}{2,8})\)"#, in: text, when: trigger, context: 120) { g, before in
      let acronym = Array(g[1])
      let words = before.split(whereSeparator: { !$0.isLetter }).suffix(acronym.count)
      guard words.count == acronym.count else { return nil }
      let initials = words.map { Character($0.first!.uppercased()) }
      if initials == acronym.map({ Character($0.uppercased()) }) {
        found[g[1]] = words.joined(separator: " ").lowercased()
      }
      return nil
    }
    return found
  }

  /// The text with each acronym it defines read as its words; the bracket that defines it says
  /// them again, as an announcer reading the text aloud would.
  static func apply(_ text: String) -> String {
    let found = defined(in: text)
    guard !found.isEmpty else { return text }
    var s = text
    for (acronym, words) in found.sorted(by: { $0.key < $1.key }) {
      // A defining bracket with a number right after it labels the number with the words once:
      // dưới báo động (BĐ) 2 → dưới báo động 2, not "báo động, báo động, hai".
      let spelled = words.split(separator: " ").map { NSRegularExpression.escapedPattern(for: String($0)) }
      s = Passes.replace(
        #"(?<![\p{L}\p{N}])((?i:"# + spelled.joined(separator: #"\s+"#) + #"))\s*\(\s*"#
          + NSRegularExpression.escapedPattern(for: acronym) + #"\s*\)\s*(?=\d)"#, in: s
      ) { g in g[1] + " " }
      // … and elsewhere such a bracket before a number is the label alone: mức (BĐ)1-BĐ2.
      s = Passes.replace(
        #"\(\s*"# + NSRegularExpression.escapedPattern(for: acronym) + #"\s*\)\s*(?=\d)"#, in: s
      ) { _ in acronym + " " }
      s = Passes.replace(
        #"(?<![\p{L}\p{N}])"# + NSRegularExpression.escapedPattern(for: acronym) + #"(?![\p{L}\p{N}])"#, in: s
      ) { _ in words }
    }
    return s
  }
}
