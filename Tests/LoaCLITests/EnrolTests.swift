import Foundation
import Testing

@testable import LoaCLI

/// `loa enroll` writes what the station sent: the config and the files it names, beside it.
@Suite struct EnrolTests {
  func folder() throws -> String {
    let dir = NSTemporaryDirectory() + "loa-enrol-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func theConfigAndItsFilesAreWrittenBesideIt() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try writeEnrolled(config: "[box]\nid = \"ap-7-01\"\n", files: ["xa-ca.pem": "CERT"], to: dir + "/loa.toml")
    let fm = FileManager.default
    #expect(try String(contentsOfFile: dir + "/loa.toml", encoding: .utf8).contains("ap-7-01"))
    #expect(try String(contentsOfFile: dir + "/xa-ca.pem", encoding: .utf8) == "CERT")
    let mode = { (p: String) in (try fm.attributesOfItem(atPath: p)[.posixPermissions] as? NSNumber)?.intValue }
    #expect(try mode(dir + "/loa.toml") == 0o600)
    #expect(try mode(dir + "/xa-ca.pem") == 0o644)
  }

  @Test(arguments: ["../../etc/cron.d/x", "sub/dir.pem", ".bashrc", "", "/etc/passwd"])
  func aFileNameThatLeavesTheFolderIsRefusedAndNothingIsWritten(name: String) throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    do {
      try writeEnrolled(config: "[box]\n", files: ["ca.pem": "CERT", name: "EVIL"], to: dir + "/loa.toml")
      Issue.record("accepted a file named '\(name)'")
    } catch {
      #expect(error.message.contains("refused") && error.message.contains("tên tệp không hợp lệ"), "\(error.message)")
    }
    // Not the config, not the good file either: a box is never left half-enrolled.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }
}
