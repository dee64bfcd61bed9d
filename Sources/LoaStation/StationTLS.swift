import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LoaCore
import NIOSSL

/// HTTPS on the station's listener (`[station] tls_cert`, `tls_key`): what the province calls and
/// what officers reach across the commune's network. The key must be readable by its owner only.
enum StationTLS {
  static func server(_ c: StationConfig) throws(LoaError) -> HTTPServerBuilder {
    guard let cert = c.tlsCert, let key = c.tlsKey else { return .http1() }
    let attrs = try? FileManager.default.attributesOfItem(atPath: key)
    guard let mode = (attrs?[.posixPermissions] as? NSNumber)?.intValue else {
      throw LoaError(.config, "station.tls_key '\(key)' cannot be read (không đọc được tệp khóa TLS)")
    }
    guard mode & 0o077 == 0 else {
      throw LoaError(
        .config,
        "station.tls_key '\(key)' is readable by others (mode \(String(mode, radix: 8))); chmod 600 it "
          + "(tệp khóa TLS chỉ chủ sở hữu được đọc)")
    }
    do {
      let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
      guard !chain.isEmpty else { throw LoaError(.config, "station.tls_cert '\(cert)' holds no certificate") }
      let tls = TLSConfiguration.makeServerConfiguration(
        certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
      return try .tls(.http1(), tlsConfiguration: tls)
    } catch let e as LoaError {
      throw e
    } catch {
      throw LoaError(.config, "station.tls_cert/tls_key cannot be used: \(error)")
    }
  }
}
