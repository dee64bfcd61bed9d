import Crypto
import Foundation
import LoaCore

/// A public key the box trusts, and what its holder may do.
public struct TrustedKey: Sendable {
  public enum Role: String, Sendable, CaseIterable {
    /// The provincial source system: every class, any target in its province, commands.
    case province
    /// A commune's station: `normal` and `priority` for its own commune only.
    case commune
  }
  public var id: String
  /// Raw 32-byte Ed25519 public key (CryptoKit's key types are not Sendable).
  public var raw: Data
  public var key: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: raw) }
  public var role: Role
  /// The province (role province) or commune (role commune) code it speaks for.
  public var scope: String

  public init(id: String, publicKeyBase64: String, role: Role, scope: String) throws(LoaError) {
    guard let raw = Data(base64Encoded: publicKeyBase64), raw.count == 32,
      (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
    else {
      throw LoaError(.config, "uplink key '\(id)': public_key must be 32 bytes of Ed25519 in base64")
    }
    self.id = id
    self.raw = raw
    self.role = role
    self.scope = scope
  }
}

/// Signs envelopes (the publisher) and makes keys (`loa uplink keygen`).
public struct Signer: Sendable {
  public let kid: String
  let raw: Data
  var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: raw) }

  public init(kid: String, privateKeyBase64: String) throws(LoaError) {
    guard let raw = Data(base64Encoded: privateKeyBase64.trimmingCharacters(in: .whitespacesAndNewlines)),
      (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil
    else { throw LoaError(.badKey, "the private key must be 32 bytes of Ed25519 in base64") }
    self.kid = kid
    self.raw = raw
  }

  /// The public half, base64 (what a box writes in `[[uplink.key]] public_key`).
  public var publicKeyBase64: String { key.publicKey.rawRepresentation.base64EncodedString() }

  public static func generate() -> (privateKey: String, publicKey: String) {
    let k = Curve25519.Signing.PrivateKey()
    return (k.rawRepresentation.base64EncodedString(), k.publicKey.rawRepresentation.base64EncodedString())
  }

  public func envelope(_ message: UplinkMessage) throws -> Data {
    let msg = String(decoding: try UplinkJSON.encoder().encode(message), as: UTF8.self)
    return try envelope(text: msg)
  }

  /// Signs any text as the message (tests use it for malformed messages).
  public func envelope(text msg: String) throws -> Data {
    let sig = try key.signature(for: Data(msg.utf8)).base64EncodedString()
    return try JSONEncoder().encode(Envelope(kid: kid, sig: sig, msg: msg))
  }
}
