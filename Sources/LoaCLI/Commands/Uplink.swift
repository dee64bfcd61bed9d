import ArgumentParser
import Foundation
import LoaCore
import LoaMQTT
import LoaProtocol
import LoaUplink

/// `loa uplink keygen|publish`: what the provincial source system does, for operators and tests.
struct UplinkCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uplink", abstract: "Keys and signed messages for the MQTT uplink (hệ thống thông tin nguồn).",
    subcommands: [Keygen.self, Publish.self])

  struct Keygen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "keygen",
      abstract: "Make an Ed25519 key pair: the private key goes to a file (mode 600), the public key to stdout.")
    @Option(name: .customLong("out"), help: "File for the private key (base64).") var out: String

    func run() async throws {
      try await runReporting {
        if FileManager.default.fileExists(atPath: out) { throw CLIError("'\(out)' exists; not overwriting a key") }
        let (priv, pub) = Signer.generate()
        guard
          FileManager.default.createFile(
            atPath: out, contents: Data((priv + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw CLIError("cannot write '\(out)'") }
        print(pub)
      }
    }
  }

  struct Publish: AsyncParsableCommand {
    /// LAN ingest: the signed envelope to one box's `/v1/uplink`; its ack (JSON) on stdout.
    static func sendLAN(_ payload: Data, to base: String) async throws {
      var client = try APIClient(server: base)
      client.timeout = 330
      let (status, data) = try await client.postRaw("/v1/uplink", payload)
      if status == 404 { throw CLIError("the box at \(base) has no [uplink] section (404)") }
      print(String(decoding: data, as: UTF8.self))
    }

    static let configuration = CommandConfiguration(
      commandName: "publish",
      abstract: "Sign and publish a job, a cancel or a command to a province, commune, hamlet or box.",
      discussion: """
        loa uplink publish --broker mqtt://broker:1883 --kid tinh-79 --key tinh.key --to 79/26734 \\
            --class emergency --text "Cảnh báo lũ quét ..." --wait-ack 10
        loa uplink publish ... --to 79/26734/ap-3/loa-01 --cancel 1b4e…
        loa uplink publish ... --to 79 --command volume --level 80
        """)
    @Option(help: "mqtt://HOST[:PORT] or mqtts://HOST[:PORT].") var broker: String?
    @Option(
      help:
        "Instead of a broker: a box's control API (http://HOST:PORT); the envelope is sent to its /v1/uplink and its ack printed."
    ) var lan: String?
    @Option(help: "Key id the boxes know.") var kid: String
    @Option(help: "Private key file (from keygen).") var key: String
    @Option(help: "Target: PROVINCE[/COMMUNE[/HAMLET[/BOX]]].") var to: String
    @Option(help: "Issuer name (default: the key id).") var issuer: String?
    @Option(help: "Message id (UUID); reuse one to re-send the same message.") var id: String?
    @Option(name: .customLong("class"), help: "normal, priority or emergency.") var bulletinClass: String?
    @Option(help: "Bulletin text.") var text: String?
    @Option(help: "Voice.") var voice: String?
    @Option(help: "Title.") var title: String?
    @Option(name: .customLong("media-url"), help: "Audio file the boxes download.") var mediaURL: String?
    @Option(help: "SHA-256 of the media file.") var sha256: String?
    @Option(help: "Stream to relay.") var relay: String?
    @Option(name: .customLong("for"), help: "Relay length: 90s, 15m.") var duration: String?
    @Option(help: "Repetitions.") var `repeat`: Int?
    @Option(help: "Expires after this long: 30m, 2h.") var expires: String?
    @Option(name: .customLong("after"), help: "Air no earlier than this long from now: 30m, 2h.") var after: String?
    @Option(help: "Field (lĩnh vực) 1–6.") var field: Int?
    @Option(help: "Language code (default: the box decides; speech is Vietnamese).") var language: String?
    @Option(help: "Origin (default province-system).") var origin: String?
    @Option(help: "Author (tác giả).") var author: String?
    @Option(name: .customLong("news-source"), help: "News source (nguồn tin).") var newsSource: String?
    @Option(help: "Cancel the job with this id.") var cancel: String?
    @Option(help: "Replace the job with this id by this one (an update).") var replaces: String?
    @Option(help: "Send this CAP 1.2 alert (XML file).") var cap: String?
    @Option(help: "Command: volume, stop, status.") var command: String?
    @Option(help: "Level for the volume command.") var level: Int?
    @Option(name: .customLong("wait-ack"), help: "Print the boxes' acks for this many seconds.") var waitAck: Double = 0
    @Option(
      help:
        "Re-send the same message every 3 s until a box acknowledges it (accepted, duplicate, rejected…), at most this many seconds."
    ) var retry: Double = 0
    @Option(name: .customLong("cafile"), help: "CA file for mqtts.") var caFile: String?

    func run() async throws {
      try await runReporting {
        guard let target = Target(path: to) else {
          throw CLIError("--to must be PROVINCE[/COMMUNE[/HAMLET[/BOX]]] of letters, digits, - and _, got '\(to)'")
        }
        guard let keyText = try? String(contentsOfFile: key, encoding: .utf8) else {
          throw CLIError("cannot read the key file '\(key)'")
        }
        let signer: Signer
        do { signer = try Signer(kid: kid, privateKeyBase64: keyText) } catch let e as LoaError {
          throw CLIError(e.message)
        }
        var m: UplinkMessage
        if let cap {
          guard let xml = try? String(contentsOfFile: cap, encoding: .utf8) else {
            throw CLIError("cannot read the CAP file '\(cap)'")
          }
          m = UplinkMessage(
            type: .cap, id: id ?? UUID().uuidString.lowercased(), issuer: issuer ?? kid, target: target)
          m.cap = xml
        } else if let cancel {
          m = UplinkMessage(
            type: .cancel, id: id ?? UUID().uuidString.lowercased(), issuer: issuer ?? kid, target: target)
          m.refersTo = cancel
        } else if let command {
          m = UplinkMessage(
            type: .command, id: id ?? UUID().uuidString.lowercased(), issuer: issuer ?? kid, target: target)
          m.command = BoxCommand(command)
          m.level = level
        } else {
          m = UplinkMessage(
            type: replaces == nil ? .job : .update, id: id ?? UUID().uuidString.lowercased(), issuer: issuer ?? kid,
            target: target)
          m.refersTo = replaces
          m.bulletinClass = bulletinClass
          m.title = title
          m.language = language
          m.field = field
          m.origin = origin
          m.author = author
          m.newsSource = newsSource
          m.repeatCount = `repeat`
          if let after {
            guard let s = parseDuration(after) else {
              throw CLIError("--after must be a duration like 30m, got '\(after)'")
            }
            m.notBefore = Date().addingTimeInterval(Double(s))
          }
          if let expires {
            guard let s = parseDuration(expires) else {
              throw CLIError("--expires must be a duration like 30m, got '\(expires)'")
            }
            m.expiresAt = Date().addingTimeInterval(Double(s))
          }
          var seconds: Double?
          if let duration {
            guard let s = parseDuration(duration) else {
              throw CLIError("--for must be a duration like 15m, got '\(duration)'")
            }
            seconds = Double(s)
          }
          m.content = UplinkContent(
            text: text, voice: voice, mediaURL: mediaURL, sha256: sha256, relay: relay, durationSeconds: seconds)
        }
        let payload = try signer.envelope(m)
        if let lan {
          try await Self.sendLAN(payload, to: lan)
          return
        }
        guard let broker else { throw CLIError("give --broker mqtt://HOST[:PORT] or --lan http://HOST:PORT") }
        let (host, port, tls) = try Self.broker(broker)
        var o = MQTTClient.Options(
          host: host, port: port, clientId: "loa-pub-" + UUID().uuidString.prefix(8).lowercased())
        o.cleanSession = true
        o.caFile = caFile ?? (tls ? "/etc/ssl/certs/ca-certificates.crt" : nil)
        if waitAck > 0 || retry > 0 { o.subscriptions = ["\(UplinkProtocol.prefix)/\(target.province)/+/+/+/ack"] }
        let client: MQTTClient
        do { client = try MQTTClient(options: o) } catch let e as MQTTError { throw CLIError(e.message) }
        let state = PublishState()
        let ref = m.id
        client.start(
          onConnect: { state.connected() }, onPublished: { mid in state.published(mid) },
          onMessage: { msg in
            if let a = try? UplinkJSON.decoder().decode(Ack.self, from: msg.payload), a.ref == ref {
              print(String(decoding: msg.payload, as: UTF8.self))
              state.ackReceived()
            }
          })
        guard state.waitConnected(timeout: 10) else {
          client.stop()
          throw CLIError("cannot reach the broker \(broker): \(client.lastError ?? "timeout")", exitCode: 3)
        }
        let mid: Int32
        do { mid = try client.publish(target.topic, payload) } catch let e as MQTTError { throw CLIError(e.message) }
        guard state.waitPublished(mid, timeout: 10) else {
          client.stop()
          throw CLIError("the broker did not acknowledge the message within 10 s", exitCode: 3)
        }
        FileHandle.standardError.write(Data("published \(m.type) \(m.id) to \(target.topic)\n".utf8))
        // The box acknowledges after its commit; no ack means it may have died in between: re-send.
        let until = Date().addingTimeInterval(retry)
        while retry > 0 && !state.waitAcked(timeout: 3) {
          guard Date() < until else {
            client.stop()
            throw CLIError("no box acknowledged \(m.id) within \(Int(retry)) s", exitCode: 4)
          }
          _ = try? client.publish(target.topic, payload)
          FileHandle.standardError.write(Data("re-sent \(m.id)\n".utf8))
        }
        if waitAck > 0 { usleep(UInt32(waitAck * 1_000_000)) }
        client.stop()
      }
    }

    static func broker(_ s: String) throws -> (String, Int, Bool) {
      guard let u = URLComponents(string: s), let scheme = u.scheme, ["mqtt", "mqtts"].contains(scheme),
        let host = u.host, !host.isEmpty
      else { throw CLIError("--broker must be mqtt://HOST[:PORT] or mqtts://HOST[:PORT], got '\(s)'") }
      return (host, u.port ?? (scheme == "mqtts" ? 8883 : 1883), scheme == "mqtts")
    }
  }
}

/// Waits for the publisher's connection and the broker's PUBACK.
// @unchecked Sendable: every field is read and written under `cond` (libmosquitto callbacks and the CLI thread).
final class PublishState: @unchecked Sendable {
  private let cond = NSCondition()
  private var isConnected = false
  private var acked: Set<Int32> = []
  func connected() {
    cond.lock()
    isConnected = true
    cond.broadcast()
    cond.unlock()
  }
  func published(_ mid: Int32) {
    cond.lock()
    acked.insert(mid)
    cond.broadcast()
    cond.unlock()
  }
  private var gotAck = false
  func ackReceived() {
    cond.lock()
    gotAck = true
    cond.broadcast()
    cond.unlock()
  }
  func waitAcked(timeout: TimeInterval) -> Bool {
    let until = Date().addingTimeInterval(timeout)
    cond.lock()
    defer { cond.unlock() }
    while !gotAck { if !cond.wait(until: until) { return gotAck } }
    return true
  }
  func waitConnected(timeout: TimeInterval) -> Bool {
    let until = Date().addingTimeInterval(timeout)
    cond.lock()
    defer { cond.unlock() }
    while !isConnected { if !cond.wait(until: until) { return isConnected } }
    return true
  }
  func waitPublished(_ mid: Int32, timeout: TimeInterval) -> Bool {
    let until = Date().addingTimeInterval(timeout)
    cond.lock()
    defer { cond.unlock() }
    while !acked.contains(mid) { if !cond.wait(until: until) { return acked.contains(mid) } }
    return true
  }
}

/// `mqtt://host:port` or `mqtts://…` as `loa uplink publish` reads it (also for `loa-probe`).
public func brokerAddress(_ s: String) throws -> (host: String, port: Int, tls: Bool) {
  try UplinkCommand.Publish.broker(s)
}
