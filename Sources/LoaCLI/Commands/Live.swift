import ArgumentParser
import Foundation
import LoaCore
import LoaStation

/// `loa live --to xa --file thong-bao.mp3`: a live broadcast through the commune station's Icecast.
struct Live: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Go live to the chosen boxes through the station's Icecast (phát trực tiếp).",
    discussion: """
      The station sends the boxes a signed live job; this command sends the audio to Icecast in real
      time; at the end (the file's end, or Ctrl-C) the boxes are told, air what they hold, and log
      the airing 'live'. One live broadcast at a time per station.
      Now: an MP3 file played live (--file). The microphone (ALSA capture and an encoder) is the next step.
      """)
  @OptionGroup var station: StationOptions
  @Option(help: "xa, a hamlet code or a box id (nơi nhận).") var to: String
  @Option(help: "An MP3 file to play live (tệp MP3).") var file: String
  @Option(name: .customLong("class"), help: "normal or priority (a commune's station may not send emergencies).")
  var bulletinClass: String = "priority"
  @Option(help: "Title for the log (tiêu đề).") var title: String?
  @Option(name: .customLong("max-minutes"), help: "Longest it may last on the boxes (default 30).")
  var maxMinutes: Double = 30
  @Option(name: .customLong("operator")) var operatorName: String?

  func validate() throws {
    guard (1...360).contains(maxMinutes) else { throw ValidationError("--max-minutes must be 1 to 360") }
  }

  func run() async throws {
    try await runReporting {
      let frames = try MP3Frames(path: file)
      let client = try await station.client()
      let session: StationWire.LiveSession = try await client.post(
        "/v1/live",
        StationWire.LiveRequest(
          to: to, bulletinClass: bulletinClass, title: title, maxSeconds: maxMinutes * 60,
          operatorName: resolveOperator(operatorName)))
      FileHandle.standardError.write(
        Data(
          "loa: trực tiếp tới / live to \(session.to): \(session.boxes.count) cụm loa (\(session.boxes.joined(separator: ", "))); Ctrl-C để kết thúc\n"
            .utf8))
      print(session.id)
      let stop = StopFlag()
      let sigint = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      signal(SIGINT, SIG_IGN)
      sigint.setEventHandler { stop.set() }
      sigint.resume()
      var streamError: Error?
      let source: IcecastSource
      do {
        source = try IcecastSource(
          url: session.sourceURL, user: session.sourceUser, password: session.sourcePassword,
          name: title ?? "Phát trực tiếp")
      } catch {
        _ = try? await client.post("/v1/live/\(session.id)/end", [String: String]()) as StationWire.SendAnswer
        throw error
      }
      let started = Date()
      do { try source.send(frames, stop: stop) } catch { streamError = error }
      // Tell the boxes first: they air what they hold and log the airing complete; then hang up.
      let end: StationWire.SendAnswer = try await client.post("/v1/live/\(session.id)/end", [String: String]())
      try await Task.sleep(nanoseconds: 800_000_000)
      source.close()
      sigint.cancel()
      FileHandle.standardError.write(
        Data(
          String(
            format: "loa: đã kết thúc / ended after %.1f s (%@)\n", Date().timeIntervalSince(started), end.id
          )
          .utf8))
      try await StationSend.follow(session.id, client: client, wait: 5, json: false)
      if let streamError { throw CLIError("the stream to Icecast broke: \(streamError)") }
    }
  }
}

/// Set from the SIGINT handler, read by the sending loop.
final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  func set() {
    lock.lock()
    value = true
    lock.unlock()
  }
  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
