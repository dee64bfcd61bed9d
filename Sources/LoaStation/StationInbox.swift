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
  }
}

extension StationStore {
  /// The province's bulletins waiting in the inbox of at least one of these boxes (its last ack
  /// there is `queued_for_approval`), newest first.
  public func inbox(boxes: [BoxIdentity]) throws(LoaError) -> [StationWire.InboxItem] {
    let wanted = Dictionary(boxes.map { (Self.key($0), $0.box) }, uniquingKeysWith: { a, _ in a })
    do {
      return try database.read { db in
        var last: [String: [String: String]] = [:]  // ref → box key → last outcome
        for r in try db.fetchAll(
          sql: """
            SELECT lower(a.ref) AS ref, a.box_key, a.outcome FROM acks a JOIN inbound i ON i.id = lower(a.ref)
            ORDER BY a.id
            """)
        {
          last[r["ref"], default: [:]][r["box_key"]] = r["outcome"]
        }
        var items: [StationWire.InboxItem] = []
        for r in try db.fetchAll(sql: "SELECT * FROM inbound ORDER BY received_at DESC") {
          let id: String = r["id"]
          let waiting = (last[id] ?? [:]).filter { $0.value == Ack.Outcome.queuedForApproval.rawValue }
            .compactMap { wanted[$0.key] }.sorted()
          guard !waiting.isEmpty else { continue }
          items.append(
            StationWire.InboxItem(
              id: id, title: r["title"], bulletinClass: r["class"], text: r["text"], from: r["kid"],
              verified: r["verified"], receivedAt: r["received_at"], waiting: waiting))
        }
        return items
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }
}
