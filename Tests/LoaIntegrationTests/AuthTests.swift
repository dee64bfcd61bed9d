import Foundation
import LoaCore
import LoaTesting
import Testing

/// The control API's users, roles, tokens, lock-out and audit, through the real daemon and CLI.
@Suite(.serialized, .ownThread) struct AuthTests {
  /// The CLI as someone at the commune PC: their own HOME (saved logins), no local token.
  func asUser(_ d: DaemonProcess, home: TempDir, _ args: [String], stdin: String? = nil) throws -> CommandResult {
    var env = d.environment
    env["LOA_TOKEN"] = nil
    env["LOA_SERVER"] = d.url
    env["HOME"] = home.path
    env["XDG_CONFIG_HOME"] = nil
    env["LOA_STATE_DIR"] = home.file("no-state")  // no readable local token
    return try runCommand(loaBinary(), args, environment: env, stdin: stdin.map { Data($0.utf8) })
  }

  @Test func rolesTokensLockOutAndTheAudit() throws {
    let box = Box()
    let d = try DaemonProcess(stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", box.config()])
    // Without a token only the open paths answer.
    #expect(try d.http("GET", "/v1/health", bearer: .some(nil)).0 == 200)
    var (status, body) = try d.json("GET", "/v1/status", bearer: .some(nil))
    #expect(status == 401 && (body["error"] as? [String: Any])?["code"] as? String == "unauthorized", "\(body)")
    (status, body) = try d.json("GET", "/v1/status", bearer: "not-a-token")
    #expect(status == 401 && (body["error"] as? [String: Any])?["code"] as? String == "bad_token", "\(body)")
    // The local token file: the daemon's user and root only.
    var st = stat()
    #expect(stat(box.state + "/local-token", &st) == 0 && st.st_mode & 0o777 == 0o600)

    // Root on the box adds the users (no default password exists).
    var r = try d.cli(
      ["user", "add", "lan", "--role", "officer", "--password-stdin"], stdin: Data("Mật khẩu đủ dài 1\n".utf8))
    #expect(r.status == 0, "\(r.stderr)")
    r = try d.cli(
      ["user", "add", "khach", "--role", "viewer", "--password-stdin"], stdin: Data("chỉ xem thôi 12345\n".utf8))
    #expect(r.status == 0, "\(r.stderr)")
    r = try d.cli(["user", "add", "ngan", "--role", "officer", "--password-stdin"], stdin: Data("ngắn\n".utf8))
    #expect(r.status != 0 && r.stderr.contains("ít nhất 10"), "\(r.stderr)")
    r = try d.cli(
      ["user", "add", "lan", "--role", "viewer", "--password-stdin"], stdin: Data("khác hẳn 123456\n".utf8))
    #expect(r.status != 0 && r.stderr.contains("user_exists"), "\(r.stderr)")
    r = try d.cli(
      ["user", "add", "x y", "--role", "viewer", "--password-stdin"], stdin: Data("khác hẳn 123456\n".utf8))
    #expect(r.status != 0 && r.stderr.contains("bad_user"), "\(r.stderr)")
    (status, body) = try d.json(
      "POST", "/v1/users", body: Data(#"{"name": "moi", "role": "admin", "password": "đủ dài đủ dài 1"}"#.utf8))
    #expect(status == 422 && (body["error"] as? [String: Any])?["code"] as? String == "bad_role", "\(body)")
    (status, body) = try d.json("POST", "/v1/login", body: Data("{".utf8), bearer: .some(nil))
    #expect(status == 400, "\(body)")
    (status, body) = try d.json("GET", "/v1/audit?since=h%C3%B4m-qua")
    let message = (body["error"] as? [String: Any])?["message"] as? String ?? ""
    #expect(status == 400 && message.contains("'since' must be an ISO 8601 instant"), "\(body)")
    // Nothing refused was added: the two users made above.
    #expect(try d.cli(["user", "list", "--json"]).stdoutLines.count == 2)
    // Stored as Argon2id, never the password.
    let hash = try runCommand(
      "/usr/bin/python3",
      [
        "-c",
        "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT password_hash FROM users WHERE name='lan'\").fetchone()[0])",
        box.state + "/loa.sqlite",
      ]
    ).stdout
    #expect(hash.hasPrefix("$argon2id$") && !hash.contains("dài"), "\(hash)")

    // The officer logs in from "the commune PC" and queues a bulletin: the job is theirs, whatever
    // the body says.
    let lanHome = TempDir("loa-home-lan")
    r = try asUser(d, home: lanHome, ["say", "Chưa đăng nhập."])
    #expect(r.status != 0 && r.stderr.contains("loa login"), "\(r.stderr)")
    r = try asUser(d, home: lanHome, ["login", "--user", "lan", "--password-stdin"], stdin: "Mật khẩu đủ dài 1\n")
    #expect(r.status == 0 && r.stdout.contains("officer"), "\(r.stderr)")
    #expect(stat(lanHome.path + "/.config/loa/tokens.json", &st) == 0 && st.st_mode & 0o777 == 0o600)
    r = try asUser(d, home: lanHome, ["say", "Thông báo của Lan.", "--operator", "người-khác", "--wait"])
    #expect(r.status == 0, "\(r.stderr)")
    let row = try #require(try asRun(d).last)
    #expect(row["operator"] as? String == "lan", "\(row)")
    // An officer may not manage users or read the audit.
    r = try asUser(d, home: lanHome, ["user", "list"])
    #expect(r.status != 0 && r.stderr.contains("forbidden") && r.stderr.contains("kỹ thuật viên"), "\(r.stderr)")

    // A viewer reads but changes nothing.
    let xemHome = TempDir("loa-home-xem")
    r = try asUser(d, home: xemHome, ["login", "--user", "khach", "--password-stdin"], stdin: "chỉ xem thôi 12345\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try asUser(d, home: xemHome, ["jobs"]).status == 0)
    r = try asUser(d, home: xemHome, ["say", "Không được."])
    #expect(r.status != 0 && r.stderr.contains("forbidden"), "\(r.stderr)")

    // Five wrong passwords lock the user; then even the right one is refused until the lock ends.
    for i in 1...5 {
      (status, body) = try d.json(
        "POST", "/v1/login", body: Data(#"{"user": "lan", "password": "sai mật khẩu \#(i)"}"#.utf8), bearer: .some(nil))
      #expect(status == 401, "\(body)")
    }
    #expect(((body["error"] as? [String: Any])?["message"] as? String)?.contains("locked") == true, "\(body)")
    (status, body) = try d.json(
      "POST", "/v1/login", body: Data(#"{"user": "lan", "password": "Mật khẩu đủ dài 1"}"#.utf8), bearer: .some(nil))
    #expect(status == 403 && (body["error"] as? [String: Any])?["code"] as? String == "locked", "\(body)")
    // An existing login still works (the lock is on logging in); a new password from root unlocks
    // and ends the user's logins.
    #expect(try asUser(d, home: lanHome, ["jobs"]).status == 0)
    r = try d.cli(["user", "passwd", "lan", "--password-stdin"], stdin: Data("Mật khẩu mới dài 2\n".utf8))
    #expect(r.status == 0, "\(r.stderr)")
    r = try asUser(d, home: lanHome, ["jobs"])
    #expect(r.status != 0 && r.stderr.contains("bad_token"), "\(r.stderr)")
    r = try asUser(d, home: lanHome, ["login", "--user", "lan", "--password-stdin"], stdin: "Mật khẩu mới dài 2\n")
    #expect(r.status == 0, "\(r.stderr)")
    // Logging out ends the token.
    #expect(try asUser(d, home: lanHome, ["logout"]).status == 0)
    #expect(try asUser(d, home: lanHome, ["jobs"]).status != 0)

    // The audit: who, what, when, how it ended.
    r = try d.cli(["audit", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let audit = jsonLines(r.stdout)
    #expect(
      audit.contains {
        $0["user"] as? String == "lan" && $0["action"] as? String == "POST /v1/jobs" && $0["status"] as? Int == 201
      })
    #expect(
      audit.contains {
        $0["user"] as? String == "khach" && $0["action"] as? String == "POST /v1/jobs" && $0["status"] as? Int == 403
      })
    #expect(audit.filter { $0["action"] as? String == "POST /v1/login" && $0["status"] as? Int == 401 }.count == 5)
    #expect(
      audit.contains {
        $0["user"] as? String == "root@box" && ($0["action"] as? String)?.hasPrefix("POST /v1/users") == true
      })
    #expect(!r.stdout.contains("Mật khẩu"), "no password in the audit")
    #expect(d.isRunning)
  }

  /// HTTPS on the control API with the commune's own certificate authority: the officer's CLI
  /// trusts it through LOA_CA_FILE, and is told so without it; a key others can read, or half a
  /// pair, stops the start by name.
  @Test func theControlAPIOverHTTPSWithTheCommunesOwnCertificate() throws {
    let box = Box()
    let certs = TempDir("loa-tls")
    try MosquittoRig.makeCertificates(certs)
    _ = chmod(certs.file("server.key"), 0o600)
    let cfg = box.config(
      "[http]\ntls_cert = \"\(certs.file("server.crt"))\"\ntls_key = \"\(certs.file("server.key"))\"\n")
    let d = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg], waitUntilReady: false)
    let base = "https://127.0.0.1:\(d.port)"
    var env = ProcessInfo.processInfo.environment
    env["LOA_SERVER"] = base
    env["LOA_CA_FILE"] = certs.file("ca.crt")
    func loa(_ args: [String], _ e: [String: String]) throws -> CommandResult {
      try runCommand(loaBinary(), args, environment: e)
    }
    #expect(
      eventually(timeout: 20) {
        env["LOA_TOKEN"] = try? String(contentsOfFile: box.state + "/local-token", encoding: .utf8)
          .trimmingCharacters(in: .whitespacesAndNewlines)
        return (try? loa(["status"], env))?.status == 0
      }, "\(d.log.suffix(1500))")
    // A file sent as content, over HTTPS, airs.
    let wav = box.dir.file("thong-bao.wav")
    try makeToneWAV(wav, sampleRate: 22050, parts: [(hz: 500, seconds: 1, amplitude: 0.4)])
    var r = try loa(["play", wav, "--title", "Qua HTTPS"], env)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      eventually(timeout: 20) { ((try? self.rows(env)) ?? []).contains { $0["title"] as? String == "Qua HTTPS" } })
    // Without the commune's authority: refused, and told what to do.
    var untrusted = env
    untrusted["LOA_CA_FILE"] = nil
    r = try loa(["status"], untrusted)
    #expect(r.status == 3 && r.stderr.contains("LOA_CA_FILE"), "\(r.stderr)")
    // Plain HTTP to the HTTPS port gets nothing.
    var plain = env
    plain["LOA_SERVER"] = "http://127.0.0.1:\(d.port)"
    r = try loa(["status"], plain)
    #expect(r.status != 0, "\(r.stdout)")
    #expect(d.isRunning)
    _ = d.terminate()

    // A key others can read, and half a pair: the daemon does not start, and says which.
    _ = chmod(certs.file("server.key"), 0o644)
    let open = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", cfg], waitUntilReady: false)
    #expect(eventually(timeout: 20) { !open.isRunning })
    #expect(open.log.contains("http.tls_key") && open.log.contains("chmod 600"), "\(open.log.suffix(800))")
    let half = box.dir.write("half.toml", "[http]\ntls_cert = \"\(certs.file("server.crt"))\"\n")
    let halfPair = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", half], waitUntilReady: false)
    #expect(eventually(timeout: 20) { !halfPair.isRunning })
    #expect(halfPair.log.contains("go together"), "\(halfPair.log.suffix(800))")
    // A certificate file that holds no certificate.
    _ = chmod(certs.file("server.key"), 0o600)
    let notPEM = box.dir.write("not-a-cert.crt", "Đây không phải chứng chỉ.\n")
    let garbled = box.dir.write(
      "garbled.toml", "[http]\ntls_cert = \"\(notPEM)\"\ntls_key = \"\(certs.file("server.key"))\"\n")
    let badCert = try DaemonProcess(
      stateDir: box.state, device: box.captureDevice, extraArgs: ["--config", garbled], waitUntilReady: false)
    #expect(eventually(timeout: 20) { !badCert.isRunning })
    #expect(badCert.log.contains("http.tls_cert"), "\(badCert.log.suffix(800))")
  }

  /// The as-run rows through the CLI over HTTPS (`loa log --json`).
  func rows(_ env: [String: String]) throws -> [[String: Any]] {
    jsonLines(try runCommand(loaBinary(), ["log", "--json"], environment: env).stdout)
  }
}
