extension StationStore {
  /// The station's tables on PostgreSQL: the same as SQLite's migrations s1–s9 (StationStore,
  /// ProvinceStore), with PostgreSQL's types. Flags and counts are BIGINT on both (0/1 for a flag).
  /// A later change is a new step here and a new migration there.
  static let postgresSchema: [(version: Int, statements: [String])] = [
    (
      1,
      [
        """
        CREATE TABLE boxes (
          key TEXT PRIMARY KEY, province TEXT NOT NULL, commune TEXT NOT NULL, hamlet TEXT NOT NULL,
          box TEXT NOT NULL, name TEXT, online BIGINT, state_since TIMESTAMPTZ, last_seen TIMESTAMPTZ,
          run_since TIMESTAMPTZ, version TEXT, schedule_version BIGINT, on_air TEXT, on_air_class TEXT,
          volume BIGINT, device_open BIGINT, last_error TEXT, asrun_waiting BIGINT, status_json TEXT,
          enrolled_at TIMESTAMPTZ, asrun_stored BIGINT NOT NULL DEFAULT 0, latitude DOUBLE PRECISION,
          longitude DOUBLE PRECISION)
        """,
        """
        CREATE TABLE box_spans (
          id BIGSERIAL PRIMARY KEY, box_key TEXT NOT NULL, online BIGINT NOT NULL,
          from_at TIMESTAMPTZ NOT NULL, to_at TIMESTAMPTZ)
        """,
        "CREATE INDEX box_spans_box ON box_spans (box_key, from_at)",
        """
        CREATE TABLE acks (
          id BIGSERIAL PRIMARY KEY, box_key TEXT NOT NULL, ref TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT,
          detail TEXT, job_id TEXT, at TIMESTAMPTZ, received_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX acks_ref ON acks (ref)",
        """
        CREATE TABLE asrun (
          id BIGSERIAL PRIMARY KEY, box_key TEXT NOT NULL, log TEXT NOT NULL, row_id BIGINT NOT NULL,
          job_id TEXT, class TEXT, kind TEXT, title TEXT, outcome TEXT, started_at TIMESTAMPTZ, ended_at TIMESTAMPTZ,
          duration_s DOUBLE PRECISION, dead_air_s DOUBLE PRECISION, logged_at TIMESTAMPTZ, row_json TEXT NOT NULL,
          received_at TIMESTAMPTZ NOT NULL, source TEXT, origin TEXT, language TEXT, field BIGINT,
          UNIQUE (box_key, log, row_id))
        """,
        "CREATE INDEX asrun_box_time ON asrun (box_key, started_at)",
        "CREATE INDEX asrun_job ON asrun (job_id)",
        "CREATE INDEX asrun_started ON asrun (started_at)",
        "CREATE INDEX asrun_logged ON asrun (logged_at)",
        """
        CREATE TABLE sends (
          id TEXT PRIMARY KEY, to_text TEXT NOT NULL, topic TEXT NOT NULL, kind TEXT NOT NULL, title TEXT,
          class TEXT, operator TEXT, sent_at TIMESTAMPTZ NOT NULL, expected_json TEXT NOT NULL)
        """,
        """
        CREATE TABLE enrolments (
          code TEXT PRIMARY KEY, box_key TEXT NOT NULL, config TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
          expires_at TIMESTAMPTZ NOT NULL, used_at TIMESTAMPTZ)
        """,
        """
        CREATE TABLE tokens (
          id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
          created_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE inbound (
          id TEXT PRIMARY KEY, kid TEXT NOT NULL, verified BIGINT NOT NULL, class TEXT, title TEXT, text TEXT,
          topic TEXT NOT NULL, issued_at TIMESTAMPTZ, received_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE province_cursor (
          name TEXT PRIMARY KEY, last_id BIGINT NOT NULL, dropped BIGINT NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE province_outbox (
          id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
          sent_at TIMESTAMPTZ, attempts BIGINT NOT NULL DEFAULT 0, last_error TEXT)
        """,
        "CREATE INDEX province_outbox_waiting ON province_outbox (sent_at, id)",
        """
        CREATE TABLE province_inbound (
          id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, unknown_keys TEXT, result TEXT NOT NULL,
          detail TEXT, send_id TEXT, received_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE province_schedules (
          schedule_id TEXT PRIMARY KEY, name TEXT, send_id TEXT NOT NULL, job_ids TEXT NOT NULL,
          boxes TEXT NOT NULL, bulletins TEXT NOT NULL, cancel_send_id TEXT, cancel_posted BIGINT NOT NULL DEFAULT 0,
          created_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE province_schedule_boxes (
          schedule_id TEXT NOT NULL, box_key TEXT NOT NULL, added_posted BIGINT NOT NULL DEFAULT 0,
          PRIMARY KEY (schedule_id, box_key))
        """,
        """
        CREATE TABLE asrun_days (
          box_key TEXT NOT NULL, day_start TIMESTAMPTZ NOT NULL, stamp BIGINT NOT NULL, gap DOUBLE PRECISION,
          tally BYTEA, PRIMARY KEY (box_key, day_start))
        """,
      ]
    )
  ]
}
