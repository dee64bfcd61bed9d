#!/usr/bin/env python3
"""CPU per hour of MP3: the release daemon playing a 10-minute 44.1 kHz mono MP3 (64 kb/s) to ALSA's
file PCM (as fast as it goes, so CPU time is the work per second of audio), with and without its
off-air Opus recording (proof of play), against `mpg123` playing the same file to the same kind of
device. The recording at each bitrate in BITRATES (default "24000 16000"). Median of RUNS (default 3),
every case once per round.

Run:  bench/mp3-cpu.sh
"""
import os, resource, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import box  # noqa: E402  (the daemon as bench/box.py starts it)

RUNS = int(os.environ.get("RUNS", "3"))
SECONDS = 600
BITRATES = [int(b) for b in os.environ.get("BITRATES", "24000 16000").split()]


def reference(mp3, work):
    out = os.path.join(work, "ref.raw")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["mpg123", "-q", "-o", "alsa", "-a", f"file:'{out}',raw", mp3], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.remove(out)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def daemon(mp3, work, recording, bitrate=24000):
    state = tempfile.mkdtemp(dir=work)
    d, envc = box.start_daemon(
        state, f"[recordings]\nenabled = {'true' if recording else 'false'}\nbitrate = {bitrate}\n")
    try:
        c0 = box.cpu_seconds(d.pid)
        subprocess.run([box.LOA, "play", mp3, "--wait", "--wait-timeout", "900"], env=envc, check=True,
                       capture_output=True)
        return box.cpu_seconds(d.pid) - c0
    finally:
        d.terminate(); d.wait()
        shutil.rmtree(state, ignore_errors=True)


def main():
    work = tempfile.mkdtemp(prefix="loa-bench-mp3-")
    wav, mp3 = os.path.join(work, "ten.wav"), os.path.join(work, "ten.mp3")
    subprocess.run(["sox", "-n", "-r", "44100", "-c", "1", "-b", "16", wav, "synth", str(SECONDS), "pinknoise",
                    "sine", "440", "vol", "0.3", "sinc", "300-3400"], check=True)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", wav, "-c:a", "libmp3lame", "-b:a", "64k", mp3], check=True)
    rows = {"`mpg123` to ALSA": [], "the daemon, no recording": []}
    rows.update({f"the daemon + Opus recording, {b // 1000} kb/s": [] for b in BITRATES})
    try:
        for _ in range(RUNS):  # interleaved, so that a slow minute hits every case
            rows["`mpg123` to ALSA"].append(reference(mp3, work))
            rows["the daemon, no recording"].append(daemon(mp3, work, False))
            for b in BITRATES:
                rows[f"the daemon + Opus recording, {b // 1000} kb/s"].append(daemon(mp3, work, True, b))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(box.machine_line())
    print(f"| playing {SECONDS // 60} min of MP3 | CPU s per hour of audio (median of {RUNS}) | × mpg123 |")
    print("|---|---|---|")
    base = statistics.median(rows["`mpg123` to ALSA"])
    for name, runs in rows.items():
        m = statistics.median(runs)
        print(f"| {name} | {m * 3600 / SECONDS:.1f} s | {m / base:.2f}× |")


if __name__ == "__main__":
    main()
