import GRDB

/// Direct SQL on the database file, to check what the schema itself allows.
struct GRDBProbe {
  let queue: DatabaseQueue
  init(path: String) throws { queue = try DatabaseQueue(path: path) }
  func execute(_ sql: String) throws { try queue.write { try $0.execute(sql: sql) } }
}
