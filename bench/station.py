#!/usr/bin/env python3
"""The commune station under load: a local mosquitto, a real `loa-station serve` (release build,
SQLite), and `loa-probe station` simulating N boxes that each send a heartbeat and a 5-row as-run
batch every 60 s, paced evenly, for SECONDS (default 120). Measured: the time from a batch's
publish to the station's receipt for it (after its commit), rows per second, the station's CPU;
then a burst (every box sends a 50-row batch at once, a backlog after an outage); then
`GET /v1/fleet` and `loa fleet --json` with N boxes known; then `loa-probe delivery`: one
`POST /v1/send` to the commune with 25 simulated boxes acking, until every box's state is known.

Run:  bench/station.sh          (BOXES=2000,5000 SECONDS=120)
      DATABASE=postgres STATIONS=2 bench/station.sh
                                 (a PostgreSQL server started here, from Debian's package; STATIONS
                                  stations on it sharing the boxes' messages through an MQTT
                                  shared subscription; CPU and RSS summed over the stations)
"""
import json, os, socket, statistics, subprocess, tempfile, time, urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
PROBE = os.environ.get("LOA_PROBE_BIN", os.path.join(ROOT, ".build/release/loa-probe"))
BOXES = [int(x) for x in os.environ.get("BOXES", "2000,5000").split(",")]
SECONDS = float(os.environ.get("SECONDS", "120"))
DATABASE = os.environ.get("DATABASE", "sqlite")
STATIONS = int(os.environ.get("STATIONS", "1"))


def start_postgres(d):
    """A PostgreSQL cluster in d/pg on a free port (as the postgres user when run as root)."""
    import glob, pwd
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    data = f"{d}/pg"
    as_pg = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] if os.getuid() == 0 else []
    os.makedirs(data)
    if os.getuid() == 0:
        pw = pwd.getpwnam("postgres"); os.chown(data, pw.pw_uid, pw.pw_gid); os.chmod(d, 0o755)
    subprocess.run(as_pg + [f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "loa", "-E", "UTF8"],
                   check=True, capture_output=True)
    port = free_port()
    p = subprocess.Popen(as_pg + [f"{bindir}/postgres", "-D", data, "-p", str(port), "-k", data,
                                  "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
                         stdout=open(f"{d}/pg.log", "w"), stderr=subprocess.STDOUT)
    for _ in range(300):
        if subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "loa", "-d", "postgres", "-c", "SELECT 1"],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    return p, port


def new_database(pg_port, name):
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "loa", "-d", "postgres", "-c",
                    f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return f"postgres://loa@127.0.0.1:{pg_port}/{name}"


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


def start_station(d, port, key, name, database=None):
    api = free_port()
    cfg = f"{d}/{name}.toml"
    db_line = f'database = "{database}"' if database else ""
    share_line = 'share = "bench"' if database else ""
    open(cfg, "w").write(f"""[station]
name = "bench"
province = "79"
commune = "26734"
state_dir = "{d}/{name}"
listen = "127.0.0.1:{api}"
{db_line}
[broker]
url = "mqtt://127.0.0.1:{port}"
client_id = "{name}"
{share_line}
[signing]
kid = "xa-26734"
key_file = "{key}"
""")
    p = subprocess.Popen([LOA + "-station", "serve", "--config", cfg], stdout=open(f"{d}/{name}.log", "w"),
                         stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{api}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/v1/station", timeout=1); break
        except Exception:
            time.sleep(0.05)
    return p, url, open(f"{d}/{name}/local-token").read().strip()


def tree_cpu(pid):
    """CPU seconds of a process and its children (PostgreSQL's server and its backends)."""
    total = 0.0
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(p) == pid or int(f[1]) == pid:
            total += (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    return total


def station_ingest(url):
    info = json.loads(urllib.request.urlopen(url + "/v1/station", timeout=5).read())
    return (info.get("ingest") or {}).get("messages", 0)


def timed_get(url, token, n=20):
    t = []
    for _ in range(n):
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        t0 = time.perf_counter(); body = urllib.request.urlopen(req, timeout=30).read(); t.append(time.perf_counter() - t0)
    return statistics.median(t) * 1000, len(json.loads(body)["boxes"])


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-station-")
    port = free_port()
    open(f"{d}/m.conf", "w").write(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n"
                                   "max_inflight_messages 0\n")
    broker = subprocess.Popen(["mosquitto", "-c", f"{d}/m.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    key = f"{d}/xa.key"
    pub = subprocess.run([LOA, "uplink", "keygen", "--out", key], capture_output=True, text=True).stdout.strip()
    results = []
    pg = None
    if DATABASE == "postgres":
        pg, pg_port = start_postgres(d)
    try:
        for n in BOXES:
            database = new_database(pg_port, f"bench_{n}") if pg else None
            started = [start_station(d, port, key, f"st{n}-{i}", database) for i in range(STATIONS)]
            st, url, token = started[0]
            c0, w0 = sum(cpu_seconds(s[0].pid) for s in started), time.time()
            g0 = tree_cpu(pg.pid) if pg else 0
            r = subprocess.run([PROBE, "station", "--broker", f"mqtt://127.0.0.1:{port}", "--boxes", str(n),
                                "--seconds", str(SECONDS), "--burst"], capture_output=True, text=True, timeout=1800)
            c1, w1 = sum(cpu_seconds(s[0].pid) for s in started), time.time()
            g1 = tree_cpu(pg.pid) if pg else 0
            if r.returncode != 0:
                results.append((n, None, r.stderr.strip()))
                for s in started: s[0].terminate()
                continue
            out = json.loads(r.stdout)
            out["pg_cpu_pct"] = 100 * (g1 - g0) / (w1 - w0)
            out["per_station"] = [station_ingest(s[1]) for s in started]
            api_ms, listed = timed_get(url + "/v1/fleet", token)
            cli = []
            for _ in range(5):
                t0 = time.perf_counter()
                subprocess.run([LOA, "fleet", "--json", "--station", url], capture_output=True, check=True,
                               env={**os.environ, "LOA_STATION_TOKEN": token})
                cli.append(time.perf_counter() - t0)
            out.update(cpu_pct=100 * (c1 - c0) / (w1 - w0), rss_mb=sum(rss_mb(s[0].pid) for s in started),
                       fleet_api_ms=api_ms,
                       fleet_cli_ms=statistics.median(cli) * 1000, listed=listed)
            if n == BOXES[-1]:
                dl = subprocess.run([PROBE, "delivery", "--broker", f"mqtt://127.0.0.1:{port}", "--station", url,
                                     "--key-pub", pub, "--token", token, "--boxes", "25", "--runs", "7"],
                                    capture_output=True, text=True, timeout=600)
                out["delivery"] = json.loads(dl.stdout) if dl.returncode == 0 else dl.stderr.strip()
            results.append((n, out, None))
            for s in started:
                s[0].terminate(); s[0].wait()
    finally:
        broker.terminate(); broker.wait()
        if pg:
            pg.terminate(); pg.wait()
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    print(f"database: {DATABASE}, {STATIONS} station process(es)"
          + (" sharing the boxes' messages (MQTT shared subscription)" if STATIONS > 1 else ""))
    print()
    print("| boxes | steady rows/s | receipt p50 | receipt p99 | max | station CPU | RSS | burst: rows, time, rows/s | "
          "GET /v1/fleet (median of 20) | loa fleet --json (median of 5) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, o, err in results:
        if o is None:
            print(f"| {n:,} | failed: {err} |"); continue
        print(f"| {n:,} | {o['rows_per_s']} | {o['p50_ms']} ms | {o['p99_ms']} ms | {o['max_ms']} ms | "
              f"{o['cpu_pct']:.0f} % | {o['rss_mb']:.0f} MB | {int(o['burst_rows']):,} rows, {o['burst_s']} s, "
              f"{o['burst_rows_per_s']}/s ({'all' if o['burst_all'] == 'true' else 'NOT all'} confirmed) | "
              f"{o['fleet_api_ms']:.0f} ms ({o['listed']} boxes) | {o['fleet_cli_ms']:.0f} ms |")
        if DATABASE == "postgres":
            print(f"|  | PostgreSQL CPU {o['pg_cpu_pct']:.0f} %; messages stored by each station: {o['per_station']} |")
        if "delivery" in o:
            print()
            print(f"say --to xa, 25 simulated boxes: {o['delivery']}")


if __name__ == "__main__":
    main()
