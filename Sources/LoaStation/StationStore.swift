import Foundation
import GRDB
import LoaCore
import LoaProtocol
import LoaReports
import LoaStationWire

/// The station's database: boxes and their online/offline spans, every ack, every as-run row.
/// SQLite (WAL, `synchronous = FULL`: a receipt is sent only for rows that would survive a power
/// cut). Written by the collector's one thread; read by the API.
public final class StationStore: Sendable {
  let database: StationDatabase

  /// SQLite at `path` (a commune's station).
  public init(path: String) throws(LoaError) {
    do { database = try StationDatabase(sqlite: path, migrator: Self.migrator) } catch {
      throw LoaError(.storage, "cannot open the station database '\(path)': \(error)")
    }
  }

  /// PostgreSQL at `url` (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`), shared by a
  /// province's stations.
  public init(postgres url: String) throws(LoaError) {
    do { database = try StationDatabase(postgres: url, schema: Self.postgresSchema) } catch {
      throw LoaError(.storage, "cannot open the station database \(Self.redacted(url)): \(error)")
    }
  }

  /// The store `config` names: `[station] database` (a PostgreSQL URL), else SQLite in the state folder.
  public convenience init(_ config: StationConfig) throws(LoaError) {
    if let url = config.databaseURL { try self.init(postgres: url) } else { try self.init(path: config.databasePath) }
  }

  /// A URL with its password left out, for messages and logs.
  static func redacted(_ url: String) -> String {
    guard var u = URLComponents(string: url) else { return "(unreadable URL)" }
    if u.password != nil { u.password = "***" }
    return u.string ?? "(unreadable URL)"
  }

  public var dialect: SQLDialect { database.dialect }

  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("s1") { db in
      try db.execute(
        sql: """
          CREATE TABLE boxes (
            key TEXT PRIMARY KEY, province TEXT NOT NULL, commune TEXT NOT NULL, hamlet TEXT NOT NULL,
            box TEXT NOT NULL, name TEXT, online INTEGER, state_since DATETIME, last_seen DATETIME,
            run_since DATETIME, version TEXT, schedule_version INTEGER, on_air TEXT, on_air_class TEXT,
            volume INTEGER, device_open INTEGER, last_error TEXT, asrun_waiting INTEGER, status_json TEXT);
          CREATE TABLE box_spans (
            id INTEGER PRIMARY KEY, box_key TEXT NOT NULL, online INTEGER NOT NULL,
            from_at DATETIME NOT NULL, to_at DATETIME);
          CREATE INDEX box_spans_box ON box_spans (box_key, from_at);
          CREATE TABLE acks (
            id INTEGER PRIMARY KEY, box_key TEXT NOT NULL, ref TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT,
            detail TEXT, job_id TEXT, at DATETIME, received_at DATETIME NOT NULL);
          CREATE INDEX acks_ref ON acks (ref);
          CREATE TABLE asrun (
            id INTEGER PRIMARY KEY, box_key TEXT NOT NULL, log TEXT NOT NULL, row_id INTEGER NOT NULL,
            job_id TEXT, class TEXT, kind TEXT, title TEXT, outcome TEXT, started_at DATETIME, ended_at DATETIME,
            duration_s REAL, dead_air_s REAL, logged_at DATETIME, row_json TEXT NOT NULL,
            received_at DATETIME NOT NULL, UNIQUE (box_key, log, row_id));
          CREATE INDEX asrun_box_time ON asrun (box_key, started_at);
          """)
    }
    m.registerMigration("s2-sends") { db in
      try db.execute(
        sql: """
          CREATE TABLE sends (
            id TEXT PRIMARY KEY, to_text TEXT NOT NULL, topic TEXT NOT NULL, kind TEXT NOT NULL, title TEXT,
            class TEXT, operator TEXT, sent_at DATETIME NOT NULL, expected_json TEXT NOT NULL);
          CREATE INDEX asrun_job ON asrun (job_id);
          """)
    }
    m.registerMigration("s3-report-columns") { db in
      try db.execute(
        sql: """
          ALTER TABLE asrun ADD COLUMN source TEXT;
          ALTER TABLE asrun ADD COLUMN origin TEXT;
          ALTER TABLE asrun ADD COLUMN language TEXT;
          ALTER TABLE asrun ADD COLUMN field INTEGER;
          CREATE INDEX asrun_started ON asrun (started_at);
          CREATE INDEX asrun_logged ON asrun (logged_at);
          """)
    }
    m.registerMigration("s4-enrolment") { db in
      try db.execute(
        sql: """
          ALTER TABLE boxes ADD COLUMN enrolled_at DATETIME;
          CREATE TABLE enrolments (
            code TEXT PRIMARY KEY, box_key TEXT NOT NULL, config TEXT NOT NULL, created_at DATETIME NOT NULL,
            expires_at DATETIME NOT NULL, used_at DATETIME);
          """)
    }
    m.registerMigration("s5-stored-count") { db in
      // Counted as rows arrive: a count over the whole table grew with the years of history.
      try db.execute(
        sql: """
          ALTER TABLE boxes ADD COLUMN asrun_stored INTEGER NOT NULL DEFAULT 0;
          UPDATE boxes SET asrun_stored = (SELECT COUNT(*) FROM asrun WHERE asrun.box_key = boxes.key);
          """)
    }
    m.registerMigration("s6-tokens") { db in
      try db.execute(
        sql: """
          CREATE TABLE tokens (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
            created_at DATETIME NOT NULL);
          """)
    }
    m.registerMigration("s7-inbound") { db in
      try db.execute(
        sql: """
          CREATE TABLE inbound (
            id TEXT PRIMARY KEY, kid TEXT NOT NULL, verified INTEGER NOT NULL, class TEXT, title TEXT, text TEXT,
            topic TEXT NOT NULL, issued_at DATETIME, received_at DATETIME NOT NULL);
          """)
    }
    registerProvince(&m)
    m.registerMigration("s9-day-tallies") { db in
      // Each box's airtime tally per local day, for reports over months and years. `stamp` moves
      // whenever rows for that day arrive (and `tally` is cleared); a report stores a tally only
      // if the stamp it read with is still there, so a late row is never lost to a stale cache.
      try db.execute(
        sql: """
          CREATE TABLE asrun_days (
            box_key TEXT NOT NULL, day_start DATETIME NOT NULL, stamp INTEGER NOT NULL, gap REAL, tally BLOB,
            PRIMARY KEY (box_key, day_start));
          """)
    }
    return m
  }

  static func key(_ i: BoxIdentity) -> String { "\(i.province)/\(i.commune)/\(i.box)" }

  /// What arrived from the broker, parsed.
  public enum Incoming: Sendable {
    case heartbeat(BoxIdentity, StatusReport, raw: String)
    case will(BoxIdentity, StatusMessage)
    case ack(BoxIdentity, Ack)
    case asRun(BoxIdentity, AsRunBatch)
    /// A job sent to the area by someone else (the province), `verified` against the keys the
    /// station knows.
    case inbound(UplinkMessage, kid: String, verified: Bool)

    var boxKey: String? {
      switch self {
      case .heartbeat(let id, _, _), .will(let id, _), .ack(let id, _), .asRun(let id, _): StationStore.key(id)
      case .inbound: nil
      }
    }
  }

  /// A batch stored: the receipt the station owes its box.
  public struct Stored: Sendable, Equatable {
    public var identity: BoxIdentity
    public var log: String
    public var batch: String
    public var lastRow: Int64
    /// Rows new to the station (a batch sent again adds none).
    public var added: Int
  }

  /// Stores a run of messages in one transaction; returns the batches stored (to confirm).
  public func ingest(_ items: [Incoming], now: Date = Date()) throws(LoaError) -> [Stored] {
    do {
      // On PostgreSQL other stations store for the same boxes: taking each box's row in one
      // order (by box, each box's messages in arrival order) keeps them from deadlocking.
      let ordered =
        database.dialect == .postgres
        ? items.enumerated().sorted { ($0.element.boxKey ?? "", $0.offset) < ($1.element.boxKey ?? "", $1.offset) }
          .map(\.element) : items
      return try database.write { db in
        var stored: [Stored] = []
        for item in ordered {
          switch item {
          case .heartbeat(let id, let s, let raw): try Self.heartbeat(id, s, raw: raw, now: now, db: db)
          case .will(let id, let w): try Self.will(id, w, now: now, db: db)
          case .ack(let id, let a):
            try Self.ensureBox(id, db: db)
            try db.execute(
              sql: """
                INSERT INTO acks (box_key, ref, outcome, reason, detail, job_id, at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
              arguments: [Self.key(id), a.ref, a.outcome.rawValue, a.reason, a.detail, a.jobId, a.at, now])
          case .asRun(let id, let b):
            stored.append(try Self.asRun(id, b, now: now, db: db))
          case .inbound(let m, let kid, let verified):
            try db.execute(
              sql: """
                INSERT INTO inbound (id, kid, verified, class, title, text, topic, issued_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                """,
              arguments: [
                m.id.lowercased(), kid, verified, m.bulletinClass, m.title,
                m.content?.text.map { String($0.prefix(500)) },
                m.target.topic, m.issuedAt, now,
              ])
          }
        }
        return stored
      }
    } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }

  static func ensureBox(_ id: BoxIdentity, db: any SQLConnection) throws {
    try db.execute(
      sql: """
        INSERT INTO boxes (key, province, commune, hamlet, box) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET hamlet = excluded.hamlet
        """, arguments: [key(id), id.province, id.commune, id.hamlet, id.box])
  }

  /// Opens a span of `online` at `at` when the box was not already in that state.
  static func transition(_ k: String, online: Bool, at: Date, db: any SQLConnection) throws {
    let current = try db.fetchOne(sql: "SELECT online, state_since FROM boxes WHERE key = ?", arguments: [k])
    let was: Bool? = current?["online"]
    if was == online { return }
    let since: Date? = current?["state_since"]
    // A message older than the state it would end (a retained will read after a newer heartbeat)
    // changes nothing.
    if let since, at < since { return }
    try db.execute(
      sql: "UPDATE box_spans SET to_at = ? WHERE box_key = ? AND to_at IS NULL", arguments: [at, k])
    try db.execute(
      sql: "INSERT INTO box_spans (box_key, online, from_at) VALUES (?, ?, ?)", arguments: [k, online, at])
    try db.execute(sql: "UPDATE boxes SET online = ?, state_since = ? WHERE key = ?", arguments: [online, at, k])
  }

  static func heartbeat(_ id: BoxIdentity, _ s: StatusReport, raw: String, now: Date, db: any SQLConnection) throws {
    try ensureBox(id, db: db)
    let k = key(id)
    // The box's clock may be off: the station's own time marks when it was seen.
    let last: Date? = try db.fetchValue(Date.self, sql: "SELECT last_seen FROM boxes WHERE key = ?", arguments: [k])
    if let last, last > now { return }
    try transition(k, online: true, at: now, db: db)
    try db.execute(
      sql: """
        UPDATE boxes SET last_seen = ?, version = ?, schedule_version = ?, on_air = ?, on_air_class = ?,
          volume = ?, device_open = ?, last_error = ?, asrun_waiting = ?, status_json = ? WHERE key = ?
        """,
      arguments: [
        now, s.version, s.scheduleVersion, s.onAir, s.onAirClass, s.volume, s.deviceOpen, s.lastError, s.asRunWaiting,
        raw, k,
      ])
  }

  static func will(_ id: BoxIdentity, _ w: StatusMessage, now: Date, db: any SQLConnection) throws {
    try ensureBox(id, db: db)
    let k = key(id)
    try transition(k, online: false, at: now, db: db)
    try db.execute(
      sql:
        "UPDATE boxes SET on_air = NULL, on_air_class = NULL, run_since = ?, version = COALESCE(?, version) WHERE key = ?",
      arguments: [w.since, w.version, k])
  }

  static func asRun(_ id: BoxIdentity, _ b: AsRunBatch, now: Date, db: any SQLConnection) throws -> Stored {
    try ensureBox(id, db: db)
    let k = key(id)
    var added = 0
    let encoder = Wire.encoder()
    var days = LocalDays()
    var touched: Set<Date> = []
    for r in b.rows {
      guard let rowId = r.id else { continue }
      let json = String(decoding: try encoder.encode(r), as: UTF8.self)
      try db.execute(
        sql: """
          INSERT INTO asrun (box_key, log, row_id, job_id, class, kind, title, outcome, started_at, ended_at,
            duration_s, dead_air_s, logged_at, row_json, received_at, source, origin, language, field)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (box_key, log, row_id) DO NOTHING
          """,
        arguments: [
          k, b.log, rowId, r.jobId, r.bulletinClass.rawValue, r.kind.rawValue, r.title, r.outcome.rawValue,
          r.startedAt, r.endedAt, r.durationSeconds, r.deadAirSeconds, r.loggedAt, json, now, r.source.rawValue,
          r.origin?.rawValue, r.language, r.field?.rawValue,
        ])
      if db.changesCount > 0 {
        added += 1
        touched.formUnion(AirtimeTally.days(touchedBy: r, days: &days))
      }
    }
    for day in touched {
      try db.execute(
        sql: """
          INSERT INTO asrun_days (box_key, day_start, stamp) VALUES (?, ?, 1)
          ON CONFLICT (box_key, day_start) DO UPDATE SET stamp = asrun_days.stamp + 1, tally = NULL
          """, arguments: [k, day])
    }
    if added > 0 {
      try db.execute(sql: "UPDATE boxes SET asrun_stored = asrun_stored + ? WHERE key = ?", arguments: [added, k])
    }
    return Stored(
      identity: id, log: b.log, batch: b.batch, lastRow: AsRunBatch.range(b.batch)?.upperBound ?? 0, added: added)
  }

  // MARK: Reading

  /// Every box the station knows, with its state now.
  public func fleet(now: Date = Date(), heartbeatSeconds: Double, dayStart: Date) throws(LoaError) -> StationWire.Fleet
  {
    let lostAfter = now.addingTimeInterval(-3 * heartbeatSeconds)
    do {
      let boxes = try database.read { db in
        let deadAir = Dictionary(
          try db.fetchAll(
            sql: "SELECT box_key, SUM(COALESCE(dead_air_s, 0)) AS d FROM asrun WHERE started_at >= ? GROUP BY box_key",
            arguments: [dayStart]
          ).map { ($0["box_key"] as String, $0["d"] as Double) }, uniquingKeysWith: { a, _ in a })
        return try db.fetchAll(sql: "SELECT * FROM boxes ORDER BY commune, hamlet, box").map {
          r -> StationWire.Box in
          let k: String = r["key"]
          let online: Bool? = r["online"]
          let lastSeen: Date? = r["last_seen"]
          let state: StationWire.BoxState =
            switch online {
            case nil: .unknown
            case false?: .offline
            case true?: (lastSeen.map { $0 < lostAfter } ?? true) ? .lost : .online
            }
          let live = state == .online
          return StationWire.Box(
            province: r["province"], commune: r["commune"], hamlet: r["hamlet"], box: r["box"], name: r["name"],
            state: state, since: state == .lost ? lastSeen : r["state_since"], lastSeen: lastSeen,
            version: r["version"], scheduleVersion: r["schedule_version"], onAir: live ? r["on_air"] : nil,
            onAirClass: live ? r["on_air_class"] : nil, volume: r["volume"], deviceOpen: r["device_open"],
            lastError: r["last_error"], deadAirTodaySeconds: deadAir[k] ?? 0, asRunWaiting: r["asrun_waiting"],
            asRunStored: r["asrun_stored"])
        }
      }
      return StationWire.Fleet(
        at: now, total: boxes.count, online: boxes.filter { $0.state == .online }.count,
        offline: boxes.filter { $0.state == .offline || $0.state == .lost }.count,
        playing: boxes.filter { $0.onAir != nil }.count, boxes: boxes)
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// Whether any box of this id has been heard from.
  public func knows(box: String) throws(LoaError) -> Bool {
    do {
      return try database.read { db in
        try db.fetchValue(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM boxes WHERE box = ?)", arguments: [box])
          ?? false
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// As-run rows of one box (by box id, in any hamlet), in the box's row order.
  public func asRun(box: String, after: Int64 = 0, limit: Int = 1000) throws(LoaError) -> [AsRunRecord] {
    do {
      return try database.read { db in
        try db.fetchColumn(
          String.self,
          sql: """
            SELECT a.row_json FROM asrun a JOIN boxes b ON a.box_key = b.key
            WHERE b.box = ? AND a.row_id > ? ORDER BY a.log, a.row_id LIMIT ?
            """, arguments: [box, after, limit]
        ).compactMap { try? Wire.decoder().decode(AsRunRecord.self, from: Data($0.utf8)) }
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// The online and offline spans of a box, oldest first.
  public func spans(box: String) throws(LoaError) -> [(online: Bool, from: Date, to: Date?)] {
    do {
      return try database.read { db in
        try db.fetchAll(
          sql: """
            SELECT s.online, s.from_at, s.to_at FROM box_spans s JOIN boxes b ON s.box_key = b.key
            WHERE b.box = ? ORDER BY s.id
            """, arguments: [box]
        ).map { ($0["online"], $0["from_at"], $0["to_at"]) }
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }
}

extension StationStore {
  /// A box the station knows: where it is.
  public struct KnownBox: Sendable, Equatable {
    public var identity: BoxIdentity
    public var name: String?
  }

  public func knownBoxes() throws(LoaError) -> [KnownBox] {
    do {
      return try database.read { db in
        try db.fetchAll(
          sql: "SELECT province, commune, hamlet, box, name FROM boxes ORDER BY commune, hamlet, box"
        )
        .compactMap { r in
          (try? BoxIdentity(province: r["province"], commune: r["commune"], hamlet: r["hamlet"], box: r["box"]))
            .map { KnownBox(identity: $0, name: r["name"]) }
        }
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }

  /// Records a message sent, before it is published, with the boxes that should answer.
  public func recordSend(
    id: String, to: String, topic: String, kind: String, title: String?, bulletinClass: String?,
    operatorName: String?, at: Date, expected: [BoxIdentity]
  ) throws(LoaError) {
    let list = expected.map { ["province": $0.province, "commune": $0.commune, "hamlet": $0.hamlet, "box": $0.box] }
    let json = String(
      decoding: (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data("[]".utf8),
      as: UTF8.self)
    do {
      try database.write { db in
        try db.execute(
          sql: """
            INSERT INTO sends (id, to_text, topic, kind, title, class, operator, sent_at, expected_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, to, topic, kind, title, bulletinClass, operatorName, at, json])
      }
    } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }

  /// A send that never left (the broker refused it).
  public func forgetSend(id: String) throws(LoaError) {
    do { try database.write { db in try db.execute(sql: "DELETE FROM sends WHERE id = ?", arguments: [id]) } } catch {
      throw LoaError(.storage, "station database write failed: \(error)")
    }
  }

  /// Where a sent message stands on every box that should have it; nil: no such send.
  public func delivery(id: String, now: Date = Date(), heartbeatSeconds: Double) throws(LoaError)
    -> StationWire.Delivery?
  {
    do {
      return try database.read { db -> StationWire.Delivery? in
        guard let send = try db.fetchOne(sql: "SELECT * FROM sends WHERE id = ?", arguments: [id]) else {
          return nil
        }
        let expected =
          (try? JSONSerialization.jsonObject(with: Data((send["expected_json"] as String).utf8)) as? [[String: String]])
          ?? []
        let kind: String = send["kind"]
        let lostAfter = now.addingTimeInterval(-3 * heartbeatSeconds)
        let identities = expected.compactMap { e -> BoxIdentity? in
          guard let p = e["province"], let c = e["commune"], let h = e["hamlet"], let b = e["box"] else { return nil }
          return try? BoxIdentity(province: p, commune: c, hamlet: h, box: b)
        }
        // Three reads for the whole send, not three per box (a province's send is thousands of
        // boxes, and on PostgreSQL each read is a round trip).
        var acksByBox: [String: [SQLRow]] = [:]
        for a in try db.fetchAll(
          sql: "SELECT box_key, outcome, reason, detail, at FROM acks WHERE ref = ? ORDER BY id", arguments: [id])
        {
          acksByBox[a["box_key"], default: []].append(a)
        }
        var airedByBox: [String: SQLRow] = [:]
        for r in try db.fetchAll(
          sql: """
            SELECT box_key, SUM(duration_s) AS d, MIN(started_at) AS s FROM asrun
            WHERE job_id = ? AND kind != 'chime' GROUP BY box_key
            """, arguments: [id.lowercased()])
        {
          airedByBox[r["box_key"]] = r
        }
        var boxRows: [String: SQLRow] = [:]
        let silent = identities.map(Self.key).filter { acksByBox[$0] == nil }
        for chunk in stride(from: 0, to: silent.count, by: 500).map({ Array(silent[$0..<min($0 + 500, silent.count)]) })
        {
          for r in try db.fetchAll(
            sql:
              "SELECT key, online, last_seen FROM boxes WHERE key IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
            arguments: chunk)
          {
            boxRows[r["key"]] = r
          }
        }
        var boxes: [StationWire.DeliveryBox] = []
        for identity in identities {
          let k = Self.key(identity)
          let acks = acksByBox[k] ?? []
          var state: StationWire.DeliveryState?
          var at: Date?
          var detail: String?
          for a in acks {
            let outcome = Ack.Outcome(rawValue: a["outcome"]) ?? .accepted
            let s: StationWire.DeliveryState =
              switch outcome {
              case .accepted, .duplicate: kind == "job" ? .queued : .done
              case .queuedForApproval: .inbox
              case .onAir: .onAir
              case .aired: .aired
              case .failed: .failed
              case .rejected: .rejected
              case .expired: .expired
              case .cancelled: .cancelled
              }
            // A final answer is not undone by a late, earlier one (a redelivered `accepted`).
            if let current = state, current.isFinal, !s.isFinal { continue }
            state = s
            at = a["at"]
            let reason: String? = a["reason"]
            let text: String? = a["detail"]
            detail = [reason, text].compactMap { $0 }.joined(separator: ": ").nilIfEmpty
          }
          var aired: Double?
          if state == .aired {
            let r = airedByBox[k]
            aired = r?["d"]
            if let s: Date = r?["s"] { at = s }
          }
          if state == nil {
            let b = boxRows[k]
            let online: Bool? = b?["online"]
            let seen: Date? = b?["last_seen"]
            state = online == true && (seen.map { $0 >= lostAfter } ?? false) ? .sent : .offline
            if online == nil { detail = "chưa từng kết nối từ khi đăng ký / never connected since enrolment" }
          }
          boxes.append(
            StationWire.DeliveryBox(
              box: identity.box, hamlet: identity.hamlet, state: state ?? .sent, at: at, detail: detail,
              airedSeconds: aired))
        }
        return StationWire.Delivery(
          id: id, to: send["to_text"], kind: kind, title: send["title"], bulletinClass: send["class"],
          operatorName: send["operator"], sentAt: send["sent_at"], boxes: boxes,
          complete: boxes.allSatisfy { $0.state.isFinal })
      }
    } catch {
      throw LoaError(.storage, "station database read failed: \(error)")
    }
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
