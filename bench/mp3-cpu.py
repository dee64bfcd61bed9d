#!/usr/bin/env python3
"""CPU per hour of MP3: the release daemon playing a 10-minute 44.1 kHz mono MP3 (64 kb/s) to ALSA's
file PCM (as fast as it goes, so CPU time is the work per second of audio), without proof of play,
with it as the daemon keeps it by default (the MPEG frames that aired, copied: `copy_mp3 = true`), and
with it encoded to Opus (`copy_mp3 = false`) at each bitrate in BITRATES (default "16000"), against
`mpg123` playing the same file to the same kind of device. The daemon's device runs at the first of
RATES (default "48000", the box's default); each further rate adds a frames-copied case at it. Every
case once per round, RUNS rounds (default 3); the medians, and the median of each round's own ratio
to mpg123.

Run:  bench/mp3-cpu.sh
"""
import os, resource, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import box  # noqa: E402  (the daemon as bench/box.py starts it)

RUNS = int(os.environ.get("RUNS", "3"))
SECONDS = 600
BITRATES = [int(b) for b in os.environ.get("BITRATES", "16000").split()]
# The device's rate (`[audio] sample_rate`) for each daemon case with the frames copied; default the box's 48 kHz.
RATES = [int(r) for r in os.environ.get("RATES", "48000").split()]


def reference(mp3, work):
    out = os.path.join(work, "ref.raw")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["mpg123", "-q", "-o", "alsa", "-a", f"file:'{out}',raw", mp3], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.remove(out)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def daemon(mp3, work, recording, bitrate=16000, copy=True, rate=48000):
    state = tempfile.mkdtemp(dir=work)
    d, envc = box.start_daemon(
        state, f"[audio]\nsample_rate = {rate}\n[recordings]\nenabled = {'true' if recording else 'false'}\nbitrate = {bitrate}\n"
        f"copy_mp3 = {'true' if copy else 'false'}\n")
    try:
        c0 = box.cpu_seconds(d.pid)
        subprocess.run([box.LOA, "play", mp3, "--wait", "--wait-timeout", "900"], env=envc, check=True,
                       capture_output=True)
        cpu = box.cpu_seconds(d.pid) - c0
        kept = [os.path.join(r, f) for r, _, fs in os.walk(os.path.join(state, "s", "recordings")) for f in fs]
        if recording:
            ext = ".mp3" if copy else ".opus"
            assert len(kept) == 1 and kept[0].endswith(ext), f"expected one {ext} record, found {kept}"
        return cpu
    finally:
        d.terminate(); d.wait()
        shutil.rmtree(state, ignore_errors=True)


def main():
    work = tempfile.mkdtemp(prefix="loa-bench-mp3-")
    wav, mp3 = os.path.join(work, "ten.wav"), os.path.join(work, "ten.mp3")
    subprocess.run(["sox", "-n", "-r", "44100", "-c", "1", "-b", "16", wav, "synth", str(SECONDS), "pinknoise",
                    "sine", "440", "vol", "0.3", "sinc", "300-3400"], check=True)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", wav, "-c:a", "libmp3lame", "-b:a", "64k", mp3], check=True)
    cases = {"`mpg123` to ALSA": lambda: reference(mp3, work),
             "the daemon, no recording": lambda: daemon(mp3, work, False),
             "the daemon + its record, the frames copied (default)": lambda: daemon(mp3, work, True)}
    for r in RATES[1:]:
        cases[f"the daemon + its record, the frames copied, device at {r / 1000:g} kHz"] = (
            lambda r=r: daemon(mp3, work, True, rate=r))
    for b in BITRATES:
        cases[f"the daemon + an Opus record, {b // 1000} kb/s (`copy_mp3 = false`)"] = (
            lambda b=b: daemon(mp3, work, True, b, copy=False))
    rows = {name: [] for name in cases}
    try:
        for _ in range(RUNS):  # interleaved, so that a slow minute hits every case
            for name, run in cases.items():
                rows[name].append(run())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(box.machine_line())
    print(f"| playing {SECONDS // 60} min of MP3 | CPU s per hour of audio (median of {RUNS}) | × mpg123, median of each round's |")
    print("|---|---|---|")
    base = rows["`mpg123` to ALSA"]
    for name, runs in rows.items():
        m = statistics.median(runs)
        ratio = statistics.median(r / b for r, b in zip(runs, base))
        print(f"| {name} | {m * 3600 / SECONDS:.1f} s | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
