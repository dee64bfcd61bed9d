import Foundation
import FuzzDriver
import LoaSpeech

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  if let lexicon = try? Lexicon.parse(text, origin: "fuzz.tsv") {
    _ = VietnameseNormalizer(lexicon: lexicon).normalize("UBND xã họp lúc 17h30", dialect: .north)
  }
  return 0
}

@_cdecl("fuzz_lexicon_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
