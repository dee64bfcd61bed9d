// swift-tools-version: 6.0
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "loa",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "loa", targets: ["loa"]),
    .executable(name: "loa-station", targets: ["loa-station"]),
    // The benchmark probes bench/ runs; not part of what a box installs.
    .executable(name: "loa-probe", targets: ["loa-probe"]),
    // The parsers that take outside input, for the fuzzers in bench/fuzz (a package of its own).
    .library(
      name: "LoaParsers",
      targets: ["LoaCore", "LoaProtocol", "LoaUplink", "LoaSpeech", "LoaScheduling", "LoaAudio", "LoaDaemon"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
  ],
  targets: [
    // C libraries, found with pkg-config.
    .systemLibrary(
      name: "CEspeakNG", pkgConfig: "espeak-ng",
      providers: [.apt(["libespeak-ng-dev"])]),
    .systemLibrary(
      name: "CALSA", pkgConfig: "alsa",
      providers: [.apt(["libasound2-dev"])]),
    .systemLibrary(
      name: "CMPG123", pkgConfig: "libmpg123",
      providers: [.apt(["libmpg123-dev"])]),
    // libmp3lame has no pkg-config file on Debian: the header is <lame/lame.h>, the library mp3lame.
    .systemLibrary(name: "CLame", providers: [.apt(["libmp3lame-dev"])]),
    // Proof-of-play recordings: libopus' encoder, pages written with libogg.
    .systemLibrary(
      name: "COpus", pkgConfig: "opus",
      providers: [.apt(["libopus-dev"])]),
    .systemLibrary(
      name: "COgg", pkgConfig: "ogg",
      providers: [.apt(["libogg-dev"])]),
    .systemLibrary(
      name: "CGPIOD", pkgConfig: "libgpiod",
      providers: [.apt(["libgpiod-dev"])]),
    .systemLibrary(
      name: "CMosquitto", pkgConfig: "libmosquitto",
      providers: [.apt(["libmosquitto-dev"])]),
    .systemLibrary(
      name: "CSystemd", pkgConfig: "libsystemd",
      providers: [.apt(["libsystemd-dev"])]),
    // The normaliser's patterns: PCRE2 and its JIT over UTF-8 (ICU's through NSRegularExpression
    // where PCRE2 would read a pattern differently).
    .systemLibrary(
      name: "CPCRE2", pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"])]),
    // Argon2id password hashing for the control API's users.
    .systemLibrary(
      name: "CSodium", pkgConfig: "libsodium",
      providers: [.apt(["libsodium-dev"])]),

    // TOML reading for config, schedules and voice profiles: TOMLKit behind one guard.
    .target(
      name: "LoaTOML", dependencies: ["LoaCore", .product(name: "TOMLKit", package: "TOMLKit")], swiftSettings: swift6),
    // Domain core: jobs, classes, airings, as-run records. No I/O.
    .target(
      name: "LoaCore", dependencies: ["CBuildInfo", .product(name: "Crypto", package: "swift-crypto")],
      swiftSettings: swift6),
    // Reports from the as-run log (airtime statistics): pure, from rows to figures.
    .target(
      name: "LoaReports", dependencies: ["LoaCore", .product(name: "Mustache", package: "swift-mustache")],
      swiftSettings: swift6),
    // The kernel's clock synchronisation state (adjtimex) for `loa doctor`.
    .target(name: "CSysTime"),
    // The git commit a build was made from (scripts/package.sh defines it).
    .target(name: "CBuildInfo"),
    // Speech: text normaliser seam, sentence splitting, libespeak-ng, voice profiles.
    .target(
      name: "LoaSpeech",
      dependencies: [
        "LoaCore", "CEspeakNG", "CPCRE2", "LoaAudio", "LoaTOML", .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: swift6),
    // Audio: PCM sources, WAV decoding, resampling, ALSA output, level metering.
    .target(
      name: "LoaAudio", dependencies: ["LoaCore", "CALSA", "CMPG123", "COpus", "COgg", "CLame"], swiftSettings: swift6),
    // The box's hardware around the audio: amplifier power (GPIO line or installer's command).
    .target(name: "LoaHardware", dependencies: ["LoaCore", "CGPIOLine"], swiftSettings: swift6),
    // One GPIO line as an output through libgpiod 1.x (Debian 12) or 2.x (Debian 13): the C shim
    // picks the API from the header it is built against.
    .target(name: "CGPIOLine", dependencies: ["CGPIOD"]),
    // Audio over the network: live HTTP(S) MP3 streams decoded into a PCM source, and the
    // content cache for files sent by URL.
    .target(
      name: "LoaRelay",
      dependencies: [
        "LoaAudio", "LoaCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      swiftSettings: swift6),
    // Storage: SQLite through GRDB (jobs, as-run log).
    .target(
      name: "LoaStorage",
      dependencies: ["LoaCore", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: swift6),
    // The pure playout core: the ladder's rules as a value and functions. Depends on the domain
    // core only; its tests need no clock, thread, espeak or audio.
    .target(name: "LoaLadder", dependencies: ["LoaCore"], swiftSettings: swift6),
    // Playout engine: the player shell that owns the ladder and airs what it says.
    .target(
      name: "LoaPlayout",
      dependencies: [
        "LoaCore", "LoaLadder", "LoaSpeech", "LoaAudio", "LoaStorage", "LoaRelay", "LoaHardware",
        .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
      ],
      swiftSettings: swift6),
    // Scheduling: schedule files, checks, expansion into dated airings, the scheduler service.
    .target(
      name: "LoaScheduling",
      dependencies: [
        "LoaCore", "LoaSpeech", "LoaAudio", "LoaStorage", "LoaPlayout", "LoaTOML",
        .product(name: "TOMLKit", package: "TOMLKit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swift6),
    // The uplink protocol, shared by the box and a station: messages, the envelope and its signer,
    // the Gatekeeper's checks, trusted keys, CAP 1.2 parsing, status and as-run wire types. Depends
    // on neither the player nor the box's store.
    .target(
      name: "LoaProtocol",
      dependencies: [
        "LoaCore", "LoaTOML", .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: swift6),
    // MQTT over libmosquitto (threaded mode): the transport of the uplink, for a box or a station.
    .target(name: "LoaMQTT", dependencies: ["CMosquitto"], swiftSettings: swift6),
    // The box's uplink service: the protocol's messages to and from the player and the store.
    .target(
      name: "LoaUplink",
      dependencies: [
        "LoaCore", "LoaProtocol", "LoaMQTT", "LoaPlayout", "LoaStorage", "LoaRelay",
        .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
      ],
      swiftSettings: swift6),
    // What the station's API answers, as the officer's CLI reads it: linked by the box's `loa`,
    // which does not link the station itself (docs/performance.md, "The box without the station").
    .target(
      name: "LoaStationWire",
      dependencies: [
        "LoaCore", "LoaProtocol", "LoaReports", "LoaTOML", .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: swift6),
    // The commune's (or the province's) station: collects what the boxes publish, confirms as-run
    // batches, and serves the fleet. Links the protocol, never the player or the box's store.
    .target(
      name: "LoaStation",
      dependencies: [
        "LoaCore", "LoaProtocol", "LoaStationWire", "LoaMQTT", "LoaTOML", "LoaReports", "LoaTLS",
        .product(name: "GRDB", package: "GRDB.swift"),
        // A province's stations share one PostgreSQL database.
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"), .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: swift6),
    // The link to a province's source system (REST + JSON, docs/province.md): a plug-in of the
    // station behind its `ProvinceLink` protocol.
    .target(
      name: "LoaProvince",
      dependencies: [
        "LoaCore", "LoaProtocol", "LoaStation", "LoaStationWire",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      swiftSettings: swift6),
    // Control API: HTTP + JSON for the CLI.
    .target(
      name: "LoaAPI",
      dependencies: [
        "LoaCore", "LoaPlayout", "LoaStorage", "LoaSpeech", "LoaScheduling", "LoaRelay", "LoaReports", "CSodium",
        .product(name: "Hummingbird", package: "hummingbird"),
      ],
      swiftSettings: swift6),
    // HTTPS on a listener (the box's control API, the station's) and the owner-only check of secrets.
    .target(
      name: "LoaTLS",
      dependencies: [
        "LoaCore", .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      swiftSettings: swift6),
    // The daemon: configuration and the service group.
    .target(
      name: "LoaDaemon",
      dependencies: [
        "LoaCore", "LoaLadder", "LoaPlayout", "LoaStorage", "LoaSpeech", "LoaAudio", "LoaAPI", "LoaScheduling",
        "LoaHardware",
        "LoaUplink", "LoaProtocol", "LoaRelay", "LoaTOML", "LoaTLS", "CSystemd",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "TOMLKit", package: "TOMLKit"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ],
      swiftSettings: swift6),
    // The officer's CLI (client of the control API).
    .target(
      name: "LoaCLI",
      dependencies: [
        "LoaCore", "LoaDaemon", "LoaSpeech", "LoaAudio", "LoaScheduling", "LoaRelay", "LoaUplink", "LoaProtocol",
        "LoaMQTT", "LoaReports", "LoaStationWire",
        "LoaStorage", "CSysTime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOFoundationCompat", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      swiftSettings: swift6),
    .executableTarget(
      name: "loa",
      dependencies: ["LoaCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: swift6),
    // The station's commands (`loa-station serve`, `enroll`, `token`, `locate`, `province`): a
    // second executable, so that the box's binary links neither the station nor PostgreSQL's
    // client (docs/performance.md, "The box without the station").
    .target(
      name: "LoaStationCLI",
      dependencies: [
        "LoaCLI", "LoaCore", "LoaStation", "LoaStationWire", "LoaProvince",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swift6),
    .executableTarget(
      name: "loa-station",
      dependencies: ["LoaStationCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: swift6),

    .target(
      name: "LoaProbes",
      dependencies: [
        "LoaCLI", "LoaCore", "LoaAudio", "LoaRelay", "LoaUplink", "LoaProtocol", "LoaMQTT", "LoaScheduling",
        "LoaSpeech",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swift6),
    .executableTarget(
      name: "loa-probe",
      dependencies: ["LoaProbes", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: swift6),

    // Test support: ALSA capture rigs (file PCM, PulseAudio null sink), daemon launcher.
    .target(
      name: "LoaTesting",
      dependencies: ["LoaCore", "LoaAudio", "LoaSpeech"],
      path: "Tests/LoaTesting",
      swiftSettings: swift6),
    .testTarget(name: "LoaCoreTests", dependencies: ["LoaCore"], swiftSettings: swift6),
    .testTarget(
      name: "LoaTOMLTests", dependencies: ["LoaTOML", .product(name: "TOMLKit", package: "TOMLKit")],
      swiftSettings: swift6),
    .testTarget(
      name: "LoaSpeechTests", dependencies: ["LoaSpeech", "LoaTesting"], exclude: ["Corpus"],
      swiftSettings: swift6),
    .testTarget(
      name: "LoaAudioTests", dependencies: ["LoaAudio", "LoaTesting"], swiftSettings: swift6),
    .testTarget(
      name: "LoaStorageTests",
      dependencies: ["LoaStorage", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: swift6),
    .testTarget(name: "LoaLadderTests", dependencies: ["LoaLadder"], swiftSettings: swift6),
    .testTarget(name: "LoaReportsTests", dependencies: ["LoaReports", "LoaCore", "LoaTesting"], swiftSettings: swift6),
    .testTarget(
      name: "LoaAPITests",
      dependencies: ["LoaAPI", "LoaCore", .product(name: "Hummingbird", package: "hummingbird")],
      swiftSettings: swift6),
    .testTarget(
      name: "LoaPlayoutTests",
      dependencies: ["LoaPlayout", "LoaTesting"],
      swiftSettings: swift6),
    .testTarget(name: "LoaUplinkTests", dependencies: ["LoaProtocol", "LoaCore"], swiftSettings: swift6),
    .testTarget(
      name: "LoaStationTests",
      dependencies: ["LoaStation", "LoaStationWire", "LoaProtocol", "LoaCore", "LoaReports", "LoaTesting"],
      swiftSettings: swift6),
    .testTarget(
      name: "LoaProvinceTests",
      dependencies: ["LoaProvince", "LoaStation", "LoaStationWire", "LoaProtocol", "LoaCore"],
      swiftSettings: swift6),
    .testTarget(name: "LoaRelayTests", dependencies: ["LoaRelay", "LoaTesting"], swiftSettings: swift6),
    .testTarget(
      name: "LoaSchedulingTests", dependencies: ["LoaScheduling", "LoaTesting", "LoaAPI"], swiftSettings: swift6),
    .testTarget(
      name: "LoaCLITests", dependencies: ["LoaCLI", "LoaCore", "LoaScheduling", "LoaDaemon"], swiftSettings: swift6),
    .testTarget(
      name: "LoaFuzzRegressionTests",
      dependencies: ["LoaProtocol", "LoaScheduling", "LoaDaemon", "LoaSpeech", "LoaAudio"],
      swiftSettings: swift6),
    .testTarget(
      name: "LoaIntegrationTests",
      dependencies: ["LoaTesting", "LoaCore", "LoaProtocol", "LoaAudio", "LoaStorage"],
      swiftSettings: swift6),
  ]
)
