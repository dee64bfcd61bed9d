#!/usr/bin/env python3
"""Loa gateway benchmarks: pre-emption latency, footprint, idle CPU, start-up time.

Run:  bench/run.sh   (builds release, then runs this)
Prints a Markdown table for docs/performance.md. Not a test: numbers, not pass/fail.
Needs: pulseaudio, parec (real-time rig for pre-emption), a release build of loa.
"""
import json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
# The measuring tools (loa-probe relay|uplink|schedule): a separate executable, not shipped.
PROBE = os.environ.get("LOA_PROBE_BIN", os.path.join(ROOT, ".build/release/loa-probe"))
TRIALS = int(os.environ.get("TRIALS", "40"))
IDLE_SECONDS = int(os.environ.get("IDLE_SECONDS", "60"))
# SLOWDISK_MS=40: every fsync/fdatasync of the daemon waits that long first (bench/slowdisk.c
# through LD_PRELOAD), as on an SD card. ONLY=preemption: measure only that.
SLOWDISK_MS = os.environ.get("SLOWDISK_MS")
ONLY = os.environ.get("ONLY")


def slowdisk_env():
    if not SLOWDISK_MS:
        return {}
    so = os.path.join(tempfile.gettempdir(), "loa-slowdisk.so")
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", so, os.path.join(ROOT, "bench/slowdisk.c"), "-ldl"],
                   check=True)
    return {"LD_PRELOAD": so, "SLOWDISK_MS": SLOWDISK_MS}

LONG = ("Thông báo của ủy ban nhân dân xã về lịch tiêm phòng cho gia súc và gia cầm. "
        "Đợt tiêm phòng bắt đầu từ sáng thứ hai tuần sau tại nhà văn hóa các thôn. ") * 40


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


# The daemon's local token by port (read from its state folder once it answers): the control API
# needs a token, and root or the daemon's own user reads this one.
TOKENS = {}


def remember_token(port, state):
    with open(os.path.join(state, "local-token")) as f:
        TOKENS[port] = f.read().strip()


def http(port, method, path, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if port in TOKENS:
        headers["Authorization"] = "Bearer " + TOKENS[port]
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def iso(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


class Daemon:
    def __init__(self, device, env=None, extra=()):
        self.dir = tempfile.mkdtemp(prefix="loa-bench-")
        self.port = free_port()
        self.t0 = time.time()
        e = dict(os.environ); e.update(env or {})
        e["LOA_VOICES_DIR"] = os.path.join(ROOT, "Voices")
        self.log = open(os.path.join(self.dir, "daemon.log"), "w")
        self.p = subprocess.Popen([LOA, "serve", "--state-dir", self.dir + "/state", "--device", device,
                                   "--listen", f"127.0.0.1:{self.port}", "--log-level", "warning", *extra],
                                  env=e, stdout=self.log, stderr=self.log)
        self.ready_after = None
        while time.time() - self.t0 < 20:
            try:
                if http(self.port, "GET", "/v1/health", timeout=0.5)[0] == 200:
                    remember_token(self.port, self.dir + "/state")
                    self.ready_after = time.time() - self.t0
                    break
            except Exception:
                pass
            time.sleep(0.002)

    def rss_kb(self, field="VmRSS"):
        for line in open(f"/proc/{self.p.pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])

    def cpu_seconds(self):
        f = open(f"/proc/{self.p.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try: self.p.wait(10)
        except subprocess.TimeoutExpired: self.p.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class PulseRig:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="loa-bench-pa-")
        self.sock = self.dir + "/native"
        env = dict(os.environ, HOME=self.dir, XDG_RUNTIME_DIR=self.dir, PULSE_RUNTIME_PATH=self.dir)
        self.p = subprocess.Popen(["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
                                   "--log-level=error",
                                   f"--load=module-native-protocol-unix socket={self.sock} auth-anonymous=1",
                                   "--load=module-null-sink sink_name=loa_bench rate=44100 channels=1"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.env = {"PULSE_SERVER": f"unix:{self.sock}", "PULSE_SINK": "loa_bench", "PULSE_LATENCY_MSEC": "60",
                    "HOME": self.dir, "XDG_RUNTIME_DIR": self.dir}
        for _ in range(100):
            if os.path.exists(self.sock): break
            time.sleep(0.1)
        time.sleep(0.5)
        self.rec = subprocess.Popen(["parec", "--latency-msec=20", "--device=loa_bench.monitor", "--raw"],
                                    env=dict(os.environ, **self.env), stdout=subprocess.DEVNULL)

    def stop(self):
        self.rec.terminate(); self.p.terminate(); self.p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def pct(xs, q):
    xs = sorted(xs); k = (len(xs) - 1) * q; f = int(k); c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def wait_status(port, job, want, timeout=30):
    t = time.time()
    while time.time() - t < timeout:
        if http(port, "GET", f"/v1/jobs/{job}")[1].get("status") in want: return True
        time.sleep(0.01)
    return False


def preemption(trials):
    """A long normal bulletin plays on the real-time rig; an emergency arrives at a different
    point of a sentence each trial. Latency = chime's first frame handed to ALSA (as-run
    started_at) minus the instant the API call was sent. The emergency is then cancelled by
    id so the bulletin resumes for the next trial."""
    rig = PulseRig()
    d = Daemon("pulse", env={**rig.env, **slowdisk_env()})
    lat = []
    try:
        _, normal = http(d.port, "POST", "/v1/jobs", {"text": LONG, "title": "long"})
        for i in range(trials):
            if not wait_status(d.port, normal["id"], {"playing"}):
                print(f"trial {i}: bulletin not playing", file=sys.stderr); break
            time.sleep(0.05 + (i % 9) * 0.13)  # early (stream starting) to mid-sentence
            sent = time.time()
            _, e = http(d.port, "POST", "/v1/jobs", {"text": "Cảnh báo khẩn cấp.", "class": "emergency", "repeat": 1})
            if not wait_status(d.port, e["id"], {"playing"}, timeout=5):
                print(f"trial {i}: emergency did not start", file=sys.stderr)
            time.sleep(0.3)  # "playing" is set just before the first frame; let the chime begin
            http(d.port, "POST", f"/v1/jobs/{e['id']}/cancel", {"operator": "bench"})
            wait_status(d.port, e["id"], {"cancelled", "completed"})  # the row is written after the cut
            rows = http(d.port, "GET", f"/v1/asrun?job_id={e['id']}")[1]["rows"]
            start = next((r["started_at"] for r in rows if r["kind"] == "chime" and r.get("started_at")), None)
            if start: lat.append((iso(start) - sent) * 1000)
            else: print(f"trial {i}: no chime row {rows}", file=sys.stderr)
    finally:
        d.stop(); rig.stop()
    return lat


def footprint():
    d = Daemon("null")
    try:
        time.sleep(2)
        rss_start = (d.rss_kb(), d.rss_kb("RssAnon"))
        after = []
        for batch in range(3):  # 100, 200, 300 bulletins: growth should level off
            ids = [http(d.port, "POST", "/v1/jobs", {"text": f"Bản tin số {i}. Xin chào bà con."})[1]["id"]
                   for i in range(100)]
            for i in ids: wait_status(d.port, i, {"completed", "failed"}, timeout=120)
            time.sleep(2)
            after.append((d.rss_kb(), d.rss_kb("RssAnon")))
        rss_100 = after
        c0 = d.cpu_seconds(); t0 = time.time()
        time.sleep(IDLE_SECONDS)
        cpu = (d.cpu_seconds() - c0) / (time.time() - t0) * 100
        return rss_start, rss_100, cpu
    finally:
        d.stop()


def startup(n=10):
    ts = []
    for _ in range(n):
        d = Daemon("null")
        ts.append(d.ready_after * 1000)
        d.stop()
    return ts


if __name__ == "__main__":
    if not os.path.exists(LOA):
        sys.exit(f"no release build at {LOA}: run bench/run.sh")
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    lat = preemption(TRIALS)
    if ONLY == "preemption":
        disk = f", every fsync {SLOWDISK_MS} ms slower" if SLOWDISK_MS else ""
        print(f"emergency pre-emption ({len(lat)} trials{disk}): p50 {pct(lat, .5):.1f} ms, "
              f"p99 {pct(lat, .99):.1f} ms, max {max(lat):.1f} ms")
        sys.exit(0)
    rss0, rss100, idle = footprint()
    st = startup()
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| emergency pre-emption, API call → first chime frame to ALSA ({len(lat)} trials) | "
          f"p50 {pct(lat, .5):.1f} ms, p99 {pct(lat, .99):.1f} ms, max {max(lat):.1f} ms | p99 ≤ 50 ms |")
    print(f"| RSS after start (idle) | {rss0[0]/1024:.1f} MB (anonymous {rss0[1]/1024:.1f} MB) | ≤ 25 MB |")
    for n, (rss, anon) in zip((100, 200, 300), rss100):
        print(f"| RSS after {n} bulletins (idle) | {rss/1024:.1f} MB (anonymous {anon/1024:.1f} MB) | — |")
    print(f"| idle CPU over {IDLE_SECONDS} s | {idle:.3f} % | ≤ 0.2 % |")
    print(f"| process start → API answers ({len(st)} runs) | median {statistics.median(st):.0f} ms, "
          f"max {max(st):.0f} ms | ≤ 300 ms |")
