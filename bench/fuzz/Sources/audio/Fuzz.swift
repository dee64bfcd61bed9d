import Foundation
import FuzzDriver
import LoaAudio

/// WAV and MP3 headers (and the first frames): the input is written to a file in /dev/shm and
/// opened as the daemon opens a file an officer sends, then read.
let path = "/dev/shm/loa-fuzz-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
  _ = write(fd, start, count)
  close(fd)
  for ext in [".wav", ".mp3"] {
    let p = path + ext
    _ = rename(path, p)
    if let source = try? AudioFile.open(p, format: AudioFormat(sampleRate: 22050, channels: 1)) {
      var buf = [Int16](repeating: 0, count: 4096)
      for _ in 0..<8 {
        let n =
          (try? buf.withUnsafeMutableBufferPointer { b throws(AudioError) in try source.read(into: b, maxFrames: 4096) })
          ?? 0
        if n == 0 { break }
      }
    }
    _ = rename(p, path)
  }
  return 0
}

@_cdecl("fuzz_audio_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
