import Foundation
import LoaCore

/// What a box publishes under `loa/v1/PROVINCE/COMMUNE/HAMLET/BOX/`: `status` (heartbeat and last
/// will, retained), `ack` (what became of every message) and `asrun` (its as-run log, in batches).
public struct UpstreamTopic: Sendable, Equatable {
  public enum Leaf: String, Sendable { case status, ack, asrun }
  public var identity: BoxIdentity
  public var leaf: Leaf

  /// Parses `loa/v1/79/26734/ap-3/loa-01/asrun`; nil for anything else.
  public init?(_ topic: String) {
    let p = topic.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard p.count == 7, "\(p[0])/\(p[1])" == UplinkProtocol.prefix, let leaf = Leaf(rawValue: p[6]),
      let id = try? BoxIdentity(province: p[2], commune: p[3], hamlet: p[4], box: p[5])
    else { return nil }
    identity = id
    self.leaf = leaf
  }

  /// What a station subscribes to for a province, or one commune of it: what the boxes say, and
  /// what is sent to the area as a whole (a province's bulletins, to list them in the inbox).
  public static func subscriptions(province: String, commune: String?) -> [String] {
    let p = "\(UplinkProtocol.prefix)/\(province)"
    let area =
      commune.map { ["\(p)/in", "\(p)/\($0)/in", "\(p)/\($0)/+/in"] } ?? ["\(p)/in", "\(p)/+/in", "\(p)/+/+/in"]
    return [Leaf.status, .ack, .asrun].map { "\(p)/\(commune ?? "+")/+/+/\($0.rawValue)" } + area
  }

  /// Whether a topic is an area's `in` topic (province, commune or hamlet; not one box's).
  public static func isAreaInbound(_ topic: String) -> Bool {
    let p = topic.split(separator: "/", omittingEmptySubsequences: false)
    return (4...6).contains(p.count) && "\(p[0])/\(p[1])" == UplinkProtocol.prefix && p.last == "in"
  }
}

/// As-run rows on `…/asrun`, up to 50 at a time, in id order. The box moves its upload cursor
/// past `LAST` only when a station answers with a signed `receipt` naming this batch (stored),
/// and sends the batch again until one does. `log` names the box's as-run log (a new database,
/// after a reinstall, is a new log), so a station keeps rows unique by box, log and row id.
public struct AsRunBatch: Codable, Sendable, Equatable {
  public var v = UplinkProtocol.version
  public var type = "asrun"
  public var box: String
  public var log: String
  /// `FIRST-LAST`: the ids of the first and last row.
  public var batch: String
  public var rows: [AsRunRecord]

  public init(box: String, log: String, rows: [AsRunRecord]) {
    self.box = box
    self.log = log
    self.rows = rows
    batch = "\(rows.first?.id ?? 0)-\(rows.last?.id ?? 0)"
  }

  /// The row ids a batch name covers, or nil when it is not `FIRST-LAST` with FIRST ≤ LAST.
  public static func range(_ batch: String) -> ClosedRange<Int64>? {
    let p = batch.split(separator: "-", omittingEmptySubsequences: false)
    guard p.count == 2, let a = Int64(p[0]), let b = Int64(p[1]), a >= 1, a <= b else { return nil }
    return a...b
  }
}

/// The heartbeat on `…/status` (retained; the will replaces it with `online: false`).
public struct StatusReport: Codable, Sendable {
  public var v = UplinkProtocol.version
  public var type = "status"
  public var box: String
  public var province: String?
  public var commune: String?
  public var hamlet: String?
  public var online: Bool
  public var at: Date
  public var version: String
  public var onAir: String?
  public var onAirClass: String?
  public var volume: Int?
  public var amplifierOn: Bool?
  public var deviceOpen: Bool
  public var lastError: String?
  public var queued: Int
  public var received: Int
  public var rejected: [String: Int]
  public var storageFreeMB: Int?
  /// The id of the schedule version the box runs (nil: none installed).
  public var scheduleVersion: Int64?
  /// As-run rows no station has confirmed yet.
  public var asRunWaiting: Int?
  /// Paused by a remote command: only emergencies air.
  public var paused: Bool?
  /// The URL of what is on air, when it came as one (a media file, a relayed stream).
  public var onAirURL: String?
  /// How the box reaches the network: "Ethernet", "4G", "Wi-Fi" (from its default route).
  public var connection: String?
  /// The board's temperature (°C), where it has a thermal sensor.
  public var temperatureC: Double?
  /// How full the state folder's file system is, in percent.
  public var storageUsedPercent: Int?
  enum CodingKeys: String, CodingKey {
    case v, type, box, province, commune, hamlet, online, at, version, volume, queued, received, rejected
    case storageFreeMB = "storage_free_mb"
    case onAir = "on_air"
    case onAirClass = "on_air_class"
    case amplifierOn = "amplifier_on"
    case deviceOpen = "device_open"
    case lastError = "last_error"
    case scheduleVersion = "schedule_version"
    case asRunWaiting = "asrun_waiting"
    case onAirURL = "on_air_url"
    case paused
    case connection
    case temperatureC = "temperature_c"
    case storageUsedPercent = "storage_used_percent"
  }

  public init(box: BoxIdentity, at: Date, version: String, deviceOpen: Bool) {
    self.box = box.box
    province = box.province
    commune = box.commune
    hamlet = box.hamlet
    online = true
    self.at = at
    self.version = version
    self.deviceOpen = deviceOpen
    queued = 0
    received = 0
    rejected = [:]
  }
}

/// Any message on `…/status`: a heartbeat (`online: true`) or the last will (`online: false`).
public struct StatusMessage: Decodable, Sendable {
  public var online: Bool
  public var at: Date?
  public var since: Date?
  public var version: String?
  public var scheduleVersion: Int64?
  enum CodingKeys: String, CodingKey {
    case online, at, since, version
    case scheduleVersion = "schedule_version"
  }
  public init(online: Bool, at: Date? = nil, since: Date? = nil, version: String? = nil, scheduleVersion: Int64? = nil)
  {
    self.online = online
    self.at = at
    self.since = since
    self.version = version
    self.scheduleVersion = scheduleVersion
  }
}
