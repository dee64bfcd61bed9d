#!/usr/bin/env python3
"""Cost of the box around the audio, on the release daemon with ALSA's file PCM (plays as fast
as it can, so CPU time is the work per second of audio, not waiting).

Plays a 10-minute 44.1 kHz mono WAV (speech-band noise + tone) with: recordings off at volume
100 (meter only), recordings off at volume 50 (meter + software gain), recordings on at volume
50 (+ Opus encoding). Reports daemon CPU seconds per hour of audio (median of RUNS), what that
is as a share of one core in real time, and recording bytes per hour.

Run:  bench/box.sh
"""
import json, os, shutil, socket, statistics, subprocess, tempfile, time, urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA = os.environ.get("LOA_BIN", os.path.join(ROOT, ".build/release/loa"))
RUNS = int(os.environ.get("RUNS", "3"))
SECONDS = 600


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def machine_line():
    """The date and the machine a result was measured on, for docs/performance.md."""
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return f"date: {datetime.now().strftime('%Y-%m-%d %H:%M')} · machine: {host}, {cpu}, {os.cpu_count()} cores"


def cpu_seconds(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def start_daemon(state, config_text):
    """A release daemon on its own state folder, playing to ALSA's file PCM (state/out.raw), with
    `config_text` as its config; returns the process and the CLI's environment once it answers."""
    port = free_port()
    cfg = os.path.join(state, "loa.toml")
    open(cfg, "w").write(config_text)
    env = dict(os.environ, LOA_VOICES_DIR=os.path.join(ROOT, "Voices"))
    d = subprocess.Popen([LOA, "serve", "--state-dir", state + "/s", "--config", cfg, "--listen", f"127.0.0.1:{port}",
                          "--device", f"file:'{state}/out.raw',raw"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1); break
        except OSError:
            time.sleep(0.05)
    return d, dict(env, LOA_SERVER=f"http://127.0.0.1:{port}", LOA_STATE_DIR=state + "/s")


def run(wav, recordings, volume, work):
    state = tempfile.mkdtemp(dir=work)
    d, envc = start_daemon(state, f"[recordings]\nenabled = {'true' if recordings else 'false'}\n")
    try:
        cli = [LOA]
        subprocess.run(cli + ["volume", str(volume)], env=envc, check=True, capture_output=True)
        c0 = cpu_seconds(d.pid)
        subprocess.run(cli + ["play", wav, "--wait", "--wait-timeout", "600"], env=envc, check=True, capture_output=True)
        c1 = cpu_seconds(d.pid)
        rec = 0
        for root, _, files in os.walk(state + "/s/recordings"):
            rec += sum(os.path.getsize(os.path.join(root, f)) for f in files)
        return c1 - c0, rec
    finally:
        d.terminate(); d.wait()
        try:
            os.remove(f"{state}/out.raw")
        except OSError:
            pass


def main():
    work = tempfile.mkdtemp(prefix="loa-bench-box-")
    wav = os.path.join(work, "ten-minutes.wav")
    subprocess.run(["sox", "-n", "-r", "44100", "-c", "1", "-b", "16", wav, "synth", str(SECONDS), "pinknoise",
                    "sine", "440", "vol", "0.3", "sinc", "300-3400"], check=True)
    cases = [("WAV decode + level meter + ALSA write (volume 100, no recording)", False, 100),
             ("… + software gain (volume 50)", False, 50),
             ("… + gain + Opus recording at 24 kb/s", True, 50)]
    results = []
    try:
        for name, rec, vol in cases:
            runs = [run(wav, rec, vol, work) for _ in range(RUNS)]
            results.append((name, statistics.median(r[0] for r in runs), max(r[1] for r in runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(machine_line())
    print()
    print("| playing 10 min of 44.1 kHz mono through the daemon | CPU s per hour of audio (median of %d) | share of one core in real time | recording per hour |" % RUNS)
    print("|---|---|---|---|")
    base = results[0][1]
    for name, c, rec in results:
        per_hour = c * 3600 / SECONDS
        print(f"| {name} | {per_hour:.1f} s | {per_hour / 36:.2f} % | "
              + (f"{rec * 3600 / SECONDS / 1e6:.1f} MB |" if rec else "— |"))
    print()
    print(f"Opus recording adds {(results[2][1] - results[1][1]) * 3600 / SECONDS:.1f} CPU s per hour of audio "
          f"({(results[2][1] - results[1][1]) * 3600 / SECONDS / 36:.2f} % of one core while on air).")


if __name__ == "__main__":
    main()
