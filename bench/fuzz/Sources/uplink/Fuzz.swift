import Foundation
import FuzzDriver
import LoaProtocol

/// The uplink's whole check: the envelope as it arrives (even first byte), or the input as the
/// signed message inside a validly signed envelope (odd first byte), so the strict JSON reader,
/// the decoder and every rule after the signature are reached.
let pair = Signer.generate()
let signer = try! Signer(kid: "tinh-79", privateKeyBase64: pair.privateKey)
let gate = Gatekeeper(
  identity: try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01"),
  keys: [try! TrustedKey(id: "tinh-79", publicKeyBase64: pair.publicKey, role: .province, scope: "79")])
let now = Date(timeIntervalSince1970: 1_800_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard let first = data.first else { return 0 }
  if first % 2 == 0 {
    _ = gate.check(data.dropFirst(), now: now)
  } else if let text = String(data: data.dropFirst(), encoding: .utf8), let env = try? signer.envelope(text: text) {
    _ = gate.check(env, now: now)
    _ = try? StrictJSON.shape(of: data.dropFirst())
  }
  return 0
}

@_cdecl("fuzz_uplink_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
