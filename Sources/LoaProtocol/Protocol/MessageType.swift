/// A value written on the wire as its name; a name the box does not know is kept as written.
public protocol WireName: Sendable, Equatable, Codable, CustomStringConvertible {
  init(_ text: String)
}

extension WireName {
  public init(from decoder: any Decoder) throws {
    self.init(try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

/// What an uplink message asks for. A type the box does not know is kept as written, so the
/// Gatekeeper can refuse it as `unknown_type` (not as an unreadable message).
public enum MessageType: WireName {
  case job, update, cancel, command, cap
  /// A station stored a batch of this box's as-run rows (the box may move its upload cursor).
  case receipt
  /// A schedule to install, as `loa schedule apply` would (its file and the texts it names).
  case schedule
  case other(String)

  public init(_ text: String) {
    switch text {
    case "job": self = .job
    case "update": self = .update
    case "cancel": self = .cancel
    case "command": self = .command
    case "cap": self = .cap
    case "receipt": self = .receipt
    case "schedule": self = .schedule
    default: self = .other(text)
    }
  }

  public var description: String {
    switch self {
    case .job: "job"
    case .update: "update"
    case .cancel: "cancel"
    case .command: "command"
    case .cap: "cap"
    case .receipt: "receipt"
    case .schedule: "schedule"
    case .other(let t): t
    }
  }

  /// Messages that carry a job (and may carry a media URL).
  public var carriesJob: Bool { self == .job || self == .update }
}

/// What a `command` message asks the box to do.
public enum BoxCommand: WireName {
  /// Set the volume to `level`.
  case volume
  /// Stop what is on air.
  case stop
  /// Send a status message now.
  case status
  /// Read the schedule file again.
  case reloadSchedule
  /// Put a job waiting in the inbox (`refers_to`) on air: the officer's approval, from the station.
  case approve
  /// Switch the amplifier on now (`level` 1, it warms up before anything airs) or off now
  /// (`level` 0; refused while something is on air).
  case amplifier
  /// Pause: what is on air is cut (to resume later) and only emergencies air until `resume`.
  case pause
  case resume
  /// The live broadcast `refers_to` is ending: when its stream ends, the airing is complete (a
  /// stream that ends without this was lost, and the airing fails after the loss time).
  case endLive
  /// Restart the Loa service (the daemon exits; systemd starts it again). Never a shell.
  case restart
  case other(String)

  public init(_ text: String) {
    switch text {
    case "volume": self = .volume
    case "stop": self = .stop
    case "status": self = .status
    case "reload_schedule": self = .reloadSchedule
    case "approve": self = .approve
    case "amplifier": self = .amplifier
    case "restart": self = .restart
    case "pause": self = .pause
    case "end_live": self = .endLive
    case "resume": self = .resume
    default: self = .other(text)
    }
  }

  public var description: String {
    switch self {
    case .volume: "volume"
    case .stop: "stop"
    case .status: "status"
    case .reloadSchedule: "reload_schedule"
    case .approve: "approve"
    case .amplifier: "amplifier"
    case .restart: "restart"
    case .pause: "pause"
    case .endLive: "end_live"
    case .resume: "resume"
    case .other(let t): t
    }
  }
}
