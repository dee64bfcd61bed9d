import ArgumentParser
import Foundation
import LoaCore
import LoaStationWire

/// `loa jobs`: what is on air and what waits, in the order it will air.
struct Jobs: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jobs", abstract: "Show what is on air and the queue (hàng đợi).")
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let q: Wire.QueueView = try await server.client().get("/v1/jobs")
      if json {
        try printJSONLine(q)
        return
      }
      print(Render.queue(q))
    }
  }
}

/// `loa cancel ID`
struct Cancel: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel", abstract: "Cancel a queued job, or cut it if on air (hủy bản tin).")
  @OptionGroup var server: ServerOptions
  @Argument(help: "Job id (or its first characters).") var id: String
  @Option(name: .customLong("operator")) var operatorName: String?
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let client = try server.client()
      let full = try await client.resolveJobId(id)
      let job: Wire.JobView = try await client.post(
        "/v1/jobs/\(full)/cancel", Wire.OperatorBody(operatorName: resolveOperator(operatorName)))
      if json { try printJSONLine(job) } else { print("đã hủy / cancelled: \(job.id) \(job.title)") }
    }
  }
}

/// `loa move ID [--before OTHER]`
struct Move: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "move",
    abstract: "Reorder waiting jobs of one class (sắp xếp lại hàng đợi): to the front, or before another job.")
  @OptionGroup var server: ServerOptions
  @Argument(help: "Job id (or its first characters).") var id: String
  @Option(help: "Put it before this job; without it, to the front of its class.") var before: String?
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let client = try server.client()
      let full = try await client.resolveJobId(id)
      var other: String?
      if let before { other = try await client.resolveJobId(before) }
      let job: Wire.JobView = try await client.post("/v1/jobs/\(full)/move", Wire.MoveBody(before: other))
      if json { try printJSONLine(job) } else { print("đã chuyển / moved: \(job.id) \(job.title)") }
    }
  }
}

/// `loa stop`
struct Stop: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "Stop what is on air; the queue goes on (dừng phát).")
  @OptionGroup var server: ServerOptions
  @Option(name: .customLong("operator")) var operatorName: String?
  @Flag(help: "Print JSON.") var json = false
  @Option(help: "Through the commune station: xa, a hamlet code or a box id (dừng phát qua trạm).") var to: String?
  @OptionGroup var station: StationOptions

  func run() async throws {
    try await runReporting {
      if let to {
        var r = StationWire.SendRequest(to: to, command: "stop")
        r.operatorName = resolveOperator(operatorName)
        try await StationSend.run(r, station: station, wait: 10, json: json)
        return
      }
      let job: Wire.JobView = try await server.client().post(
        "/v1/stop", Wire.OperatorBody(operatorName: resolveOperator(operatorName)))
      if json { try printJSONLine(job) } else { print("đã dừng / stopped: \(job.id) \(job.title)") }
    }
  }
}

/// `loa pause`: only emergencies air until `loa resume`.
struct Pause: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pause",
    abstract: "Pause the box: what is on air resumes later, only emergencies air (tạm dừng).")
  @OptionGroup var server: ServerOptions
  @Option(name: .customLong("operator")) var operatorName: String?

  func run() async throws {
    try await runReporting {
      let _: Wire.StatusView = try await server.client().post(
        "/v1/pause", Wire.OperatorBody(operatorName: resolveOperator(operatorName)))
      print("đã tạm dừng / paused: chỉ phát bản tin khẩn cấp cho đến khi 'loa resume'")
    }
  }
}

/// `loa resume`: ends a pause.
struct Resume: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "resume", abstract: "End a pause (phát tiếp).")
  @OptionGroup var server: ServerOptions

  func run() async throws {
    try await runReporting {
      let _: Wire.StatusView = try await server.client().post("/v1/resume", Wire.OperatorBody(operatorName: nil))
      print("đã phát tiếp / resumed")
    }
  }
}

/// `loa status`
struct Status: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "status", abstract: "How the box is (trạng thái).")
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false
  @Flag(name: .customLong("clear-alarm"), help: "Clear the storage alarm once it has been dealt with (xóa cảnh báo).")
  var clearAlarm = false

  func run() async throws {
    try await runReporting {
      if clearAlarm {
        let _: Wire.StatusView = try await server.client().post(
          "/v1/status/clear-alarm", Wire.OperatorBody(operatorName: nil))
      }
      let s: Wire.StatusView = try await server.client().get("/v1/status")
      if json { try printJSONLine(s) } else { print(Render.status(s)) }
    }
  }
}

/// `loa voices`
struct Voices: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "voices", abstract: "List voice profiles (giọng đọc).")
  @OptionGroup var server: ServerOptions
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    try await runReporting {
      let v: [Wire.VoiceView] = try await server.client().get("/v1/voices")
      if json {
        try printJSONLine(v)
        return
      }
      for p in v { print("\(pad(p.name, 18)) \(pad(p.aliases.joined(separator: ","), 16)) \(p.description)") }
    }
  }
}
