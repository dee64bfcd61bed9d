import Hummingbird
import HummingbirdCore
import LoaCore
import LoaTLS

/// HTTPS on the station's listener (`[station] tls_cert`, `tls_key`): what the province calls and
/// what officers reach across the commune's network.
enum StationTLS {
  static func server(_ c: StationConfig) throws(LoaError) -> HTTPServerBuilder {
    try HTTPSListener.server(cert: c.tlsCert, key: c.tlsKey, prefix: "station.")
  }
}
