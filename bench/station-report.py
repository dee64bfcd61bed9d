#!/usr/bin/env python3
"""A year of as-run rows for a 20-box commune at the station: each box a busy year (10 programmes
x 3 slots a day, each a chime, speech and file row, + 20 bulletins a day: ~40,000 rows a box,
~800,000 in all), written straight into the station's SQLite; then GET /v1/reports/airtime for the
year across the commune (with its per-hamlet and per-box parts) and for one month, medians of 5.

Run:  bench/station-report.sh   (release build)
"""
import os, signal, socket, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
BOXES = int(os.environ.get("BOXES", "20"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def ts(d):
    return d.strftime("%Y-%m-%d %H:%M:%S.000")


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-station-report-")
    key = f"{d}/xa.key"
    subprocess.run([LOA, "uplink", "keygen", "--out", key], capture_output=True, check=True)
    api = free_port()
    cfg = f"{d}/station.toml"
    open(cfg, "w").write(f'[station]\nprovince = "79"\ncommune = "26734"\nstate_dir = "{d}/state"\n'
                         f'listen = "127.0.0.1:{api}"\n[broker]\nurl = "mqtt://127.0.0.1:{free_port()}"\n'
                         f'[signing]\nkid = "xa-26734"\nkey_file = "{key}"\n')

    def start():
        p = subprocess.Popen([LOA + "-station", "serve", "--config", cfg, "--log-level", "error"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{api}/v1/station", timeout=0.5); break
            except Exception:
                time.sleep(0.05)
        return p, open(f"{d}/state/local-token").read().strip()

    p, _ = start()
    p.send_signal(signal.SIGTERM); p.wait(10)
    db = sqlite3.connect(f"{d}/state/station.sqlite")
    year = datetime(2026, 1, 1, tzinfo=timezone.utc) - timedelta(hours=7)
    total = 0
    for b in range(BOXES):
        k = f"79/26734/b{b}"
        db.execute("INSERT INTO boxes (key, province, commune, hamlet, box, online, state_since, last_seen) "
                   "VALUES (?, '79', '26734', ?, ?, 1, ?, ?)", (k, f"ap-{b % 5}", f"b{b}", ts(year), ts(year + timedelta(days=365))))
        db.execute("INSERT INTO box_spans (box_key, online, from_at) VALUES (?, 1, ?)", (k, ts(year)))
        rows = []
        rid = 0
        for day in range(365):
            d0 = year + timedelta(days=day)
            for prog in range(10):
                for slot, hour in enumerate((5, 11, 17)):
                    t = d0 + timedelta(hours=hour, minutes=prog * 5)
                    for kind, secs in (("chime", 5), ("speech", 60), ("file", 180)):
                        rid += 1
                        origin = "relay-national" if kind == "file" and prog < 3 else "own"
                        rows.append((k, "log", rid, f"schedule:p{prog}|{day}|{slot}", "normal", kind, f"Chương trình {prog}",
                                     "completed", ts(t), ts(t + timedelta(seconds=secs)), secs, 0, ts(t + timedelta(seconds=secs)),
                                     "{}", ts(t), "schedule", origin, "vi", 1 + prog % 6))
                        t += timedelta(seconds=secs)
            for n in range(20):
                rid += 1
                t = d0 + timedelta(hours=6, minutes=n * 40)
                rows.append((k, "log", rid, f"job-{b}-{day}-{n}", "emergency" if n == 0 and day % 30 == 0 else "normal",
                             "speech", f"Bản tin {n}", "completed", ts(t), ts(t + timedelta(seconds=45)), 45, 0,
                             ts(t + timedelta(seconds=45)), "{}", ts(t), "cli" if n % 3 else "uplink",
                             "own" if n % 3 else "province-system", "vi", 1 + n % 6))
        db.executemany("INSERT INTO asrun (box_key, log, row_id, job_id, class, kind, title, outcome, started_at, ended_at, "
                       "duration_s, dead_air_s, logged_at, row_json, received_at, source, origin, language, field) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.execute("UPDATE boxes SET asrun_stored = ? WHERE key = ?", (len(rows), k))
        total += len(rows)
    db.commit(); db.close()
    p, token = start()

    def timed(q, n=5):
        # The first request counts each box's days from the rows and stores the day tallies; the
        # next n read them (the median is quoted). A day gets new rows: only it is counted again.
        t = []
        for _ in range(n + 1):
            req = urllib.request.Request(f"http://127.0.0.1:{api}/v1/reports/airtime?{q}",
                                         headers={"Authorization": f"Bearer {token}"})
            t0 = time.perf_counter(); body = urllib.request.urlopen(req, timeout=600).read(); t.append(time.perf_counter() - t0)
        return t[0], statistics.median(t[1:]), len(body)

    y0, y, ybytes = timed("since=2025-12-31T17:00:00Z&until=2026-12-31T17:00:00Z&for=xa")
    h0, h, _ = timed("since=2025-12-31T17:00:00Z&until=2026-12-31T17:00:00Z&for=ap-1")
    m0, m, _ = timed("since=2026-10-31T17:00:00Z&until=2026-11-30T17:00:00Z&for=xa")
    p.send_signal(signal.SIGTERM); p.wait(10)
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    print("| rows at the station | boxes | year, whole commune | one month | year, one hamlet |")
    print("|---|---|---|---|---|")
    print(f"| {total:,} | {BOXES} | {y * 1000:.0f} ms ({ybytes // 1024} KB JSON) | {m * 1000:.0f} ms | {h * 1000:.0f} ms |")
    print(f"| the year's first request (counts and stores every box's day tallies) | | {y0 * 1000:.0f} ms | | |")


if __name__ == "__main__":
    main()
