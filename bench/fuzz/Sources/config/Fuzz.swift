import Foundation
import LoaDaemon

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  var c = DaemonConfig()
  try? c.apply(toml: text, origin: "fuzz.toml")
  return 0
}

// SwiftPM links an executable with `main` set to `fuzz_config_main`: hand over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

@_cdecl("fuzz_config_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var c = argc
  var v = argv
  return runDriver(&c, &v) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
