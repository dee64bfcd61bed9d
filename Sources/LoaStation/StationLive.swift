import Foundation
import Hummingbird
import LoaCore
import LoaProtocol
import LoaStationWire

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

/// Live broadcasts: one at a time per station (a second officer is told who is on air), each a
/// signed `job` with `live` content to the chosen boxes, ended with `end_live`.
final class StationLive: @unchecked Sendable {
  let settings: LiveSettings
  let sender: Sender
  private let lock = NSLock()
  private var current: StationWire.LiveStatus?
  /// The last broadcasts that ended (the officer's `loa live` learns it was stopped elsewhere).
  private var ended: [StationWire.LiveStatus] = []

  init(settings: LiveSettings, sender: Sender) {
    self.settings = settings
    self.sender = sender
  }

  func start(_ r: StationWire.LiveRequest, now: Date = Date()) throws(LoaError) -> StationWire.LiveSession {
    lock.lock()
    expire(now)
    if let c = current {
      lock.unlock()
      throw LoaError(
        .alreadyRunning,
        "\(c.operatorName ?? "another officer") is live to \(c.to) since \(LocalTime.format(c.since)); "
          + "one live broadcast at a time (đang có người phát trực tiếp)")
    }
    let id = UUID().uuidString.lowercased()
    let maxSeconds = r.maxSeconds ?? settings.defaultMaxSeconds
    current = StationWire.LiveStatus(
      id: id, to: r.to, operatorName: r.operatorName, since: now, until: now.addingTimeInterval(maxSeconds))
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
      lock.lock()
      if current?.id == id { current = nil }
      lock.unlock()
      throw error
    }
  }

  /// Under `lock`: a session whose officer never ended it is over at its longest.
  private func expire(_ now: Date) {
    guard var c = current, c.until < now else { return }
    c.endedAt = c.until
    c.endedBy = "hết thời lượng tối đa / at its longest"
    remember(c)
    current = nil
  }

  /// Under `lock`.
  private func remember(_ c: StationWire.LiveStatus) {
    ended.append(c)
    if ended.count > 50 { ended.removeFirst(ended.count - 50) }
  }

  /// The broadcast `id` (`current`: the one on now), with its delivery.
  func status(_ id: String, now: Date = Date()) throws(LoaError) -> StationWire.LiveStatus? {
    lock.lock()
    expire(now)
    var s = id == "current" ? current : ([current].compactMap { $0 } + ended).last { $0.id == id.lowercased() }
    lock.unlock()
    if let id = s?.id {
      s?.delivery = try sender.store.delivery(id: id, now: now, heartbeatSeconds: sender.config.heartbeatSeconds)
    }
    return s
  }

  /// Tells the boxes the broadcast ends (what they hold airs, then the airing is complete); the
  /// officer's `loa live` sees it ended and hangs up. `id` may be `current`.
  func finish(_ id: String, by operatorName: String?, now: Date = Date()) throws(LoaError) -> StationWire.SendAnswer {
    lock.lock()
    expire(now)
    guard var c = current, id == "current" || c.id == id.lowercased() else {
      lock.unlock()
      throw LoaError(
        .unknownSend,
        id == "current"
          ? "no live broadcast is on at this station (không có ai đang phát trực tiếp)"
          : "no live broadcast \(id.prefix(40)) is on at this station (không có buổi phát trực tiếp này)")
    }
    c.endedAt = now
    c.endedBy = operatorName ?? c.operatorName
    remember(c)
    current = nil
    lock.unlock()
    var r = StationWire.SendRequest(to: c.to, command: "end_live")
    r.refersTo = c.id
    r.operatorName = c.endedBy
    return try sender.send(r)
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
    router.post("/v1/live/:id/end") { request, context in
      do {
        let body = try await request.body.collect(upTo: 16 * 1024)
        let who = try? Wire.decoder().decode(StationWire.LiveEnd.self, from: Data(buffer: body))
        return try reply(try live.finish(context.parameters.get("id") ?? "", by: who?.operatorName))
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.get("/v1/live") { _, _ in
      do { return try reply(StationWire.LiveNow(live: try live.status("current"))) } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.get("/v1/live/:id") { _, context in
      do {
        let id = context.parameters.get("id") ?? ""
        guard let s = try live.status(id) else {
          throw LoaError(.unknownSend, "no live broadcast '\(id.prefix(40))' at this station")
        }
        return try reply(s)
      } catch let e as LoaError {
        return try errorReply(e)
      }
    }
  }
}
