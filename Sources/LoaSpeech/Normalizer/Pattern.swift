import CPCRE2
import Foundation
import Synchronization

/// One of the normaliser's patterns, compiled once. Written in ICU's syntax; matched by PCRE2 with
/// its JIT over the text's UTF-8 bytes (no UTF-16 copy of the text for each pattern, no transcoding
/// of each group), or by ICU (`NSRegularExpression`) where PCRE2 would read the pattern otherwise or
/// cannot compile it: a class intersection (`[A-Z&&[^Y]]`), a lookbehind of varying length, a
/// `\u{…}` escape. On what the patterns use (`\p{L}`, `\d`, `\s`, possessive and lazy repeats,
/// look-arounds, back references, `(?i)` on Vietnamese letters) the two agree; the normaliser's
/// tests compare them (`Reference.patterns` matches with ICU).
///
/// The ICU form is compiled only when it is needed (a pattern PCRE2 does not read, a PCRE2 limit
/// reached, the reference tests): compiling every pattern for ICU as well took about 40 ms and
/// ICU's regex tables on the first bulletin a daemon read, for nothing.
///
/// @unchecked Sendable: immutable after `init` but for the ICU form, made once under its mutex;
/// compiled PCRE2 code may be used from many threads at once (each match has its own match data),
/// and so may an `NSRegularExpression`.
final class Pattern: @unchecked Sendable {
  let source: String
  private let icuForm = Mutex<NSRegularExpression?>(nil)
  private let code: OpaquePointer?
  private let jit: Bool

  init(_ source: String) {
    self.source = source
    code = Self.compile(source)
    jit = code.map { pcre2_jit_compile_8($0, UInt32(PCRE2_JIT_COMPLETE)) == 0 } ?? false
    if code == nil { _ = icu }
  }

  /// ICU's compiled form, made on first use.
  var icu: NSRegularExpression {
    icuForm.withLock { made in
      if let made { return made }
      let r = try! NSRegularExpression(pattern: source, options: [])
      made = r
      return r
    }
  }

  deinit { if let code { pcre2_code_free_8(code) } }

  /// Whether PCRE2 reads this pattern (else every match is ICU's).
  var usesPCRE2: Bool { code != nil }

  /// `(*ANY)`: every line break ICU knows ends a line for `.` and `$`; UTF and Unicode properties
  /// for `\s`, `\p{…}` and case, as ICU has them. `\d` is read as `[0-9]`: the normaliser makes
  /// every decimal digit ASCII before its rules (`VietnameseNormalizer.asciiDigits`), and PCRE2
  /// finds where a pattern can start by a table of ten bytes instead of trying every letter whose
  /// lead byte a Unicode digit might share (bulletin prose 238 → 205 ms; docs/performance.md).
  private static func compile(_ source: String) -> OpaquePointer? {
    // ICU syntax PCRE2 would take with another meaning or refuse: class intersection and
    // subtraction, \u{…} / \N{…} escapes, property sets written [:Letter:] (a class of a colon and
    // a space, [:\s], is read alike by both).
    for icuOnly in ["&&", "--[", "\\u", "\\N{", "\\x{"] where source.contains(icuOnly) { return nil }
    if source.contains("[:") && source.contains(":]") { return nil }
    let full = "(*ANY)" + (asciiDigitClasses(source) ?? source)
    var error: Int32 = 0
    var offset: Int = 0
    let options = UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP) | UInt32(PCRE2_NEVER_BACKSLASH_C)
    return full.utf8CString.withUnsafeBufferPointer { p in
      p.withMemoryRebound(to: UInt8.self) { b in
        pcre2_compile_8(b.baseAddress, b.count - 1, options, &error, &offset, nil)
      }
    }
  }

  /// The pattern with `\d` written `[0-9]` and `\D` `[^0-9]`; nil where that cannot be written so
  /// (`\D` inside a class, a `\Q…\E` quote).
  static func asciiDigitClasses(_ p: String) -> String? {
    guard p.contains("\\d") || p.contains("\\D") else { return p }
    if p.contains("\\Q") { return nil }
    var out = ""
    var inClass = false
    var classStart = false
    var negated = false
    var it = p.makeIterator()
    while let c = it.next() {
      if c == "\\" {
        guard let e = it.next() else { return nil }
        if e == "d" {
          out += inClass ? "0-9" : "[0-9]"
        } else if e == "D" {
          if inClass { return nil }
          out += "[^0-9]"
        } else {
          out.append(c)
          out.append(e)
        }
        classStart = false
        continue
      }
      out.append(c)
      if inClass {
        // (A `]` first in a class, after `[` or `[^`, is the character itself.)
        if c == "^" && classStart && !negated {
          negated = true
          continue
        }
        if c == "]" && !classStart { inClass = false }
        classStart = false
      } else if c == "[" {
        inClass = true
        classStart = true
        negated = false
      }
    }
    return out
  }

  /// Every match in `bytes` (valid UTF-8), in order and not overlapping, as ICU finds them: after an
  /// empty match the search goes on one character later. Each match is the byte range of each
  /// group (nil for a group that took no part); nil when PCRE2 cannot answer (no code, or a limit
  /// reached) and ICU must.
  func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> [[Range<Int>?]]? {
    guard let code, let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return nil }
    defer { pcre2_match_data_free_8(data) }
    var found: [[Range<Int>?]] = []
    var start = 0
    let count = bytes.count
    while start <= count {
      let rc =
        jit
        ? pcre2_jit_match_8(code, bytes.baseAddress, count, start, 0, data, nil)
        : pcre2_match_8(code, bytes.baseAddress, count, start, UInt32(PCRE2_NO_UTF_CHECK), data, nil)
      if rc == PCRE2_ERROR_NOMATCH { break }
      guard rc > 0 else { return nil }
      let groups = Int(pcre2_get_ovector_count_8(data))
      let v = pcre2_get_ovector_pointer_8(data)!
      var match: [Range<Int>?] = []
      match.reserveCapacity(groups)
      for i in 0..<groups {
        let a = v[2 * i]
        let b = v[2 * i + 1]
        // PCRE2_UNSET is the largest size_t: -1 here.
        match.append(i < Int(rc) && a >= 0 && a <= b ? a..<b : nil)
      }
      let whole = match[0]!
      found.append(match)
      if whole.isEmpty {
        // One character on (a UTF-8 lead byte and its continuations).
        var next = whole.upperBound + 1
        while next < count, bytes[next] & 0xC0 == 0x80 { next += 1 }
        start = next
      } else {
        start = whole.upperBound
      }
    }
    return found
  }
}
