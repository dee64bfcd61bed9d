/// What real bulletins' typing puts in the way of the rules, mended before the tokenizer and the
/// rules see the text (found by reading the corpus's sentences with each put in: 192, 219, 103
/// and 58 of them then read differently):
///
/// - an en dash glued to a figure, as word processors' autocorrect writes it (`25–8`, `sáng
///   20–2–2019`, `BĐ2–BĐ3`), is the hyphen every rule reads (`25-8`); a spaced en dash (`24 – 27`)
///   is read as it is;
/// - a comma glued to the word after it (`SXH,tăng`, `TP.HCM,nhiệt độ`) gets its space, so the
///   words on both sides are read as words (`1,5` keeps its decimal comma);
/// - the `./.` that ends official documents is a full stop (`theo Nghị định 46/2016/NĐ-CP./.`);
/// - a list's bullets (`- `, `+ `, `* `, `– `, `• `) at the start of a sentence or a line go
///   before the rules run, as they went after them: `+ b) Tuổi đời …` is a list's `b)`, and the
///   `+` is not *cộng*.
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
    /// Appends what is left of the text before `i`, and starts the copy if need be.
    func copy(to i: Int) {
      if out == nil {
        out = Array(UnsafeBufferPointer(rebasing: b[0..<i]))
      } else {
        out!.append(contentsOf: b[copied..<i])
      }
    }
    while i < n {
      let c = b[i]
      // Bullets at a sentence's start (a line break is one by now), one after another: + - 40 ngày.
      if i == 0 || (i >= 2 && b[i - 1] == 0x20 && (b[i - 2] == 0x2E || b[i - 2] == 0x21 || b[i - 2] == 0x3F)) {
        var j = i
        while let w = bullet(b, j), j + w < n, b[j + w] == 0x20 {
          j += w
          while j < n && b[j] == 0x20 { j += 1 }
        }
        if j > i {
          copy(to: i)
          i = j
          copied = j
          continue
        }
      }
      if c == 0x2E, i + 2 < n, b[i + 1] == 0x2F, b[i + 2] == 0x2E, i + 3 == n || PlainWords.isSpace(b[i + 3]) {
        copy(to: i)
        out!.append(0x2E)
        i += 3
        copied = i
        continue
      }
      if c == 0x2C, i + 1 < n, startsLetter(b, i + 1) {
        copy(to: i)
        out!.append(contentsOf: [0x2C, 0x20])
        i += 1
        copied = i
        continue
      }
      if c == 0xE2, i > 0, i + 3 < n, b[i + 1] == 0x80, b[i + 2] == 0x93, !PlainWords.isSpace(b[i - 1]),
        !PlainWords.isSpace(b[i + 3]),
        isDigit(b[i - 1]) || isDigit(b[i + 3])
      {
        copy(to: i)
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

  /// The width of a list's bullet at `i`, if one is there: - + * – •.
  static func bullet(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
    guard i < b.count else { return nil }
    let c = b[i]
    if c == 0x2D || c == 0x2B || c == 0x2A { return 1 }
    if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x93 || b[i + 2] == 0xA2 { return 3 }
    return nil
  }

  @inline(__always)
  static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

  /// Whether a letter starts at `i` (`\p{L}`, as the tone-mark pass decides it).
  static func startsLetter(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    Unicode.Scalar(TextForms.scalar(in: b, at: i).value).map(ToneMarks.isLetter) ?? false
  }
}
