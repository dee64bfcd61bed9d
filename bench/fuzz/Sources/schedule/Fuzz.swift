import Foundation
import LoaScheduling

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  // Text files named by the schedule read as a fixed short text: no disk in the loop.
  _ = ScheduleParser.parse(text, baseDir: "/nonexistent", readText: { _ in "Kính thưa bà con." })
  return 0
}

// SwiftPM links an executable with `main` set to `fuzz_schedule_main`: hand over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

@_cdecl("fuzz_schedule_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var c = argc
  var v = argv
  return runDriver(&c, &v) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
