import Foundation
import LoaProtocol
import Testing

/// The Gatekeeper on its own: no broker, no store, microseconds per case.
@Suite struct GatekeeperTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let pair = Signer.generate()
  var signer: Signer { try! Signer(kid: "tinh-79", privateKeyBase64: pair.privateKey) }
  var gate: Gatekeeper {
    let key = try! TrustedKey(id: "tinh-79", publicKeyBase64: pair.publicKey, role: .province, scope: "79")
    return Gatekeeper(
      identity: try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01"), keys: [key])
  }

  func message(class cls: String = "emergency", extra: String = "") -> String {
    """
    {"type":"job","id":"6f1c2b1e-5a0e-4c7b-9a55-0d7d2b0e6a11","issuer":"tinh-79",\
    "issued_at":"\(ISO8601DateFormatter().string(from: now))","target":{"province":"79"},\
    "class":"\(cls)","content":{"text":"Cảnh báo lũ"}\(extra)}
    """
  }

  func check(_ envelope: Data) -> Result<String, Rejection> {
    gate.check(envelope, now: now).map { $0.0.bulletinClass ?? "-" }
  }

  func reason(_ envelope: Data) -> String? {
    if case .failure(let r) = check(envelope) { return r.reason }
    return nil
  }

  @Test func aPlainSignedJobPasses() throws {
    let r = check(try signer.envelope(text: message()))
    #expect((try? r.get()) == "emergency")
  }

  @Test func anUnknownTypeIsRefusedAsSuchNotAsUnreadable() throws {
    let text = message().replacingOccurrences(of: #""type":"job""#, with: #""type":"launch""#)
    let r = check(try signer.envelope(text: text))
    guard case .failure(let rej) = r else { Issue.record("accepted \(r)"); return }
    #expect(rej.reason == "unknown_type")
    #expect(rej.detail.contains("'launch'"))
  }

  @Test func everyRejectionReasonIsDocumented() throws {
    // Tests run from the package root.
    let doc = try String(contentsOfFile: "docs/protocol.md", encoding: .utf8)
    for r in Rejection.Reason.allCases {
      #expect(doc.contains("`\(r.rawValue)`"), "\(r.rawValue) not in docs/protocol.md")
    }
  }

  @Test func typesAndCommandsRoundTripAsTheirWireNames() throws {
    for t in ["job", "update", "cancel", "command", "cap", "launch"] {
      #expect(MessageType(t).description == t)
      let data = try JSONEncoder().encode(MessageType(t))
      #expect(String(decoding: data, as: UTF8.self) == "\"\(t)\"")
    }
    #expect(MessageType("cap") == .cap)
    #expect(MessageType.update.carriesJob && !MessageType.cancel.carriesJob)
    for c in ["volume", "stop", "status", "reload_schedule", "reboot"] { #expect(BoxCommand(c).description == c) }
    #expect(BoxCommand("reload_schedule") == .reloadSchedule)
    #expect(BoxCommand("reboot") == .other("reboot"))
  }

  @Test func aKeyTwiceInTheSignedMessageIsRefused() throws {
    // The box used to take the first `class` (priority), common readers the last (emergency).
    let text = message(class: "priority", extra: #","class":"emergency""#)
    let r = check(try signer.envelope(text: text))
    guard case .failure(let rej) = r else { Issue.record("accepted \(r)"); return }
    #expect(rej.reason == "bad_message")
    #expect(rej.detail.contains("'class' appears twice"))
  }

  @Test func aKeyTwiceHiddenByAnEscapeIsRefused() throws {
    let text = message(class: "priority", extra: #","cl\u0061ss":"emergency""#)
    #expect(reason(try signer.envelope(text: text)) == "bad_message")
  }

  @Test func aSecondUnsignedMsgInTheEnvelopeIsRefused() throws {
    // The box verified and used the first `msg`; a reader of the same bytes sees the second.
    let signed = try signer.envelope(text: message(class: "normal"))
    var text = String(decoding: signed, as: UTF8.self)
    text.removeLast()
    text += #","msg":"{\"type\":\"job\"}"}"#
    let r = check(Data(text.utf8))
    guard case .failure(let rej) = r else { Issue.record("accepted \(r)"); return }
    #expect(rej.reason == "bad_envelope")
    #expect(rej.detail.contains("'msg' appears twice"))
  }

  @Test func unknownFieldsAreRefusedAndNamed() throws {
    let inMessage = try signer.envelope(text: message(extra: #","priority_override":true"#))
    guard case .failure(let a) = check(inMessage) else { Issue.record("accepted"); return }
    #expect(a.reason == "unknown_field")
    #expect(a.detail.contains("priority_override"))
    #expect(a.ref == "6f1c2b1e-5a0e-4c7b-9a55-0d7d2b0e6a11", "the sender still gets an ack for its id")

    let inContent = message().replacingOccurrences(of: #""text":"Cảnh báo lũ""#, with: #""text":"x","url":"y""#)
    guard case .failure(let b) = check(try signer.envelope(text: inContent)) else { Issue.record("accepted"); return }
    #expect(b.reason == "unknown_field")
    #expect(b.detail.contains("content.url"))

    let inTarget = message().replacingOccurrences(of: #"{"province":"79"}"#, with: #"{"province":"79","zone":"x"}"#)
    #expect(reason(try signer.envelope(text: inTarget)) == "unknown_field")

    var env = String(decoding: try signer.envelope(text: message()), as: UTF8.self)
    env.removeLast()
    env += #","note":"hi"}"#
    guard case .failure(let c) = check(Data(env.utf8)) else { Issue.record("accepted"); return }
    #expect(c.reason == "unknown_field")
    #expect(c.detail.contains("'note'"))
  }

  @Test func malformedAndHostileJSONIsRefusedWithoutCrashing() throws {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    for bad in [
      "", "{", #"{"v":1,}"#, #"{"v":01x}"#, "{\"v\":\"\u{01}\"}", #"{"v":1} trailing"#, #"{"v":"\ud800"}"#,
      deep, #"{"a":"\x"}"#,
    ] {
      #expect(reason(Data(bad.utf8)) == "bad_envelope" || reason(Data(bad.utf8)) == "too_large", "\(bad.prefix(20))")
    }
    #expect(throws: StrictJSON.Problem.self) { try StrictJSON.shape(of: Data([0x22, 0xFF, 0x22])) }
  }

  @Test func strictShapeKeepsTheDecodedKeys() throws {
    let s = try StrictJSON.shape(of: Data(#"{"a\u00e9":[1,2.5e3,{"b":null}],"c":true}"#.utf8))
    #expect(s.keys == ["aé", "c"])
  }
}

/// Receipts: a station's word that it stored an as-run batch. Only a trusted key, only for this
/// very box, only with a batch that names its rows.
@Suite struct ReceiptGateTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let pair = Signer.generate()
  var signer: Signer { try! Signer(kid: "xa-26734", privateKeyBase64: pair.privateKey) }
  var gate: Gatekeeper {
    let key = try! TrustedKey(id: "xa-26734", publicKeyBase64: pair.publicKey, role: .commune, scope: "26734")
    return Gatekeeper(
      identity: try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01"), keys: [key])
  }

  func receipt(box: String? = "loa-01", batch: String? = "1-5", last: Int64? = 5, log: String? = "log-a")
    -> UplinkMessage
  {
    var m = UplinkMessage(
      type: .receipt, issuer: "xa", issuedAt: now,
      target: Target(province: "79", commune: "26734", hamlet: box == nil ? nil : "ap-3", box: box))
    m.batch = batch
    m.lastRow = last
    m.log = log
    return m
  }

  func reason(_ m: UplinkMessage, signer s: Signer? = nil) throws -> String? {
    if case .failure(let r) = gate.check(try (s ?? signer).envelope(m), now: now) { return r.reason }
    return nil
  }

  @Test func aCommuneStationsReceiptForThisBoxPasses() throws {
    #expect(try reason(receipt()) == nil)
  }

  @Test func aReceiptForTheWholeCommuneOrAnotherBoxIsRefused() throws {
    #expect(try reason(receipt(box: nil)) == "wrong_target")
    #expect(try reason(receipt(box: "loa-02")) == "wrong_target")
  }

  @Test func aReceiptFromAnUntrustedKeyIsRefused() throws {
    let forger = try Signer(kid: "xa-26734", privateKeyBase64: Signer.generate().privateKey)
    #expect(try reason(receipt(), signer: forger) == "bad_signature")
  }

  @Test func aReceiptMustNameItsBatch() throws {
    #expect(try reason(receipt(batch: nil)) == "bad_message")
    #expect(try reason(receipt(batch: "5-1", last: 1)) == "bad_message")
    #expect(try reason(receipt(batch: "1-5", last: 7)) == "bad_message")
    #expect(try reason(receipt(log: nil)) == "bad_message")
  }
}
