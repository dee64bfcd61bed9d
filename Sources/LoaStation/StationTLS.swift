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
    try StationConfig.ownerOnly(key, setting: "station.tls_key")
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
