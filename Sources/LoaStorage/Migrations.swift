import GRDB

/// Versioned schema. Add a new migration for every change; never edit a shipped one.
enum Migrations {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1-jobs-and-asrun") { db in
      try db.execute(
        sql: """
          CREATE TABLE jobs (
            id TEXT PRIMARY KEY NOT NULL,
            class TEXT NOT NULL CHECK (class IN ('normal', 'priority', 'emergency')),
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT,
            text_sha256 TEXT,
            voice TEXT,
            file_path TEXT,
            repeat INTEGER NOT NULL,
            not_before DATETIME,
            expires_at DATETIME,
            created_at DATETIME NOT NULL,
            operator TEXT,
            status TEXT NOT NULL,
            position REAL NOT NULL,
            resume_json TEXT,
            crash_retries INTEGER NOT NULL DEFAULT 0,
            airing_started_at DATETIME,
            last_error TEXT,
            finished_at DATETIME
          );
          CREATE INDEX jobs_by_status ON jobs (status, class, position);

          CREATE TABLE asrun (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id TEXT NOT NULL,
            class TEXT NOT NULL,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            text_sha256 TEXT,
            voice TEXT,
            scheduled_at DATETIME,
            started_at DATETIME,
            ended_at DATETIME,
            duration_s REAL,
            outcome TEXT NOT NULL
              CHECK (outcome IN ('completed', 'preempted', 'failed', 'cancelled', 'expired')),
            preempted_by TEXT,
            resumed_from INTEGER REFERENCES asrun (id),
            operator TEXT,
            repetition INTEGER NOT NULL DEFAULT 1,
            error TEXT,
            logged_at DATETIME NOT NULL
          );
          CREATE INDEX asrun_by_start ON asrun (started_at);
          CREATE INDEX asrun_by_job ON asrun (job_id);
          CREATE TRIGGER asrun_append_only BEFORE UPDATE ON asrun
          BEGIN
            SELECT RAISE(ABORT, 'as-run rows are never edited');
          END;
          """)
    }
    return m
  }
}
