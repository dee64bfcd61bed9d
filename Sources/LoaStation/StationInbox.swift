import Foundation
import LoaCore
import LoaProtocol
import LoaStationWire

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
