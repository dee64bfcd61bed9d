#!/usr/bin/env python3
"""Start to READY: from `loa serve` being started to its `READY=1` on the notify socket (what
systemd waits for with `Type=notify`: the API answers and the player thread runs), for one or more
binaries, interleaved, median of RUNS (default 21). Also `loa --version` (the process alone) and
`loa normalize` on no input (the process and the voices folder), each median of RUNS.

The daemon runs on the ALSA null device with an empty state folder and the repository's voices;
the notify socket is a datagram socket this script binds, as systemd's is.

Run:  bench/ready.py [BINARY ...]   (default: the release build)
"""
import os, shutil, socket, statistics, subprocess, sys, tempfile, time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("RUNS", "21"))
VOICES = os.path.join(ROOT, "Voices")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def ready_ms(binary):
    work = tempfile.mkdtemp(prefix="loa-ready-")
    path = os.path.join(work, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(30)
    env = dict(os.environ, LOA_VOICES_DIR=VOICES, NOTIFY_SOCKET=path)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "serve", "--state-dir", os.path.join(work, "state"), "--device", "null",
         "--listen", f"127.0.0.1:{free_port()}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            msg = sock.recv(4096).decode(errors="replace")
            if "READY=1" in msg.split("\n"):
                return (time.perf_counter() - t0) * 1000
    finally:
        proc.terminate(); proc.wait(); sock.close(); shutil.rmtree(work)


def run_ms(binary, args):
    env = dict(os.environ, LOA_VOICES_DIR=VOICES)
    t0 = time.perf_counter()
    subprocess.run([binary] + args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0) * 1000


def main():
    binaries = sys.argv[1:] or [os.path.join(ROOT, ".build/release/loa")]
    cases = {"start to READY": ready_ms, "loa --version": lambda b: run_ms(b, ["--version"]),
             "loa normalize </dev/null": lambda b: run_ms(b, ["normalize"])}
    results = {(b, c): [] for b in binaries for c in cases}
    for _ in range(RUNS):
        for c, f in cases.items():
            for b in binaries:
                results[(b, c)].append(f(b))
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    for c in cases:
        for b in binaries:
            v = results[(b, c)]
            print(f"{c:28s} {statistics.median(v):7.1f} ms  (min {min(v):.1f}, max {max(v):.1f}, {len(v)} runs)  {b}")


if __name__ == "__main__":
    main()
