import ArgumentParser
import Foundation
import LoaAudio
import LoaCore
import LoaStation

/// `loa live --to xa`: a live broadcast through the commune station's Icecast, from the
/// microphone (ALSA capture, encoded to MP3) or from a file played live.
struct Live: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Go live to the chosen boxes through the station's Icecast (phát trực tiếp).",
    discussion: """
      Speak into the microphone (ALSA --device, default "default"), or play a WAV or MP3 file live
      (--file). The station sends the boxes a signed live job; this command sends the audio to Icecast
      in real time and shows a level meter; Ctrl-C (or the file's end) ends it: the boxes are told,
      air what they hold, and log the airing 'live'. --ptt: Enter turns the microphone on and off.
      One live broadcast at a time per station.
      """)
  @OptionGroup var station: StationOptions
  @Option(help: "xa, a hamlet code or a box id (nơi nhận).") var to: String
  @Option(help: "A WAV or MP3 file to play live instead of the microphone (tệp âm thanh).") var file: String?
  @Option(help: "The ALSA capture device (micrô).") var device: String = "default"
  @Flag(help: "Push to talk: Enter turns the microphone on and off (starts off).") var ptt = false
  @Option(
    name: .customLong("lead-in"),
    help: "Seconds of silence first, while the boxes play the attention chime (default 2.5; the chime is 2.2 s).")
  var leadIn: Double = 2.5
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
      let input = try openInput()
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
      FileHandle.standardError.write(
        Data(
          ("loa: trực tiếp tới / live to \(session.to): \(session.boxes.count) cụm loa "
            + "(\(session.boxes.joined(separator: ", "))); Ctrl-C để kết thúc / to end\n").utf8))
      // Unbuffered: a script reading the id (`loa live … | head -1`) has it now, not at the end.
      FileHandle.standardOutput.write(Data((session.id + "\n").utf8))
      let stop = StopFlag()
      let sigint = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      signal(SIGINT, SIG_IGN)
      sigint.setEventHandler { stop.set() }
      sigint.resume()
      let talk = StopFlag()
      if !ptt { talk.set() } else { PushToTalk.start(talk) }
      var streamError: Error?
      let started = Date()
      do {
        let source = try IcecastSource(
          url: session.sourceURL, user: session.sourceUser, password: session.sourcePassword,
          name: title ?? "Phát trực tiếp")
        defer { source.close() }
        do {
          switch input {
          case .pcm(let pcm):
            try source.send(pcm: pcm, paced: true, leadIn: leadIn, stop: stop, talk: talk)
          case .microphone(let mic):
            try source.send(pcm: MicrophoneSource(mic), paced: false, leadIn: leadIn, stop: stop, talk: talk)
          }
        } catch { streamError = error }
        // Tell the boxes first: they air what they hold and log the airing complete; then hang up.
        let _: StationWire.SendAnswer = try await client.post("/v1/live/\(session.id)/end", [String: String]())
        try await Task.sleep(nanoseconds: 800_000_000)
      } catch {
        let _: StationWire.SendAnswer? = try? await client.post("/v1/live/\(session.id)/end", [String: String]())
        throw error
      }
      sigint.cancel()
      FileHandle.standardError.write(
        Data(String(format: "\nloa: đã kết thúc / ended after %.1f s\n", Date().timeIntervalSince(started)).utf8))
      try await StationSend.follow(session.id, client: client, wait: 5, json: false)
      if let streamError { throw CLIError("the stream to Icecast broke: \(streamError)") }
    }
  }
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
