import Foundation
import FuzzDriver
import LoaSpeech

let normalizer = VietnameseNormalizer(lexicon: (try? Lexicon.load(directory: "Voices")) ?? Lexicon())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
  let out = normalizer.normalize(text, dialect: bytes[0] % 2 == 0 ? .north : .south)
  _ = SentenceSplitter.split(out)
  return 0
}

@_cdecl("fuzz_normalizer_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
