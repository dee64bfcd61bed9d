import CMosquitto
import Foundation

/// One MQTT connection through libmosquitto (MQTT 3.1.1), on a thread of its own.
///
/// Persistent session (clean session off, fixed client id) so QoS 1 messages published while
/// the box is offline are delivered when it reconnects; reconnects with exponential backoff and
/// ±25 % jitter (so thousands of boxes do not all come back in the same second); a last will.
///
/// Note on acknowledgement: libmosquitto sends PUBACK for an incoming QoS 1 message *before* it
/// calls the message handler (lib/handle_publish.c). The broker session alone therefore cannot
/// guarantee a job survives a crash inside the handler; the protocol's own `ack`, sent after the
/// job is in SQLite, is what the sender waits for and resends on (see docs/protocol.md).
// @unchecked Sendable: connection state lives under `cond`; libmosquitto is in threaded mode (`mosquitto_threaded_set`), so publish from other threads is allowed by its documentation.
public final class MQTTClient: @unchecked Sendable {
  public struct Options: Sendable {
    public var host: String
    public var port: Int
    public var clientId: String
    public var cleanSession = false
    public var keepAlive = 30
    public var username: String?
    public var password: String?
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var will: (topic: String, payload: Data, retain: Bool)?
    public var subscriptions: [String] = []
    public var backoffMin = 0.5
    public var backoffMax = 30.0
    public init(host: String, port: Int, clientId: String) {
      self.host = host
      self.port = port
      self.clientId = clientId
    }
  }

  public struct Message: Sendable {
    public var topic: String
    public var payload: Data
    public var retained: Bool
  }

  public let options: Options
  private var mosq: OpaquePointer?
  /// A pipe that wakes the network thread's poll(2) when another thread has queued a publish
  /// (libmosquitto in threaded mode only queues it; without this it waited up to the poll's 200 ms).
  private var wake: (read: Int32, write: Int32) = (-1, -1)
  private let lock = NSCondition()
  private var running = false
  private var thread: Thread?
  private var _connected = false
  private var _connections = 0
  private var _lastError: String?
  private var onMessage: (@Sendable (Message) -> Void)?
  private var onConnect: (@Sendable () -> Void)?
  private var onPublished: (@Sendable (Int32) -> Void)?

  private static let initialised: Bool = {
    mosquitto_lib_init()
    return true
  }()

  public init(options: Options) throws(MQTTError) {
    _ = Self.initialised
    self.options = options
    guard let m = mosquitto_new(options.clientId, options.cleanSession, nil) else {
      throw MQTTError("cannot create an MQTT client: \(String(cString: strerror(errno)))")
    }
    mosq = m
    var fds: [Int32] = [-1, -1]
    if pipe(&fds) == 0 {
      for f in fds {
        _ = fcntl(f, F_SETFL, fcntl(f, F_GETFL) | O_NONBLOCK)
        _ = fcntl(f, F_SETFD, FD_CLOEXEC)
      }
      wake = (fds[0], fds[1])
    }
    // Published from the uplink's worker while this client's own thread runs the loop: the
    // header says a threaded application must say so, or the library skips its locking.
    mosquitto_threaded_set(m, true)
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311))
    mosquitto_max_inflight_messages_set(m, 100)
    if let u = options.username {
      try check(mosquitto_username_pw_set(m, u, options.password), "username")
    }
    if options.caFile != nil || options.certFile != nil {
      try check(mosquitto_tls_set(m, options.caFile, nil, options.certFile, options.keyFile, nil), "TLS settings")
    }
    if let w = options.will {
      let rc = w.payload.withUnsafeBytes { raw in
        mosquitto_will_set(m, w.topic, Int32(raw.count), raw.baseAddress, 1, w.retain)
      }
      try check(rc, "last will")
    }
    mosquitto_user_data_set(m, Unmanaged.passUnretained(self).toOpaque())
    mosquitto_connect_callback_set(m) { _, obj, rc in
      guard let obj else { return }
      Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue().connected(rc)
    }
    mosquitto_disconnect_callback_set(m) { _, obj, rc in
      guard let obj else { return }
      Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue().disconnected(rc)
    }
    mosquitto_message_callback_set(m) { _, obj, msg in
      guard let obj, let msg else { return }
      let m = msg.pointee
      let payload = m.payloadlen > 0 ? Data(bytes: m.payload, count: Int(m.payloadlen)) : Data()
      Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue().received(
        Message(topic: String(cString: m.topic), payload: payload, retained: m.retain))
    }
    mosquitto_publish_callback_set(m) { _, obj, mid in
      guard let obj else { return }
      Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue().published(mid)
    }
  }

  deinit {
    stop()
    if let mosq { mosquitto_destroy(mosq) }
    if wake.read >= 0 {
      close(wake.read)
      close(wake.write)
    }
  }

  private func check(_ rc: Int32, _ what: String) throws(MQTTError) {
    if rc != MOSQ_ERR_SUCCESS.rawValue { throw MQTTError("MQTT \(what): \(String(cString: mosquitto_strerror(rc)))") }
  }

  public var isConnected: Bool {
    lock.lock()
    defer { lock.unlock() }
    return _connected
  }
  public var connections: Int {
    lock.lock()
    defer { lock.unlock() }
    return _connections
  }
  public var lastError: String? {
    lock.lock()
    defer { lock.unlock() }
    return _lastError
  }

  /// Starts the network thread. Handlers run on it, one at a time, in arrival order.
  public func start(
    onConnect: (@Sendable () -> Void)? = nil, onPublished: (@Sendable (Int32) -> Void)? = nil,
    onMessage: @escaping @Sendable (Message) -> Void
  ) {
    lock.lock()
    guard !running else {
      lock.unlock()
      return
    }
    running = true
    self.onMessage = onMessage
    self.onConnect = onConnect
    self.onPublished = onPublished
    let t = Thread { [self] in loop() }
    t.name = "loa-mqtt"
    t.stackSize = 1 << 20
    thread = t
    lock.unlock()
    t.start()
  }

  /// Stops the thread and disconnects (the broker does not send the will on a clean disconnect).
  public func stop() {
    lock.lock()
    let was = running
    running = false
    lock.broadcast()  // a loop waiting out its reconnect backoff (up to 37 s) ends now
    lock.unlock()
    guard was, let mosq else { return }
    mosquitto_disconnect(mosq)
    lock.lock()
    while thread != nil { _ = lock.wait(until: Date().addingTimeInterval(0.1)) }
    lock.unlock()
  }

  /// Publishes at QoS 1. Returns the message id (matched by `onPublished` when the broker has it).
  @discardableResult
  public func publish(_ topic: String, _ payload: Data, retain: Bool = false) throws(MQTTError) -> Int32 {
    guard let mosq else { throw MQTTError("MQTT client is closed") }
    var mid: Int32 = 0
    let rc = payload.withUnsafeBytes { raw in
      mosquitto_publish(mosq, &mid, topic, Int32(raw.count), raw.baseAddress, 1, retain)
    }
    try check(rc, "publish to \(topic)")
    if wake.write >= 0 {
      var one: UInt8 = 1
      _ = write(wake.write, &one, 1)  // a full pipe already means "wake up"
    }
    return mid
  }

  private var isRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return running
  }

  private func loop() {
    guard let mosq else { return }
    var backoff = options.backoffMin
    var first = true
    while isRunning {
      let rc =
        first
        ? mosquitto_connect(mosq, options.host, Int32(options.port), Int32(options.keepAlive))
        : mosquitto_reconnect(mosq)
      first = false
      if rc == MOSQ_ERR_SUCCESS.rawValue {
        var r: Int32 = MOSQ_ERR_SUCCESS.rawValue
        while isRunning && r == MOSQ_ERR_SUCCESS.rawValue { r = step(mosq) }
        if isConnected { backoff = options.backoffMin }
        noteError(r)
      } else {
        noteError(rc)
      }
      lock.lock()
      _connected = false
      lock.unlock()
      if !isRunning { break }
      let wait = backoff * Double.random(in: 0.75...1.25)
      lock.lock()
      if running { _ = lock.wait(until: Date().addingTimeInterval(wait)) }
      lock.unlock()
      backoff = min(backoff * 2, options.backoffMax)
    }
    lock.lock()
    thread = nil
    lock.broadcast()
    lock.unlock()
  }

  /// One turn of the network loop with poll(2) (libmosquitto's own loop uses select(2), which fails
  /// for descriptors past 1024 — many simulated boxes in one process, or a busy daemon).
  private func step(_ mosq: OpaquePointer) -> Int32 {
    let fd = mosquitto_socket(mosq)
    guard fd >= 0 else { return MOSQ_ERR_NO_CONN.rawValue }
    var fds = [
      pollfd(fd: fd, events: Int16(POLLIN) | (mosquitto_want_write(mosq) ? Int16(POLLOUT) : 0), revents: 0),
      pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
    ]
    let n = poll(&fds, wake.read >= 0 ? 2 : 1, 200)
    if n < 0 && errno != EINTR { return MOSQ_ERR_ERRNO.rawValue }
    if n > 0 && fds[1].revents & Int16(POLLIN) != 0 {
      var sink = [UInt8](repeating: 0, count: 256)
      while read(wake.read, &sink, sink.count) > 0 {}
    }
    let p = fds[0]
    var rc = MOSQ_ERR_SUCCESS.rawValue
    if n > 0 && p.revents & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 { rc = mosquitto_loop_read(mosq, 1) }
    if rc == MOSQ_ERR_SUCCESS.rawValue && mosquitto_want_write(mosq) { rc = mosquitto_loop_write(mosq, 1) }
    if rc == MOSQ_ERR_SUCCESS.rawValue { rc = mosquitto_loop_misc(mosq) }
    return rc
  }

  private func noteError(_ rc: Int32) {
    guard rc != MOSQ_ERR_SUCCESS.rawValue else { return }
    let text =
      rc == MOSQ_ERR_ERRNO.rawValue ? String(cString: strerror(errno)) : String(cString: mosquitto_strerror(rc))
    lock.lock()
    _lastError = text
    lock.unlock()
  }

  private func connected(_ rc: Int32) {
    guard rc == 0 else {
      lock.lock()
      _lastError = "broker refused the connection: \(String(cString: mosquitto_connack_string(rc)))"
      lock.unlock()
      return
    }
    lock.lock()
    _connected = true
    _connections += 1
    let cb = onConnect
    lock.unlock()
    if let mosq {
      for s in options.subscriptions { mosquitto_subscribe(mosq, nil, s, 1) }
    }
    cb?()
  }

  private func disconnected(_ rc: Int32) {
    lock.lock()
    _connected = false
    if rc != 0 { _lastError = "connection lost (\(String(cString: mosquitto_strerror(rc))))" }
    lock.unlock()
  }

  private func received(_ m: Message) {
    lock.lock()
    let cb = onMessage
    lock.unlock()
    cb?(m)
  }

  private func published(_ mid: Int32) {
    lock.lock()
    let cb = onPublished
    lock.unlock()
    cb?(mid)
  }
}

public struct MQTTError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ m: String) { message = m }
  public var description: String { message }
}
