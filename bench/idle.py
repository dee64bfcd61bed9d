#!/usr/bin/env python3
"""What an idle box costs: a daemon with the example schedule installed and nothing on air,
measured over MINUTES (default 20) after a settling minute — bytes written to disk (the
process's /proc/PID/io write_bytes, what reaches the block layer, fsyncs included), extrapolated
to a day, CPU seconds per hour, and RSS/PSS at the end.

The disk is sampled every second, so each write is listed with its size and time: the sign of
life (`state/alive`, every `[state] alive_minutes`) and the scheduler's top-up of its horizon
(every 6 h). A window shorter than 6 h holds no top-up unless `--refill-at M`: the daemon is
started on a database whose expanded horizon is set to run short M minutes into the window, so
one real top-up is measured, and the day is reported both as measured and as
144 marks + 4 top-ups from the measured sizes.

The example schedule airs at 05:30, 06:30 (Sundays) and 17:00 local time (Asia/Ho_Chi_Minh): a
window across one of them is not idle (the airing writes its rows and its progress).

Run:  bench/idle.sh [MINUTES] [--refill-at M]   (release build)
"""
import os, shutil, signal, socket, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def io(pid):
    return {k: int(v) for k, v in (l.split(": ") for l in open(f"/proc/{pid}/io").read().splitlines())}


def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def mem(pid):
    m = {}
    for l in open(f"/proc/{pid}/smaps_rollup").read().splitlines()[1:]:
        k, v = l.split(":")
        m[k] = int(v.split()[0])
    return m["Rss"], m["Pss"]


def main():
    args = sys.argv[1:]
    refill_at = None
    if "--refill-at" in args:
        k = args.index("--refill-at"); refill_at = float(args[k + 1]); del args[k:k + 2]
    minutes = float(args[0]) if args else 20
    work = tempfile.mkdtemp(prefix="loa-idle-")
    state, port = work + "/state", free_port()
    env = dict(os.environ, LOA_VOICES_DIR=os.path.join(ROOT, "Voices"), LOA_SERVER=f"http://127.0.0.1:{port}",
               LOA_STATE_DIR=state)

    def start():
        p = subprocess.Popen([LOA, "serve", "--state-dir", state, "--device", "null", "--listen", f"127.0.0.1:{port}",
                              "--log-level", "error"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=0.5); break
            except Exception:
                time.sleep(0.05)
        return p

    p = start()
    try:
        r = subprocess.run([LOA, "schedule", "apply", os.path.join(ROOT, "Schedules/xa-mau.toml")], env=env,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"schedule apply failed: {r.stderr}")
        if refill_at is not None:
            # Stop, set the horizon to run short `refill_at` minutes after the settling minute, start.
            p.send_signal(signal.SIGTERM); p.wait(10)
            db = sqlite3.connect(state + "/loa.sqlite")
            (value,) = db.execute("SELECT value FROM scheduler_state WHERE name='expanded_until'").fetchone()
            due = datetime.now(timezone.utc) + timedelta(days=8, hours=-6, minutes=1 + refill_at)
            db.execute("UPDATE scheduler_state SET value=? WHERE name='expanded_until'",
                       (due.strftime("%Y-%m-%dT%H:%M:%SZ"),))
            db.commit(); db.close()
            print(f"expanded_until {value} -> {due.isoformat(timespec='seconds')}")
            p = start()
        time.sleep(60)
        io0, c0, t0 = io(p.pid), cpu(p.pid), time.time()
        events, last = [], io0["write_bytes"]
        while time.time() < t0 + minutes * 60:
            time.sleep(1)
            now = io(p.pid)["write_bytes"]
            if now != last:
                events.append((time.time() - t0, now - last)); last = now
        io1, c1, t1 = io(p.pid), cpu(p.pid), time.time()
        rss, pss = mem(p.pid)
    finally:
        p.send_signal(signal.SIGTERM); p.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    span = t1 - t0
    wb = io1["write_bytes"] - io0["write_bytes"]
    print(f"idle for {span / 60:.1f} min with the example schedule installed:")
    for t, b in events:
        print(f"  +{t / 60:6.2f} min  {b} bytes")
    print(f"  written to disk: {wb} bytes = {wb * 86400 / span / 1e6:.2f} MB/day")
    print(f"  write syscalls: {io1['syscw'] - io0['syscw']}")
    print(f"  CPU: {(c1 - c0) * 3600 / span:.2f} s per hour")
    print(f"  RSS {rss / 1024:.1f} MB, PSS {pss / 1024:.1f} MB")
    if refill_at is not None and events:
        # The top-up is the largest write within a minute of when it was due; the marks are the
        # other writes (a scheduled airing inside the window would add its own: see the docstring).
        near = [b for t, b in events if abs(t / 60 - refill_at) <= 1] or [0]
        refill = max(near)
        marks = [b for t, b in events if abs(t / 60 - refill_at) > 1] or [0]
        mark = statistics.median(marks)
        print(f"  a mark {mark:.0f} bytes, a top-up {refill} bytes: 144 marks + 4 top-ups = "
              f"{(144 * mark + 4 * refill) / 1e6:.2f} MB/day")


if __name__ == "__main__":
    main()
