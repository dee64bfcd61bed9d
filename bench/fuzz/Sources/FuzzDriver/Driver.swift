// SwiftPM links each fuzz executable with `main` set to `fuzz_<name>_main`; each target defines
// that symbol and hands over here, to libFuzzer's driver with its `fuzz` callback.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

public func runFuzzer(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt {
  var c = argc
  var v = argv
  return runDriver(&c, &v, callback)
}
