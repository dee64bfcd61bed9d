import Foundation
import GRDB
import Hummingbird
import LoaCore
import LoaProtocol

/// `[live]` in the station's config: the Icecast server live broadcasts go through.
public struct LiveSettings: Sendable {
  /// How the officer's PC reaches Icecast as a source, e.g. `http://127.0.0.1:8000`.
  public var icecast = ""
  /// How the boxes reach it (default: `icecast`).
  public var listenURL: String?
  public var sourceUser = "source"
  public var sourcePassword = ""
  /// The longest a live broadcast may last unless the officer says otherwise.
  public var defaultMaxSeconds = 1800.0
  public init() {}
}

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
  }
}

/// Live broadcasts: one at a time per station (a second officer is told who is on air), each a
/// signed `job` with `live` content to the chosen boxes, ended with `end_live`.
final class StationLive: @unchecked Sendable {
  let settings: LiveSettings
  let sender: Sender
  private let lock = NSLock()
  private var current: (id: String, to: String, operatorName: String?, since: Date, until: Date)?

  init(settings: LiveSettings, sender: Sender) {
    self.settings = settings
    self.sender = sender
  }

  func start(_ r: StationWire.LiveRequest, now: Date = Date()) throws(LoaError) -> StationWire.LiveSession {
    lock.lock()
    // A session whose officer never ended it is over at its longest.
    if let c = current, c.until < now { current = nil }
    if let c = current {
      lock.unlock()
      throw LoaError(
        .alreadyRunning,
        "\(c.operatorName ?? "another officer") is live to \(c.to) since \(LocalTime.format(c.since)); "
          + "one live broadcast at a time (đang có người phát trực tiếp)")
    }
    let id = UUID().uuidString.lowercased()
    let maxSeconds = r.maxSeconds ?? settings.defaultMaxSeconds
    current = (id, r.to, r.operatorName, now, now.addingTimeInterval(maxSeconds))
    lock.unlock()
    let mount = "live-\(id.prefix(12)).mp3"
    let listen = (settings.listenURL ?? settings.icecast) + "/" + mount
    var job = JobRequest(
      bulletinClass: r.bulletinClass ?? "priority", title: r.title ?? "Phát trực tiếp", operatorName: r.operatorName)
    job.live = listen
    job.durationSeconds = maxSeconds
    var send = StationWire.SendRequest(to: r.to, job: job)
    send.operatorName = r.operatorName
    send.id = id
    send.lateJoin = r.lateJoin
    do {
      let answer = try sender.send(send, now: now)
      return StationWire.LiveSession(
        id: answer.id, to: r.to, boxes: answer.boxes, sourceURL: settings.icecast + "/" + mount,
        sourceUser: settings.sourceUser, sourcePassword: settings.sourcePassword, listenURL: listen)
    } catch {
      end(id)
      throw error
    }
  }

  /// Tells the boxes the broadcast ends (what they hold airs, then the airing is complete).
  func finish(_ id: String) throws(LoaError) -> StationWire.SendAnswer {
    lock.lock()
    let c = current
    lock.unlock()
    guard let c, c.id == id else {
      throw LoaError(.unknownSend, "no live broadcast \(id.prefix(40)) is on at this station")
    }
    var r = StationWire.SendRequest(to: c.to, command: "end_live")
    r.refersTo = id
    r.operatorName = c.operatorName
    defer { end(id) }
    return try sender.send(r)
  }

  func end(_ id: String) {
    lock.lock()
    if current?.id == id { current = nil }
    lock.unlock()
  }

  func add(to router: Router<BasicRequestContext>) {
    let live = self
    router.post("/v1/live") { request, _ in
      do {
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let r = try? Wire.decoder().decode(StationWire.LiveRequest.self, from: Data(buffer: body)) else {
          throw LoaError(.badQuery, "the body needs 'to' (and may have class, title, max_s)")
        }
        return try reply(try live.start(r), status: .created)
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.post("/v1/live/:id/end") { _, context in
      do {
        return try reply(try live.finish(context.parameters.get("id") ?? ""))
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
  }
}
