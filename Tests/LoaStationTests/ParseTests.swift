import Foundation
import LoaCore
import LoaProtocol
import LoaStation
import LoaTesting
import Testing

func row(_ id: Int64, deadAir: Double = 0, at: Date = Date()) -> AsRunRecord {
  var r = AsRunRecord(
    id: id, jobId: "job-\(id)", bulletinClass: .normal, source: .api, kind: .speech, title: "Bản tin \(id)",
    startedAt: at, endedAt: at.addingTimeInterval(10), durationSeconds: 10, outcome: .completed,
    deadAirSeconds: deadAir)
  r.loggedAt = at.addingTimeInterval(10)
  return r
}

let box1 = try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-3", box: "loa-01")
let box2 = try! BoxIdentity(province: "79", commune: "26734", hamlet: "ap-5", box: "loa-02")

/// What the collector accepts from the broker, without a broker.
@Suite struct CollectorParseTests {
  func data<T: Encodable>(_ v: T) -> Data { try! UplinkJSON.encoder().encode(v) }

  @Test func aBatchOnItsBoxsTopicIsRead() {
    let b = AsRunBatch(box: "loa-01", log: "log-a", rows: [row(1), row(2)])
    guard case .asRun(let id, let batch)? = Collector.parse("loa/v1/79/26734/ap-3/loa-01/asrun", data(b)) else {
      Issue.record("not read")
      return
    }
    #expect(id == box1)
    #expect(batch.batch == "1-2")
  }

  @Test func aBatchThatLiesIsNotRead() {
    // Another box's id in the body, rows outside the batch's range, a range backwards, no log.
    let other = AsRunBatch(box: "loa-02", log: "log-a", rows: [row(1)])
    #expect(Collector.parse("loa/v1/79/26734/ap-3/loa-01/asrun", data(other)) == nil)
    var outside = AsRunBatch(box: "loa-01", log: "log-a", rows: [row(1), row(2)])
    outside.batch = "1-1"
    #expect(Collector.parse("loa/v1/79/26734/ap-3/loa-01/asrun", data(outside)) == nil)
    var backwards = AsRunBatch(box: "loa-01", log: "log-a", rows: [row(2)])
    backwards.batch = "2-1"
    #expect(Collector.parse("loa/v1/79/26734/ap-3/loa-01/asrun", data(backwards)) == nil)
    let noLog = AsRunBatch(box: "loa-01", log: "", rows: [row(1)])
    #expect(Collector.parse("loa/v1/79/26734/ap-3/loa-01/asrun", data(noLog)) == nil)
    #expect(Collector.parse("loa/v1/79/26734/ap-3/loa-01/asrun", Data("{".utf8)) == nil)
  }

  @Test func topicsOutsideTheProtocolAreNotRead() {
    let b = data(AsRunBatch(box: "loa-01", log: "l", rows: [row(1)]))
    for t in [
      "loa/v1/79/26734/ap-3/loa-01/in", "loa/v2/79/26734/ap-3/loa-01/asrun", "loa/v1/79/26734/ap-3/asrun",
      "loa/v1/79/26734/ap 3/loa-01/asrun", "x/v1/79/26734/ap-3/loa-01/asrun",
    ] {
      #expect(Collector.parse(t, b) == nil, "\(t)")
    }
  }

  @Test func aWillAndAHeartbeatAreToldApart() {
    let will = LastWill(identity: box1, since: Date(), version: "1.0")
    guard case .will? = Collector.parse("loa/v1/79/26734/ap-3/loa-01/status", data(will)) else {
      Issue.record("the will was not read as one")
      return
    }
    var s = StatusReport(box: box1, at: Date(), version: "1.0", deviceOpen: true)
    s.scheduleVersion = 4
    guard case .heartbeat(_, let h, _)? = Collector.parse("loa/v1/79/26734/ap-3/loa-01/status", data(s)) else {
      Issue.record("the heartbeat was not read")
      return
    }
    #expect(h.scheduleVersion == 4)
  }
}

/// The station's store on a real SQLite file.
@Suite struct StationStoreTests {
  let dir = TempDir("loa-station-store")
  let t0 = Date(timeIntervalSince1970: 1_800_000_000)

  func heartbeat(_ id: BoxIdentity, onAir: String? = nil) -> StationStore.Incoming {
    var s = StatusReport(box: id, at: t0, version: "1.2.3", deviceOpen: true)
    s.onAir = onAir
    s.volume = 70
    return .heartbeat(id, s, raw: "{}")
  }

  @Test(arguments: Engine.allCases) func aBatchSentTwiceIsStoredOnceAndBothAreConfirmed(engine: Engine) throws {
    let store = try engine.store(dir)
    let b = AsRunBatch(box: "loa-01", log: "log-a", rows: [row(1), row(2), row(3)])
    let first = try store.ingest([.asRun(box1, b)], now: t0)
    let again = try store.ingest([.asRun(box1, b)], now: t0.addingTimeInterval(30))
    #expect(first.map(\.added) == [3])
    #expect(again.map(\.added) == [0], "stored once")
    #expect(again.first?.lastRow == 3, "and confirmed again: the first receipt may have been lost")
    #expect(try store.asRun(box: "loa-01").map(\.id) == [1, 2, 3])
    // A new database on the box (a new log) starts its ids at 1 again: those rows are new.
    _ = try store.ingest([.asRun(box1, AsRunBatch(box: "loa-01", log: "log-b", rows: [row(1)]))], now: t0)
    #expect(try store.asRun(box: "loa-01").count == 4)
  }

  @Test(arguments: Engine.allCases) func onlineOfflineAndLostFollowHeartbeatsAndTheWill(engine: Engine) throws {
    let store = try engine.store(dir)
    _ = try store.ingest([heartbeat(box1, onAir: "Thời sự"), heartbeat(box2)], now: t0)
    var f = try store.fleet(now: t0.addingTimeInterval(10), heartbeatSeconds: 60, dayStart: t0)
    #expect(f.total == 2)
    #expect(f.online == 2)
    #expect(f.playing == 1)
    #expect(f.boxes.first { $0.box == "loa-01" }?.volume == 70)
    // The broker publishes loa-01's will: offline from then, nothing on air.
    let will = StatusMessage(online: false)
    _ = try store.ingest([.will(box1, will)], now: t0.addingTimeInterval(100))
    // loa-02 says nothing for more than three heartbeats: lost, since its last heartbeat.
    f = try store.fleet(now: t0.addingTimeInterval(200), heartbeatSeconds: 60, dayStart: t0)
    let one = try #require(f.boxes.first { $0.box == "loa-01" })
    let two = try #require(f.boxes.first { $0.box == "loa-02" })
    #expect(one.state == .offline)
    #expect(one.since == t0.addingTimeInterval(100))
    #expect(one.onAir == nil)
    #expect(two.state == .lost)
    #expect(two.since == t0)
    #expect(f.online == 0 && f.offline == 2 && f.playing == 0)
    // Back: one more span.
    _ = try store.ingest([heartbeat(box1)], now: t0.addingTimeInterval(300))
    let spans = try store.spans(box: "loa-01")
    #expect(spans.map(\.online) == [true, false, true])
    #expect(spans[1].to == t0.addingTimeInterval(300))
    #expect(spans[2].to == nil)
  }

  @Test(arguments: Engine.allCases) func deadAirTodayIsSummedFromTheRowsOfToday(engine: Engine) throws {
    let store = try engine.store(dir)
    let rows = [
      row(1, deadAir: 5, at: t0.addingTimeInterval(-90_000)), row(2, deadAir: 7, at: t0), row(3, deadAir: 1.5, at: t0),
    ]
    _ = try store.ingest([heartbeat(box1), .asRun(box1, AsRunBatch(box: "loa-01", log: "l", rows: rows))], now: t0)
    let f = try store.fleet(now: t0, heartbeatSeconds: 60, dayStart: t0.addingTimeInterval(-3600))
    #expect(f.boxes.first?.deadAirTodaySeconds == 8.5)
    #expect(f.boxes.first?.asRunStored == 3)
  }
}

/// `station.toml`: every mistake named with its key.
@Suite struct StationConfigTests {
  let dir = TempDir("loa-station-config")
  let good = """
    [station]
    name = "Trạm xã 26734"
    province = "79"
    commune = "26734"
    listen = "127.0.0.1:8790"
    [broker]
    url = "mqtt://127.0.0.1:1883"
    [signing]
    kid = "xa-26734"
    key_file = "/etc/loa/xa.key"
    """

  func error(_ text: String) -> String {
    do {
      _ = try StationConfig.parse(text, origin: "station.toml")
      return "accepted"
    } catch { return error.message }
  }

  @Test func aGoodFileReads() throws {
    let c = try StationConfig.parse(good, origin: "station.toml")
    #expect(c.province == "79" && c.commune == "26734" && c.listenPort == 8790 && c.signingKid == "xa-26734")
  }

  @Test func mistakesAreNamed() {
    #expect(error("[broker]\nurl = \"mqtt://x\"\n").contains("needs a [station] section"))
    #expect(error(good.replacingOccurrences(of: "province = \"79\"\n", with: "")).contains("'station.province'"))
    #expect(
      error(good.replacingOccurrences(of: "\"26734\"\nlisten", with: "\"26 734\"\nlisten")).contains(
        "'station.commune'"))
    #expect(error(good.replacingOccurrences(of: "127.0.0.1:8790", with: "8790")).contains("'station.listen'"))
    #expect(error(good.replacingOccurrences(of: "mqtt://127.0.0.1:1883", with: "http://x")).contains("'broker.url'"))
    #expect(error(good.replacingOccurrences(of: "kid = \"xa-26734\"\n", with: "")).contains("'signing.kid'"))
    #expect(error(good + "\n[station\n").contains("station.toml:"))
    // A province's shared database and subscription group.
    #expect(
      error(good.replacingOccurrences(of: "listen =", with: "database = \"mysql://db/loa\"\nlisten =")).contains(
        "'station.database'"))
    #expect(
      error(good.replacingOccurrences(of: "listen =", with: "database = \"postgres:///loa\"\nlisten =")).contains(
        "'station.database'"))
    #expect(
      error(good.replacingOccurrences(of: "mqtt://127.0.0.1:1883\"", with: "mqtt://127.0.0.1:1883\"\nshare = \"a/b\""))
        .contains("'broker.share'"))
    let shared = try? StationConfig.parse(
      good.replacingOccurrences(of: "listen =", with: "database = \"postgres://loa@db:5432/loa\"\nlisten =")
        .replacingOccurrences(of: "mqtt://127.0.0.1:1883\"", with: "mqtt://127.0.0.1:1883\"\nshare = \"tinh-79\""),
      origin: "station.toml")
    #expect(shared?.databaseURL == "postgres://loa@db:5432/loa" && shared?.shareGroup == "tinh-79")
    let warned = try? StationConfig.parse(good + "\nbrokr = 1\n", origin: "station.toml")
    #expect(
      warned?.warnings.first?.contains("'signing.brokr' is not a known setting") == true, "\(warned?.warnings ?? [])")
  }

  /// `[enroll]`: the broker's CA and the password file each box gets an account in.
  @Test func enrolmentBrokerSettingsAreChecked() throws {
    let notPEM = dir.write("not.crt", "hello\n")
    let pem = dir.write("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    #expect(
      error(good + "\n[enroll]\nca_file = \"\(dir.file("none.crt"))\"\n").contains("'enroll.ca_file' cannot read"))
    #expect(error(good + "\n[enroll]\nca_file = \"\(notPEM)\"\n").contains("is not a PEM certificate"))
    #expect(error(good + "\n[enroll]\npassword_file = \"passwd\"\n").contains("'enroll.password_file'"))
    #expect(
      error(good + "\n[enroll]\nreload_command = [\"systemctl\", \"reload\", \"mosquitto\"]\n").contains(
        "goes with 'password_file'"))
    #expect(
      error(good + "\n[enroll]\npassword_file = \"/p\"\nreload_command = []\n").contains("'enroll.reload_command'"))
    let c = try StationConfig.parse(
      good
        + "\n[enroll]\nca_file = \"\(pem)\"\npassword_file = \"/etc/mosquitto/loa/passwd\"\n"
        + "reload_command = [\"systemctl\", \"reload\", \"mosquitto\"]\n",
      origin: "station.toml")
    #expect(c.enrollCAPEM?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
    #expect(c.enrollReloadCommand == ["systemctl", "reload", "mosquitto"])
  }

  @Test func aKeyFileOthersCanReadIsRefused() throws {
    let key = dir.write("xa.key", Signer.generate().privateKey)
    var c = try StationConfig.parse(good, origin: "station.toml")
    c.signingKeyFile = key
    func problem(_ c: StationConfig) -> String {
      do { return "accepted \(try c.signer().kid)" } catch { return error.message }
    }
    chmod(key, 0o644)
    #expect(problem(c).contains("chmod 600"), "\(problem(c))")
    chmod(key, 0o600)
    #expect(problem(c) == "accepted xa-26734")
    c.signingKeyFile = dir.file("missing.key")
    #expect(problem(c).contains("cannot be read"), "\(problem(c))")
  }
}

/// The station's two databases: SQLite in a file, and PostgreSQL on a server the harness starts.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres
  var testDescription: String { rawValue }

  func store(_ dir: TempDir) throws -> StationStore {
    switch self {
    case .sqlite: try StationStore(path: dir.file("s-\(UUID().uuidString.prefix(8)).sqlite"))
    case .postgres: try StationStore(postgres: try PostgresRig.shared.get().database())
    }
  }
}
