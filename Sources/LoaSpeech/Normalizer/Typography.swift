/// Two slips of typing that real bulletins carry, mended before the tokenizer and the rules see
/// the text (found by reading the corpus's sentences with each slip put in: 192 and 219 of them
/// then read differently):
///
/// - an en dash glued to a figure, as word processors' autocorrect writes it (`25–8`, `sáng
///   20–2–2019`, `BĐ2–BĐ3`), is the hyphen every rule reads (`25-8`); a spaced en dash (`24 – 27`)
///   is read as it is;
/// - a comma glued to the word after it (`SXH,tăng`, `TP.HCM,nhiệt độ`) gets its space, so the
///   words on both sides are read as words (`1,5` keeps its decimal comma).
enum Typography {
  static func mended(_ s: String) -> String {
    var text = s
    guard let bytes = text.withUTF8({ mended(bytes: $0) }) else { return s }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The mended bytes, or nil when there is nothing to mend (most texts: one look at each byte).
  static func mended(bytes b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    let n = b.count
    var out: [UInt8]? = nil
    var copied = 0
    var i = 0
    while i < n {
      let c = b[i]
      if c == 0x2C, i + 1 < n, startsLetter(b, i + 1) {
        if out == nil {
          out = Array(UnsafeBufferPointer(rebasing: b[0..<i]))
        } else {
          out!.append(contentsOf: b[copied..<i])
        }
        out!.append(contentsOf: [0x2C, 0x20])
        i += 1
        copied = i
        continue
      }
      if c == 0xE2, i > 0, i + 3 < n, b[i + 1] == 0x80, b[i + 2] == 0x93, !isSpace(b[i - 1]), !isSpace(b[i + 3]),
        isDigit(b[i - 1]) || isDigit(b[i + 3])
      {
        if out == nil {
          out = Array(UnsafeBufferPointer(rebasing: b[0..<i]))
        } else {
          out!.append(contentsOf: b[copied..<i])
        }
        out!.append(0x2D)
        i += 3
        copied = i
        continue
      }
      i += 1
    }
    guard out != nil else { return nil }
    out!.append(contentsOf: b[copied..<n])
    return out
  }

  @inline(__always)
  static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

  @inline(__always)
  static func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }

  /// Whether a letter starts at `i`: an ASCII letter, or a letter outside ASCII (Vietnamese by its
  /// range, anything else by its properties).
  static func startsLetter(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    let c = b[i]
    if c < 0x80 { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    guard c >= 0xC3 else { return false }
    let (v, _) = TextForms.scalar(in: b, at: i)
    if Trigger.isLowercaseLetter(v) != nil { return true }
    return Unicode.Scalar(v)?.properties.isAlphabetic ?? false
  }
}
