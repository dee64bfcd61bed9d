import Foundation
import LoaCore
import LoaProtocol
import LoaStationWire

/// Turns an officer's request into a signed message for a target, records which boxes should
/// answer, and publishes it (QoS 1: a box that is offline gets it from the broker when it is back).
public struct Sender: Sendable {
  public let config: StationConfig
  public let store: StationStore
  public let signer: Signer
  /// Publishes on the station's broker connection.
  public let publish: @Sendable (String, Data) throws -> Void

  public init(
    config: StationConfig, store: StationStore, signer: Signer,
    publish: @escaping @Sendable (String, Data) throws -> Void
  ) {
    self.config = config
    self.store = store
    self.signer = signer
    self.publish = publish
  }

  /// A commune's station signs with the commune's key, which boxes trust for normal and priority
  /// bulletins and for volume and stop (docs/protocol.md).
  var isCommuneStation: Bool { config.commune != nil }

  /// `xa` / the commune code: the commune; a hamlet code; a box id. On a province's station also
  /// `tinh` (the province), a commune code, `COMMUNE/HAMLET`. Returns the target and the boxes
  /// the station knows in it.
  public func resolve(_ to: String) throws(LoaError) -> (Target, [BoxIdentity]) {
    let to = to.trimmingCharacters(in: .whitespaces)
    guard !to.isEmpty else {
      throw LoaError(.badTarget, "say where to send it: --to xa, a hamlet (thôn/ấp) or a box id (thiếu nơi nhận)")
    }
    let known = try store.knownBoxes().map(\.identity)
    let p = config.province
    if let c = config.commune {
      if to == "xa" || to == c {
        return (Target(province: p, commune: c), known.filter { $0.commune == c })
      }
    } else if to == "tinh" || to == p {
      return (Target(province: p), known)
    } else if known.contains(where: { $0.commune == to }) {
      return (Target(province: p, commune: to), known.filter { $0.commune == to })
    }
    let inHamlet = known.filter { $0.hamlet == to || "\($0.commune)/\($0.hamlet)" == to }
    let communes = Set(inHamlet.map(\.commune))
    if communes.count == 1, let first = inHamlet.first {
      return (Target(province: p, commune: first.commune, hamlet: first.hamlet), inHamlet)
    }
    if communes.count > 1 {
      throw LoaError(.badTarget, "hamlet '\(to)' is in several communes; write COMMUNE/HAMLET")
    }
    let boxes = known.filter { $0.box == to }
    if boxes.count == 1, let b = boxes.first {
      return (Target(province: p, commune: b.commune, hamlet: b.hamlet, box: b.box), boxes)
    }
    if boxes.count > 1 { throw LoaError(.badTarget, "box id '\(to)' is used in several communes; write a hamlet") }
    throw LoaError(
      .unknownTarget,
      "no hamlet or box '\(to.prefix(64))' is known to this station (không có thôn/ấp hay cụm loa này); "
        + "'loa fleet' lists them")
  }

  /// A schedule's audio files: relative paths, addresses, and SHA-256 sums in lower case.
  static func checked(media: [String: MediaFile]?) throws(LoaError) -> [String: MediaFile]? {
    guard let media, !media.isEmpty else { return nil }
    guard media.count <= 200 else { throw LoaError(.badQuery, "a schedule names at most 200 audio files") }
    var out: [String: MediaFile] = [:]
    for (rel, f) in media {
      guard ScheduleFolder.isRelativePath(rel) else {
        throw LoaError(.scheduleInvalid, "'\(rel.prefix(120))' is not a relative path inside the schedule's folder")
      }
      guard f.sha256.count == 64, f.sha256.allSatisfy(\.isHexDigit) else {
        throw LoaError(.badQuery, "media '\(rel.prefix(120))' needs its SHA-256 (64 hex digits)")
      }
      guard let u = URL(string: f.url), ["http", "https"].contains(u.scheme?.lowercased() ?? ""), u.host != nil else {
        throw LoaError(.badQuery, "media '\(rel.prefix(120))' needs an http(s) URL")
      }
      out[rel] = MediaFile(url: f.url, sha256: f.sha256.lowercased())
    }
    return out
  }

  /// Checks, signs, records and publishes; returns the send's id and the boxes that should answer.
  public func send(_ r: StationWire.SendRequest, now: Date = Date()) throws(LoaError) -> StationWire.SendAnswer {
    let (target, inArea) = try resolve(r.to)
    var expected = inArea
    var m = UplinkMessage(type: .job, issuer: config.name, issuedAt: now, target: target)
    if let id = r.id {
      guard UUID(uuidString: id) != nil else { throw LoaError(.badQuery, "'id' must be a UUID") }
      m.id = id.lowercased()
    }
    var title: String?
    var cls: String?
    switch (r.job, r.command) {
    case (nil, nil) where r.schedule != nil:
      m.type = .schedule
      m.schedule = r.schedule
      m.texts = r.texts
      m.media = try Self.checked(media: r.media)
      title = "lịch phát"
    case (let job?, nil) where r.schedule == nil:
      try fill(&m, job, lateJoin: r.lateJoin)
      title = m.title
      cls = m.bulletinClass
    case (nil, let command?):
      m.type = .command
      switch BoxCommand(command.lowercased()) {
      case .volume:
        guard let level = r.level, (0...100).contains(level) else {
          throw LoaError(.badVolume, "volume needs a level from 0 to 100 (âm lượng từ 0 đến 100)")
        }
        m.command = .volume
        m.level = level
        title = "âm lượng \(level)"
      case .stop:
        m.command = .stop
        title = "dừng phát"
      case .endLive:
        guard let ref = r.refersTo?.lowercased(), UUID(uuidString: ref) != nil else {
          throw LoaError(.badQuery, "end_live needs the live broadcast's id (refers_to)")
        }
        m.command = .endLive
        m.refersTo = ref
        title = "kết thúc phát trực tiếp"
      case .approve:
        guard let ref = r.refersTo?.lowercased(), UUID(uuidString: ref) != nil else {
          throw LoaError(.badQuery, "approve needs the bulletin's id (refers_to)")
        }
        m.command = .approve
        m.refersTo = ref
        if let at = r.notBefore {
          guard at > now.addingTimeInterval(-60) else {
            throw LoaError(.atInPast, "the time to air is in the past (thời điểm phát đã qua)")
          }
          m.notBefore = at
        }
        // Only the boxes that hold it are expected to answer (the others say it is not there).
        let waiting = Set(try store.inbox(boxes: inArea).first { $0.id == ref }?.waiting ?? [])
        guard !waiting.isEmpty else {
          throw LoaError(.unknownSend, "bulletin \(ref) waits in no box's inbox in \(r.to) (không có trong hộp chờ)")
        }
        expected = inArea.filter { waiting.contains($0.box) }
        title = "duyệt \(ref.prefix(8))"
      default:
        throw LoaError(
          .badQuery, "the station sends the commands volume, stop, approve and end_live, not '\(command.prefix(32))'")
      }
    default:
      throw LoaError(.missingContent, "send one of a job, a command or a schedule")
    }
    let data: Data
    do { data = try signer.envelope(m) } catch {
      throw LoaError(.storage, "cannot sign the message: \(error)")
    }
    guard data.count <= UplinkProtocol.maxEnvelopeBytes else {
      throw LoaError(
        .textTooLong,
        "the message is \(data.count) bytes signed; the protocol's limit is \(UplinkProtocol.maxEnvelopeBytes)")
    }
    try store.recordSend(
      id: m.id, to: r.to, topic: target.topic, kind: m.type.description, title: title,
      bulletinClass: cls, operatorName: r.operatorName, at: now, expected: expected)
    do { try publish(target.topic, data) } catch {
      try? store.forgetSend(id: m.id)
      throw LoaError(.playerUnavailable, "the broker did not take the message: \(error) (chưa gửi được)")
    }
    return StationWire.SendAnswer(id: m.id, to: r.to, topic: target.topic, boxes: expected.map(\.box))
  }

  /// A job request as the boxes' protocol carries it. The station checks what it can know
  /// (content, class, who may send what); each box checks the rest (voices, its languages) and
  /// says so in its ack.
  func fill(_ m: inout UplinkMessage, _ job: JobRequest, lateJoin: Bool? = nil) throws(LoaError) {
    let cls = (job.bulletinClass ?? "normal").lowercased()
    guard let c = BulletinClass(rawValue: cls) else {
      throw LoaError(.unknownClass, "unknown class '\(cls.prefix(32))': use normal, priority or emergency")
    }
    if c == .emergency && isCommuneStation {
      throw LoaError(
        .notAllowed,
        "a commune's station may not send emergency bulletins; the province sends those "
          + "(trạm xã không được gửi bản tin khẩn cấp; hãy dùng ưu tiên / priority)")
    }
    let kinds = [job.text != nil, job.relay != nil, job.mediaURL != nil, job.live != nil].filter { $0 }.count
    guard kinds == 1, job.file == nil, job.media == nil else {
      throw LoaError(
        .missingContent,
        "a bulletin from the station is text, a relay URL, a media URL or a live stream (exactly one of them)")
    }
    if let t = job.text, t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw LoaError(.emptyText, "the text is empty (nội dung trống)")
    }
    if job.relay != nil && job.durationSeconds == nil {
      throw LoaError(.badDuration, "a relay needs its duration")
    }
    m.bulletinClass = cls
    m.title = job.title ?? job.text.map { String($0.prefix(60)) }
    m.language = job.language
    m.notBefore = job.notBefore
    m.expiresAt = job.expiresAt
    m.repeatCount = job.repeatCount
    m.content = UplinkContent(
      text: job.text, voice: job.voice, mediaURL: job.mediaURL, sha256: job.sha256, relay: job.relay,
      durationSeconds: job.durationSeconds)
    m.content?.live = job.live
    if job.live != nil, lateJoin == true { m.content?.lateJoin = true }
    m.field = job.field
    // The commune's own bulletin, unless the officer says it relays someone else's.
    m.origin = job.origin ?? (isCommuneStation && job.relay == nil ? "own" : nil)
    m.author = job.author
    m.newsSource = job.newsSource
  }
}

extension Sender {
  /// One message to exactly these boxes (the province's device list): signed once per box, for
  /// that box's own topic, under one id, recorded as one send that expects exactly them.
  public func send(
    _ template: UplinkMessage, toEach boxes: [BoxIdentity], label: String, title: String?, operatorName: String?,
    now: Date = Date()
  ) throws(LoaError) -> StationWire.SendAnswer {
    guard !boxes.isEmpty else { throw LoaError(.badTarget, "no box to send to (không có cụm loa nhận)") }
    var signed: [(String, Data)] = []
    for b in boxes {
      var m = template
      m.target = Target(province: b.province, commune: b.commune, hamlet: b.hamlet, box: b.box)
      let data: Data
      do { data = try signer.envelope(m) } catch { throw LoaError(.storage, "cannot sign the message: \(error)") }
      guard data.count <= UplinkProtocol.maxEnvelopeBytes else {
        throw LoaError(
          .textTooLong,
          "the message is \(data.count) bytes signed; the protocol's limit is \(UplinkProtocol.maxEnvelopeBytes)")
      }
      signed.append((m.target.topic, data))
    }
    try store.recordSend(
      id: template.id, to: label, topic: signed.count == 1 ? signed[0].0 : "\(signed.count) boxes",
      kind: template.type.description, title: title, bulletinClass: template.bulletinClass,
      operatorName: operatorName, at: now, expected: boxes)
    var published = 0
    for (topic, data) in signed {
      do { try publish(topic, data) } catch {
        if published == 0 { try? store.forgetSend(id: template.id) }
        throw LoaError(
          .playerUnavailable, "the broker did not take the message (\(published) of \(signed.count) sent): \(error)")
      }
      published += 1
    }
    return StationWire.SendAnswer(id: template.id, to: label, topic: signed.first?.0 ?? "", boxes: boxes.map(\.box))
  }
}
