import Foundation
import GRDB
import LoaCore
import LoaProtocol

/// What the province link keeps in the station's database: how far the airing log has been
/// delivered, receipts still owed, every request the province made (raw, with the fields Loa did
/// not know), and which jobs a province schedule became.
extension StationStore {
  static func registerProvince(_ m: inout DatabaseMigrator) {
    m.registerMigration("s8-province") { db in
      try db.execute(
        sql: """
          ALTER TABLE boxes ADD COLUMN latitude REAL;
          ALTER TABLE boxes ADD COLUMN longitude REAL;
          CREATE TABLE province_cursor (
            name TEXT PRIMARY KEY, last_id INTEGER NOT NULL, dropped INTEGER NOT NULL DEFAULT 0);
          CREATE TABLE province_outbox (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at DATETIME NOT NULL,
            sent_at DATETIME, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
          CREATE INDEX province_outbox_waiting ON province_outbox (sent_at, id);
          CREATE TABLE province_inbound (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, unknown_keys TEXT, result TEXT NOT NULL,
            detail TEXT, send_id TEXT, received_at DATETIME NOT NULL);
          CREATE TABLE province_schedules (
            schedule_id TEXT PRIMARY KEY, name TEXT, send_id TEXT NOT NULL, job_ids TEXT NOT NULL,
            boxes TEXT NOT NULL, bulletins TEXT NOT NULL, cancel_send_id TEXT, cancel_posted INTEGER NOT NULL DEFAULT 0,
            created_at DATETIME NOT NULL);
          CREATE TABLE province_schedule_boxes (
            schedule_id TEXT NOT NULL, box_key TEXT NOT NULL, added_posted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (schedule_id, box_key));
          """)
    }
  }

  func write<T>(_ body: (any SQLConnection) throws -> T) throws(LoaError) -> T {
    do { return try database.write(body) } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }

  func read<T>(_ body: (any SQLConnection) throws -> T) throws(LoaError) -> T {
    do { return try database.read(body) } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  // MARK: Where boxes stand

  /// Where a box stands, for the province (`ViDo`/`KinhDo`).
  public func setLocation(box: String, latitude: Double, longitude: Double) throws(LoaError) -> Bool {
    try write { db in
      try db.execute(
        sql: "UPDATE boxes SET latitude = ?, longitude = ? WHERE box = ?", arguments: [latitude, longitude, box])
      return db.changesCount > 0
    }
  }

  /// A box as the province's status ping needs it.
  public struct PingBox: Sendable {
    public var identity: BoxIdentity
    public var name: String?
    public var online: Bool
    public var volume: Int?
    public var onAir: String?
    public var onAirURL: String?
    public var version: String?
    public var latitude: Double?
    public var longitude: Double?
    public var connection: String?
    public var temperatureC: Double?
    public var storageUsedPercent: Int?
    public var amplifierOn: Bool?
    public var paused: Bool
  }

  public func pingBoxes(now: Date = Date(), heartbeatSeconds: Double) throws(LoaError) -> [PingBox] {
    let lostAfter = now.addingTimeInterval(-3 * heartbeatSeconds)
    return try read { db in
      try db.fetchAll(sql: "SELECT * FROM boxes ORDER BY commune, hamlet, box").compactMap { r -> PingBox? in
        guard
          let id = try? BoxIdentity(province: r["province"], commune: r["commune"], hamlet: r["hamlet"], box: r["box"])
        else { return nil }
        let seen: Date? = r["last_seen"]
        let online = (r["online"] as Bool?) == true && (seen.map { $0 >= lostAfter } ?? false)
        let status = (r["status_json"] as String?).flatMap {
          try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return PingBox(
          identity: id, name: r["name"], online: online, volume: r["volume"], onAir: online ? r["on_air"] : nil,
          onAirURL: online ? status?["on_air_url"] as? String : nil, version: r["version"],
          latitude: r["latitude"], longitude: r["longitude"], connection: status?["connection"] as? String,
          temperatureC: status?["temperature_c"] as? Double,
          storageUsedPercent: status?["storage_used_percent"] as? Int,
          amplifierOn: status?["amplifier_on"] as? Bool, paused: online && status?["paused"] as? Bool == true)
      }
    }
  }

  // MARK: Airing log

  /// An as-run row still to report, with its box.
  public struct PendingAiring: Sendable {
    public var id: Int64
    public var identity: BoxIdentity
    public var boxName: String?
    public var volume: Int?
    public var row: AsRunRecord
    public init(id: Int64, identity: BoxIdentity, boxName: String?, volume: Int?, row: AsRunRecord) {
      self.id = id
      self.identity = identity
      self.boxName = boxName
      self.volume = volume
      self.row = row
    }
  }

  /// Rows after the cursor, in the order the station stored them (chime rows are part of the
  /// airing they open and are not reported on their own). Beyond `backlogMax` waiting, the
  /// oldest are skipped and counted (`dropped`) rather than held for ever.
  public func pendingAirings(cursor name: String, limit: Int, backlogMax: Int) throws(LoaError) -> [PendingAiring] {
    try write { db in
      var last = try db.fetchValue(
        Int64.self, sql: "SELECT last_id FROM province_cursor WHERE name = ?", arguments: [name])
      if last == nil {
        // A link configured on a station that already holds rows reports from now on: the
        // province never asked for years of history in one burst (docs/province.md).
        let start = try db.fetchValue(Int64.self, sql: "SELECT MAX(id) FROM asrun") ?? 0
        try db.execute(sql: "INSERT INTO province_cursor (name, last_id) VALUES (?, ?)", arguments: [name, start])
        last = start
      }
      let from = last ?? 0
      let waiting = try db.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM asrun WHERE id > ?", arguments: [from]) ?? 0
      if waiting > backlogMax {
        let skip = waiting - backlogMax
        let newLast =
          try db.fetchValue(
            Int64.self, sql: "SELECT id FROM asrun WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?",
            arguments: [from, skip - 1])
          ?? from
        try db.execute(
          sql: "UPDATE province_cursor SET last_id = ?, dropped = dropped + ? WHERE name = ?",
          arguments: [newLast, skip, name])
      }
      let after = try db.fetchValue(
        Int64.self, sql: "SELECT last_id FROM province_cursor WHERE name = ?", arguments: [name])
      return try db.fetchAll(
        sql: """
          SELECT a.id, a.row_json, b.province, b.commune, b.hamlet, b.box, b.name, b.volume
          FROM asrun a JOIN boxes b ON a.box_key = b.key
          WHERE a.id > ? AND a.kind != 'chime' ORDER BY a.id LIMIT ?
          """, arguments: [after ?? 0, limit]
      ).compactMap { r -> PendingAiring? in
        guard
          let id = try? BoxIdentity(province: r["province"], commune: r["commune"], hamlet: r["hamlet"], box: r["box"]),
          let row = try? Wire.decoder().decode(AsRunRecord.self, from: Data((r["row_json"] as String).utf8))
        else { return nil }
        return PendingAiring(id: r["id"], identity: id, boxName: r["name"], volume: r["volume"], row: row)
      }
    }
  }

  /// The province confirmed everything up to `id`.
  public func advance(cursor name: String, to id: Int64) throws(LoaError) {
    try write { db in
      try db.execute(
        sql:
          "UPDATE province_cursor SET last_id = \(db.dialect == .sqlite ? "MAX" : "GREATEST")(last_id, ?) WHERE name = ?",
        arguments: [id, name])
    }
  }

  /// Rows still to report, and how many were skipped for a full backlog.
  public func airingBacklog(cursor name: String) throws(LoaError) -> (waiting: Int, dropped: Int) {
    try read { db in
      let r = try db.fetchOne(sql: "SELECT last_id, dropped FROM province_cursor WHERE name = ?", arguments: [name])
      let maxId = try db.fetchValue(Int64.self, sql: "SELECT MAX(id) FROM asrun") ?? 0
      let last: Int64 = r?["last_id"] ?? maxId
      let waiting =
        try db.fetchValue(
          Int.self, sql: "SELECT COUNT(*) FROM asrun WHERE id > ? AND kind != 'chime'", arguments: [last])
        ?? 0
      return (waiting, r?["dropped"] ?? 0)
    }
  }

  // MARK: Receipts owed

  /// A record owed to the province; `refused`: one it refused for good, kept with its reason.
  public func queueOutbox(kind: String, body: String, refused: String? = nil, at: Date = Date()) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "INSERT INTO province_outbox (kind, body, created_at, sent_at, last_error) VALUES (?, ?, ?, ?, ?)",
        arguments: [kind, body, at, refused == nil ? nil : at, refused.map { String($0.prefix(500)) }])
    }
  }

  /// Records the province refused for good, newest first.
  public func refusedRecords(limit: Int = 50) throws(LoaError) -> [(kind: String, error: String, at: Date)] {
    try read { db in
      try db.fetchAll(
        sql:
          "SELECT kind, last_error, created_at FROM province_outbox WHERE last_error IS NOT NULL AND sent_at IS NOT NULL ORDER BY id DESC LIMIT ?",
        arguments: [limit]
      ).map { ($0["kind"], $0["last_error"], $0["created_at"]) }
    }
  }

  public func outboxWaiting(limit: Int = 50) throws(LoaError) -> [(id: Int64, kind: String, body: String)] {
    try read { db in
      try db.fetchAll(
        sql: "SELECT id, kind, body FROM province_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?",
        arguments: [limit]
      ).map { ($0["id"], $0["kind"], $0["body"]) }
    }
  }

  public func outboxSent(id: Int64, at: Date = Date()) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE province_outbox SET sent_at = ?, last_error = NULL WHERE id = ?", arguments: [at, id])
    }
  }

  /// The province refused it for good: not sent again, kept with the reason.
  public func outboxRefused(id: Int64, error: String, at: Date = Date()) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE province_outbox SET sent_at = ?, last_error = ? WHERE id = ?",
        arguments: [at, String(error.prefix(500)), id])
    }
  }

  public func outboxFailed(id: Int64, error: String) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE province_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
        arguments: [String(error.prefix(500)), id])
    }
  }

  public func outboxCount() throws(LoaError) -> Int {
    try read { db in try db.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM province_outbox WHERE sent_at IS NULL") ?? 0
    }
  }

  // MARK: What the province sent

  /// Every request the province made is kept as it came, with the fields Loa did not use.
  @discardableResult
  public func recordInbound(
    kind: String, body: String, unknownKeys: [String], result: String, detail: String?, sendId: String?,
    at: Date = Date()
  ) throws(LoaError) -> Int64 {
    try write { db in
      try db.fetchValue(
        Int64.self,
        sql: """
          INSERT INTO province_inbound (kind, body, unknown_keys, result, detail, send_id, received_at)
          VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
          """,
        arguments: [
          kind, body, unknownKeys.isEmpty ? nil : unknownKeys.joined(separator: ","), result, detail, sendId, at,
        ]) ?? 0
    }
  }

  public struct InboundRecord: Codable, Sendable {
    public var id: Int64
    public var kind: String
    public var result: String
    public var detail: String?
    public var unknownKeys: String?
    public var sendId: String?
    public var receivedAt: Date
    public var body: String
    enum CodingKeys: String, CodingKey {
      case id, kind, result, detail, body
      case unknownKeys = "unknown_keys"
      case sendId = "send_id"
      case receivedAt = "received_at"
    }
  }

  public func inboundLog(limit: Int = 100) throws(LoaError) -> [InboundRecord] {
    try read { db in
      try db.fetchAll(sql: "SELECT * FROM province_inbound ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
        InboundRecord(
          id: $0["id"], kind: $0["kind"], result: $0["result"], detail: $0["detail"], unknownKeys: $0["unknown_keys"],
          sendId: $0["send_id"], receivedAt: $0["received_at"], body: $0["body"])
      }
    }
  }

  // MARK: Province schedules

  /// A province schedule sent as jobs to some boxes.
  public struct ProvinceSchedule: Sendable {
    public var scheduleId: String
    public var name: String?
    public var sendId: String
    public var jobIds: [String]
    public var boxes: [BoxIdentity]
    /// The province's bulletin list, as it sent it (for the receipt).
    public var bulletins: String
    public var cancelSendId: String?
    public init(
      scheduleId: String, name: String?, sendId: String, jobIds: [String], boxes: [BoxIdentity], bulletins: String,
      cancelSendId: String?
    ) {
      self.scheduleId = scheduleId
      self.name = name
      self.sendId = sendId
      self.jobIds = jobIds
      self.boxes = boxes
      self.bulletins = bulletins
      self.cancelSendId = cancelSendId
    }
  }

  static func boxesJSON(_ boxes: [BoxIdentity]) -> String {
    let list = boxes.map { ["province": $0.province, "commune": $0.commune, "hamlet": $0.hamlet, "box": $0.box] }
    return String(
      decoding: (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data("[]".utf8),
      as: UTF8.self)
  }

  static func boxes(fromJSON s: String) -> [BoxIdentity] {
    ((try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [[String: String]] ?? []).compactMap { e in
      guard let p = e["province"], let c = e["commune"], let h = e["hamlet"], let b = e["box"] else { return nil }
      return try? BoxIdentity(province: p, commune: c, hamlet: h, box: b)
    }
  }

  public func saveProvinceSchedule(_ s: ProvinceSchedule, at: Date = Date()) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO province_schedules (schedule_id, name, send_id, job_ids, boxes, bulletins, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (schedule_id) DO UPDATE SET name = excluded.name, send_id = excluded.send_id,
            job_ids = excluded.job_ids, boxes = excluded.boxes, bulletins = excluded.bulletins,
            cancel_send_id = NULL, cancel_posted = 0, created_at = excluded.created_at
          """,
        arguments: [
          s.scheduleId, s.name, s.sendId, s.jobIds.joined(separator: ","), Self.boxesJSON(s.boxes), s.bulletins, at,
        ])
      try db.execute(sql: "DELETE FROM province_schedule_boxes WHERE schedule_id = ?", arguments: [s.scheduleId])
      for b in s.boxes {
        try db.execute(
          sql: "INSERT INTO province_schedule_boxes (schedule_id, box_key) VALUES (?, ?)",
          arguments: [s.scheduleId, Self.key(b)])
      }
    }
  }

  public func provinceSchedule(id: String) throws(LoaError) -> ProvinceSchedule? {
    try read { db in
      try db.fetchOne(sql: "SELECT * FROM province_schedules WHERE schedule_id = ?", arguments: [id]).map {
        ProvinceSchedule(
          scheduleId: $0["schedule_id"], name: $0["name"], sendId: $0["send_id"],
          jobIds: ($0["job_ids"] as String).split(separator: ",").map(String.init),
          boxes: Self.boxes(fromJSON: $0["boxes"]), bulletins: $0["bulletins"], cancelSendId: $0["cancel_send_id"])
      }
    }
  }

  public func markScheduleCancelled(id: String, cancelSendId: String) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE province_schedules SET cancel_send_id = ? WHERE schedule_id = ?", arguments: [cancelSendId, id])
    }
  }

  /// Boxes that have taken every job of a province schedule and whose receipt is not posted yet:
  /// (schedule, box).
  public func schedulesInstalled() throws(LoaError) -> [(ProvinceSchedule, BoxIdentity)] {
    try read { db in
      var out: [(ProvinceSchedule, BoxIdentity)] = []
      let rows = try db.fetchAll(
        sql: """
          SELECT s.*, sb.box_key FROM province_schedule_boxes sb JOIN province_schedules s USING (schedule_id)
          WHERE sb.added_posted = 0 AND s.cancel_send_id IS NULL
          """)
      for r in rows {
        let s = ProvinceSchedule(
          scheduleId: r["schedule_id"], name: r["name"], sendId: r["send_id"],
          jobIds: (r["job_ids"] as String).split(separator: ",").map(String.init),
          boxes: Self.boxes(fromJSON: r["boxes"]), bulletins: r["bulletins"], cancelSendId: nil)
        let k: String = r["box_key"]
        guard let box = s.boxes.first(where: { Self.key($0) == k }) else { continue }
        // Every job message of the schedule was taken by this box (in its queue or its inbox).
        let taken =
          try db.fetchValue(
            Int.self,
            sql: """
              SELECT COUNT(DISTINCT ref) FROM acks WHERE box_key = ? AND outcome IN ('accepted', 'queued_for_approval', 'duplicate')
              AND ref IN (\(db.jsonList))
              """,
            arguments: [k, String(decoding: try JSONSerialization.data(withJSONObject: s.jobIds), as: UTF8.self)]) ?? 0
        if taken == s.jobIds.count { out.append((s, box)) }
      }
      return out
    }
  }

  /// Cancelled schedules every box has answered for (each cancel taken, or the job already gone),
  /// whose receipt is not posted yet, with the boxes that removed it.
  public func schedulesRemoved() throws(LoaError) -> [(ProvinceSchedule, [BoxIdentity])] {
    try read { db in
      var out: [(ProvinceSchedule, [BoxIdentity])] = []
      for r in try db.fetchAll(
        sql: "SELECT * FROM province_schedules WHERE cancel_send_id IS NOT NULL AND cancel_posted = 0")
      {
        let cancels = (r["cancel_send_id"] as String).split(separator: ",").map(String.init)
        let s = ProvinceSchedule(
          scheduleId: r["schedule_id"], name: r["name"], sendId: r["send_id"],
          jobIds: (r["job_ids"] as String).split(separator: ",").map(String.init),
          boxes: Self.boxes(fromJSON: r["boxes"]), bulletins: r["bulletins"], cancelSendId: r["cancel_send_id"])
        let list = String(decoding: try JSONSerialization.data(withJSONObject: cancels), as: UTF8.self)
        var all = true
        for b in s.boxes {
          let answered =
            try db.fetchValue(
              Int.self, sql: "SELECT COUNT(DISTINCT ref) FROM acks WHERE box_key = ? AND ref IN (\(db.jsonList))",
              arguments: [Self.key(b), list]) ?? 0
          if answered < cancels.count { all = false }
        }
        if all { out.append((s, s.boxes)) }
      }
      return out
    }
  }

  public func markCancelReceiptPosted(scheduleId: String) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE province_schedules SET cancel_posted = 1 WHERE schedule_id = ?", arguments: [scheduleId])
    }
  }

  public func markScheduleReceiptPosted(scheduleId: String, box: BoxIdentity) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: "UPDATE province_schedule_boxes SET added_posted = 1 WHERE schedule_id = ? AND box_key = ?",
        arguments: [scheduleId, Self.key(box)])
    }
  }
}
