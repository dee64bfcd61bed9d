import Foundation
import GRDB
import LoaCore

/// Where an airing's row goes when the database cannot take it (a full disk): a small file whose
/// space is reserved when Loa starts (`posix_fallocate`), so writing into it needs no new blocks.
/// Each entry is one JSON line — the row and what it means for its job — synced before the player
/// goes on. At the next start the entries are written into the database in one transaction that
/// also records the spill's generation, so a crash during the replay never writes them twice.
///
/// Only the player thread appends; `entries` is read at start, before the player runs.
// @unchecked Sendable: only the player thread appends; `entries` is read at start, before the player thread exists.
public final class AsRunSpill: @unchecked Sendable {
  public struct Entry: Codable, Sendable, Equatable {
    public var row: AsRunRecord?
    public var jobId: String
    public var progress: JobProgress
    public var at: Date
    public init(row: AsRunRecord?, jobId: String, progress: JobProgress, at: Date) {
      self.row = row
      self.jobId = jobId
      self.progress = progress
      self.at = at
    }
  }

  struct Header: Codable { var spill: String }

  public let path: String
  public let capacity: Int
  private let fd: Int32
  private var offset = 0
  public private(set) var generation = ""
  public private(set) var entries: [Entry] = []

  /// Jobs whose last entry ended them: after a restart they must not be recovered or aired again
  /// while the database still lacks their rows.
  public var finishedJobIds: Set<String> {
    var last: [String: JobProgress] = [:]
    for e in entries { last[e.jobId] = e.progress }
    return Set(last.compactMap { if case .finished = $0.value { $0.key } else { nil } })
  }

  public init(path: String, capacity: Int = 256 * 1024) throws(LoaError) {
    self.path = path
    self.capacity = capacity
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw LoaError(.storage, "cannot open the as-run spill file \(path): \(String(cString: strerror(errno)))")
    }
    var st = stat()
    fstat(fd, &st)
    if Int(st.st_size) < capacity {
      let rc = posix_fallocate(fd, 0, off_t(capacity))
      if rc != 0 {
        close(fd)
        throw LoaError(
          .storage,
          "cannot reserve \(capacity / 1024) KB for the as-run spill file \(path): \(String(cString: strerror(rc)))")
      }
    }
    try load()
  }

  deinit { close(fd) }

  private func load() throws(LoaError) {
    var bytes = [UInt8](repeating: 0, count: capacity)
    let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, capacity, 0) }
    let used = bytes.prefix(max(0, n)).firstIndex(of: 0) ?? max(0, n)
    var lines = bytes[..<used].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).makeIterator()
    guard let first = lines.next(), let h = try? JSONDecoder().decode(Header.self, from: Data(first)) else {
      try reset()
      return
    }
    generation = h.spill
    offset = used
    let decoder = Wire.decoder()
    // A line cut short by a crash mid-write is the last one; it is dropped.
    while let line = lines.next() {
      if let e = try? decoder.decode(Entry.self, from: Data(line)) { entries.append(e) }
    }
  }

  /// Starts a new, empty generation (after its entries are in the database).
  public func reset() throws(LoaError) {
    let zeros = [UInt8](repeating: 0, count: max(offset, 4096))
    generation = UUID().uuidString.lowercased()
    entries = []
    offset = 0
    _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, min($0.count, capacity), 0) }
    let header = (try? JSONEncoder().encode(Header(spill: generation))) ?? Data()
    try put(header + Data("\n".utf8))
  }

  /// Appends an entry and syncs it. Throws when the reserved space is used up.
  public func append(_ e: Entry) throws(LoaError) {
    let data: Data
    do { data = try Wire.encoder().encode(e) + Data("\n".utf8) } catch {
      throw LoaError(.storage, "cannot encode an as-run spill entry: \(error)")
    }
    try put(data)
    entries.append(e)
  }

  private func put(_ data: Data) throws(LoaError) {
    guard offset + data.count < capacity else {
      throw LoaError(.storage, "the as-run spill file \(path) is full (\(capacity / 1024) KB)")
    }
    let written = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
    guard written == data.count, fdatasync(fd) == 0 else {
      throw LoaError(.storage, "cannot write the as-run spill file \(path): \(String(cString: strerror(errno)))")
    }
    offset += data.count
  }
}

extension Store {
  static let spillSetting = "asrun_spill_replayed"

  /// Writes a spill's entries into the database, once: the spill's generation is recorded in the
  /// same transaction. Returns how many entries were written now (0 if that generation was
  /// already replayed).
  public func replay(_ spill: AsRunSpill) throws(LoaError) -> Int {
    let entries = spill.entries
    let generation = spill.generation
    guard !entries.isEmpty else { return 0 }
    return try write { db in
      let done = try String.fetchOne(
        db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [Self.spillSetting])
      if done == generation { return 0 }
      for e in entries {
        let id = try e.row.map { r throws in try Self.insertAsRun(r, db: db) }
        try Self.apply(e.progress, jobId: e.jobId, rowId: id, at: e.at, db: db)
      }
      try db.execute(
        sql: """
          INSERT INTO settings (name, value, changed_at) VALUES (?, ?, ?)
          ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at
          """, arguments: [Self.spillSetting, generation, Date()])
      return entries.count
    }
  }
}
