import Foundation
import LoaCore

/// The Thông tư 39 priority ladder as a value: the waiting jobs, the one on air and any pending
/// interrupt, with the rules that decide what airs next and what cuts in. No clock, no threads, no
/// I/O: the player shell owns one `Ladder`, asks it at `now`, and carries out the answer.
///
/// The rules, once:
/// - Order: emergency > priority > a due scheduled programme > normal (`Job.rank`); scheduled
///   airings of one rank by their start; then arrival order or where an officer moved them.
/// - A job is due at its `notBefore`; a job past its expiry (or a started programme past its slot)
///   is taken off unaired (`Step.expire`).
/// - A one-off job given a start time that comes due inside quiet hours is not aired (expired with
///   the reason), unless it is an emergency: after a clock step or a long outage, nothing timed airs
///   at 03:15. A job queued for "now" is an officer's explicit act and airs.
/// - A due emergency cuts any non-emergency on air. A hard-start programme cuts a normal job, or a
///   programme that has run past its own slot; never priority or emergency.
/// - Paused (a remote "tạm dừng"): what is on air is cut to resume later, and only emergencies air
///   until it is resumed. Expiry goes on as the clock does.
public struct Ladder: Sendable, Equatable {
  public private(set) var waiting: [Job]
  public private(set) var onAir: Job?
  /// What must stop the airing on air, once decided (sticks until the airing ends).
  public private(set) var interrupt: Interrupt?
  /// `nil`: no quiet hours.
  public var quietHours: QuietHours?
  /// Set while paused: who paused it and when.
  public private(set) var paused: Pause?

  public struct Pause: Sendable, Equatable, Codable {
    public var by: String?
    public var since: Date
  }

  public init(waiting: [Job] = [], quietHours: QuietHours? = .standard) {
    self.waiting = waiting
    self.quietHours = quietHours
  }

  /// Why a job leaves the queue without airing.
  public enum ExpiryReason: Sendable, Equatable {
    /// Its expiry, or (a scheduled airing) its tolerance or slot, passed.
    case window
    /// A timed one-off came due inside quiet hours.
    case quietHours(QuietHours)

    /// For the as-run row (an officer reads it).
    public var message: String? {
      switch self {
      case .window: nil
      case .quietHours(let q):
        "its start time fell in quiet hours \(q); only emergencies air then (giờ yên tĩnh: bản tin hẹn giờ không phát)"
      }
    }
  }

  public struct Expiry: Sendable, Equatable {
    public var job: Job
    public var reason: ExpiryReason
  }

  /// What the player does next.
  public enum Step: Sendable, Equatable {
    /// Log these as not aired (they are already off the queue).
    case expire([Expiry])
    /// Air this job (now on air, status `playing`).
    case air(Job)
    /// Nothing is due: sleep until the next start time (if any) or a signal.
    case wait(until: Date?)
  }

  /// Waiting jobs in the order they will air.
  public var queued: [Job] { Job.ladderOrder(waiting) }

  /// The next step at `now`. Not to be called while a job is on air.
  public mutating func next(at now: Date) -> Step {
    precondition(onAir == nil, "the ladder is asked for the next job while one is on air")
    var gone = waiting.filter { $0.isExpired(at: now) }.map { Expiry(job: $0, reason: .window) }
    if let q = quietHours, q.contains(now) {
      gone += waiting.filter { isTimedOneOff($0) && $0.isDue(at: now) && !$0.isExpired(at: now) }
        .map { Expiry(job: $0, reason: .quietHours(q)) }
    }
    if !gone.isEmpty {
      let ids = Set(gone.map(\.job.id))
      waiting.removeAll { ids.contains($0.id) }
      return .expire(gone)
    }
    let candidates = waiting.filter { $0.isDue(at: now) && (paused == nil || $0.bulletinClass == .emergency) }
    if var job = Job.ladderOrder(candidates).first {
      waiting.removeAll { $0.id == job.id }
      job.status = .playing
      onAir = job
      interrupt = nil
      return .air(job)
    }
    let later = waiting.filter { paused == nil || $0.bulletinClass == .emergency }
    return .wait(until: later.compactMap(\.notBefore).filter { $0 > now }.min())
  }

  /// A timed job that is neither an emergency nor a scheduled airing (programmes have their own
  /// quiet-hours rule in the schedule checker and `allow_quiet`).
  func isTimedOneOff(_ job: Job) -> Bool {
    job.notBefore != nil && !job.isScheduled && job.bulletinClass != .emergency
  }

  /// What must stop the airing on air at `now`, if anything: an interrupt already set, a due
  /// emergency over a non-emergency, or a hard-start programme that cuts in.
  public mutating func check(at now: Date) -> Interrupt? {
    if let interrupt { return interrupt }
    guard let cur = onAir, cur.bulletinClass != .emergency else { return nil }
    if let e = waiting.first(where: { $0.bulletinClass == .emergency && $0.isDue(at: now) && !$0.isExpired(at: now) }) {
      interrupt = .preempt(by: e.id)
      return interrupt
    }
    let cutsIn = cur.bulletinClass == .normal && (!cur.isScheduled || (cur.slotEnd.map { $0 <= now } ?? false))
    if cutsIn,
      let h = waiting.first(where: {
        $0.startPolicy == .hard && $0.id != cur.id && $0.isDue(at: now) && !$0.isExpired(at: now)
          && $0.rank > cur.rank - (cur.isScheduled ? 5 : 0)
      })
    {
      interrupt = .preempt(by: h.id)
      return interrupt
    }
    return nil
  }

  /// The airing on air ended (however it ended).
  public mutating func endAiring() {
    onAir = nil
    interrupt = nil
  }

  /// Queues a job (again): a new job, an approved one, a scheduled airing, a pre-empted one with
  /// its resume point. A job with the same id is replaced.
  public mutating func add(_ job: Job) {
    waiting.removeAll { $0.id == job.id }
    waiting.append(job)
  }

  /// Drops waiting jobs (the store has already marked them).
  public mutating func withdraw(_ ids: Set<String>) {
    waiting.removeAll { ids.contains($0.id) }
  }

  /// What a cancel found.
  public enum Cancelled: Sendable, Equatable {
    /// On air: the interrupt is set; the player logs it when the write stops.
    case onAir(Job)
    /// Taken off the queue: the caller logs it (and puts it back if that fails).
    case waiting(Job)
    case notHere
  }

  public mutating func cancel(id: String, operatorName: String?) -> Cancelled {
    if let cur = onAir, cur.id == id {
      interrupt = .cancel(operatorName: operatorName)
      return .onAir(cur)
    }
    if let i = waiting.firstIndex(where: { $0.id == id }) { return .waiting(waiting.remove(at: i)) }
    return .notHere
  }

  /// Stops whatever is on air (logged `cancelled`). Returns it.
  public mutating func stop(operatorName: String?) -> Job? {
    guard let cur = onAir else { return nil }
    interrupt = .cancel(operatorName: operatorName)
    return cur
  }

  /// Pauses: a non-emergency on air is cut and stays queued to resume; only emergencies air until
  /// `resume`. Returns false when already paused (nothing changes).
  public mutating func pause(by: String?, at now: Date) -> Bool {
    guard paused == nil else { return false }
    paused = Pause(by: by, since: now)
    if let cur = onAir, cur.bulletinClass != .emergency, interrupt == nil {
      interrupt = .preempt(by: Self.pauseMarker)
    }
    return true
  }

  /// What a row cut by a pause names as its pre-empter.
  public static let pauseMarker = "pause"

  /// Ends a pause: what waits airs again, the cut job first in its class. False when not paused.
  public mutating func resume() -> Bool {
    guard paused != nil else { return false }
    paused = nil
    return true
  }

  /// The daemon stops: what is on air is cut and stays queued to resume.
  public mutating func shutdown() {
    if onAir != nil { interrupt = .shutdown }
  }

  /// Where a waiting job would go when moved before another waiting job of the same class, or to
  /// the front of its class. Pure: the caller stores the position, then `setPosition`.
  public func position(moving id: String, before otherId: String?) throws(LoaError) -> Double {
    guard let job = waiting.first(where: { $0.id == id }) else {
      throw LoaError(.jobNotWaiting, "job \(id) is not waiting in the queue; only waiting jobs can be moved")
    }
    let sameClass = waiting.filter { $0.bulletinClass == job.bulletinClass && $0.id != id }
      .sorted { $0.position < $1.position }
    guard let otherId else { return (sameClass.first?.position ?? job.position) - 1 }
    guard let other = waiting.first(where: { $0.id == otherId }) else {
      throw LoaError(.jobNotWaiting, "job \(otherId) is not waiting in the queue")
    }
    guard other.bulletinClass == job.bulletinClass else {
      throw LoaError(
        .classMismatch,
        "jobs of different classes keep the ladder order (emergency > priority > normal); move within one class")
    }
    let prev = sameClass.last { $0.position < other.position }?.position ?? (other.position - 1)
    return (prev + other.position) / 2
  }

  /// Sets a waiting job's place in its class. Returns the job, or nil when it is no longer waiting.
  public mutating func setPosition(id: String, _ position: Double) -> Job? {
    guard let i = waiting.firstIndex(where: { $0.id == id }) else { return nil }
    waiting[i].position = position
    return waiting[i]
  }

  /// Whether nothing is on air and nothing waiting is due.
  public func isIdle(at now: Date) -> Bool {
    onAir == nil && !waiting.contains { $0.isDue(at: now) && (paused == nil || $0.bulletinClass == .emergency) }
  }
}
