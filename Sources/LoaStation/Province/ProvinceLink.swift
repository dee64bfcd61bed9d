import Foundation
import Hummingbird
import LoaCore
import LoaProtocol
import LoaStationWire
import Logging

/// A connection to a province's source system (hệ thống thông tin nguồn). Each system with its
/// own shape is one plug-in (`LoaProvince` has the REST + JSON one the provinces run today); the
/// station gives it what it needs and runs it beside the collector.
public protocol ProvinceLink: Sendable {
  /// For the log and `/v1/province`.
  var system: String { get }
  /// Reports to the province until the task is cancelled: status pings, airing logs, receipts.
  func run() async
  /// The endpoints the province calls (commands, play-now, schedules), added to the station's
  /// router before the station's own token check (they carry the province's credential).
  func addRoutes(to router: Router<BasicRequestContext>)
  /// Where the link stands, for `/v1/province` and the console.
  func state() -> ProvinceLinkState
}

/// What a link shows the officer: is the province reachable, what is still to send.
public struct ProvinceLinkState: Codable, Sendable {
  public var system: String
  public var api: String
  public var loggedIn: Bool
  public var lastSuccess: Date?
  public var lastError: String?
  public var airingsWaiting: Int
  public var receiptsWaiting: Int
  public var pingsSent: Int
  public var airingsSent: Int
  /// The last round of status pings.
  public var lastPing: PingRound?
  public init(system: String, api: String) {
    self.system = system
    self.api = api
    loggedIn = false
    airingsWaiting = 0
    receiptsWaiting = 0
    pingsSent = 0
    airingsSent = 0
  }
  enum CodingKeys: String, CodingKey {
    case system, api
    case loggedIn = "logged_in"
    case lastSuccess = "last_success"
    case lastError = "last_error"
    case airingsWaiting = "airings_waiting"
    case receiptsWaiting = "receipts_waiting"
    case pingsSent = "pings_sent"
    case airingsSent = "airings_sent"
    case lastPing = "last_ping"
  }
}

/// One round of status pings: how many, how long, how late (seconds after the round was due,
/// when the province had each).
public struct PingRound: Codable, Sendable {
  public var at: Date
  public var clusters: Int
  public var failed: Int
  public var seconds: Double
  public var lateP50: Double
  public var lateP99: Double
  public init(at: Date, clusters: Int, failed: Int, seconds: Double, lateP50: Double, lateP99: Double) {
    self.at = at
    self.clusters = clusters
    self.failed = failed
    self.seconds = seconds
    self.lateP50 = lateP50
    self.lateP99 = lateP99
  }
  enum CodingKeys: String, CodingKey {
    case at, clusters, failed, seconds
    case lateP50 = "late_p50_s"
    case lateP99 = "late_p99_s"
  }
}

/// What every province link is given: the station's settings and store, a sender that signs with
/// the province's key, and a logger.
public struct ProvinceContext: Sendable {
  public let station: StationConfig
  public let settings: ProvinceSettings
  public let store: StationStore
  /// Signs with `[province] kid/key_file` (a key the boxes trust as the province's).
  public let sender: Sender
  public let logger: Logger

  public init(station: StationConfig, settings: ProvinceSettings, store: StationStore, sender: Sender, logger: Logger) {
    self.station = station
    self.settings = settings
    self.store = store
    self.sender = sender
    self.logger = logger
  }
}

/// `[province]` in the station's config (docs/province.md).
public struct ProvinceSettings: Sendable {
  /// The plug-in: `thongtinnguon` (REST + JSON, the shape in province-interface.md).
  public var system = "thongtinnguon"
  /// The province's API base, e.g. `https://api-ttn.longan.gov.vn/api/`.
  public var api = ""
  /// `username`, `password` (to log in) and `inbound_token` (what the province sends us), in a
  /// file only its owner may read.
  public var credentialsFile = ""
  /// Area codes and names: the cluster's locality (`NguonID`/`TenNguon`) and the receiving area
  /// (`DichID`/`TenDich`; default: the same).
  public var sourceId = ""
  public var sourceName = ""
  public var targetId: String?
  public var targetName: String?
  public var vendorCode = "LOA"
  public var vendorName = "Loa (phần mềm mở)"
  public var deviceType = "Cụm loa truyền thanh"
  /// How a box is named to the province (`CumLoaID`): `{province}`, `{commune}`, `{hamlet}`,
  /// `{box}` are replaced.
  public var clusterId = "{commune}-{box}"
  public var pingSeconds = 60.0
  /// Pings in flight at once (a province far away answers slowly; one at a time, 2,000
  /// clusters at 50 ms each would take 100 s of a 60 s round).
  public var pingConcurrency = 16
  /// Paths under `api` (the guidance's own are not public: these are assumptions, docs/province.md).
  public var loginPath = "Authenticate/Login"
  public var statusPath = "CumLoa/TrangThai"
  public var airingPath = "CumLoa/NhatKyBanTin"
  public var scheduleAddedPath = "CumLoa/LichPhat/Them"
  public var scheduleCancelledPath = "CumLoa/LichPhat/Huy"
  /// Where the province calls the station (under the station's listen address).
  public var inboundPath = "/province"
  /// Province messages are signed with this key; the boxes trust it as the province's.
  public var signingKid = ""
  public var signingKeyFile = ""
  public var timeoutSeconds = 10.0
  /// Airing logs kept for a province that is down, oldest dropped (and counted) beyond it.
  public var backlogMax = 200_000
  /// Where a play-now's bulletin is fetched when the request names only its `MediaId`
  /// (`{MediaId}` is replaced), e.g. `https://…/api/media/{MediaId}.mp3`.
  public var mediaURLTemplate: String?

  public init() {}

  public func clusterId(of b: BoxIdentity) -> String {
    clusterId.replacingOccurrences(of: "{province}", with: b.province)
      .replacingOccurrences(of: "{commune}", with: b.commune)
      .replacingOccurrences(of: "{hamlet}", with: b.hamlet)
      .replacingOccurrences(of: "{box}", with: b.box)
  }

  /// The province's login and the credential it presents to the station.
  public struct Credentials: Sendable {
    public var username: String
    public var password: String
    public var inboundToken: String?
  }

  /// Read from a file only its owner may read (mode 600); refuses others, naming the reason.
  public func credentials() throws(LoaError) -> Credentials {
    try StationConfig.ownerOnly(credentialsFile, setting: "province.credentials_file")
    guard let text = try? String(contentsOfFile: credentialsFile, encoding: .utf8) else {
      throw LoaError(.config, "province.credentials_file '\(credentialsFile)' is not UTF-8 text")
    }
    var values: [String: String] = [:]
    for (n, raw) in TextLines.split(text).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let eq = line.firstIndex(of: "=") else {
        throw LoaError(.config, "\(credentialsFile):\(n + 1): expected KEY = VALUE")
      }
      var v = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
      if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
      values[line[..<eq].trimmingCharacters(in: .whitespaces)] = v
    }
    guard let u = values["username"], !u.isEmpty, let p = values["password"], !p.isEmpty else {
      throw LoaError(.config, "\(credentialsFile): needs username and password (tài khoản và mật khẩu của tỉnh)")
    }
    return Credentials(username: u, password: p, inboundToken: values["inbound_token"].flatMap { $0.nilIfEmpty })
  }

  /// The province's signing key, under the same rule as the station's.
  public func signer() throws(LoaError) -> Signer {
    try StationConfig.signer(kid: signingKid, keyFile: signingKeyFile, setting: "province.key_file")
  }
}

extension StationWire {
  /// `POST /v1/boxes/ID/location`: where a box stands (the province's map).
  public struct Location: Codable, Sendable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) {
      self.latitude = latitude
      self.longitude = longitude
    }
  }

  /// `GET /v1/province`: the link, the province's last requests, records it refused.
  public struct ProvinceView: Codable, Sendable {
    public var link: ProvinceLinkState
    public var requests: [StationStore.InboundRecord]
    public var refused: [Refused]
    public struct Refused: Codable, Sendable {
      public var kind: String
      public var error: String
      public var at: Date
    }
  }
}
