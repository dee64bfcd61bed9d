import Foundation
import LoaAudio
import LoaCore
import LoaLadder

/// What other threads ask of the player. The player thread alone owns the ladder; the API, the
/// uplink and the scheduler post these and, where they need one, wait for the answer.
enum PlayerCommand: Sendable {
  /// A stored job joins the ladder (submit, a scheduled airing, an approved inbox job, a failed
  /// cancel put back).
  case add(Job)
  /// Waiting jobs leave the ladder (the store has already marked them).
  case withdraw(Set<String>)
  case cancel(id: String, operatorName: String?, Reply<Ladder.Cancelled>)
  case stop(operatorName: String?, Reply<Job?>)
  case position(id: String, before: String?, Reply<Result<Double, LoaError>>)
  case setPosition(id: String, Double, Reply<Job?>)
  /// Pause (only emergencies air) or resume; the answer: whether it changed anything.
  case pause(operatorName: String?, Reply<Bool>)
  case resume(Reply<Bool>)
  /// Switch the amplifier on or off now (a remote command); off is refused while on air.
  case amplifier(on: Bool, Reply<Result<Bool, LoaError>>)
  /// Cut what is on air (kept to resume on the next start) and end the player thread.
  case shutdown
  /// Look again (a test clock moved).
  case wake
}

/// One answer from the player thread.
// @unchecked Sendable: `value` lives under `cond`.
final class Reply<T: Sendable>: @unchecked Sendable {
  private let cond = NSCondition()
  private var value: T?

  func send(_ v: T) {
    cond.lock()
    value = v
    cond.broadcast()
    cond.unlock()
  }

  /// The answer, however long it takes.
  func wait() -> T {
    cond.lock()
    defer { cond.unlock() }
    while value == nil { cond.wait() }
    return value!
  }

  /// The answer, or nil if it has not come by `deadline` (a real date: Foundation on Linux traps
  /// on `distantFuture`).
  func wait(until deadline: Date) -> T? {
    cond.lock()
    defer { cond.unlock() }
    while value == nil && Date() < deadline { _ = cond.wait(until: deadline) }
    return value
  }
}

/// What the player shows to readers: the ladder as it last published it and the airing's state.
/// Only the player thread writes it (`PlayoutEngine.state`); readers get a copy (`Mailbox.read`).
struct PlayerState: Sendable {
  var ladder: Ladder
  var segment = ""
  var repetition = 0
  var startedAt: Date?
  var deviceOpen = false
  var lastError: String?
  var completed = 0
  var failed = 0
  var deadAirEvents = 0
  var lastDeadAir: EngineStatus.DeadAir?
  var level = LevelMeter.floor
  var deviceRecoveries = 0
  /// Emergencies whose first frame was measured for `/metrics` (this run).
  var emergenciesTimed: Set<String> = []
}

/// The player's mailbox: commands in, the published state out, and the player's signs of life.
/// One small lock, never held across anything slow; the player waits on it only when idle.
// @unchecked Sendable: every field lives under `cond`.
final class Mailbox: @unchecked Sendable {
  private let cond = NSCondition()
  private var commands: [PlayerCommand] = []
  /// True from when the player takes commands until it publishes what they did.
  private var applying = false
  private var published: PlayerState
  private var lastTick = Date()
  private var running = false

  init(_ initial: PlayerState) { published = initial }

  func post(_ command: PlayerCommand) {
    cond.lock()
    commands.append(command)
    cond.broadcast()
    cond.unlock()
  }

  /// Posts a command and waits for its answer; nil if the player is not running or has not
  /// answered within `timeout` (it answers between two chunks of audio, within milliseconds).
  func ask<T>(timeout: TimeInterval = 30, _ make: (Reply<T>) -> PlayerCommand) -> T? {
    let reply = Reply<T>()
    cond.lock()
    guard running else {
      cond.unlock()
      return nil
    }
    commands.append(make(reply))
    cond.broadcast()
    cond.unlock()
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let v = reply.wait(until: min(deadline, Date().addingTimeInterval(0.1))) { return v }
      if !isRunning { return reply.wait(until: Date()) }
    }
    return nil
  }

  /// The player takes what is waiting (an empty array costs one lock).
  func take() -> [PlayerCommand] {
    cond.lock()
    defer { cond.unlock() }
    lastTick = Date()
    guard !commands.isEmpty else { return [] }
    let taken = commands
    commands = []
    applying = true
    return taken
  }

  func publish(_ state: PlayerState) {
    cond.lock()
    published = state
    applying = false
    lastTick = Date()
    cond.broadcast()
    cond.unlock()
  }

  /// The player, when idle: until a command comes or `deadline`.
  func wait(until deadline: Date) {
    cond.lock()
    if commands.isEmpty { _ = cond.wait(until: deadline) }
    cond.unlock()
  }

  /// What the player last published, after it has applied the commands already posted (read your
  /// own writes) — waiting at most `wait` for that; a busy player's last state after it.
  func read(wait: TimeInterval = 0.5) -> PlayerState {
    let deadline = Date().addingTimeInterval(wait)
    cond.lock()
    defer { cond.unlock() }
    while running && (!commands.isEmpty || applying) && Date() < deadline { _ = cond.wait(until: deadline) }
    return published
  }

  func setRunning(_ on: Bool) {
    cond.lock()
    running = on
    lastTick = Date()
    cond.broadcast()
    cond.unlock()
  }

  var isRunning: Bool {
    cond.lock()
    defer { cond.unlock() }
    return running
  }

  /// When the player last took its mail or published (at least once a second while idle, every
  /// chunk while airing).
  var lastSignOfLife: Date {
    cond.lock()
    defer { cond.unlock() }
    return lastTick
  }

  /// Waits until the player has stopped, or `deadline`.
  func waitStopped(until deadline: Date) {
    cond.lock()
    while running && Date() < deadline { _ = cond.wait(until: deadline) }
    cond.unlock()
  }

  /// Waits until no command is waiting or being applied and `settled` holds for the published
  /// state; false at `deadline`.
  func wait(until deadline: Date, settled: (PlayerState) -> Bool) -> Bool {
    cond.lock()
    defer { cond.unlock() }
    while !(commands.isEmpty && !applying && settled(published)) {
      if Date() >= deadline { return false }
      _ = cond.wait(until: min(deadline, Date().addingTimeInterval(0.05)))
    }
    return true
  }
}
