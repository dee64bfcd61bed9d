import Foundation
import FuzzDriver
import LoaProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  if let a = try? CAPAlert.parse(text) {
    _ = a.jobId
    _ = a.referencedJobIds
    _ = a.vietnamese
  }
  return 0
}

@_cdecl("fuzz_cap_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
