import Foundation
import LoaAudio
import LoaDaemon
import LoaProtocol
import LoaScheduling
import LoaSpeech
import Testing

/// Every input the fuzzers (bench/fuzz) found troublesome, and their seeds, replayed through the
/// same parsers as the fuzz targets: each must be refused with a clear error or read, and never
/// crash or hang. Inputs live in Tests/Fuzz/<parser>/.
@Suite struct FuzzRegressionTests {
  static let root = FileManager.default.currentDirectoryPath + "/Tests/Fuzz"

  static func inputs(_ name: String) -> [(String, Data)] {
    let dir = root + "/" + name
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    return files.compactMap { f in FileManager.default.contents(atPath: dir + "/" + f).map { (f, $0) } }
  }

  func text(_ d: Data) -> String { String(decoding: d, as: UTF8.self) }

  @Test func uplinkEnvelopesAndMessages() throws {
    let pair = Signer.generate()
    let signer = try Signer(kid: "tinh-79", privateKeyBase64: pair.privateKey)
    let gate = Gatekeeper(
      identity: try BoxIdentity(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01"),
      keys: [try TrustedKey(id: "tinh-79", publicKeyBase64: pair.publicKey, role: .province, scope: "79")])
    let cases = Self.inputs("uplink")
    #expect(!cases.isEmpty)
    for (name, data) in cases {
      guard let first = data.first else { continue }
      let envelope = first % 2 == 0 ? Data(data.dropFirst()) : try signer.envelope(text: text(data.dropFirst()))
      // Every outcome is an answer: accepted with a message, or refused with a reason and detail.
      switch gate.check(envelope, now: Date(timeIntervalSince1970: 1_800_000_000)) {
      case .success(let (m, _)): #expect(!m.id.isEmpty, "\(name)")
      case .failure(let r): #expect(!r.reason.isEmpty && !r.detail.isEmpty, "\(name)")
      }
    }
  }

  @Test func capAlerts() {
    for (name, data) in Self.inputs("cap") {
      do { _ = try CAPAlert.parse(text(data)) } catch { #expect(!error.message.isEmpty, "\(name)") }
    }
  }

  @Test func schedules() {
    for (name, data) in Self.inputs("schedule") {
      let (schedule, problems) = ScheduleParser.parse(text(data), baseDir: "/nonexistent", readText: { _ in "x" })
      #expect(schedule != nil || !problems.isEmpty, "\(name): refused without saying why")
    }
  }

  @Test func configs() {
    for (name, data) in Self.inputs("config") {
      var c = DaemonConfig()
      do { try c.apply(toml: text(data), origin: name) } catch { #expect(error.message.contains(name), "\(error)") }
    }
  }

  @Test func lexicons() {
    for (name, data) in Self.inputs("lexicon") {
      do { _ = try Lexicon.parse(text(data), origin: name) } catch { #expect(!error.message.isEmpty) }
    }
  }

  @Test func audioHeaders() throws {
    let dir = NSTemporaryDirectory() + "loa-fuzz-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, data) in Self.inputs("audio") {
      let p = dir + "/" + name
      try data.write(to: URL(fileURLWithPath: p))
      let started = Date()
      defer { #expect(Date().timeIntervalSince(started) < 2, "\(name) took \(Date().timeIntervalSince(started)) s") }
      do {
        let s = try AudioFile.open(p, format: AudioFormat(sampleRate: 22050, channels: 1))
        var buf = [Int16](repeating: 0, count: 4096)
        _ = try buf.withUnsafeMutableBufferPointer { b throws(AudioError) in try s.read(into: b, maxFrames: 4096) }
      } catch { #expect(!error.message.isEmpty, "\(name)") }
    }
  }

  @Test func normaliserInputs() {
    let n = VietnameseNormalizer(lexicon: (try? Lexicon.load(directory: "Voices")) ?? Lexicon())
    for (name, data) in Self.inputs("normalizer") where !data.isEmpty {
      let out = n.normalize(text(data.dropFirst()), dialect: data[0] % 2 == 0 ? .north : .south)
      #expect(!out.contains("\u{0}"), "\(name)")
    }
  }
}
