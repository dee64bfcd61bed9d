import Foundation
import LoaCore

extension StationWire {
  /// `POST /v1/media` on the station: a file the boxes download by URL and check by SHA-256.
  public struct MediaStored: Codable, Sendable {
    public var sha256: String
    public var bytes: Int64
    /// What a job or a schedule gives the boxes (`[station] public_url` + `/media/…`).
    public var url: String
    public init(sha256: String, bytes: Int64, url: String) {
      self.sha256 = sha256
      self.bytes = bytes
      self.url = url
    }
  }
}
