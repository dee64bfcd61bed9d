import ArgumentParser
import Foundation
import LoaCore
import LoaStationWire

/// `loa volume [0-100]`: shows or sets the output level (kept across restarts).
struct Volume: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "volume",
    abstract: "Show or set the volume, 0–100 (âm lượng).",
    discussion: """
      Uses the sound card's mixer control when it has one, otherwise scales the audio.
      Emergency bulletins can be configured to play at a minimum level ([volume] emergency_minimum).
      """)
  @OptionGroup var server: ServerOptions
  @Argument(help: "The new level, 0–100. Without it, shows the current level.") var level: String?
  @Option(name: .customLong("operator"), help: "Who changes it (for the log).") var operatorName: String?
  @Option(help: "Through the commune station: xa, a hamlet code or a box id (đặt âm lượng qua trạm).") var to: String?
  @OptionGroup var station: StationOptions

  func run() async throws {
    try await runReporting {
      if let to {
        guard let level,
          let v = Int(level.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")),
          (0...100).contains(v)
        else { throw CLIError("with --to, give the level: a whole number from 0 to 100 (âm lượng từ 0 đến 100)") }
        var r = StationWire.SendRequest(to: to, command: "volume", level: v)
        r.operatorName = resolveOperator(operatorName)
        try await StationSend.run(r, station: station, wait: 10, json: false)
        return
      }
      let client = try server.client()
      let view: Wire.VolumeView
      if let level {
        guard let v = Int(level.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")),
          (0...100).contains(v)
        else {
          throw CLIError("volume must be a whole number from 0 to 100 (âm lượng từ 0 đến 100), got '\(level)'")
        }
        view = try await client.send(
          "PUT", "/v1/volume", body: try Wire.encoder().encode(Wire.VolumeBody(level: v, operatorName: operatorName)))
      } else {
        view = try await client.get("/v1/volume")
      }
      var line = "Âm lượng / volume: \(view.level)  (\(view.mode))"
      if let m = view.emergencyMinimum { line += ", khẩn cấp tối thiểu / emergency minimum \(m)" }
      print(line)
    }
  }
}
