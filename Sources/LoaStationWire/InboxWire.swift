import Foundation
import LoaCore
import LoaProtocol

extension StationWire {
  /// A province bulletin some boxes of the area hold in their inbox (`GET /v1/inbox`).
  public struct InboxItem: Codable, Sendable, Equatable {
    public var id: String
    public var title: String?
    public var bulletinClass: String?
    public var text: String?
    /// The key it was signed with, and whether the station could check that signature.
    public var from: String
    public var verified: Bool
    public var receivedAt: Date
    /// The boxes where it waits for approval.
    public var waiting: [String]
    enum CodingKeys: String, CodingKey {
      case id, title, text, from, verified, waiting
      case bulletinClass = "class"
      case receivedAt = "received_at"
    }
    public init(
      id: String, title: String? = nil, bulletinClass: String? = nil, text: String? = nil, from: String, verified: Bool,
      receivedAt: Date, waiting: [String]
    ) {
      self.id = id
      self.title = title
      self.bulletinClass = bulletinClass
      self.text = text
      self.from = from
      self.verified = verified
      self.receivedAt = receivedAt
      self.waiting = waiting
    }
  }
}
