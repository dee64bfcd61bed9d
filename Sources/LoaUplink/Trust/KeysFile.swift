import Foundation
import LoaCore

/// `[[key]]` tables (`id`, `public_key`, `role`, `scope`) in a small TOML-like file, so keys can be
/// rotated by editing one file. Only this flat form is read: `[[key]]` headers and `name = "value"`
/// lines; `#` starts a comment.
public enum KeysFile {
  public static func load(_ path: String) throws(LoaError) -> [TrustedKey] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw LoaError("config", "cannot read the uplink keys file '\(path)'")
    }
    var tables: [[String: String]] = []
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line =
        raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
        .trimmingCharacters(in: .whitespaces) ?? ""
      if line.isEmpty { continue }
      if line == "[[key]]" {
        tables.append([:])
        continue
      }
      let kv = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard kv.count == 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\""), kv[1].count >= 2, !tables.isEmpty else {
        throw LoaError("config", "\(path):\(n + 1): expected [[key]] or name = \"value\"")
      }
      tables[tables.count - 1][kv[0]] = String(kv[1].dropFirst().dropLast())
    }
    return try tables.enumerated().map { (i, t) throws(LoaError) in
      guard let id = t["id"], let pk = t["public_key"], let roleText = t["role"], let scope = t["scope"] else {
        throw LoaError("config", "\(path): key \(i + 1) needs id, public_key, role and scope")
      }
      guard let role = TrustedKey.Role(rawValue: roleText) else {
        throw LoaError("config", "\(path): key '\(id)': role '\(roleText)' must be province or commune")
      }
      return try TrustedKey(id: id, publicKeyBase64: pk, role: role, scope: scope)
    }
  }
}
