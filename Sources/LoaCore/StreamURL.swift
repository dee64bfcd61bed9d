import Foundation

/// Whether `s` is an `http://` or `https://` address with a host: the only kind of stream
/// address Loa relays (job requests, schedule files and the relay itself check with this).
public func isHTTPStreamURL(_ s: String) -> Bool {
  guard let u = URL(string: s), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
    return false
  }
  return u.host?.isEmpty == false
}
