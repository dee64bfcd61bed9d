#!/usr/bin/env python3
"""Relay benchmark: a real icecast2 on loopback fed by ffmpeg in real time; the release
`loa-probe relay` pulls the stream at real time into nothing and reports start latency (first
read → first relayed frame), CPU and memory. RUNS probes of RELAY_SECONDS each (defaults 5 × 20 s;
RELAY_SECONDS=7200 RUNS=1 is the two-hour soak).

Run:  bench/relay.sh
"""
import json, os, shutil, socket, statistics, subprocess, sys, tempfile, time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
PROBE = os.environ.get("LOA_PROBE_BIN", os.path.join(ROOT, ".build/release/loa-probe"))
SECONDS = float(os.environ.get("RELAY_SECONDS", "20"))
RUNS = int(os.environ.get("RUNS", "5"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def sample(proc):
    """CPU % of one core and RSS of the probe, every SAMPLE_EVERY seconds while it runs (flatness)."""
    every = float(os.environ.get("SAMPLE_EVERY", max(1.0, SECONDS / 12)))
    tick = os.sysconf("SC_CLK_TCK"); rows = []; last = None
    while proc.poll() is None:
        try:
            f = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
            cpu = (int(f[11]) + int(f[12])) / tick
            rss = next(int(l.split()[1]) for l in open(f"/proc/{proc.pid}/status") if l.startswith("VmRSS"))
        except (OSError, StopIteration, ValueError):
            break
        now = time.monotonic()
        if last is not None:
            rows.append((now - t0, (cpu - last[1]) / (now - last[0]) * 100, rss))
        else:
            t0 = now
        last = (now, cpu)
        time.sleep(every)
    return rows


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-ice-"); os.chmod(d, 0o777)
    port = free_port()
    owner = "<changeowner><user>nobody</user><group>nogroup</group></changeowner>" if os.getuid() == 0 else ""
    open(f"{d}/ice.xml", "w").write(f"""<icecast><limits><clients>50</clients><sources>4</sources>
<queue-size>524288</queue-size><client-timeout>30</client-timeout><header-timeout>15</header-timeout>
<source-timeout>10</source-timeout><burst-size>65535</burst-size></limits>
<authentication><source-password>b</source-password><admin-user>a</admin-user><admin-password>b</admin-password></authentication>
<hostname>127.0.0.1</hostname><listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
<fileserve>0</fileserve><paths><basedir>{d}</basedir><logdir>{d}</logdir><webroot>/usr/share/icecast2/web</webroot>
<adminroot>/usr/share/icecast2/admin</adminroot></paths><logging><accesslog>a.log</accesslog><errorlog>e.log</errorlog>
<loglevel>1</loglevel></logging><security><chroot>0</chroot>{owner}</security></icecast>""")
    ice = subprocess.Popen(["icecast2", "-c", f"{d}/ice.xml"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    ff = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                           "sine=frequency=500:sample_rate=44100", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k",
                           "-content_type", "audio/mpeg", "-f", "mp3", f"icecast://source:b@127.0.0.1:{port}/vov1"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2)
    results, samples = [], []
    try:
        for _ in range(RUNS):
            proc = subprocess.Popen([PROBE, "relay", f"http://127.0.0.1:{port}/vov1", "--seconds", str(SECONDS)],
                                    stdout=subprocess.PIPE, text=True)
            samples.append(sample(proc))
            results.append(json.loads(proc.stdout.read()))
    finally:
        ff.terminate(); ice.terminate(); ice.wait()
        shutil.rmtree(d, ignore_errors=True)
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
    lat = [float(x["start_latency_ms"]) for x in results if x["start_latency_ms"] != "-"]
    cpus = [float(x["cpu_percent"]) for x in results]
    aired = [float(x["aired_s"]) - SECONDS for x in results]
    print()
    print("| measure | result |")
    print("|---|---|")
    print(f"| relay start: first read → first relayed frame ({len(lat)} runs) | median {statistics.median(lat):.0f} ms, max {max(lat):.0f} ms |")
    print(f"| CPU while relaying a 128 kb/s stereo MP3 to 44.1 kHz mono ({RUNS} × {SECONDS:.0f} s) | median {statistics.median(cpus):.2f} % of one core |")
    print(f"| aired − slot length | max {max(abs(a) for a in aired) * 1000:.0f} ms |")
    print(f"| relayed / silence per run | " + ", ".join(f"{x['relayed_s']} / {x['silence_s']} s" for x in results) + " |")
    print(f"| max RSS of the probe process | {max(int(x['max_rss_kb']) for x in results) / 1024:.1f} MB |")
    rows = [r for run in samples for r in run]
    if len(rows) >= 4:
        half = len(rows) // 2
        first, second = rows[:half], rows[half:]
        print(f"| CPU, first half / second half of the run (median of {len(rows)} samples) | "
              f"{statistics.median(r[1] for r in first):.2f} % / {statistics.median(r[1] for r in second):.2f} % |")
        print(f"| RSS at the first / middle / last sample | {rows[0][2] / 1024:.1f} / {rows[half][2] / 1024:.1f} / "
              f"{rows[-1][2] / 1024:.1f} MB |")
    if os.environ.get("SAMPLES_CSV"):
        with open(os.environ["SAMPLES_CSV"], "w") as f:
            f.write("t_s,cpu_percent,rss_kb\n")
            for t, c, r in rows:
                f.write(f"{t:.0f},{c:.3f},{r}\n")


if __name__ == "__main__":
    if not os.path.exists(LOA):
        sys.exit(f"no release build at {LOA}: run bench/relay.sh")
    main()
