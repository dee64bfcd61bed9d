import LoaCore

/// A lexicon entry that holds only next to certain words: the third column of a lexicon line.
///
///     BCH<TAB>ban chỉ huy<TAB>next=quân sự|qs|biên phòng
///     CP<TAB>cổ phần<TAB>prev=công ty|cty
///     ĐH<TAB>đường huyện<TAB>next=#
///     ĐT<TAB>điện thoại<TAB>next=0#
///
/// `next=` lists the words that may follow the abbreviation, `prev=` those that may come before
/// it (any case, whole words, several words allowed); `#` is a number, which may be glued to the
/// abbreviation or after a dot (`ĐH11`, `ĐH.11`, `ĐH 11`; the dot is dropped); `0#` is a number
/// that starts with 0, as a telephone number does and a road's never does (`ĐT 0912.345.678` is
/// a telephone, `ĐT 741` a provincial road). `prev=#` is a number right before it (a pesticide's
/// formulation after its strength: `0.5 ME`, `5 SE`). Both conditions
/// may be given, separated by `;`, and then both must hold. Entries for one abbreviation are tried
/// in order, later files first; where none holds, the plain entry (two columns) is read.
public struct ContextRule: Sendable, Equatable {
  public var key: String
  public var reading: String
  /// Lower-case word sequences, one of which must come right before the key; nil: any.
  public var previous: [String]?
  /// Lower-case word sequences, one of which must come right after the key; nil: any.
  public var next: [String]?
  /// A number must follow (`#` in `next=`).
  public var nextNumber = false
  /// The number that follows must start with 0 (`0#` in `next=`): a telephone number.
  public var nextLeadingZero = false
  /// A number must come right before (`#` in `prev=`).
  public var previousNumber = false

  public init(key: String, reading: String, previous: [String]? = nil, next: [String]? = nil, nextNumber: Bool = false)
  {
    self.key = TextForms.nfc(key)
    self.reading = TextForms.nfc(reading)
    self.previous = previous
    self.next = next
    self.nextNumber = nextNumber
  }

  /// Parses the third column. Errors say what is wrong; the caller adds the file and line.
  static func parse(key: String, reading: String, context: String) throws(LoaError) -> ContextRule {
    var rule = ContextRule(key: key, reading: reading)
    for part in context.split(separator: ";") {
      let p = TextForms.trimmed(part)
      if p.isEmpty { continue }
      guard let eq = p.firstIndex(of: "=") else {
        throw LoaError(.lexicon, "context '\(p)' must be next=word|word or prev=word|word")
      }
      let name = TextForms.trimmed(p[..<eq])
      let words = p[p.index(after: eq)...].split(separator: "|", omittingEmptySubsequences: false).map {
        TextForms.nfc(TextForms.trimmed($0).lowercased())
      }
      guard !words.isEmpty, words.allSatisfy({ !$0.isEmpty }) else {
        throw LoaError(.lexicon, "context '\(p)' has an empty word")
      }
      switch name {
      case "next":
        rule.nextLeadingZero = words.contains("0#")
        rule.nextNumber = rule.nextLeadingZero || words.contains("#")
        let plain = words.filter { $0 != "#" && $0 != "0#" }
        if !plain.isEmpty {
          guard !rule.nextNumber else {
            throw LoaError(.lexicon, "context '\(p)': '#' or '0#' (a number) cannot be mixed with words")
          }
          rule.next = plain
        }
      case "prev":
        guard !words.contains("0#") else { throw LoaError(.lexicon, "context '\(p)': '0#' is only for next=") }
        if words.contains("#") {
          guard words == ["#"] else {
            throw LoaError(.lexicon, "context '\(p)': '#' (a number) cannot be mixed with words")
          }
          rule.previousNumber = true
        } else {
          rule.previous = words
        }
      default:
        throw LoaError(.lexicon, "unknown context '\(name)' (use next= or prev=)")
      }
    }
    guard rule.next != nil || rule.previous != nil || rule.nextNumber || rule.previousNumber else {
      throw LoaError(.lexicon, "empty context")
    }
    return rule
  }
}

extension Passes {
  /// Reads each contextual abbreviation whose context holds; one scan over the text's scalars,
  /// after a byte search for the keys has found one.
  static func contextual(_ s: String, _ lexicon: Lexicon) -> String {
    guard !lexicon.rules.isEmpty, lexicon.ruleTrigger.fires(s) else { return s }
    let u = Array(s.unicodeScalars)
    var out = String.UnicodeScalarView()
    var changed = false
    var i = 0
    while i < u.count {
      if let firsts = lexicon.rulesByFirst[u[i]], i == 0 || !Trigger.isLetterOrDigit(u[i - 1]) {
        var done = false
        for r in firsts {
          guard let (end, number) = holds(r, u, at: i) else { continue }
          out.append(contentsOf: r.reading.unicodeScalars)
          if number { out.append(" ") }
          i = end
          changed = true
          done = true
          break
        }
        if done { continue }
      }
      out.append(u[i])
      i += 1
    }
    return changed ? String(out) : s
  }

  /// Where the key at `i` ends (past a dot and a space before its number) if the rule holds there.
  static func holds(_ r: ContextRule, _ u: [Unicode.Scalar], at i: Int) -> (Int, Bool)? {
    let key = Array(r.key.unicodeScalars)
    guard i + key.count <= u.count, Array(u[i..<i + key.count]) == key else { return nil }
    var end = i + key.count
    if r.nextNumber {
      var j = end
      if j < u.count, u[j] == "." { j += 1 }
      if j < u.count, Trigger.isSpace(u[j]) { j += 1 }
      guard j < u.count, u[j].properties.numericType == .decimal else { return nil }
      guard !r.nextLeadingZero || u[j] == "0" else { return nil }
      end = j
    } else if end < u.count, Trigger.isLetterOrDigit(u[end]) {
      return nil
    }
    if let next = r.next {
      var j = end
      while j < u.count, Trigger.isSpace(u[j]) { j += 1 }
      guard j > end, next.contains(where: { wordAt(u, j, $0) }) else { return nil }
    }
    if r.previousNumber {
      var j = i
      while j > 0, Trigger.isSpace(u[j - 1]) { j -= 1 }
      guard j > 0, u[j - 1].properties.numericType == .decimal else { return nil }
    }
    if let previous = r.previous {
      var j = i
      while j > 0, Trigger.isSpace(u[j - 1]) { j -= 1 }
      // Two abbreviations joined by a dash are one name (TNLĐ-BNN, TNLĐ - BNN).
      if j > 0, u[j - 1] == "-" || u[j - 1] == "\u{2013}" {
        j -= 1
        while j > 0, Trigger.isSpace(u[j - 1]) { j -= 1 }
      }
      guard j < i, previous.contains(where: { wordBefore(u, j, $0) }) else { return nil }
    }
    return (end, r.nextNumber)
  }

  /// Whether `word` (lower case) starts at `j`, in any case, and ends at a word boundary.
  static func wordAt(_ u: [Unicode.Scalar], _ j: Int, _ word: String) -> Bool {
    let w = Array(word.unicodeScalars)
    guard j + w.count <= u.count else { return false }
    for k in 0..<w.count where u[j + k] != w[k] && lower(u[j + k]) != w[k] { return false }
    return j + w.count == u.count || !Trigger.isLetterOrDigit(u[j + w.count])
  }

  /// Whether `word` (lower case) ends right before `j`, in any case, and starts at a word boundary.
  static func wordBefore(_ u: [Unicode.Scalar], _ j: Int, _ word: String) -> Bool {
    let w = Array(word.unicodeScalars)
    let start = j - w.count
    guard start >= 0 else { return false }
    for k in 0..<w.count where u[start + k] != w[k] && lower(u[start + k]) != w[k] { return false }
    return start == 0 || !Trigger.isLetterOrDigit(u[start - 1])
  }

  static func lower(_ u: Unicode.Scalar) -> Unicode.Scalar {
    let l = u.properties.lowercaseMapping.unicodeScalars
    return l.count == 1 ? l.first! : u
  }
}
