/// Emoji and pictographs in notices copied from social media (📢 THÔNG BÁO, 👉, ✅, ⚠️, ☎️, 📍,
/// ● as a bullet) are no words: espeak-ng reads their names aloud (🍀 → "cỏ bốn lá", ✅ → "dấu
/// chọn đậm màu trắng"). A run of them is a pause; the marks that only shape one (the emoji
/// presentation selector, the zero-width joiner, a keycap's frame: 1️⃣) are dropped, so a keycap
/// leaves its digit.
enum Pictographs {
  /// A pictograph: symbols and dingbats, geometric shapes used as bullets, the emoji of the
  /// technical and arrow blocks, and everything in the supplementary emoji planes (flags too).
  static func isPictograph(_ v: UInt32) -> Bool {
    switch v {
    case 0x1F000...0x1FAFF: return true
    case 0x2600...0x27BF: return true  // ☎ ★ ⚠ ✅ ✔ ❌ ❗ ➡
    case 0x25A0...0x25FF: return true  // ■ ● ◆ ▶
    case 0x2B00...0x2BFF: return true  // ⬆ ⬛ ⭐ ⭕
    case 0x231A, 0x231B, 0x2328, 0x23CF, 0x23E9...0x23FA: return true  // ⌚ ⏰ ⏳
    default: return false
    }
  }

  /// What shapes a pictograph but says nothing alone.
  static func isShaping(_ v: UInt32) -> Bool {
    v == 0xFE0F || v == 0xFE0E || v == 0x200D || v == 0x20E3 || (0xE0020...0xE007F).contains(v)
  }

  /// Whether the text may hold one (by UTF-8 lead bytes; most text has none and is returned as is).
  static func mayHold(_ s: String) -> Bool {
    var previous: UInt8 = 0
    var second: UInt8 = 0
    for b in s.utf8 {
      // 4-byte scalars of planes 1 and 14 (F0, F3); U+FE0x (EF B8); the U+2xxx blocks above (E2 8C/8F,
      // 96-9E, AC-AF); U+20E3 (E2 83); U+200D (E2 80 8D).
      if b == 0xF0 || b == 0xF3 || (previous == 0xEF && b == 0xB8) || (second == 0xE2 && previous == 0x80 && b == 0x8D)
      {
        return true
      }
      if previous == 0xE2
        && (b == 0x8C || b == 0x8F || (0x96...0x9E).contains(b) || (0xAC...0xAF).contains(b) || b == 0x83)
      {
        return true
      }
      second = previous
      previous = b
    }
    return false
  }

  /// Each run of pictographs (with the spaces around it) as ", "; shaping marks dropped.
  static func pause(_ s: String) -> String {
    guard mayHold(s) else { return s }
    var out = String.UnicodeScalarView()
    var inRun = false
    for u in s.unicodeScalars {
      let v = u.value
      if isPictograph(v) {
        if !inRun {
          while let last = out.last, last == " " || last == "\t" { out.removeLast() }
          out.append(contentsOf: ", ".unicodeScalars)
          inRun = true
        }
        continue
      }
      if isShaping(v) { continue }
      if inRun && (v == 32 || v == 9) { continue }
      inRun = false
      out.append(u)
    }
    return String(out)
  }
}
