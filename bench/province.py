#!/usr/bin/env python3
"""The province link under load: a local mosquitto, the province double (scripts/province-double.py,
answering after DELAY seconds like a distant province), a real `loa-station serve` (release build)
with `[province]` pinging every 60 s, and `loa-probe station` simulating N boxes (a heartbeat and a
1-row as-run batch every 60 s each, so the station also logs N airings a minute to the province).

Measured over ROUNDS ping rounds: how late the pings reach the province (seconds after the round
was due, p50/p99 as the station reports them), how long a round takes, the station's CPU and RSS,
and how many pings and airing logs the province received. Run once with the station's default
16 pings in flight and once with 1 (one request at a time, as a device's own client sends).

Run:  bench/province.sh     (BOXES=2000 ROUNDS=3 DELAYS=0,0.02)
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
PROBE = os.environ.get("LOA_PROBE_BIN", os.path.join(ROOT, ".build/release/loa-probe"))
BOXES = int(os.environ.get("BOXES", "2000"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
DELAYS = [float(x) for x in os.environ.get("DELAYS", "0,0.02").split(",")]


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def cpu_seconds(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS:"):
            return int(l.split()[1]) / 1024
    return 0


def get(url, token=None):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    return json.loads(urllib.request.urlopen(req, timeout=30).read())


def run(d, broker_port, key, delay, concurrency):
    name = f"p{int(delay * 1000)}c{concurrency}"
    dport = free_port()
    double = subprocess.Popen([sys.executable, f"{ROOT}/scripts/province-double.py", "--port", str(dport), "--delay",
                               str(delay), "--quiet", "--user", "u", "--password", "p"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cred = f"{d}/{name}.cred"
    open(cred, "w").write('username = "u"\npassword = "p"\ninbound_token = "t"\n')
    os.chmod(cred, 0o600)
    api = free_port()
    cfg = f"{d}/{name}.toml"
    open(cfg, "w").write(f"""[station]
name = "bench"
province = "79"
commune = "26734"
state_dir = "{d}/{name}"
listen = "127.0.0.1:{api}"
[broker]
url = "mqtt://127.0.0.1:{broker_port}"
client_id = "{name}"
[signing]
kid = "xa-26734"
key_file = "{key}"
[province]
api = "http://127.0.0.1:{dport}/api/"
credentials_file = "{cred}"
nguon_id = "26734"
ping_seconds = 60
ping_concurrency = {concurrency}
timeout_seconds = 30
kid = "tinh-79"
key_file = "{key}"
""")
    st = subprocess.Popen([LOA + "-station", "serve", "--config", cfg], stdout=open(f"{d}/{name}.log", "w"),
                          stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{api}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/v1/station", timeout=1); break
        except Exception:
            time.sleep(0.05)
    token = open(f"{d}/{name}/local-token").read().strip()
    # The boxes first (the station learns them from their first heartbeats), then the rounds.
    seconds = 60 * (ROUNDS + 2) + 30
    probe = subprocess.Popen([PROBE, "station", "--broker", f"mqtt://127.0.0.1:{broker_port}", "--boxes", str(BOXES),
                              "--seconds", str(seconds), "--rows", "1"], stdout=open(f"{d}/{name}.probe", "w"),
                             stderr=subprocess.STDOUT)
    rounds, seen = [], set()
    c0 = w0 = None
    deadline = time.time() + seconds + 60
    while len(rounds) < ROUNDS and time.time() < deadline:
        time.sleep(1)
        try:
            ping = get(url + "/v1/province", token)["link"].get("last_ping")
        except Exception:
            continue
        if ping and ping["at"] not in seen:
            seen.add(ping["at"])
            # The first round finds the station still learning the boxes: measured from the second.
            if ping["clusters"] >= 0.99 * BOXES:
                if c0 is None:
                    c0, w0 = cpu_seconds(st.pid), time.time()
                else:
                    rounds.append(ping)
    c1, w1 = cpu_seconds(st.pid), time.time()
    rss = rss_mb(st.pid)
    link = get(url + "/v1/province", token)["link"]
    reqs = get(f"http://127.0.0.1:{dport}/_double/requests")
    probe.terminate(); probe.wait()
    st.terminate(); st.wait(); double.terminate(); double.wait()
    return dict(delay=delay, concurrency=concurrency, rounds=rounds,
                cpu_pct=100 * (c1 - c0) / (w1 - w0) if c0 and w1 > w0 else None, rss_mb=rss,
                pings=sum(1 for r in reqs if r["kind"] == "status" and r["answer"] == 200),
                airings=sum(1 for r in reqs if r["kind"] == "airing" and r["answer"] == 200),
                airings_waiting=link["airings_waiting"])


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-province-")
    port = free_port()
    open(f"{d}/m.conf", "w").write(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n"
                                   "max_inflight_messages 0\n")
    broker = subprocess.Popen(["mosquitto", "-c", f"{d}/m.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    key = f"{d}/xa.key"
    subprocess.run([LOA, "uplink", "keygen", "--out", key], capture_output=True, check=True)
    results = []
    try:
        for delay in DELAYS:
            for c in (16, 1):
                results.append(run(d, port, key, delay, c))
                print(json.dumps(results[-1]), file=sys.stderr)
    finally:
        broker.terminate(); broker.wait()
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    print(f"{BOXES:,} clusters, a ping each every 60 s, {len(results[0]['rounds'])} measured rounds per row")
    print()
    print("| province answers after | pings in flight | round (median) | late p50 (median) | late p99 (worst) | "
          "station CPU | RSS | pings / airing logs received |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        rs = r["rounds"]
        if not rs:
            print(f"| {r['delay'] * 1000:.0f} ms | {r['concurrency']} | no complete round |"); continue
        med = lambda k: sorted(x[k] for x in rs)[len(rs) // 2]
        print(f"| {r['delay'] * 1000:.0f} ms | {r['concurrency']} | {med('seconds'):.2f} s | {med('late_p50_s'):.2f} s | "
              f"{max(x['late_p99_s'] for x in rs):.2f} s | "
              f"{r['cpu_pct']:.1f} % | {r['rss_mb']:.0f} MB | {r['pings']:,} / {r['airings']:,} |")


if __name__ == "__main__":
    main()
