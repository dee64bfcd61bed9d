import Foundation
import LoaCore
import LoaProtocol
import LoaStation
import Logging

/// The province link for the REST + JSON source systems in service (province-interface.md):
/// status pings for every cluster, one airing log per as-run row (at least once, in order, held
/// on disk while the province is down), schedule receipts, and the province's commands,
/// play-now and schedules taken at `[province] inbound_path`.
public final class ThongTinNguonLink: ProvinceLink, @unchecked Sendable {
  public let system = "thongtinnguon"
  let context: ProvinceContext
  let client: ProvinceClient
  let records: ProvinceRecords
  let inboundToken: String?
  static let airingCursor = "thongtinnguon-airing"

  // Under `lock`: what `/v1/province` shows.
  private let lock = NSLock()
  private var current: ProvinceLinkState

  public init(_ context: ProvinceContext) throws(LoaError) {
    self.context = context
    let credentials = try context.settings.credentials()
    inboundToken = credentials.inboundToken
    client = ProvinceClient(
      settings: context.settings, credentials: credentials, logger: context.logger)
    records = ProvinceRecords(settings: context.settings, version: LoaVersion.described)
    current = ProvinceLinkState(system: "thongtinnguon", api: context.settings.api)
  }

  public func state() -> ProvinceLinkState {
    var s = locked { current }
    if let (w, _) = try? context.store.airingBacklog(cursor: Self.airingCursor) { s.airingsWaiting = w }
    s.receiptsWaiting = (try? context.store.outboxCount()) ?? 0
    return s
  }

  func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }

  func succeeded() {
    locked {
      current.loggedIn = true
      current.lastSuccess = Date()
      current.lastError = nil
    }
  }

  func failed(_ what: String, _ f: ProvinceClient.Failure) {
    let message = "\(what): \(f.description)"
    let changed = locked { () -> Bool in
      let was = current.lastError
      current.lastError = message
      if f.status == nil { current.loggedIn = false }
      return was != message
    }
    // Once per new error, not once per record of a long outage.
    if changed { context.logger.warning("province link: \(message)") }
  }

  public func run() async {
    context.logger.info(
      "province link started",
      metadata: [
        "system": "\(system)", "api": "\(context.settings.api)", "ping_s": "\(context.settings.pingSeconds)",
      ])
    await withTaskGroup(of: Void.self) { g in
      g.addTask { await self.pingLoop() }
      g.addTask { await self.airingLoop() }
      g.addTask { await self.receiptLoop() }
    }
    await client.shutdown()
  }

  /// Sleeps, or returns false when the link is stopping.
  func pause(_ seconds: Double) async -> Bool {
    do { try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9)) } catch { return false }
    return !Task.isCancelled
  }

  /// Waits before another try: 1, 2, 4 … 60 s, with up to a third more at random so a province
  /// that comes back is not met by every station at the same instant.
  static func backoff(_ attempt: Int) -> Double {
    let base = min(60, pow(2, Double(min(attempt, 6))))
    return base + Double.random(in: 0...(base / 3))
  }

  // MARK: Status

  func pingLoop() async {
    let interval = context.settings.pingSeconds
    var due = Date()
    while !Task.isCancelled {
      await pingRound(due: due)
      let now = Date()
      due = due.addingTimeInterval(interval)
      // A round that overran skips the rounds it missed rather than bunching them.
      while due < now { due = due.addingTimeInterval(interval) }
      guard await pause(due.timeIntervalSince(now)) else { return }
    }
  }

  func pingRound(due: Date) async {
    let boxes: [StationStore.PingBox]
    do { boxes = try context.store.pingBoxes(heartbeatSeconds: context.station.heartbeatSeconds) } catch {
      context.logger.error("province link: \(error.message)")
      return
    }
    let started = Date()
    var late: [Double] = []
    var failures = 0
    var firstFailure: ProvinceClient.Failure?
    await withTaskGroup(of: (Double?, ProvinceClient.Failure?).self) { g in
      var inFlight = 0
      func collect(_ r: (Double?, ProvinceClient.Failure?)) {
        inFlight -= 1
        if let l = r.0 { late.append(l) }
        if let f = r.1 {
          failures += 1
          if firstFailure == nil { firstFailure = f }
        }
      }
      for b in boxes {
        if Task.isCancelled { break }
        if inFlight >= context.settings.pingConcurrency, let r = await g.next() { collect(r) }
        inFlight += 1
        g.addTask { [client, records, context] in
          do throws(ProvinceClient.Failure) {
            try await client.post(context.settings.statusPath, Self.data(records.status(b, at: Date())))
            return (Date().timeIntervalSince(due), nil)
          } catch { return (nil, error) }
        }
      }
      while let r = await g.next() { collect(r) }
    }
    if let f = firstFailure { failed("status ping", f) } else if !boxes.isEmpty { succeeded() }
    late.sort()
    func q(_ p: Double) -> Double { late.isEmpty ? 0 : late[min(late.count - 1, Int(Double(late.count) * p))] }
    let round = PingRound(
      at: due, clusters: boxes.count, failed: failures, seconds: Date().timeIntervalSince(started), lateP50: q(0.5),
      lateP99: q(0.99))
    locked {
      current.pingsSent += boxes.count - failures
      current.lastPing = round
    }
  }

  // MARK: Airing log

  func airingLoop() async {
    var attempt = 0
    while !Task.isCancelled {
      let rows: [StationStore.PendingAiring]
      do {
        rows = try context.store.pendingAirings(
          cursor: Self.airingCursor, limit: 200, backlogMax: context.settings.backlogMax)
      } catch {
        context.logger.error("province link: \(error.message)")
        guard await pause(5) else { return }
        continue
      }
      if rows.isEmpty {
        guard await pause(1) else { return }
        continue
      }
      for p in rows {
        if Task.isCancelled { return }
        let record = records.airing(p)
        do throws(ProvinceClient.Failure) {
          try await client.post(context.settings.airingPath, Self.data(record))
          attempt = 0
          succeeded()
          locked { current.airingsSent += 1 }
        } catch  where !error.retry {
          // Refused for good (the province says what is wrong with it): kept for the officer,
          // and the log goes on rather than stopping behind one record.
          context.logger.error(
            "province refused an airing record", metadata: ["row": "\(p.id)", "why": "\(error.description)"])
          try? context.store.queueOutbox(kind: "airing", body: Self.json(record), refused: error.description)
        } catch {
          failed("airing log", error)
          attempt += 1
          guard await pause(Self.backoff(attempt)) else { return }
          break
        }
        do { try context.store.advance(cursor: Self.airingCursor, to: p.id) } catch {
          context.logger.error("province link: \(error.message)")
        }
      }
    }
  }

  static func data(_ o: [String: Any]) -> Data {
    (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])) ?? Data("{}".utf8)
  }

  static func json(_ o: [String: Any]) -> String {
    String(
      decoding: (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])) ?? Data("{}".utf8),
      as: UTF8.self)
  }

  // MARK: Schedule receipts

  func receiptLoop() async {
    var attempt = 0
    while !Task.isCancelled {
      queueReceipts()
      var waitFor = 2.0
      let waiting = (try? context.store.outboxWaiting()) ?? []
      for item in waiting {
        let path =
          item.kind == "schedule-added" ? context.settings.scheduleAddedPath : context.settings.scheduleCancelledPath
        do throws(ProvinceClient.Failure) {
          try await client.post(path, Data(item.body.utf8))
          try? context.store.outboxSent(id: item.id)
          attempt = 0
          succeeded()
        } catch  where !error.retry {
          context.logger.error("province refused a schedule receipt", metadata: ["why": "\(error.description)"])
          try? context.store.outboxRefused(id: item.id, error: error.description)
        } catch {
          failed("schedule receipt", error)
          try? context.store.outboxFailed(id: item.id, error: error.description)
          attempt += 1
          waitFor = Self.backoff(attempt)
          break
        }
      }
      guard await pause(waitFor) else { return }
    }
  }

  /// Receipts owed: a box took every job of a province schedule; every box answered a cancel.
  func queueReceipts() {
    let store = context.store
    let names = Dictionary(
      ((try? store.knownBoxes()) ?? []).map { ($0.identity.box, $0.name) }, uniquingKeysWith: { a, _ in a })
    for (s, box) in (try? store.schedulesInstalled()) ?? [] {
      let body = Self.json(records.scheduleAdded(s, box: box, name: names[box.box] ?? nil))
      do throws(LoaError) {
        try store.queueOutbox(kind: "schedule-added", body: body)
        try store.markScheduleReceiptPosted(scheduleId: s.scheduleId, box: box)
      } catch { context.logger.error("province link: \(error.message)") }
    }
    for (s, boxes) in (try? store.schedulesRemoved()) ?? [] {
      do throws(LoaError) {
        try store.queueOutbox(kind: "schedule-cancelled", body: Self.json(records.scheduleCancelled(s, boxes: boxes)))
        try store.markCancelReceiptPosted(scheduleId: s.scheduleId)
      } catch { context.logger.error("province link: \(error.message)") }
    }
  }
}
