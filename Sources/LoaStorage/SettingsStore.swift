import Foundation
import GRDB
import LoaCore

extension Store {
  /// A run-time setting (for example `volume`), or nil when never set.
  public func setting(_ name: String) throws(LoaError) -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name]) }
  }

  public func setSetting(_ name: String, _ value: String) throws(LoaError) {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO settings (name, value, changed_at) VALUES (?, ?, ?)
          ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at
          """, arguments: [name, value, Date()])
    }
  }
}
