#!/usr/bin/env python3
"""CPU per hour of speech: the release daemon speaking a long bulletin to ALSA's file PCM (as fast
as it goes, so CPU time is the work per second of audio), against `espeak-ng -v vi --stdout |
aplay` to the same kind of device — the plainest way to say the same text. Cases: the daemon
without recording, and with its off-air Opus recording (proof of play) at complexity C and
bitrate B for each C in COMPLEXITIES (default "0") and B in BITRATES (default "24000 16000"), with
the device at each rate in RATES (default "48000", the box's default).
Every case runs once per round, RUNS rounds (default 3), so a slow minute hits all of them; the
median of each case's ratio to the round's own reference. CHARS of text (default 19000).

Run:  bench/speech-cpu.sh
"""
import os, resource, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from box import LOA, ROOT, cpu_seconds, machine_line, start_daemon  # noqa: E402  (the daemon as bench/box.py starts it)

RUNS = int(os.environ.get("RUNS", "3"))
COMPLEXITIES = [int(c) for c in os.environ.get("COMPLEXITIES", "0").split()]
BITRATES = [int(b) for b in os.environ.get("BITRATES", "24000 16000").split()]
# The device's rate (`[audio] sample_rate`) for each case with a recording; default the box's 48 kHz.
RATES = [int(r) for r in os.environ.get("RATES", "48000").split()]


def reference(text, work):
    out = os.path.join(work, "ref.raw")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["sh", "-c", f"espeak-ng -v vi -f '{text}' --stdout | aplay -q -t wav -D \"file:'{out}',raw\""],
                   check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    seconds = os.path.getsize(out) / 2 / 22050
    os.remove(out)
    return cpu, seconds


def daemon(text, work, recording, complexity, bitrate=24000, rate=48000):
    state = tempfile.mkdtemp(dir=work)
    out = f"{state}/out.raw"
    d, envc = start_daemon(
        state, f"[audio]\nsample_rate = {rate}\n[recordings]\nenabled = {'true' if recording else 'false'}\ncomplexity = {complexity}\n"
        f"bitrate = {bitrate}\n")
    try:
        c0 = cpu_seconds(d.pid)
        subprocess.run([LOA, "say", "--text-file", text, "--wait", "--wait-timeout", "900"], env=envc, check=True,
                       capture_output=True)
        c1 = cpu_seconds(d.pid)
        seconds = os.path.getsize(out) / 2 / rate
        return c1 - c0, seconds
    finally:
        d.terminate(); d.wait()
        shutil.rmtree(state, ignore_errors=True)


def main():
    work = tempfile.mkdtemp(prefix="loa-bench-speech-")
    text = os.path.join(work, "bulletin.txt")
    body = open(os.path.join(ROOT, "bench/text/bulletin.txt"), encoding="utf-8").read()
    open(text, "w", encoding="utf-8").write((body * 8)[: int(os.environ.get("CHARS", "19000"))])
    ref_name = "`espeak-ng -v vi --stdout | aplay` (22.05 kHz)"
    cases = [(ref_name, lambda: reference(text, work)), ("daemon, no recording", lambda: daemon(text, work, False, 0))]
    for r in RATES:
        for c in COMPLEXITIES:
            for b in BITRATES:
                device = "" if RATES == [48000] else f", device at {r / 1000:g} kHz"
                cases.append((f"daemon + Opus recording, complexity {c}, {b // 1000} kb/s{device}",
                              lambda c=c, b=b, r=r: daemon(text, work, True, c, b, r)))
    rows = {name: [] for name, _ in cases}
    try:
        for _ in range(RUNS):
            for name, run in cases:
                rows[name].append(run())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(machine_line())
    minutes = rows[ref_name][0][1] / 60
    print(f"| speaking {minutes:.1f} min of bulletin | CPU s per hour of audio (median of {RUNS}) | × espeak-ng \\| aplay |")
    print("|---|---|---|")
    for name, runs in rows.items():
        per_hour = [c * 3600 / s for c, s in runs]
        ratio = [h / (rc * 3600 / rs) for h, (rc, rs) in zip(per_hour, rows[ref_name])]
        print(f"| {name} | {statistics.median(per_hour):.1f} s | {statistics.median(ratio):.2f}× |")


if __name__ == "__main__":
    main()
