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
    m.registerMigration("v2-schedules-and-inbox") { db in
      // New outcomes (missed, skipped) need a new CHECK: rebuild the as-run table, rows unchanged.
      try db.execute(
        sql: """
          DROP TRIGGER asrun_append_only;
          ALTER TABLE asrun RENAME TO asrun_v1;
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
            outcome TEXT NOT NULL CHECK (outcome IN
              ('completed', 'preempted', 'failed', 'cancelled', 'expired', 'missed', 'skipped')),
            preempted_by TEXT,
            resumed_from INTEGER REFERENCES asrun (id),
            operator TEXT,
            repetition INTEGER NOT NULL DEFAULT 1,
            error TEXT,
            logged_at DATETIME NOT NULL
          );
          INSERT INTO asrun SELECT * FROM asrun_v1;
          DROP TABLE asrun_v1;
          CREATE INDEX asrun_by_start ON asrun (started_at);
          CREATE INDEX asrun_by_job ON asrun (job_id);
          CREATE TRIGGER asrun_append_only BEFORE UPDATE ON asrun
          BEGIN
            SELECT RAISE(ABORT, 'as-run rows are never edited');
          END;

          ALTER TABLE jobs ADD COLUMN program_json TEXT;
          ALTER TABLE jobs ADD COLUMN start_policy TEXT;
          ALTER TABLE jobs ADD COLUMN slot_end DATETIME;
          ALTER TABLE jobs ADD COLUMN airing_key TEXT;

          -- Every schedule file ever applied, and who changed what when.
          CREATE TABLE schedule_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            base_dir TEXT NOT NULL,
            programs_json TEXT NOT NULL,
            created_at DATETIME NOT NULL
          );
          CREATE TABLE schedule_changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            action TEXT NOT NULL,
            version_id INTEGER REFERENCES schedule_versions (id),
            operator TEXT,
            at DATETIME NOT NULL,
            note TEXT
          );
          -- Dated airings. The key (programme|date|time) is the airing's identity: once handled,
          -- an airing never airs again, whatever the clock or the schedule version does.
          CREATE TABLE schedule_airings (
            key TEXT PRIMARY KEY NOT NULL,
            version_id INTEGER NOT NULL,
            program TEXT NOT NULL,
            scheduled_at DATETIME NOT NULL,
            start_policy TEXT NOT NULL,
            tolerance_s INTEGER NOT NULL,
            slot_end DATETIME NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'queued', 'missed')),
            job_id TEXT,
            handled_at DATETIME
          );
          CREATE INDEX schedule_airings_due ON schedule_airings (state, scheduled_at);
          CREATE TABLE scheduler_state (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          );
          """)
    }
    m.registerMigration("v3-relays") { db in
      try db.execute(
        sql: """
          ALTER TABLE jobs ADD COLUMN relay_url TEXT;
          ALTER TABLE jobs ADD COLUMN relay_seconds REAL;
          ALTER TABLE asrun ADD COLUMN url TEXT;
          """)
    }
    m.registerMigration("v4-box") { db in
      try db.execute(
        sql: """
          ALTER TABLE asrun ADD COLUMN note TEXT;
          ALTER TABLE asrun ADD COLUMN dead_air_s REAL;
          ALTER TABLE asrun ADD COLUMN fallback_s REAL;
          ALTER TABLE asrun ADD COLUMN recording TEXT;
          -- Settings an officer changes at run time (volume), kept across restarts.
          CREATE TABLE settings (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL,
            changed_at DATETIME NOT NULL
          );
          """)
    }
    m.registerMigration("v5-cap-cancels") { db in
      try db.execute(
        sql: """
          -- CAP Cancel/Update messages whose alert has not arrived (yet): remembered so the alert,
          -- delivered late, is not aired.
          CREATE TABLE cap_cancels (
            job_id TEXT PRIMARY KEY NOT NULL,
            cancelled_by TEXT NOT NULL,
            until DATETIME NOT NULL,
            received_at DATETIME NOT NULL
          );
          """)
    }
    m.registerMigration("v6-daemon-runs") { db in
      try db.execute(
        sql: """
          -- Every run of the daemon: when it started, when it was last seen alive (each minute),
          -- when it stopped and whether cleanly. Up-time for the reports; an unclean stop (power
          -- cut, kill, crash) ends at its last sign of life.
          CREATE TABLE daemon_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at DATETIME NOT NULL,
            alive_at DATETIME NOT NULL,
            stopped_at DATETIME,
            clean INTEGER NOT NULL DEFAULT 0,
            version TEXT NOT NULL
          );
          """)
    }
    m.registerMigration("v7-asrun-by-time") { db in
      // Reports and `loa log` select rows by when they aired, or were logged if they never did.
      try db.execute(sql: "CREATE INDEX asrun_by_time ON asrun (COALESCE(started_at, logged_at))")
    }
    m.registerMigration("v8-bulletin-info") { db in
      // What a bulletin is about and where it came from: the province's field (1–6), a language
      // code, the origin (own production, relays, the province), author and news source. Rows
      // written before this have NULL: unknown ("không rõ"), never a guessed value.
      for table in ["jobs", "asrun"] {
        try db.execute(
          sql: """
            ALTER TABLE \(table) ADD COLUMN field INTEGER CHECK (field BETWEEN 1 AND 6);
            ALTER TABLE \(table) ADD COLUMN language TEXT;
            ALTER TABLE \(table) ADD COLUMN origin TEXT;
            ALTER TABLE \(table) ADD COLUMN author TEXT;
            ALTER TABLE \(table) ADD COLUMN news_source TEXT;
            """)
      }
      // When an officer approved a job from the inbox (the reports count the province's bulletins
      // approved); NULL for every job before this.
      try db.execute(sql: "ALTER TABLE jobs ADD COLUMN approved_at DATETIME")
    }
    m.registerMigration("v9-users-and-audit") { db in
      try db.execute(
        sql: """
          -- Users of the control API: an Argon2id password string, never the password; failed logins
          -- lock the user for a while.
          CREATE TABLE users (
            name TEXT PRIMARY KEY NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'officer', 'technician')),
            password_hash TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until DATETIME,
            created_at DATETIME NOT NULL
          );
          -- Login tokens, by their SHA-256 (the token itself is only ever with its user).
          CREATE TABLE tokens (
            sha256 TEXT PRIMARY KEY NOT NULL,
            user TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
            created_at DATETIME NOT NULL,
            expires_at DATETIME NOT NULL
          );
          -- Every change made through the API and every login: who, what, when, how it ended.
          CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at DATETIME NOT NULL,
            user TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            status INTEGER NOT NULL,
            detail TEXT
          );
          CREATE INDEX audit_by_time ON audit (at);
          CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit
          BEGIN
            SELECT RAISE(ABORT, 'audit lines are never edited');
          END;
          """)
    }
    return m
  }
}
