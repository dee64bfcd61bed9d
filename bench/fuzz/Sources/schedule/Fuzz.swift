import Foundation
import FuzzDriver
import LoaScheduling

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  // Text files named by the schedule read as a fixed short text: no disk in the loop.
  _ = ScheduleParser.parse(text, baseDir: "/nonexistent", readText: { _ in "Kính thưa bà con." })
  return 0
}

@_cdecl("fuzz_schedule_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
