import ArgumentParser
import Foundation
import LoaAudio
import LoaCore
import LoaStationWire

/// `loa live`: go live (`loa live --to xa`, the default), `loa live stop`, `loa live status`.
struct Live: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "live",
    abstract: "Live broadcast through the station (phát trực tiếp): start, stop, status.",
    subcommands: [LiveStart.self, LiveStop.self, LiveStatusCommand.self], defaultSubcommand: LiveStart.self)
}

/// `loa live --to xa`: a live broadcast through the commune station's Icecast, from the
/// microphone (ALSA capture, encoded to MP3) or from a file played live.
struct LiveStart: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "start",
    abstract: "Go live to the chosen boxes through the station's Icecast (phát trực tiếp).",
    discussion: """
      Speak into the microphone (ALSA --device, default "default"), or play a WAV or MP3 file live
      (--file). The station sends the boxes a signed live job; this command sends the audio to Icecast
      in real time and shows each box as it goes on air, then a level meter. Until every box is on
      air (its chime played, its stream connected; at most --ready-wait seconds) silence goes out, and
      "NÓI ĐI / speak now" says when to start. Ctrl-C, the file's end or `loa live stop` (from anywhere)
      ends it: the boxes air what they hold and log the airing 'live'. --ptt: Enter turns the
      microphone on and off; --chime-after: the attention chime closes it too. One live broadcast at
      a time per station.
      """)
  @OptionGroup var station: StationOptions
  @Option(help: "xa, a hamlet code or a box id (nơi nhận).") var to: String
  @Option(help: "A WAV or MP3 file to play live instead of the microphone (tệp âm thanh).") var file: String?
  @Option(help: "The ALSA capture device (micrô).") var device: String = "default"
  @Flag(help: "Push to talk: Enter turns the microphone on and off (starts off).") var ptt = false
  @Option(name: .customLong("lead-in"), help: "Seconds of silence first at least (default 0.5).")
  var leadIn: Double = 0.5
  @Option(
    name: .customLong("ready-wait"),
    help: "The longest to wait for every box to be on air before speaking (default 8 s).")
  var readyWait: Double = 8
  @Flag(name: .customLong("chime-after"), help: "The attention chime after the broadcast too (nhạc hiệu kết thúc).")
  var chimeAfter = false
  @Flag(
    name: .customLong("late-join"), help: "A box that comes online later joins in the middle (default: it does not).")
  var lateJoin = false
  @Option(name: .customLong("class"), help: "normal or priority (a commune's station may not send emergencies).")
  var bulletinClass: String = "priority"
  @Option(help: "Title for the log (tiêu đề).") var title: String?
  @Option(name: .customLong("max-minutes"), help: "Longest it may last on the boxes (default 30).")
  var maxMinutes: Double = 30
  @Option(name: .customLong("operator")) var operatorName: String?

  func validate() throws {
    guard (1...360).contains(maxMinutes) else { throw ValidationError("--max-minutes must be 1 to 360") }
    guard (0...10).contains(leadIn) else { throw ValidationError("--lead-in must be 0 to 10 seconds") }
    guard (0...60).contains(readyWait) else { throw ValidationError("--ready-wait must be 0 to 60 seconds") }
    if ptt && file != nil { throw ValidationError("--ptt is for the microphone, not with --file") }
  }

  /// What goes out: a file's audio (WAV or MP3, decoded) or the microphone, encoded to MP3.
  enum Input {
    case pcm(any PCMSource)
    case microphone(ALSACapture)
  }

  static let format = AudioFormat(sampleRate: 22050, channels: 1)

  func openInput() throws -> Input {
    guard let file else {
      let mic = ALSACapture(device: device, format: Self.format)
      try mic.open()
      return .microphone(mic)
    }
    guard FileManager.default.isReadableFile(atPath: file) else {
      throw CLIError("cannot read '\(file)' (không đọc được tệp)")
    }
    do { return .pcm(try AudioFile.open(file, format: Self.format, startFrame: 0)) } catch {
      throw CLIError("'\(file)' is neither WAV nor MP3 (không phải tệp âm thanh): \(error.message)")
    }
  }

  func run() async throws {
    try await runReporting {
      let (leadIn, chimeAfter, name) = (leadIn, chimeAfter, title ?? "Phát trực tiếp")
      let input = Unchecked(try openInput())
      let client = try await station.client()
      let session: StationWire.LiveSession = try await client.post(
        "/v1/live",
        {
          var r = StationWire.LiveRequest(
            to: to, bulletinClass: bulletinClass, title: title, maxSeconds: maxMinutes * 60,
            operatorName: resolveOperator(operatorName))
          r.lateJoin = lateJoin ? true : nil
          return r
        }())
      say(
        "loa: trực tiếp tới / live to \(session.to): \(session.boxes.count) cụm loa "
          + "(\(session.boxes.joined(separator: ", "))); Ctrl-C để kết thúc / to end\n")
      // Unbuffered: a script reading the id (`loa live … | head -1`) has it now, not at the end.
      FileHandle.standardOutput.write(Data((session.id + "\n").utf8))
      let stop = StopFlag()
      let sigint = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      signal(SIGINT, SIG_IGN)
      sigint.setEventHandler { stop.set() }
      sigint.resume()
      let talk = StopFlag()
      if !ptt { talk.set() } else { PushToTalk.start(talk) }
      let ready = StopFlag()
      let watcher = Task { [readyWait] in
        await LiveWatch(id: session.id, client: client, readyWait: readyWait).run(ready: ready, stop: stop)
      }
      var streamError: Error?
      let started = Date()
      do {
        let sent = try await onThread { () throws -> Unchecked<(IcecastSource, Error?)> in
          let source = try IcecastSource(
            url: session.sourceURL, user: session.sourceUser, password: session.sourcePassword,
            name: name)
          do {
            switch input.value {
            case .pcm(let pcm):
              try source.send(
                pcm: pcm, paced: true, leadIn: leadIn, ready: ready, stop: stop, talk: talk, chimeAfter: chimeAfter)
            case .microphone(let mic):
              try source.send(
                pcm: MicrophoneSource(mic), paced: false, leadIn: leadIn, ready: ready, stop: stop, talk: talk,
                chimeAfter: chimeAfter)
            }
          } catch { return Unchecked((source, error)) }
          return Unchecked((source, nil))
        }
        streamError = sent.value.1
        watcher.cancel()
        // Tell the boxes first (unless `loa live stop` did): then the stream's end completes the
        // airing at once, after what they hold has aired; then hang up.
        let now: StationWire.LiveStatus? = try? await client.get("/v1/live/\(session.id)")
        if now?.endedAt == nil {
          let _: StationWire.SendAnswer? = try? await client.post(
            "/v1/live/\(session.id)/end", StationWire.LiveEnd(operatorName: nil))
          try? await Task.sleep(nanoseconds: 800_000_000)
        }
        sent.value.0.close()
      } catch {
        watcher.cancel()
        let _: StationWire.SendAnswer? = try? await client.post(
          "/v1/live/\(session.id)/end", StationWire.LiveEnd(operatorName: nil))
        throw error
      }
      sigint.cancel()
      say(String(format: "\nloa: đã kết thúc / ended after %.1f s\n", Date().timeIntervalSince(started)))
      try await StationSend.follow(session.id, client: client, wait: 6, json: false)
      if let streamError { throw CLIError("the stream to Icecast broke: \(streamError)") }
    }
  }
}

/// Follows a live broadcast on the station while it goes out: prints each box as its state
/// changes, sets `ready` once every box is on air (or cannot be: offline, refused) or
/// `readyWait` has passed, and `stop` when it was ended elsewhere (`loa live stop`).
struct LiveWatch {
  let id: String
  let client: APIClient
  let readyWait: Double

  func run(ready: StopFlag, stop: StopFlag) async {
    let start = Date()
    var seen: [String: StationWire.DeliveryState] = [:]
    while !Task.isCancelled {
      if let s: StationWire.LiveStatus = try? await client.get("/v1/live/\(id)") {
        if s.endedAt != nil {
          say("\nloa: \(s.endedBy ?? "?") đã dừng buổi phát / stopped the broadcast\n")
          stop.set()
          return
        }
        let boxes = s.delivery?.boxes ?? []
        for b in boxes where seen[b.box] != b.state {
          seen[b.box] = b.state
          say("\nloa: \(b.hamlet) \(b.box): \(b.state.name)\(b.detail.map { " — \($0)" } ?? "")\n")
        }
        let settled = boxes.allSatisfy { $0.state == .onAir || $0.state == .offline || $0.state.isFinal }
        if !ready.isSet && ((settled && !boxes.isEmpty) || Date().timeIntervalSince(start) >= readyWait) {
          let on = boxes.filter { $0.state == .onAir }.count
          say(
            "\nloa: NÓI ĐI / speak now — \(on)/\(boxes.count) cụm loa đang phát / on air\n"
          )
          ready.set()
        }
      }
      try? await Task.sleep(nanoseconds: 250_000_000)
    }
  }
}

/// `loa live stop`: ends the live broadcast on at this station, from any terminal.
struct LiveStop: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "End the live broadcast on now (dừng phát trực tiếp).")
  @OptionGroup var station: StationOptions
  @Argument(help: "The broadcast's id (default: the one on now).") var id: String = "current"
  @Option(name: .customLong("operator")) var operatorName: String?

  func validate() throws {
    if id != "current" && UUID(uuidString: id) == nil {
      throw ValidationError("'\(id)' is not a live broadcast's id (the UUID loa live printed)")
    }
  }

  func run() async throws {
    try await runReporting {
      let client = try await station.client()
      let a: StationWire.SendAnswer = try await client.post(
        "/v1/live/\(id)/end", StationWire.LiveEnd(operatorName: resolveOperator(operatorName)))
      print(a.id)
      say("loa: đã dừng phát trực tiếp / live broadcast stopped (\(a.boxes.count) cụm loa)\n")
    }
  }
}

/// `loa live status`: who is on air live, and where it stands on each box.
struct LiveStatusCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Who is live now, and on which boxes (ai đang phát trực tiếp).")
  @OptionGroup var station: StationOptions
  @Flag(help: "JSON instead of text.") var json = false

  func run() async throws {
    try await runReporting {
      let now: StationWire.LiveNow = try await station.client().get("/v1/live")
      if json { return try printJSONLine(now) }
      guard let s = now.live else {
        print("Không có ai đang phát trực tiếp / no live broadcast")
        return
      }
      print(
        "Đang phát trực tiếp / live: \(s.operatorName ?? "?") → \(s.to) từ / since \(LocalTime.format(s.since)), "
          + "tối đa đến / at most until \(LocalTime.format(s.until))")
      print(s.id)
      if let d = s.delivery { print(StationSend.render(d)) }
    }
  }
}

/// One line on stderr now.
func say(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

/// Runs blocking work (audio in real time) on its own thread, not on Swift's few shared ones.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { c in
    Thread { c.resume(with: Result { try body() }) }.start()
  }
}

/// A value handed to one other thread and used only there.
// @unchecked Sendable: the sender gives it up (it is not touched again after the hand-over).
final class Unchecked<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// The microphone as a PCM source (each read blocks for the time it covers: real time).
final class MicrophoneSource: PCMSource {
  let mic: ALSACapture
  var format: AudioFormat { mic.format }
  init(_ mic: ALSACapture) { self.mic = mic }
  func read(into out: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    let block = try mic.read(frames: maxFrames)
    for i in 0..<block.count { out[i] = block[i] }
    return maxFrames
  }
  func cancel() {}
}

/// `--ptt`: Enter toggles the microphone; the line says which.
enum PushToTalk {
  static func start(_ talk: StopFlag) {
    FileHandle.standardError.write(Data("loa: micrô TẮT — Enter để nói / mic OFF, Enter to talk\n".utf8))
    let t = Thread {
      while readLine() != nil {
        talk.toggle()
        FileHandle.standardError.write(
          Data((talk.isSet ? "loa: micrô BẬT / mic ON\n" : "loa: micrô TẮT / mic OFF\n").utf8))
      }
    }
    t.start()
  }
}

/// Set from the SIGINT handler (or Enter), read by the sending loop.
final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  func set() {
    lock.lock()
    value = true
    lock.unlock()
  }
  func toggle() {
    lock.lock()
    value.toggle()
    lock.unlock()
  }
  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
