import Foundation

/// A real-time sound card without hardware: a private PulseAudio daemon with a null
/// sink, reached from ALSA through the `pulse` plugin, its monitor recorded with `parec`.
/// The null sink consumes audio at wall-clock speed, so timing is as on the box.
public final class PulseRig: @unchecked Sendable {
  public let dir = TempDir("loa-pulse")
  public let sampleRate: Int
  public let socketPath: String
  private var daemon: Spawned
  private var recorder: Spawned?
  private var recordingPath: String?
  public private(set) var recordingStartedAt: Date?

  public init(sampleRate: Int = 44100) throws {
    self.sampleRate = sampleRate
    socketPath = dir.path + "/run/native"
    try FileManager.default.createDirectory(atPath: dir.path + "/run", withIntermediateDirectories: true)
    daemon = try Self.spawnServer(dir: dir.path, socketPath: socketPath, sampleRate: sampleRate)
    try waitForServer()
  }

  private static func spawnServer(dir: String, socketPath: String, sampleRate: Int) throws -> Spawned {
    guard let pulseaudio = which("pulseaudio") else {
      throw RigError("pulseaudio is not installed: run scripts/install-deps.sh")
    }
    return try Spawned(
      pulseaudio,
      [
        "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no", "--log-level=error",
        "--load=module-native-protocol-unix socket=\(socketPath) auth-anonymous=1",
        "--load=module-null-sink sink_name=loa_test rate=\(sampleRate) channels=1",
        // The officer's microphone: what is played into this sink is heard on its monitor.
        "--load=module-null-sink sink_name=loa_mic rate=\(sampleRate) channels=1",
      ], environment: environment(dir: dir))
  }

  /// Kills the sound server (the device disappears for every client).
  public func killServer() {
    recorder?.stop()
    recorder = nil
    daemon.signal(SIGKILL)
    _ = daemon.wait(timeout: 5)
    try? FileManager.default.removeItem(atPath: socketPath)
  }

  /// Starts the sound server again on the same socket (the device comes back).
  public func startServer() throws {
    daemon = try Self.spawnServer(dir: dir.path, socketPath: socketPath, sampleRate: sampleRate)
    try waitForServer()
  }

  /// The sink's volume in percent, as `pactl` reports it.
  public func sinkVolumePercent() throws -> Int? {
    let r = try runCommand(
      which("pactl") ?? "/usr/bin/pactl", ["get-sink-volume", "loa_test"], environment: environment)
    guard let m = r.stdout.firstMatch(of: /(\d+)%/) else { return nil }
    return Int(m.1)
  }

  private func waitForServer() throws {
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline {
      if FileManager.default.fileExists(atPath: socketPath),
        let r = try? runCommand(
          which("pactl") ?? "/usr/bin/pactl", ["list", "short", "sinks"], environment: environment, timeout: 5),
        r.status == 0, r.stdout.contains("loa_test")
      {
        return
      }
      usleep(100_000)
    }
    _ = daemon.stop()
    throw RigError("PulseAudio did not start within 15 s")
  }

  private static func environment(dir: String) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = dir
    env["XDG_RUNTIME_DIR"] = dir + "/run"
    env["PULSE_RUNTIME_PATH"] = dir + "/run"
    env["XDG_CONFIG_HOME"] = dir + "/config"
    return env
  }

  private var baseEnvironment: [String: String] { Self.environment(dir: dir.path) }

  /// Environment for a process that plays to the rig through ALSA device `pulse`.
  /// PULSE_LATENCY_MSEC=60 keeps the stream near a hardware buffer (30 underruns constantly).
  public var environment: [String: String] {
    var env = baseEnvironment
    env["PULSE_SERVER"] = "unix:\(socketPath)"
    env["PULSE_SINK"] = "loa_test"
    env["PULSE_LATENCY_MSEC"] = "60"
    return env
  }

  /// Environment for a process that records from the rig's microphone through ALSA `pulse`.
  public var microphoneEnvironment: [String: String] {
    var env = environment
    env["PULSE_SOURCE"] = "loa_mic.monitor"
    return env
  }

  /// Speaks a WAV into the microphone (in real time, in the background).
  @discardableResult
  public func playIntoMicrophone(_ wav: String) throws -> Spawned {
    try Spawned(
      which("paplay") ?? "/usr/bin/paplay", ["--device=loa_mic", wav], environment: environment,
      stdout: dir.file("paplay.log"), stderr: dir.file("paplay.log"))
  }

  public func startRecording() throws {
    let path = dir.file("monitor-\(UUID().uuidString.prefix(6)).raw")
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    recorder = try Spawned(
      which("parec") ?? "/usr/bin/parec",
      [
        "--device=loa_test.monitor", "--raw", "--format=s16le", "--rate=\(sampleRate)", "--channels=1",
        "--latency-msec=20",
      ], environment: environment, stdout: path)
    recordingPath = path
    recordingStartedAt = Date()
    usleep(200_000)
  }

  public func stopRecording() throws -> PCMRecording {
    guard let recorder, let recordingPath else { throw RigError("not recording") }
    recorder.stop()
    self.recorder = nil
    return try PCMRecording(rawFile: recordingPath, sampleRate: sampleRate)
  }

  deinit {
    recorder?.stop()
    daemon.stop()
  }
}

public struct RigError: Error, CustomStringConvertible {
  public var description: String
  public init(_ d: String) { description = d }
}
