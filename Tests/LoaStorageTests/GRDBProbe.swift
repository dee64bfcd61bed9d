import GRDB

/// Direct SQL on the database file, to check what the schema itself allows.
struct GRDBProbe {
  let queue: DatabaseQueue
  init(path: String) throws { queue = try DatabaseQueue(path: path) }
  func execute(_ sql: String) throws { try queue.write { try $0.execute(sql: sql) } }
  func count(_ sql: String) throws -> Int { try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 } }
}
