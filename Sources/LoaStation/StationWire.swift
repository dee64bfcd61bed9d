import Foundation
import LoaCore

/// What the station's API answers (docs/api.md, "Station"), read by `loa fleet` and the console.
public enum StationWire {
  /// `GET /v1/station`: proves the URL is a Loa station, and which area it serves.
  public struct Info: Codable, Sendable, Equatable {
    public var service = "loa-station"
    public var name: String
    public var province: String
    public var commune: String?
    public var version: String
    public init(name: String, province: String, commune: String?, version: String) {
      self.name = name
      self.province = province
      self.commune = commune
      self.version = version
    }
  }

  /// How the station sees a box now.
  public enum BoxState: String, Codable, Sendable, CaseIterable {
    /// Heartbeats arrive.
    case online
    /// The broker published its last will (the connection dropped without a goodbye).
    case offline
    /// Said it was online, but no heartbeat for three heartbeat periods.
    case lost
    /// Enrolled, never heard from.
    case unknown
  }

  /// One box in `GET /v1/fleet`.
  public struct Box: Codable, Sendable, Equatable {
    public var province: String
    public var commune: String
    public var hamlet: String
    public var box: String
    public var name: String?
    public var state: BoxState
    /// Since when the box is in this state (online or offline); for `lost`, the last heartbeat.
    public var since: Date?
    public var lastSeen: Date?
    public var version: String?
    public var scheduleVersion: Int64?
    public var onAir: String?
    public var onAirClass: String?
    public var volume: Int?
    public var deviceOpen: Bool?
    public var lastError: String?
    /// Dead air in rows that started today (station's local day), seconds.
    public var deadAirTodaySeconds: Double
    /// As-run rows the box holds that no station has confirmed (from its heartbeat).
    public var asRunWaiting: Int?
    /// As-run rows this station has stored for the box.
    public var asRunStored: Int
    enum CodingKeys: String, CodingKey {
      case province, commune, hamlet, box, name, state, since, version, volume
      case lastSeen = "last_seen"
      case scheduleVersion = "schedule_version"
      case onAir = "on_air"
      case onAirClass = "on_air_class"
      case deviceOpen = "device_open"
      case lastError = "last_error"
      case deadAirTodaySeconds = "dead_air_today_s"
      case asRunWaiting = "asrun_waiting"
      case asRunStored = "asrun_stored"
    }
  }

  /// `GET /v1/asrun?box=…`: the rows of one box as the station stored them.
  public struct AsRunRows: Codable, Sendable {
    public var box: String
    public var rows: [AsRunRecord]
  }

  /// `GET /v1/fleet`: the counts an operator looks at first, and the boxes.
  public struct Fleet: Codable, Sendable, Equatable {
    public var at: Date
    public var total: Int
    public var online: Int
    public var offline: Int
    public var playing: Int
    public var boxes: [Box]
  }
}
