#!/usr/bin/env python3
"""What the packaged `loa` binary is made of, and which of it an idle box keeps in memory.

1. Re-runs the link of the package build (`.build-package`, made by `scripts/package.sh`) with
   the same flags plus `-Map` (and `--why-extract`), and sums the bytes of every allocated
   section by where they came from: a Swift module of the package, or a static archive of the
   toolchain (`lib_FoundationICU.a`, `libswiftCore.a`, …).
2. Starts that binary as `loa serve` (ALSA `null` device, an empty state directory), waits, and
   reads `/proc/PID/pagemap` to find which of the binary's pages are resident; each resident page
   is charged to the sections and archives whose bytes lie on it.

Run:  bench/binary-size.py [SECONDS]   (after scripts/package.sh; root, for pagemap;
      LOA_PACKAGE_SCRATCH=… for another checkout's package build)
The why-extract table (`$OUT/why.txt`) answers "what pulled this archive in": its first column
is the object that referenced the symbol of the third.
"""
import bisect, collections, json, os, re, socket, struct, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = os.environ.get("LOA_PACKAGE_SCRATCH", os.path.join(ROOT, ".build-package"))
OUT = tempfile.mkdtemp(prefix="loa-size-")


def link_command():
    for yaml in (os.path.join(SCRATCH, "release.yaml"),):
        for line in open(yaml):
            if '"-emit-executable"' in line and "/release/loa\"" in line and line.strip().startswith("args:"):
                return json.loads(line.split("args: ", 1)[1])
    sys.exit("no link command for loa in .build-package/release.yaml: run scripts/package.sh first")


def relink():
    args = link_command()
    binary = os.path.join(OUT, "loa")
    args[args.index("-o") + 1] = binary
    args = [a for a in args if a != "-g"]
    # What scripts/package.sh links with, plus the map.
    args += ["-static-stdlib", "-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker",
             "pack-relative-relocs", "-Xlinker", f"-Map={OUT}/map.txt", "-Xlinker", f"--why-extract={OUT}/why.txt"]
    order = os.path.join(SCRATCH, "loa.order")  # scripts/link-order.py, as the package links
    if os.path.exists(order):
        args += ["-Xlinker", f"--symbol-ordering-file={order}", "-Xlinker", "--no-warn-symbol-ordering"]
    subprocess.run(args, check=True, capture_output=True)
    subprocess.run(["strip", "--strip-unneeded", binary], check=True)
    return binary


def origin(src):
    m = re.search(r"/([^/]+\.a)\(", src)
    if m:
        return m.group(1)
    m = re.search(r"release/([^/]+)\.build/", src)
    return m.group(1) if m else src.split("/")[-1]


def input_sections():
    """(address, size, origin, output section) of every allocated input section in the map."""
    rx = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (.*)$")
    out, rows = None, []
    for line in open(f"{OUT}/map.txt"):
        m = rx.match(line.rstrip("\n"))
        if not m:
            continue
        body = m.group(3)
        indent = len(body) - len(body.lstrip(" "))
        if indent == 0:
            out = body.strip()
            continue
        if indent != 8 or out.startswith(".debug") or out in (".comment", ".symtab", ".strtab", ".shstrtab"):
            continue
        size = int(m.group(2), 16)
        if size:
            rows.append((int(m.group(1), 16), size, origin(body.strip().split(":(")[0]), out))
    rows.sort()
    return rows


def resident(binary, seconds):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    state = tempfile.mkdtemp(prefix="loa-size-state-")
    env = dict(os.environ, LOA_VOICES_DIR=os.path.join(ROOT, "Voices"), LOA_STATE_DIR=state)
    p = subprocess.Popen([binary, "serve", "--state-dir", state, "--device", "null", "--listen", f"127.0.0.1:{port}",
                          "--log-level", "error"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(seconds)
        status = {l.split(":")[0]: l.split()[1] for l in open(f"/proc/{p.pid}/status") if l.startswith(("VmRSS", "RssAnon", "RssFile"))}
        maps = []
        for l in open(f"/proc/{p.pid}/maps"):
            f = l.split()
            a, b = (int(x, 16) for x in f[0].split("-"))
            if len(f) > 5 and f[5] == os.path.realpath(binary):
                maps.append((a, b, int(f[2], 16)))
        base = min(a - off for a, b, off in maps)
        pages = []
        with open(f"/proc/{p.pid}/pagemap", "rb") as pm:
            for a, b, _ in maps:
                pm.seek(a // 4096 * 8)
                data = pm.read((b - a) // 4096 * 8)
                pages += [a + i * 4096 - base for i in range((b - a) // 4096) if struct.unpack_from("<Q", data, i * 8)[0] >> 63]
        return status, pages
    finally:
        p.terminate(); p.wait()


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    binary = relink()
    rows = input_sections()
    by_origin, by_section = collections.Counter(), collections.Counter()
    for _, size, who, sec in rows:
        by_origin[who] += size; by_section[sec] += size
    print(f"stripped binary (lld, as packaged): {os.path.getsize(binary) / 1e6:.1f} MB; allocated sections {sum(by_origin.values()) / 1e6:.1f} MB")
    print("largest parts (MB):")
    for who, size in by_origin.most_common(15):
        print(f"  {size / 1e6:7.2f}  {who}")
    print("by section (MB): " + ", ".join(f"{s} {v / 1e6:.1f}" for s, v in by_section.most_common(6)))
    status, pages = resident(binary, seconds)
    print(f"idle `loa serve` after {seconds:.0f} s: VmRSS {status['VmRSS']} kB (anonymous {status['RssAnon']} kB, files {status['RssFile']} kB); "
          f"the binary's resident pages {len(pages) * 4096 / 1e6:.1f} MB")
    starts = [r[0] for r in rows]
    charged = collections.Counter()
    for page in pages:
        i = max(bisect.bisect_right(starts, page) - 1, 0)
        while i < len(rows) and rows[i][0] < page + 4096:
            a, size, who, _ = rows[i]
            lo, hi = max(a, page), min(a + size, page + 4096)
            if hi > lo:
                charged[who] += hi - lo
            i += 1
    print("bytes on resident pages, by part (MB):")
    for who, size in charged.most_common(12):
        print(f"  {size / 1e6:7.2f}  {who}")
    print(f"(map, why-extract and the binary: {OUT})")


if __name__ == "__main__":
    main()
