// swift-tools-version: 6.0
// libFuzzer targets for every parser of outside input. Built by bench/fuzz/run.sh with
// `-sanitize=fuzzer` on every Swift module (the parsers' own code is instrumented, not just the
// entry points); not part of the product or of `swift build` at the root.
import PackageDescription

let fuzz: [SwiftSetting] = [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
let parsers: [Target.Dependency] = [.product(name: "LoaParsers", package: "loa"), "FuzzDriver"]

let package = Package(
  name: "loa-fuzz",
  dependencies: [.package(name: "loa", path: "../..")],
  targets: [.target(name: "FuzzDriver", swiftSettings: fuzz)]
    + ["uplink", "cap", "schedule", "config", "lexicon", "audio", "normalizer"].map {
    .executableTarget(name: "fuzz-\($0)", dependencies: parsers, path: "Sources/\($0)", swiftSettings: fuzz)
  }
)
