#!/usr/bin/env python3
"""Giving back the code start-up used (`[memory] trim_minutes`): the idle daemon's RSS/PSS over
its first minute (the first trim is 30 s after start), then an emergency on an idle box — API call
to the chime's first frame handed to the device (as-run `started_at`) — with trimming off and on
(on: a trim 6 s before each trial).

Run:  LOA_BIN=.build-package/release/loa bench/trim.py [TRIALS]   (default 8; release build)
"""
import json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def mem(pid):
    m = {}
    for l in open(f"/proc/{pid}/smaps_rollup").read().splitlines()[1:]:
        k, v = l.split(":"); m[k] = int(v.split()[0])
    return m["Rss"] / 1024, m["Pss"] / 1024, m["Anonymous"] / 1024


def daemon(trim):
    work = tempfile.mkdtemp(prefix="loa-trim-")
    port = free_port()
    cfg = work + "/loa.toml"
    open(cfg, "w").write(f"[memory]\ntrim_minutes = {trim}\n[emergency]\nrepeat = 1\n")
    env = dict(os.environ, LOA_VOICES_DIR=os.path.join(ROOT, "Voices"))
    p = subprocess.Popen([LOA, "serve", "--config", cfg, "--state-dir", work + "/state", "--device", "null",
                          "--listen", f"127.0.0.1:{port}", "--log-level", "error"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return p, port, work


def http(port, work, method, path, body=None):
    tok_path = work + "/state/local-token"
    tok = open(tok_path).read().strip() if os.path.exists(tok_path) else None
    headers = {"Content-Type": "application/json"}
    if tok: headers["Authorization"] = "Bearer " + tok
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body else None, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"{}")


def rss_over_a_minute():
    p, _, _ = daemon(10)
    at, out = 0, []
    for t in (8, 25, 35, 60):
        time.sleep(t - at); at = t
        out.append((t, mem(p.pid)))
    p.terminate(); p.wait()
    return out


def idle_emergencies(trim, trials):
    p, port, work = daemon(trim)
    time.sleep(3)
    lat, before = [], []
    for _ in range(trials):
        time.sleep(9)
        before.append(mem(p.pid)[0])
        t0 = time.time()
        job = http(port, work, "POST", "/v1/jobs", {"text": "Cảnh báo khẩn cấp.", "class": "emergency", "repeat": 1})
        start = None
        for _ in range(300):
            time.sleep(0.1)
            rows = [r for r in http(port, work, "GET", "/v1/asrun").get("rows", []) if r.get("job_id") == job.get("id")]
            chime = [r for r in rows if r.get("kind") == "chime" and r.get("started_at")]
            if chime and any(r.get("outcome") for r in rows if r.get("kind") != "chime"):
                start = chime[-1]["started_at"]; break
        if start:
            lat.append((datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp() - t0) * 1000)
    p.terminate(); p.wait()
    return lat, before


def main():
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    print(f"binary: {LOA}")
    for t, (rss, pss, anon) in rss_over_a_minute():
        print(f"{t:3d} s after start: RSS {rss:.1f} MB, PSS {pss:.1f} MB, anonymous {anon:.1f} MB")
    for trim in (0, 0.1):
        lat, before = idle_emergencies(trim, trials)
        print(f"trim_minutes = {trim}: emergency on an idle box, API → first chime frame, {len(lat)} trials: "
              f"median {statistics.median(lat):.1f} ms, max {max(lat):.1f} ms; RSS before the trials "
              f"{min(before):.0f}–{max(before):.0f} MB")


if __name__ == "__main__":
    main()
