import AsyncHTTPClient
import Foundation
import LoaAudio
import LoaCore
import NIOCore
import NIOHTTP1

/// A live HTTP/HTTPS MP3 stream (Icecast, plain MP3 over HTTP) as a PCM source of a fixed length.
///
/// - A network task reads the stream, decodes it with libmpg123 into the output format and
///   keeps up to `maxBufferSeconds` in a jitter buffer; the player starts once `prebufferSeconds`
///   are buffered (or immediately with silence while connecting).
/// - When the stream drops, fails or sends something that is not audio, the task reconnects with
///   backoff and jitter (0.5 s doubling to 8 s) until the relay's time is up.
/// - `read` never blocks the player for more than 20 ms: when the buffer is empty it returns
///   silence, so an emergency can still cut in and the slot ends on time (hard stop after
///   exactly `seconds`).
/// - A relay that never received audio ends with an error, so it is logged `failed`.
// @unchecked Sendable: the PCM ring and stream state live under `cond` (the event loop pushes, the player reads).
public final class RelaySource: PCMSource, InputHealth, @unchecked Sendable {
  public let format: AudioFormat
  public let url: String
  let totalFrames: Int
  let prebufferFrames: Int
  let maxBufferSamples: Int

  let cond = NSCondition()
  // Guarded by `cond`:
  var buffer: [Int16] = []
  var readIndex = 0
  var cancelled = false
  var started = false
  var relayed = 0  // output frames that came from the stream
  var filled = 0  // output frames of silence while the stream was missing
  var missingRun = 0  // frames of the current run without stream audio
  var everAudio = false
  var lastError: String?
  var connections = 0
  var thread: Thread?
  var httpTask: HTTPClient.Task<Void>?
  var firstRead: Date?
  var firstAudio: Date?
  private var produced = 0  // frames handed to the player (player thread only)

  public struct Stats: Sendable, Equatable {
    public var relayedSeconds: Double
    public var silenceSeconds: Double
    public var connections: Int
    public var lastError: String?
    /// From the first read (the slot's start) to the first frame of the stream handed to the player.
    public var startLatency: Double?
  }

  /// A live broadcast: the stream has an open end (docs/architecture.md, "live").
  public struct Live: Sendable {
    /// Missing this long after audio arrived, the stream is lost: `read` throws.
    public var lossSeconds: Double
    /// No audio this long after the first read: the broadcast never started.
    public var startSeconds: Double
    /// Whether the officer announced the end: then the stream's end completes the airing.
    public var endAnnounced: @Sendable () -> Bool
    /// Beyond the buffer's size (`maxBufferSeconds`) only quiet audio is dropped to catch up, so
    /// words are never cut; beyond this many seconds the oldest goes whatever it is.
    public var hardBufferSeconds: Double
    public init(
      lossSeconds: Double, startSeconds: Double, hardBufferSeconds: Double = 3,
      endAnnounced: @escaping @Sendable () -> Bool
    ) {
      self.lossSeconds = lossSeconds
      self.startSeconds = startSeconds
      self.hardBufferSeconds = hardBufferSeconds
      self.endAnnounced = endAnnounced
    }
  }
  let live: Live?
  /// Guarded by `cond`: the live stream ended cleanly after its end was announced.
  var streamEnded = false

  public init(
    url: String, seconds: Double, format: AudioFormat, prebufferSeconds: Double = 0.5, maxBufferSeconds: Double = 10,
    live: Live? = nil
  ) throws(AudioError) {
    self.live = live
    guard isHTTPStreamURL(url) else { throw AudioError(.io, "relay URL '\(url)' must be http:// or https://") }
    self.url = url
    self.format = format
    totalFrames = format.frames(seconds: seconds)
    prebufferFrames = format.frames(seconds: prebufferSeconds)
    maxBufferSamples = format.frames(seconds: maxBufferSeconds) * format.channels
  }

  deinit { httpTask?.cancel() }

  public var stats: Stats {
    cond.lock()
    defer { cond.unlock() }
    return Stats(
      relayedSeconds: format.seconds(frames: relayed), silenceSeconds: format.seconds(frames: filled),
      connections: connections, lastError: lastError,
      startLatency: firstAudio.flatMap { a in firstRead.map { a.timeIntervalSince($0) } })
  }

  /// How long the stream has been missing (0 while audio flows); the fallback watches it.
  public var secondsWithoutInput: Double {
    cond.lock()
    defer { cond.unlock() }
    return format.seconds(frames: missingRun)
  }

  public func cancel() {
    cond.lock()
    cancelled = true
    let t = httpTask
    cond.broadcast()
    cond.unlock()
    t?.cancel()
  }

  /// Connects now, before the first read (a live broadcast's stream, while its chime plays).
  public func prepare() { startIfNeeded() }

  func startIfNeeded() {
    cond.lock()
    defer { cond.unlock() }
    guard !started else { return }
    started = true
    let format = format
    let t = Thread { [self] in stream(format: format) }
    t.name = "loa-relay"
    t.stackSize = 1 << 20
    thread = t
    t.start()
  }

  public func read(into out: UnsafeMutableBufferPointer<Int16>, maxFrames: Int) throws(AudioError) -> Int {
    startIfNeeded()
    let ch = format.channels
    let n = min(maxFrames, totalFrames - produced)
    cond.lock()
    if firstRead == nil { firstRead = Date() }
    if cancelled {
      cond.unlock()
      return 0
    }
    guard n > 0 else {
      let message = everAudio ? nil : (lastError ?? "no audio arrived")
      cond.unlock()
      cancel()
      if let message { throw AudioError(.io, "relay \(url) never played: \(message)") }
      return 0
    }
    if let live {
      if produced == 0 && everAudio {
        // The stream connected while the chime played and has queued up to the buffer's size:
        // start from the prebuffer's depth (quiet audio only), or it would stay that late.
        readIndex = Self.catchUp(
          buffer, from: readIndex, soft: prebufferFrames * ch,
          hard: format.frames(seconds: live.hardBufferSeconds) * ch, block: format.frames(seconds: 0.02) * ch)
      }
      let buffered = (buffer.count - readIndex) / ch
      // Ended by the officer: what is buffered airs, then the airing is complete.
      if buffered == 0 && (streamEnded || (missingRun >= format.frames(seconds: 0.5) && live.endAnnounced())) {
        cond.unlock()
        cancel()
        return 0
      }
      if everAudio && missingRun >= format.frames(seconds: live.lossSeconds) {
        let aired = format.seconds(frames: relayed)
        let why = lastError ?? "no audio"
        cond.unlock()
        cancel()
        throw AudioError(
          .io,
          String(
            format: "the live stream was lost (%@) for %.0f s after %.1f s on air (mất tín hiệu phát trực tiếp)",
            why, live.lossSeconds, aired))
      }
      if !everAudio, let first = firstRead, Date().timeIntervalSince(first) >= live.startSeconds {
        let why = lastError ?? "no audio"
        cond.unlock()
        cancel()
        throw AudioError(
          .io, "the live broadcast did not start within \(Int(live.startSeconds)) s: \(why) (không nhận được tín hiệu)")
      }
    }
    // Wait a little for audio (jitter buffer), never long enough to delay an interrupt much.
    let need = produced == 0 && !everAudio ? prebufferFrames : n
    let deadline = Date().addingTimeInterval(0.02)
    while (buffer.count - readIndex) / ch < min(need, n) && !cancelled {
      if !cond.wait(until: deadline) { break }
    }
    let available = (buffer.count - readIndex) / ch
    let fromStream = min(n, available)
    for i in 0..<(fromStream * ch) { out[i] = buffer[readIndex + i] }
    readIndex += fromStream * ch
    if readIndex > 1 << 16 {
      buffer.removeFirst(readIndex)
      readIndex = 0
    }
    for i in (fromStream * ch)..<(n * ch) { out[i] = 0 }
    relayed += fromStream
    filled += n - fromStream
    if fromStream == n {
      missingRun = 0
    } else if fromStream > 0 {
      missingRun = n - fromStream
    } else {
      missingRun += n
    }
    if fromStream > 0 && firstAudio == nil { firstAudio = Date() }
    cond.unlock()
    produced += n
    return n
  }

  // MARK: The network side

  func push(_ samples: [Int16]) {
    cond.lock()
    buffer.append(contentsOf: samples)
    everAudio = true
    if let live {
      // Live catches up by dropping quiet audio at the head (the silence before the officer
      // speaks, pauses between words), and anything only past the hard bound.
      readIndex = Self.catchUp(
        buffer, from: readIndex, soft: maxBufferSamples,
        hard: format.frames(seconds: live.hardBufferSeconds) * format.channels,
        block: format.frames(seconds: 0.02) * format.channels)
    } else {
      // Bounded: when the player is not reading (cut by an emergency), drop the oldest audio.
      let excess = buffer.count - readIndex - maxBufferSamples
      if excess > 0 { readIndex += excess - excess % format.channels }
    }
    cond.broadcast()
    cond.unlock()
  }

  /// Where reading starts after catching up: while more than `soft` samples wait, blocks of
  /// `block` samples at the head are dropped if they are quiet (peak under −36 dBFS); past
  /// `hard`, the oldest is dropped whatever it is. (`block` is a whole number of frames.)
  public static func catchUp(_ buffer: [Int16], from start: Int, soft: Int, hard: Int, block: Int) -> Int {
    var i = start
    let excess = buffer.count - i - hard
    if excess > 0 { i += (excess + block - 1) / block * block }
    while buffer.count - i > soft && i + block <= buffer.count {
      var peak: Int32 = 0
      for s in buffer[i..<(i + block)] { peak = max(peak, abs(Int32(s))) }
      if peak >= 520 { break }
      i += block
    }
    return min(i, buffer.count)
  }

  func countConnection() {
    cond.lock()
    connections += 1
    cond.unlock()
  }

  func noteError(_ message: String) {
    cond.lock()
    lastError = message
    cond.unlock()
  }

  var isCancelled: Bool {
    cond.lock()
    defer { cond.unlock() }
    return cancelled
  }

  /// The network thread: connect, stream, reconnect with backoff until cancelled or done.
  /// It runs on its own thread and NIO's event loops, never on the Swift concurrency pool, so a
  /// busy process cannot starve a relay that is on air.
  func stream(format: AudioFormat) {
    var backoff = 0.5
    while !isCancelled {
      countConnection()
      var delegate: StreamDelegate?
      do {
        let decoder = try MP3Decoder(output: format)
        var request = try HTTPClient.Request(url: url, method: .GET)
        request.headers.add(name: "User-Agent", value: "loa-relay")
        request.headers.add(name: "Icy-MetaData", value: "0")
        let d = StreamDelegate(relay: self, decoder: decoder)
        delegate = d
        let task = RelayHTTP.client.execute(request: request, delegate: d)
        setTask(task)
        try task.futureResult.wait()
        noteError(d.failure ?? "the stream ended")
        if let live, d.failure == nil, d.gotAudio, live.endAnnounced() {
          cond.lock()
          streamEnded = true
          cond.broadcast()
          cond.unlock()
          return
        }
      } catch let e as AudioError {
        noteError(e.message)
      } catch {
        noteError(delegate?.failure ?? "\(error)")
      }
      setTask(nil)
      if isCancelled { return }
      let wait = backoff * Double.random(in: 0.8...1.2)
      cond.lock()
      if !cancelled { _ = cond.wait(until: Date().addingTimeInterval(wait)) }
      cond.unlock()
      backoff = min(backoff * 2, 8)
      if delegate?.gotAudio == true || live != nil { backoff = 0.5 }
    }
  }

  func setTask(_ t: HTTPClient.Task<Void>?) {
    cond.lock()
    httpTask = t
    let cancelNow = cancelled
    cond.unlock()
    if cancelNow { t?.cancel() }
  }
}

/// Receives the stream on an event loop: checks the answer, decodes, pushes PCM.
// @unchecked Sendable: AsyncHTTPClient calls a delegate on one event loop, in order; it hands PCM over through `RelaySource`'s condition.
final class StreamDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
  typealias Response = Void
  let relay: RelaySource
  let decoder: MP3Decoder
  var bytes = 0
  var failure: String?
  var gotAudio = false

  init(relay: RelaySource, decoder: MP3Decoder) {
    self.relay = relay
    self.decoder = decoder
  }

  func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
    if head.status != .ok {
      failure = "the server answered HTTP \(head.status.code)"
      task.cancel()
    } else {
      let type = head.headers.first(name: "content-type")?.lowercased() ?? ""
      if type.hasPrefix("text/") || type.contains("html") || type.contains("json") {
        failure = "not an audio stream (Content-Type \(type))"
        task.cancel()
      }
    }
    return task.eventLoop.makeSucceededVoidFuture()
  }

  func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
    if failure != nil || relay.isCancelled {
      task.cancel()
      return task.eventLoop.makeSucceededVoidFuture()
    }
    bytes += buffer.readableBytes
    var pcm: [Int16] = []
    do {
      try buffer.withUnsafeReadableBytes { raw in try decoder.decode(raw, into: &pcm) }
    } catch {
      failure = (error as? AudioError)?.message ?? "\(error)"
      task.cancel()
    }
    if !pcm.isEmpty {
      gotAudio = true
      relay.push(pcm)
    } else if bytes > 256 * 1024 && !decoder.producedAudio {
      failure = "no MP3 audio in the first 256 KiB of the stream"
      task.cancel()
    }
    return task.eventLoop.makeSucceededVoidFuture()
  }

  func didFinishRequest(task: HTTPClient.Task<Void>) throws {}
}

/// One HTTP client for every relay: short connect and read timeouts so a stream that stalls
/// is noticed and reconnected.
enum RelayHTTP {
  static let client: HTTPClient = {
    var config = HTTPClient.Configuration()
    config.timeout = .init(connect: .seconds(5), read: .seconds(5))
    config.redirectConfiguration = .follow(max: 5, allowCycles: false)
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
  }()
}
