import CSodium
import Foundation
import LoaCore

/// Passwords as Argon2id strings (libsodium's `crypto_pwhash_str`, which carries its own salt and
/// parameters), and random login tokens.
public enum Passwords {
  /// OWASP's minimum for Argon2id (19 MiB, 2 passes): about 0.1 s on a small board, and memory a
  /// 512 MB board can spare once per login.
  static let opsLimit: UInt64 = 2
  static let memLimit = 19 * 1024 * 1024
  public static let minimumLength = 10

  static let ready: Bool = sodium_init() >= 0

  /// The Argon2id string of a password.
  public static func hash(_ password: String) throws(LoaError) -> String {
    guard ready else { throw LoaError(.storage, "libsodium could not start") }
    var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
    let bytes = Array(password.utf8)
    let rc = bytes.withUnsafeBufferPointer { p in
      p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        crypto_pwhash_str_alg(&out, $0, UInt64(bytes.count), opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13)
      }
    }
    guard rc == 0 else { throw LoaError(.storage, "cannot hash the password (out of memory?)") }
    return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  public static func verify(_ password: String, against hash: String) -> Bool {
    guard ready else { return false }
    var stored = Array(hash.utf8CString)
    let bytes = Array(password.utf8) + [0]
    return bytes.withUnsafeBufferPointer { p in
      p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        crypto_pwhash_str_verify(&stored, $0, UInt64(bytes.count - 1)) == 0
      }
    }
  }

  /// A new password's rules: long enough, not the user's name. The error is bilingual.
  public static func check(_ password: String, user: String) throws(LoaError) {
    if password.count < minimumLength {
      throw LoaError(
        .badPassword,
        "the password needs at least \(minimumLength) characters (mật khẩu cần ít nhất \(minimumLength) ký tự)")
    }
    if password.lowercased().contains(user.lowercased()) {
      throw LoaError(.badPassword, "the password must not contain the user's name (mật khẩu không được chứa tên)")
    }
  }

  /// 32 random bytes, base64url: the token a user holds (the box keeps its SHA-256 only).
  public static func newToken() -> String {
    var bytes = [UInt8](repeating: 0, count: 32)
    var rng = SystemRandomNumberGenerator()
    for i in bytes.indices { bytes[i] = rng.next() }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }
}
