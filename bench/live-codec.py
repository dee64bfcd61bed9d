#!/usr/bin/env python3
"""MP3 or Opus for `loa live` (issue #17, item 1: choose by measured latency and CPU on the box).

The same 22.05 kHz mono speech (espeak-ng, a Vietnamese notice looped to about 3 minutes) and a
single click, encoded as the live path would: MP3 at 64 kbit/s by libmp3lame (no Xing/LAME header,
as a stream has none), Opus at 32 kbit/s in Ogg by opusenc with pages flushed every 20 ms (the
least container delay; the default 1 s would add up to a second) and with the default.
Measured: decoding CPU (ffmpeg's decoders, user time, median of RUNS), what a codec adds before the
click comes out (encode + decode, onset of the click), bytes per second on the wire.

Run:  python3 bench/live-codec.py      (needs espeak-ng, ffmpeg, opus-tools; RUNS=5)
"""
import array, math, os, re, statistics, subprocess, tempfile, wave

RUNS = int(os.environ.get("RUNS", "5"))
RATE = 22050
TEXT = ("Thông báo của Ủy ban nhân dân xã về việc tiêm phòng cho đàn gia súc. Đề nghị bà con đưa trâu "
        "bò đến điểm tiêm tại nhà văn hóa ấp ba từ bảy giờ đến mười một giờ sáng thứ bảy. Bà con nhớ "
        "mang theo sổ theo dõi vật nuôi.")


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, check=True)


def utime(path):
    err = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-benchmark", "-i", path, "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    return float(re.search(r"utime=([0-9.]+)s", err).group(1))


def onset_ms(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
                         capture_output=True).stdout
    a = array.array("h"); a.frombytes(raw)
    for i, x in enumerate(a):
        if abs(x) > 2000:
            return (i - RATE) / RATE * 1000
    return float("nan")


def main():
    d = tempfile.mkdtemp(prefix="loa-codec-")
    p = lambda n: os.path.join(d, n)
    run("espeak-ng", "-v", "vi", "-w", p("one.wav"), TEXT)
    run("ffmpeg", "-v", "error", "-y", "-i", p("one.wav"), "-ar", str(RATE), "-ac", "1", p("s.wav"))
    run("ffmpeg", "-v", "error", "-y", "-stream_loop", "11", "-i", p("s.wav"), "-c", "copy", p("long.wav"))
    seconds = float(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                        p("long.wav")).stdout)
    click = array.array("h", [0] * (RATE * 3))
    for i in range(int(0.03 * RATE)):
        click[RATE + i] = int(12000 * math.sin(2 * math.pi * 1000 * i / RATE))
    w = wave.open(p("click.wav"), "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(click.tobytes()); w.close()

    def mp3(src, out):
        run("ffmpeg", "-v", "error", "-y", "-i", src, "-c:a", "libmp3lame", "-b:a", "64k", "-write_xing", "0", out)

    def opus(delay):
        def enc(src, out):
            args = ["opusenc", "--quiet", "--bitrate", "32", "--speech"]
            if delay: args += ["--max-delay", str(delay)]
            run(*args, src, out)
        return enc

    rows = []
    for name, enc, ext in [("MP3 64 kbit/s (libmp3lame)", mp3, "mp3"),
                           ("Opus 32 kbit/s, Ogg pages every 20 ms", opus(20), "opus"),
                           ("Opus 32 kbit/s, Ogg default (pages up to 1 s)", opus(None), "opus")]:
        tag = name.split()[0].lower() + str(len(rows))
        enc(p("long.wav"), p(f"{tag}.{ext}"))
        enc(p("click.wav"), p(f"{tag}-click.{ext}"))
        times = [utime(p(f"{tag}.{ext}")) for _ in range(RUNS)]
        med = statistics.median(times)
        rows.append((name, med, seconds / med if med else float("inf"),
                     onset_ms(p(f"{tag}-click.{ext}")), os.path.getsize(p(f"{tag}.{ext}")) * 8 / seconds / 1000))
    print(f"{seconds:.0f} s of speech, {RUNS} runs, decoding by ffmpeg's decoders (user CPU)")
    print("| codec | decode CPU (median) | × real time | codec delay (click onset) | on the wire |")
    print("|---|---|---|---|---|")
    for name, med, x, delay, kbps in rows:
        print(f"| {name} | {med * 1000:.0f} ms | {x:,.0f}× | {delay:.0f} ms | {kbps:.1f} kbit/s |")
    print(f"decode CPU ratio Opus/MP3: {rows[1][1] / rows[0][1]:.1f}×")


if __name__ == "__main__":
    main()
