import Foundation
import LoaCore
import LoaTOML
import TOMLKit

/// `[[key]]` tables (`id`, `public_key`, `role`, `scope`) in a TOML file, so keys can be rotated
/// by editing one file. Read with the same TOML reader as the config, schedules and voices.
public enum KeysFile {
  public static func load(_ path: String) throws(LoaError) -> [TrustedKey] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw LoaError(.config, "cannot read the uplink keys file '\(path)'")
    }
    return try parse(text, origin: path)
  }

  public static func parse(_ text: String, origin: String) throws(LoaError) -> [TrustedKey] {
    let root: TOMLTable
    do { root = try TOMLText.parse(text) } catch {
      throw LoaError(.config, "\(origin):\(error.line):\(error.column): \(error.description)")
    }
    for k in root.keys where k != "key" {
      throw LoaError(.config, "\(origin): '\(k)' is not known here; the file holds [[key]] tables only")
    }
    guard let value = root["key"] else { return [] }
    guard let tables = value.array else {
      throw LoaError(.config, "\(origin): 'key' must be [[key]] tables")
    }
    var keys: [TrustedKey] = []
    for (i, item) in tables.enumerated() {
      guard let t = item.table else { throw LoaError(.config, "\(origin): key \(i + 1) is not a table") }
      var fields: [String: String] = [:]
      for (k, v) in t {
        guard ["id", "public_key", "role", "scope"].contains(k) else {
          throw LoaError(.config, "\(origin): key \(i + 1): '\(k)' is not known (id, public_key, role, scope)")
        }
        guard let s = v.string else { throw LoaError(.config, "\(origin): key \(i + 1): '\(k)' must be a string") }
        fields[k] = s
      }
      guard let id = fields["id"], let pk = fields["public_key"], let roleText = fields["role"],
        let scope = fields["scope"]
      else {
        throw LoaError(.config, "\(origin): key \(i + 1) needs id, public_key, role and scope")
      }
      guard let role = TrustedKey.Role(rawValue: roleText) else {
        throw LoaError(.config, "\(origin): key '\(id)': role '\(roleText)' must be province or commune")
      }
      keys.append(try TrustedKey(id: id, publicKeyBase64: pk, role: role, scope: scope))
    }
    return keys
  }
}
