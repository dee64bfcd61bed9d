import Foundation
import Hummingbird
import LoaCore

/// The station's HTTP API (docs/api.md, "Station"): what `loa fleet` and the console read.
public struct StationAPI: Sendable {
  public let config: StationConfig
  public let store: StationStore
  public let version: String

  public init(config: StationConfig, store: StationStore, version: String) {
    self.config = config
    self.store = store
    self.version = version
  }

  public func router() -> Router<BasicRequestContext> {
    let router = Router()
    let api = self
    router.get("/v1/station") { _, _ in
      try reply(
        StationWire.Info(
          name: api.config.name, province: api.config.province, commune: api.config.commune, version: api.version))
    }
    router.get("/v1/fleet") { request, _ in
      do {
        return try reply(try api.fleet(request.uri.queryParameters))
      } catch let e as LoaError {
        return try reply(
          Wire.ErrorBody(code: e.code.rawValue, message: e.message),
          status: e.code.kind == .notFound
            ? .notFound : e.code.kind == .invalid ? .unprocessableContent : .serviceUnavailable)
      }
    }
    return router
  }

  static func startOfDay(_ d: Date) -> Date {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = LocalTime.zone
    return cal.startOfDay(for: d)
  }

  /// `state=online|offline|lost|unknown` (offline includes lost), `hamlet=ap-3`.
  func fleet(_ q: Parameters) throws -> StationWire.Fleet {
    let now = Date()
    var f = try store.fleet(now: now, heartbeatSeconds: config.heartbeatSeconds, dayStart: Self.startOfDay(now))
    if let h = q.get("hamlet") {
      guard f.boxes.contains(where: { $0.hamlet == h }) else {
        throw LoaError(.unknownHamlet, "no box of this station is in hamlet '\(h.prefix(64))' (không có thôn/ấp này)")
      }
      f.boxes = f.boxes.filter { $0.hamlet == h }
    }
    if let s = q.get("state") {
      guard let state = StationWire.BoxState(rawValue: s) else {
        throw LoaError(
          .badQuery,
          "state must be one of \(StationWire.BoxState.allCases.map(\.rawValue).joined(separator: ", ")), "
            + "got '\(s.prefix(32))'")
      }
      f.boxes = f.boxes.filter { $0.state == state || (state == .offline && $0.state == .lost) }
    }
    return f
  }
}

func reply<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
  Response(
    status: status, headers: [.contentType: "application/json; charset=utf-8"],
    body: .init(byteBuffer: ByteBuffer(bytes: try Wire.encoder().encode(value))))
}
