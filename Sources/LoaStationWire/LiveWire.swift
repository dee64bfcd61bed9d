import Foundation
import LoaCore
import LoaProtocol

extension StationWire {
  /// `POST /v1/live`: go live to an area.
  public struct LiveRequest: Codable, Sendable {
    public var to: String
    public var bulletinClass: String?
    public var title: String?
    public var maxSeconds: Double?
    public var operatorName: String?
    /// Boxes that come online later join the broadcast in the middle.
    public var lateJoin: Bool?
    enum CodingKeys: String, CodingKey {
      case to, title
      case lateJoin = "late_join"
      case bulletinClass = "class"
      case maxSeconds = "max_s"
      case operatorName = "operator"
    }
    public init(to: String, bulletinClass: String?, title: String?, maxSeconds: Double?, operatorName: String?) {
      self.to = to
      self.bulletinClass = bulletinClass
      self.title = title
      self.maxSeconds = maxSeconds
      self.operatorName = operatorName
    }
  }

  /// The live session: the job sent, and where the officer's PC sends the audio.
  public struct LiveSession: Codable, Sendable {
    public var id: String
    public var to: String
    public var boxes: [String]
    /// `http://HOST:PORT/live-….mp3` on Icecast, for the source (HTTP PUT, basic auth).
    public var sourceURL: String
    public var sourceUser: String
    public var sourcePassword: String
    /// What the boxes pull.
    public var listenURL: String
    enum CodingKeys: String, CodingKey {
      case id, to, boxes
      case sourceURL = "source_url"
      case sourceUser = "source_user"
      case sourcePassword = "source_password"
      case listenURL = "listen_url"
    }
    public init(
      id: String, to: String, boxes: [String], sourceURL: String, sourceUser: String, sourcePassword: String,
      listenURL: String
    ) {
      self.id = id
      self.to = to
      self.boxes = boxes
      self.sourceURL = sourceURL
      self.sourceUser = sourceUser
      self.sourcePassword = sourcePassword
      self.listenURL = listenURL
    }
  }
}

extension StationWire {
  /// `GET /v1/live/ID` and `GET /v1/live`: a live broadcast and where it stands on each box.
  public struct LiveStatus: Codable, Sendable {
    public var id: String
    public var to: String
    public var operatorName: String?
    public var since: Date
    /// When it ends at the latest (its `max_s`).
    public var until: Date
    /// Set once it has been ended (by its officer, `loa live stop`, or at its longest).
    public var endedAt: Date?
    public var endedBy: String?
    public var delivery: Delivery?
    enum CodingKeys: String, CodingKey {
      case id, to, since, until, delivery
      case operatorName = "operator"
      case endedAt = "ended_at"
      case endedBy = "ended_by"
    }
    public init(
      id: String, to: String, operatorName: String? = nil, since: Date, until: Date, endedAt: Date? = nil,
      endedBy: String? = nil, delivery: Delivery? = nil
    ) {
      self.id = id
      self.to = to
      self.operatorName = operatorName
      self.since = since
      self.until = until
      self.endedAt = endedAt
      self.endedBy = endedBy
      self.delivery = delivery
    }
  }

  /// `GET /v1/live`: the broadcast on now, if any.
  public struct LiveNow: Codable, Sendable {
    public var live: LiveStatus?
    public init(live: LiveStatus? = nil) {
      self.live = live
    }
  }

  /// `POST /v1/live/ID/end` (ID may be `current`): who ends it.
  public struct LiveEnd: Codable, Sendable {
    public var operatorName: String?
    enum CodingKeys: String, CodingKey { case operatorName = "operator" }
    public init(operatorName: String?) { self.operatorName = operatorName }
  }
}
