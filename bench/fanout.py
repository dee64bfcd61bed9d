#!/usr/bin/env python3
"""Fan-out: a local mosquitto; `loa-probe uplink` runs N simulated boxes in one process, each
with its own libmosquitto connection and thread, verifying the signed envelope (Ed25519, window,
target, role) and publishing an `accepted` ack; one emergency is published to the province topic
and the sender times every box's ack. N = BOXES (default 100,1000,5000), RUNS per N (default 5).

Not included: each box's SQLite commit before its ack (about 1-3 ms on a box's own SD card, in
parallel across boxes) and the audio. What is measured is the broker fan-out, the client stack and
signature checks on one shared 2-core machine that also runs the broker and the sender.

Run:  bench/fanout.sh
"""
import json, os, socket, statistics, subprocess, tempfile, time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
PROBE = os.environ.get("LOA_PROBE_BIN", os.path.join(ROOT, ".build/release/loa-probe"))
BOXES = [int(x) for x in os.environ.get("BOXES", "100,1000,5000").split(",")]
RUNS = int(os.environ.get("RUNS", "5"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-mqtt-")
    port = free_port()
    open(f"{d}/m.conf", "w").write(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n"
                                   "max_inflight_messages 0\n")
    broker = subprocess.Popen(["mosquitto", "-c", f"{d}/m.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    rows = []
    try:
        for n in BOXES:
            r = subprocess.run([PROBE, "uplink", "--broker", f"mqtt://127.0.0.1:{port}", "--boxes", str(n),
                                "--runs", str(RUNS)], capture_output=True, text=True, timeout=900)
            if r.returncode != 0:
                rows.append((n, None, r.stderr.strip()))
                continue
            out = json.loads(r.stdout)
            rows.append((n, out, json.loads(out["runs"])))
    finally:
        broker.terminate(); broker.wait()
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    print()
    print(f"| boxes | all acked (runs) | ack p50 (median of {RUNS}) | ack p99 (median) | max (worst run) | connect all | memory per connected box |")
    print("|---|---|---|---|---|---|---|")
    for n, out, runs in rows:
        if out is None:
            print(f"| {n} | failed: {runs} | | | | | |"); continue
        ok = sum(1 for x in runs if x["all"] == "true")
        med = lambda k: statistics.median(float(x[k]) for x in runs if x[k] != "-")
        print(f"| {n:,} | {ok}/{len(runs)} | {med('p50_ms'):.0f} ms | {med('p99_ms'):.0f} ms | "
              f"{max(float(x['max_ms']) for x in runs if x['max_ms'] != '-'):.0f} ms | {float(out['connect_s']):.1f} s | "
              f"{float(out['rss_per_box_kb']):.0f} KB |")


if __name__ == "__main__":
    main()
