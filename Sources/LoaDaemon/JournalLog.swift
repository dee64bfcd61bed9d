import Foundation
import Logging

/// Log lines for journald: each starts with its syslog priority (`<3>` error, `<4>` warning, …, the
/// prefix sd-daemon(3) defines for stderr), so `journalctl -p err` finds Loa's errors; no timestamp
/// (the journal keeps its own). Used when stderr is the journal (`JOURNAL_STREAM` names it).
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
    let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    // One journal entry per line: a message with newlines stays one entry.
    let text = "\(message)".replacingOccurrences(of: "\n", with: " ")
    let out = "<\(Self.priority(level))>\(label): \(text)\(fields.isEmpty ? "" : " " + fields)\n"
    FileHandle.standardError.write(Data(out.utf8))
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
