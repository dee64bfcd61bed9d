import Foundation
import LoaCore
import LoaProtocol
import Testing

/// The keys file, read with the same TOML reader as the config (no parser of its own).
@Suite struct KeysFileTests {
  let pk = Signer.generate().publicKey

  @Test func readsKeyTablesWithCommentsAndAnyTOMLSpelling() throws {
    let text = """
      # khóa của tỉnh và của xã
      [[key]]
      id = "tinh-a"   # tỉnh
      public_key = "\(pk)"
      role = "province"
      scope = "79"

      [[key]]
      id = 'xa-b'
      public_key = "\(pk)"
      role = "commune"
      scope = "79.26734"
      """
    let keys = try KeysFile.parse(text, origin: "keys.toml")
    #expect(keys.map(\.id) == ["tinh-a", "xa-b"])
    #expect(keys.map(\.role) == [.province, .commune])
    #expect(try KeysFile.parse("", origin: "keys.toml").isEmpty)
  }

  @Test(arguments: [
    ("[[key]\nid = 1", "keys.toml:1:"),
    ("[[key]]\nid = \"a\"\n", "needs id, public_key, role and scope"),
    ("[[key]]\nid = \"a\"\npublic_key = \"x\"\nrole = \"king\"\nscope = \"79\"\n", "role 'king'"),
    ("[[key]]\nid = 1\n", "'id' must be a string"),
    ("[[key]]\nid = \"a\"\nkid = \"b\"\n", "'kid' is not known"),
    ("[key]\nid = \"a\"\n", "must be [[key]] tables"),
    ("keys = []\n", "'keys' is not known here"),
    ("[=\n", "keys.toml:1:"),
  ])
  func badFilesAreLocated(_ text: String, _ expected: String) {
    #expect {
      _ = try KeysFile.parse(text, origin: "keys.toml")
    } throws: { e in
      guard let e = e as? LoaError else { return false }
      return e.code == .config && e.message.contains(expected)
    }
  }
}
