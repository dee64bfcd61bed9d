#!/usr/bin/env python3
"""What an idle box costs: a daemon with the example schedule installed and nothing on air,
measured over MINUTES (default 20) after a settling minute — bytes written to disk (the
process's /proc/PID/io write_bytes, what reaches the block layer, fsyncs included), extrapolated
to a day, CPU seconds per hour, and RSS/PSS at the end.

Run:  bench/idle.sh [MINUTES]   (release build)
"""
import os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

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
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 20
    work = tempfile.mkdtemp(prefix="loa-idle-")
    state, port = work + "/state", free_port()
    env = dict(os.environ, LOA_VOICES_DIR=os.path.join(ROOT, "Voices"), LOA_SERVER=f"http://127.0.0.1:{port}",
               LOA_STATE_DIR=state)
    p = subprocess.Popen([LOA, "serve", "--state-dir", state, "--device", "null", "--listen", f"127.0.0.1:{port}",
                          "--log-level", "error"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=0.5); break
            except Exception:
                time.sleep(0.05)
        r = subprocess.run([LOA, "schedule", "apply", os.path.join(ROOT, "Schedules/xa-mau.toml")], env=env,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"schedule apply failed: {r.stderr}")
        time.sleep(60)
        io0, c0, t0 = io(p.pid), cpu(p.pid), time.time()
        time.sleep(minutes * 60)
        io1, c1, t1 = io(p.pid), cpu(p.pid), time.time()
        rss, pss = mem(p.pid)
    finally:
        p.send_signal(signal.SIGTERM); p.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    span = t1 - t0
    wb = io1["write_bytes"] - io0["write_bytes"]
    print(f"idle for {span / 60:.1f} min with the example schedule installed:")
    print(f"  written to disk: {wb} bytes = {wb * 86400 / span / 1e6:.2f} MB/day")
    print(f"  write syscalls: {io1['syscw'] - io0['syscw']}")
    print(f"  CPU: {(c1 - c0) * 3600 / span:.2f} s per hour")
    print(f"  RSS {rss / 1024:.1f} MB, PSS {pss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
