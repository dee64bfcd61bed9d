#!/usr/bin/env python3
"""Mouth-to-speaker latency of `loa live` on loopback (issue #17, item 4).

Real parts: a private PulseAudio with two null sinks — `loa_mic` (its monitor is the officer's
microphone) and `loa_box` (the box's loudspeaker) —, mosquitto, icecast2 (burst 0, small queue),
a real `loa-station serve` with `[live]`, one real `loa serve` box playing to `loa_box` through
ALSA's pulse plugin, and `loa live --device pulse` capturing `loa_mic.monitor`.

A click track (a 30 ms 1 kHz burst every 1.5–1.8 s, the gaps drawn at random so the clicks do not
keep one phase against the 100 ms capture blocks) is played into `loa_mic`; both monitors are
recorded by parec from the same clock. Each click's onset in the microphone's recording is paired
with the first onset after it in the loudspeaker's: the difference is capture → MP3 → Icecast →
box → ALSA → sink. CPU of `loa live` (the PC) and `loa serve` (the box) over the run.

Run:  bench/live-latency.sh     (CLICKS=30)
"""
import array, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request, wave
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
CLICKS = int(os.environ.get("CLICKS", "30"))
RATE = 44100
PERIOD = 1.5


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def cpu_seconds(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def wait_http(url, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=1); return True
        except urllib.error.HTTPError:
            return True
        except Exception:
            time.sleep(0.1)
    return False


def click_track(path):
    import math, random
    rnd = random.Random(7)
    samples = array.array("h", [0] * int(RATE * ((PERIOD + 0.3) * CLICKS + 2)))
    at = 1.0
    for k in range(CLICKS):
        start = int(RATE * at)
        at += PERIOD + rnd.uniform(0, 0.3)
        for i in range(int(RATE * 0.03)):
            samples[start + i] = int(16000 * math.sin(2 * math.pi * 1000 * i / RATE))
    w = wave.open(path, "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(samples.tobytes()); w.close()


def onsets(path, threshold=3000, hold=0.5):
    data = array.array("h"); data.frombytes(open(path, "rb").read())
    out, i, n = [], 0, len(data)
    while i < n:
        if abs(data[i]) > threshold:
            out.append(i / RATE); i += int(RATE * hold)
        else:
            i += 1
    return out


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-live-")
    env = dict(os.environ, HOME=d, XDG_RUNTIME_DIR=f"{d}/run", PULSE_RUNTIME_PATH=f"{d}/run",
               XDG_CONFIG_HOME=f"{d}/config")
    os.makedirs(f"{d}/run")
    sock = f"{d}/run/native"
    procs = []

    def spawn(args, e=None, log=None):
        p = subprocess.Popen(args, env=e or env, stdout=open(log or os.devnull, "w"), stderr=subprocess.STDOUT)
        procs.append(p); return p
    try:
        spawn(["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no", "--log-level=error",
               f"--load=module-native-protocol-unix socket={sock} auth-anonymous=1",
               f"--load=module-null-sink sink_name=loa_box rate={RATE} channels=1",
               f"--load=module-null-sink sink_name=loa_mic rate={RATE} channels=1"])
        pe = dict(env, PULSE_SERVER=f"unix:{sock}", PULSE_LATENCY_MSEC="60")
        for _ in range(100):
            if os.path.exists(sock): break
            time.sleep(0.1)
        time.sleep(0.5)
        mport, iport, sport, bport = free_port(), free_port(), free_port(), free_port()
        spawn(["mosquitto", "-p", str(mport)])
        os.chmod(d, 0o777)
        open(f"{d}/icecast.xml", "w").write(f"""<icecast>
  <limits><clients>20</clients><sources>4</sources><queue-size>65536</queue-size><client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout><source-timeout>5</source-timeout><burst-size>0</burst-size></limits>
  <authentication><source-password>bench</source-password><admin-user>admin</admin-user><admin-password>bench</admin-password></authentication>
  <hostname>127.0.0.1</hostname><listen-socket><port>{iport}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve><paths><basedir>{d}</basedir><logdir>{d}</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>{"<changeowner><user>nobody</user><group>nogroup</group></changeowner>" if os.getuid() == 0 else ""}</security>
</icecast>""")
        spawn(["icecast2", "-c", f"{d}/icecast.xml"])
        key = f"{d}/xa.key"
        pub = subprocess.run([LOA, "uplink", "keygen", "--out", key], capture_output=True, text=True).stdout.strip()
        open(f"{d}/box.toml", "w").write(f"""[uplink]
broker = "mqtt://127.0.0.1:{mport}"
province = "79"
commune = "26734"
hamlet = "ap-3"
box = "loa-01"
allow_local_urls = true
[[uplink.key]]
id = "xa-26734"
public_key = "{pub}"
role = "commune"
scope = "26734"
""")
        open(f"{d}/station.toml", "w").write(f"""[station]
province = "79"
commune = "26734"
state_dir = "{d}/station"
listen = "127.0.0.1:{sport}"
[broker]
url = "mqtt://127.0.0.1:{mport}"
[signing]
kid = "xa-26734"
key_file = "{key}"
[live]
icecast = "http://127.0.0.1:{iport}"
source_password = "bench"
""")
        time.sleep(1)
        spawn([LOA + "-station", "serve", "--config", f"{d}/station.toml"], log=f"{d}/station.log")
        box = spawn([LOA, "serve", "--state-dir", f"{d}/box", "--device", "pulse", "--listen", f"127.0.0.1:{bport}",
                     "--config", f"{d}/box.toml"], e=dict(pe, PULSE_SINK="loa_box"), log=f"{d}/box.log")
        assert wait_http(f"http://127.0.0.1:{sport}/v1/station") and wait_http(f"http://127.0.0.1:{bport}/v1/health")
        token = open(f"{d}/station/local-token").read().strip()
        time.sleep(3)  # the box's first heartbeat reaches the station
        track = f"{d}/clicks.wav"
        click_track(track)
        rec_mic = spawn(["parec", "--device=loa_mic.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
                         "--channels=1", "--latency-msec=10"], e=pe, log=f"{d}/mic.raw")
        rec_box = spawn(["parec", "--device=loa_box.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
                         "--channels=1", "--latency-msec=10"], e=pe, log=f"{d}/box.raw")
        live = spawn([LOA, "live", "--to", "loa-01", "--device", "pulse"],
                     e=dict(pe, PULSE_SOURCE="loa_mic.monitor", LOA_STATION=f"http://127.0.0.1:{sport}",
                            LOA_STATION_TOKEN=token), log=f"{d}/live.log")
        time.sleep(4)  # on air on the box (its chime, the stream connected)
        c_live, c_box, t0 = cpu_seconds(live.pid), cpu_seconds(box.pid), time.time()
        subprocess.run(["paplay", "--device=loa_mic", track], env=pe, check=True)
        c_live1, c_box1, t1 = cpu_seconds(live.pid), cpu_seconds(box.pid), time.time()
        time.sleep(3)
        live.send_signal(2); live.wait(timeout=30)
        rec_mic.terminate(); rec_box.terminate(); rec_mic.wait(); rec_box.wait()
        mouth, speaker = onsets(f"{d}/mic.raw"), onsets(f"{d}/box.raw")
        lat = []
        for m in mouth:
            after = [s for s in speaker if s > m and s - m < 5]
            if after:
                lat.append(after[0] - m)
        lat.sort()
        host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
        cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print(f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores")
        print(f"clicks sent {len(mouth)}, heard {len(lat)} (of {CLICKS})")
        if lat:
            p = lambda q: lat[min(len(lat) - 1, int(len(lat) * q))]
            print(f"mouth-to-speaker: median {statistics.median(lat) * 1000:.0f} ms, p95 {p(0.95) * 1000:.0f} ms, "
                  f"min {lat[0] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
        span = t1 - t0
        print(f"CPU while live: loa live (the PC) {100 * (c_live1 - c_live) / span:.1f} %, "
              f"loa serve (the box) {100 * (c_box1 - c_box) / span:.1f} % of one core")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=5)
            except Exception:
                p.kill()


if __name__ == "__main__":
    main()
