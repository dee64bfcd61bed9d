import Foundation
import LoaCore
import LoaProtocol

/// What the station's API answers (docs/api.md, "Station"), read by `loa fleet` and the console.
public enum StationWire {
  /// `GET /v1/station`: proves the URL is a Loa station, and which area it serves.
  public struct Info: Codable, Sendable, Equatable {
    public var service = "loa-station"
    public var name: String
    public var province: String
    public var commune: String?
    public var version: String
    /// `sqlite` or `postgres`; the shared-subscription group when stations share the load; and
    /// what this process has stored since it started (several share one database).
    public var database: String?
    public var share: String?
    public var ingest: Ingest?
    public struct Ingest: Codable, Sendable, Equatable {
      public var messages: Int
      public var asRunRows: Int
      public var receipts: Int
      enum CodingKeys: String, CodingKey {
        case messages, receipts
        case asRunRows = "asrun_rows"
      }
      public init(messages: Int, asRunRows: Int, receipts: Int) {
        self.messages = messages
        self.asRunRows = asRunRows
        self.receipts = receipts
      }
    }
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
    public init(
      province: String, commune: String, hamlet: String, box: String, name: String? = nil, state: BoxState,
      since: Date? = nil, lastSeen: Date? = nil, version: String? = nil, scheduleVersion: Int64? = nil,
      onAir: String? = nil, onAirClass: String? = nil, volume: Int? = nil, deviceOpen: Bool? = nil,
      lastError: String? = nil, deadAirTodaySeconds: Double, asRunWaiting: Int? = nil, asRunStored: Int
    ) {
      self.province = province
      self.commune = commune
      self.hamlet = hamlet
      self.box = box
      self.name = name
      self.state = state
      self.since = since
      self.lastSeen = lastSeen
      self.version = version
      self.scheduleVersion = scheduleVersion
      self.onAir = onAir
      self.onAirClass = onAirClass
      self.volume = volume
      self.deviceOpen = deviceOpen
      self.lastError = lastError
      self.deadAirTodaySeconds = deadAirTodaySeconds
      self.asRunWaiting = asRunWaiting
      self.asRunStored = asRunStored
    }
  }

  /// `GET /v1/asrun?box=…`: the rows of one box as the station stored them.
  public struct AsRunRows: Codable, Sendable {
    public var box: String
    public var rows: [AsRunRecord]
    public init(box: String, rows: [AsRunRecord]) {
      self.box = box
      self.rows = rows
    }
  }

  /// `GET /v1/fleet`: the counts an operator looks at first, and the boxes.
  public struct Fleet: Codable, Sendable, Equatable {
    public var at: Date
    public var total: Int
    public var online: Int
    public var offline: Int
    public var playing: Int
    public var boxes: [Box]
    public init(at: Date, total: Int, online: Int, offline: Int, playing: Int, boxes: [Box]) {
      self.at = at
      self.total = total
      self.online = online
      self.offline = offline
      self.playing = playing
      self.boxes = boxes
    }
  }
}

extension StationWire {
  /// `POST /v1/send`: a bulletin (`job`) or a command for a target: `xa` (the whole commune), a
  /// hamlet code, or a box id (`tinh` and a commune code on a province's station).
  public struct SendRequest: Codable, Sendable {
    public var to: String
    public var job: JobRequest?
    /// `volume` (with `level`) or `stop`.
    public var command: String?
    public var level: Int?
    /// A schedule file (TOML) and the text files it names, by relative path.
    public var schedule: String?
    public var texts: [String: String]?
    /// The audio files it names, by relative path: each sent to the station first
    /// (`POST /v1/media`); the boxes download them and check their SHA-256.
    public var media: [String: MediaFile]?
    /// For `approve`: the province's job waiting in the boxes' inbox.
    public var refersTo: String?
    /// For `approve`: when it airs on each box (default: at once).
    public var notBefore: Date?
    public var operatorName: String?
    /// The message's id (default: a new one); a live session's job carries the session's.
    public var id: String?
    /// For a live job: boxes that come online later join in the middle.
    public var lateJoin: Bool?
    enum CodingKeys: String, CodingKey {
      case to, job, command, level, schedule, texts, media, id
      case lateJoin = "late_join"
      case notBefore = "not_before"
      case refersTo = "refers_to"
      case operatorName = "operator"
    }
    public init(to: String, job: JobRequest? = nil, command: String? = nil, level: Int? = nil) {
      self.to = to
      self.job = job
      self.command = command
      self.level = level
    }
  }

  /// Where a sent message stands on one box.
  public enum DeliveryState: String, Codable, Sendable, CaseIterable {
    /// Published; the box has not answered yet (it is online).
    case sent
    /// The box stored the job and will air it.
    case queued
    /// A province bulletin waiting in the box's inbox for approval.
    case inbox
    /// On the speakers now (the box said `on_air`).
    case onAir = "on_air"
    case aired, failed, rejected, expired, cancelled
    /// A command the box carried out.
    case done
    /// The box is offline: the broker holds the message until it reconnects.
    case offline

    /// Nothing more will happen to it on this box.
    public var isFinal: Bool { [.aired, .failed, .rejected, .expired, .cancelled, .done].contains(self) }

    /// What an officer reads (CLI and console).
    public var name: String {
      switch self {
      case .sent: "đã gửi, chờ trả lời"
      case .queued: "đã nhận, chờ phát"
      case .inbox: "chờ duyệt"
      case .onAir: "ĐANG PHÁT"
      case .aired: "ĐÃ PHÁT"
      case .failed: "LỖI"
      case .rejected: "TỪ CHỐI"
      case .expired: "hết hạn"
      case .cancelled: "đã hủy"
      case .done: "đã thực hiện"
      case .offline: "mất kết nối (chờ ở máy chủ)"
      }
    }
  }

  public struct DeliveryBox: Codable, Sendable, Equatable {
    public var box: String
    public var hamlet: String
    public var state: DeliveryState
    /// When the box last said something about it (for `aired`, when the airing started).
    public var at: Date?
    /// The box's reason and detail (a rejection, a failure).
    public var detail: String?
    /// Seconds aired, from the as-run rows the box sent (chime excluded).
    public var airedSeconds: Double?
    enum CodingKeys: String, CodingKey {
      case box, hamlet, state, at, detail
      case airedSeconds = "aired_s"
    }
    public init(
      box: String, hamlet: String, state: DeliveryState, at: Date? = nil, detail: String? = nil,
      airedSeconds: Double? = nil
    ) {
      self.box = box
      self.hamlet = hamlet
      self.state = state
      self.at = at
      self.detail = detail
      self.airedSeconds = airedSeconds
    }
  }

  /// `GET /v1/deliveries/ID`: every box that should have it, and where it stands there.
  public struct Delivery: Codable, Sendable, Equatable {
    public var id: String
    public var to: String
    public var kind: String
    public var title: String?
    public var bulletinClass: String?
    public var operatorName: String?
    public var sentAt: Date
    public var boxes: [DeliveryBox]
    /// Every box is in a final state.
    public var complete: Bool
    enum CodingKeys: String, CodingKey {
      case id, to, kind, title, boxes, complete
      case bulletinClass = "class"
      case operatorName = "operator"
      case sentAt = "sent_at"
    }
    public init(
      id: String, to: String, kind: String, title: String? = nil, bulletinClass: String? = nil,
      operatorName: String? = nil, sentAt: Date, boxes: [DeliveryBox], complete: Bool
    ) {
      self.id = id
      self.to = to
      self.kind = kind
      self.title = title
      self.bulletinClass = bulletinClass
      self.operatorName = operatorName
      self.sentAt = sentAt
      self.boxes = boxes
      self.complete = complete
    }
  }
}

extension StationWire {
  /// The answer to `POST /v1/send`.
  public struct SendAnswer: Codable, Sendable, Equatable {
    public var id: String
    public var to: String
    public var topic: String
    /// The boxes that should answer.
    public var boxes: [String]
    public init(id: String, to: String, topic: String, boxes: [String]) {
      self.id = id
      self.to = to
      self.topic = topic
      self.boxes = boxes
    }
  }
}
