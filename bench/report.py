#!/usr/bin/env python3
"""Airtime report on a year of a busy box: 10 programmes x 3 slots a day (each a chime, speech
and a file row) + 20 bulletins a day, about 30,000 as-run rows (more with the programme items).
Times GET /v1/reports/airtime for the whole year (median of 20) and for one month, and prints
SQLite's EXPLAIN QUERY PLAN for the report's row query.

Run:  bench/report.sh   (release build)
"""
import json, os, shutil, signal, socket, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


TOKEN = [""]  # the daemon's local token (the control API needs one)


def serve(state, port):
    env = dict(os.environ, LOA_VOICES_DIR=os.path.join(ROOT, "Voices"), LOA_QUIET_HOURS="off")
    p = subprocess.Popen([LOA, "serve", "--state-dir", state, "--device", "null", "--listen", f"127.0.0.1:{port}",
                          "--log-level", "error"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=0.5)
            with open(os.path.join(state, "local-token")) as f:
                TOKEN[0] = f.read().strip()
            return p
        except Exception:
            time.sleep(0.05)
    sys.exit("daemon did not start")


def stop(p):
    p.send_signal(signal.SIGTERM); p.wait(10)


def ts(d):
    return d.strftime("%Y-%m-%d %H:%M:%S.000")


def main():
    work = tempfile.mkdtemp(prefix="loa-report-bench-")
    state = work + "/state"
    port = free_port()
    stop(serve(state, port))  # creates and migrates the database
    db = sqlite3.connect(state + "/loa.sqlite")
    start = datetime(2026, 1, 1, tzinfo=timezone.utc) - timedelta(hours=7)
    rows = []
    for day in range(365):
        d0 = start + timedelta(days=day)
        for prog in range(10):
            for slot, hour in enumerate((5, 11, 17)):
                t = d0 + timedelta(hours=hour, minutes=prog * 5)
                job = f"schedule:p{prog}|{day}|{slot}"
                for kind, secs in (("chime", 5), ("speech", 60), ("file", 180)):
                    origin = "relay-national" if kind == "file" and prog < 3 else "own"
                    rows.append((job, "normal", "schedule", kind, f"Chương trình {prog}", ts(t), ts(t + timedelta(seconds=secs)),
                                 secs, "completed", ts(t + timedelta(seconds=secs)), 1 + prog % 6,
                                 "hmn" if prog == 9 else "vi", origin))
                    t += timedelta(seconds=secs)
        for b in range(20):
            t = d0 + timedelta(hours=6, minutes=b * 40)
            cls = "emergency" if b == 0 and day % 30 == 0 else "normal"
            rows.append((f"job-{day}-{b}", cls, "cli" if b % 3 else "uplink", "speech", f"Bản tin {b}", ts(t),
                         ts(t + timedelta(seconds=45)), 45, "completed", ts(t + timedelta(seconds=45)), 1 + b % 6, "vi",
                         "own" if b % 3 else "province-system"))
    db.executemany("INSERT INTO asrun (job_id, class, source, kind, title, started_at, ended_at, duration_s, outcome, "
                   "logged_at, field, language, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.commit()
    n = db.execute("SELECT COUNT(*) FROM asrun").fetchone()[0]
    # The report's query (Store.airedSQL; StoreTests checks the same plan from Swift).
    plan = db.execute("EXPLAIN QUERY PLAN SELECT id, job_id, class, source, kind, scheduled_at, started_at, ended_at, "
                      "duration_s, outcome, dead_air_s, logged_at, field, language, origin FROM asrun WHERE COALESCE(started_at, logged_at) >= ? AND "
                      "COALESCE(started_at, logged_at) < ? ORDER BY id", ("x", "y")).fetchall()
    db.close()
    p = serve(state, port)
    try:
        def timed(since, until):
            q = f"http://127.0.0.1:{port}/v1/reports/airtime?since={since}&until={until}"
            t = time.perf_counter()
            req = urllib.request.Request(q, headers={"Authorization": "Bearer " + TOKEN[0]})
            body = json.loads(urllib.request.urlopen(req, timeout=60).read())
            return (time.perf_counter() - t) * 1000, body
        year = [timed("2025-12-31T17:00:00Z", "2026-12-31T17:00:00Z") for _ in range(20)]
        month = [timed("2026-10-31T17:00:00Z", "2026-11-30T17:00:00Z") for _ in range(20)]
    finally:
        stop(p)
        shutil.rmtree(work, ignore_errors=True)
    yb = year[0][1]
    print(f"rows: {n}")
    print(f"year report: median {statistics.median(t for t, _ in year):.1f} ms, max {max(t for t, _ in year):.1f} ms"
          f" ({yb['airings']} airings, {yb['sessions']} sessions, {yb['hours']:.1f} h)")
    print(f"month report: median {statistics.median(t for t, _ in month):.1f} ms")
    print("query plan: " + " | ".join(r[3] for r in plan))


if __name__ == "__main__":
    main()
