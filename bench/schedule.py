#!/usr/bin/env python3
"""Schedule benchmarks: how close to its instant a scheduled airing's first frame reaches ALSA
(real-time PulseAudio rig), and how fast a busy commune's year expands.

Run:  bench/schedule.sh   (builds release, then runs this)
"""
import json, os, subprocess, sys, tempfile, time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import Daemon, PulseRig, ROOT, LOA, PROBE, http, iso, pct  # noqa: E402

TRIALS = int(os.environ.get("SCHED_TRIALS", "12"))
VN = timezone(timedelta(hours=7))


def first_frame(trials):
    """Applies a schedule with `trials` airings 12 s apart (chime + one sentence each) and reads
    started_at − scheduled_at from the as-run log."""
    rig = PulseRig()
    d = Daemon("pulse", env=rig.env)
    try:
        start = datetime.now(VN).replace(microsecond=0) + timedelta(seconds=8)
        slots = []
        for i in range(trials):
            t = start + timedelta(seconds=12 * i)
            slots.append(f'[[slot]]\nprogram = "p"\nat = "{t:%H:%M:%S}"\ndates = ["{t:%Y-%m-%d}"]\n'
                         f'length = "10s"\ntolerance = "1m"\n')
        text = ('[settings]\nquiet_hours = "off"\n[[program]]\nid = "p"\n'
                '  [[program.item]]\n  type = "chime"\n' + "\n".join(slots))
        f = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
        f.write(text); f.close()
        env = dict(os.environ, LOA_SERVER=f"http://127.0.0.1:{d.port}", LOA_STATE_DIR=d.dir + "/state")
        r = subprocess.run([LOA, "schedule", "apply", f.name], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"apply failed: {r.stdout}{r.stderr}")
        deadline = time.time() + 12 * trials + 30
        rows = []
        while time.time() < deadline:
            rows = [x for x in http(d.port, "GET", "/v1/asrun")[1]["rows"] if x["source"] == "schedule"]
            if len(rows) >= trials: break
            time.sleep(1)
        return [(iso(x["started_at"]) - iso(x["scheduled_at"])) * 1000 for x in rows if x.get("started_at")]
    finally:
        d.stop(); rig.stop()


def expansion():
    path = tempfile.mktemp(suffix=".toml")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench/busy-commune.py"), path], check=True)
    r = subprocess.run([PROBE, "schedule", path, "--days", "365", "--runs", "31"],
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


if __name__ == "__main__":
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    e = expansion()
    lat = first_frame(TRIALS)
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    if lat:
        print(f"| scheduled instant → first frame to ALSA ({len(lat)} airings) | "
              f"median {pct(lat, .5):.1f} ms, max {max(lat):.1f} ms, min {min(lat):.1f} ms | ≤ 50 ms |")
    print(f"| expand a year, 10 programmes × 3 slots a day ({int(e['airings'])} airings, median of 31) | "
          f"{e['expand_ms']:.2f} ms | < 50 ms |")
    print(f"| parse / parse + full check of that file | {e['parse_ms']:.2f} ms / {e['check_ms']:.2f} ms | — |")
    print(f"| next airing after an instant (binary search over the year) | {e['next_airing_ns']:.0f} ns | no full scan |")
