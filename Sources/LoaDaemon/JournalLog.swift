import CSystemd
import Foundation
import Logging

/// Log entries for journald, sent through libsystemd with their priority (`journalctl -p err` finds
/// Loa's errors) and each metadata key as a field (`LOA_JOB`, `LOA_CLASS`, `LOA_OUTCOME`…); no
/// timestamp (the journal keeps its own). If the journal's socket is missing or refuses an entry, the line
/// goes to stderr with the priority prefix sd-daemon(3) defines. Used when stderr is the journal
/// (`JOURNAL_STREAM` names it).
public struct JournalLogHandler: LogHandler {
  public var logLevel: Logger.Level = .info
  public var metadata: Logger.Metadata = [:]
  let label: String

  public init(label: String) { self.label = label }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  /// The syslog priority of a level.
  public static func priority(_ level: Logger.Level) -> Int {
    switch level {
    case .trace, .debug: 7
    case .info: 6
    case .notice: 5
    case .warning: 4
    case .error: 3
    case .critical: 2
    }
  }

  public func log(event: LogEvent) {
    let level = event.level
    let message = event.message
    var all = metadata
    if let extra = event.metadata { all.merge(extra) { $1 } }
    let sorted = all.sorted { $0.key < $1.key }
    let fields = sorted.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    // One journal entry per line: a message with newlines stays one entry.
    let text = "\(message)".replacingOccurrences(of: "\n", with: " ")
    let line = "\(label): \(text)\(fields.isEmpty ? "" : " " + fields)"
    // Structured: each metadata key is a field of its own (job → LOA_JOB), for `journalctl
    // LOA_JOB=…`; the line above stays the MESSAGE. Through stderr with its priority prefix only
    // when the journal's socket does not take it.
    var entry = [
      "MESSAGE=" + line, "PRIORITY=\(Self.priority(level))", "SYSLOG_IDENTIFIER=loa", "LOA_LOGGER=" + label,
    ]
    for (k, v) in sorted { entry.append(Self.fieldName(k) + "=" + "\(v)") }
    // (libsystemd drops an entry without a word when the socket is missing, so it is looked for.)
    if access(Self.socketPath, W_OK) != 0 || Self.send(entry) < 0 {
      FileHandle.standardError.write(Data("<\(Self.priority(level))>\(line)\n".utf8))
    }
  }

  /// A metadata key as a journal field name: `LOA_` and the key in capitals, anything but a letter
  /// or digit as `_` (journal fields are `[A-Z0-9_]`, not starting with `_`).
  public static func fieldName(_ key: String) -> String {
    "LOA_"
      + String(
        key.uppercased().unicodeScalars.map {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_"
        })
  }

  /// Where journald listens for native entries (systemd-journald.service(8)).
  static let socketPath = "/run/systemd/journal/socket"

  /// One entry through libsystemd (`sd_journal_sendv`); a negative errno when it fails.
  static func send(_ fields: [String]) -> Int32 {
    let strings = fields.map { strdup($0) }
    defer { strings.forEach { free($0) } }
    let pointers = strings.map { $0.map { UnsafePointer($0) } }
    let lengths = fields.map { $0.utf8.count }
    return pointers.withUnsafeBufferPointer { p in
      lengths.withUnsafeBufferPointer { l in loa_sd_journal_send(p.baseAddress, l.baseAddress, Int32(fields.count)) }
    }
  }

  /// Whether stderr is the journal: `JOURNAL_STREAM` is `device:inode` of the stream systemd
  /// connected (systemd.exec(5)); it must match stderr, or stderr was redirected since.
  public static func stderrIsJournal(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    guard let v = env["JOURNAL_STREAM"] else { return false }
    let p = v.split(separator: ":")
    guard p.count == 2, let dev = UInt64(p[0]), let ino = UInt64(p[1]) else { return false }
    var st = stat()
    guard fstat(2, &st) == 0 else { return false }
    return UInt64(st.st_dev) == dev && UInt64(st.st_ino) == ino
  }
}
