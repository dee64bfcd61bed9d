import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LoaCore
import NIOSSL

/// A secret's file (a key, credentials) must be readable by its owner only (mode 600 or
/// stricter): otherwise the service does not start, and says which setting and why.
public enum SecretFile {
  public static func ownerOnly(_ path: String, setting: String) throws(LoaError) {
    let attrs = try? FileManager.default.attributesOfItem(atPath: path)
    guard let mode = (attrs?[.posixPermissions] as? NSNumber)?.intValue else {
      throw LoaError(.config, "\(setting) '\(path)' cannot be read (không đọc được tệp)")
    }
    guard mode & 0o077 == 0 else {
      throw LoaError(
        .config,
        "\(setting) '\(path)' is readable by others (mode \(String(mode, radix: 8))); chmod 600 it "
          + "(tệp bí mật chỉ chủ sở hữu được đọc)")
    }
  }
}

/// HTTPS on a listener (the box's control API, the station's): with a certificate chain and its
/// key (PEM; the key owner-only), else plain HTTP. `prefix` names the settings in errors
/// (`station.` or the box's top level).
public enum HTTPSListener {
  public static func server(
    cert: String?, key: String?, prefix: String, http: HTTP1Channel.Configuration = .init()
  ) throws(LoaError) -> HTTPServerBuilder {
    guard cert != nil || key != nil else { return .http1(configuration: http) }
    guard let cert, let key else {
      throw LoaError(.config, "\(prefix)tls_cert and \(prefix)tls_key go together (both, or neither)")
    }
    try SecretFile.ownerOnly(key, setting: "\(prefix)tls_key")
    do {
      let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
      guard !chain.isEmpty else { throw LoaError(.config, "\(prefix)tls_cert '\(cert)' holds no certificate") }
      let tls = TLSConfiguration.makeServerConfiguration(
        certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
      return try .tls(.http1(configuration: http), tlsConfiguration: tls)
    } catch let e as LoaError {
      throw e
    } catch {
      throw LoaError(.config, "\(prefix)tls_cert/tls_key cannot be used: \(error)")
    }
  }
}
