import Foundation
import GRDB
import LoaCore

extension Store {
  /// Remembers that the CAP alert behind `jobId` was cancelled (or superseded) before it arrived,
  /// until `until`. Expired entries are dropped on the way.
  public func rememberCAPCancel(jobId: String, by: String, until: Date, now: Date) throws(LoaError) {
    try write { db in
      try db.execute(sql: "DELETE FROM cap_cancels WHERE until < ?", arguments: [now])
      try db.execute(
        sql: """
          INSERT INTO cap_cancels (job_id, cancelled_by, until, received_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (job_id) DO UPDATE SET until = MAX(until, excluded.until)
          """, arguments: [jobId, by, until, now])
    }
  }

  /// What cancelled the alert behind `jobId` before it arrived, if anything still in force.
  public func capCancel(jobId: String, now: Date) throws(LoaError) -> String? {
    try read { db in
      try String.fetchOne(
        db, sql: "SELECT cancelled_by FROM cap_cancels WHERE job_id = ? AND until >= ?", arguments: [jobId, now])
    }
  }
}
