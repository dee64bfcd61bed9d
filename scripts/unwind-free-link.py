#!/usr/bin/env python3
"""Links a product again without the unwind tables of its Swift and C code.

Swift reports errors by returning them, never by unwinding, and C does not unwind either, yet every
object `swiftc` and `clang` write carries `.eh_frame` (and the toolchain's static Swift runtime and
Foundation carry theirs): 6.8 MB of the box's 45 MB binary. They are needed only where a C++
exception travels: TOMLKit's C++ (toml++) throws a parse error and catches it a few frames up, so
the objects compiled from C++ (`*.cpp.o`, `*.cc.o`) keep theirs, and a bad config is still
reported, not turned into an abort (DaemonTests.badConfigFilesAreLocated caught the first attempt,
which dropped them all). Debuggers and `perf` walk Swift's frames by their frame pointers.

lld cannot drop `.eh_frame` from some inputs and not others (a linker script's /DISCARD/ takes all
of it), so this takes the link command SwiftPM wrote for PRODUCT (`<scratch>/release.yaml`),
copies its objects with `objcopy --remove-section=.eh_frame` (C++ objects as they are), makes a
static-runtime folder whose archives are the toolchain's with the same sections removed (the rest
linked to the toolchain's own files), and runs the same command on those, writing OUT. Extra
arguments go to `swiftc` (e.g. `-Xlinker --symbol-ordering-file=…`).

usage: unwind-free-link.py SCRATCH PRODUCT OUT [SWIFTC-ARGS…]
  SCRATCH is the build's triple folder, e.g. .build-package/x86_64-unknown-linux-gnu
"""

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

REMOVE = ["--remove-section=.eh_frame", "--remove-section=.rela.eh_frame", "--remove-section=.gcc_except_table"]
KEEP = (".cpp.o", ".cc.o", ".cxx.o", ".mm.o")


def objcopy(src: str, dst: str) -> None:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    subprocess.run(["objcopy", *REMOVE, src, dst], check=True)


def static_runtime(args: list, work: str) -> str:
    """A copy of the static-runtime folder (`<…>/swift_static`) with unwind-free archives."""
    swiftc = args[0]
    real = os.path.realpath(os.path.join(os.path.dirname(os.path.realpath(swiftc)), "..", "lib", "swift_static"))
    dest = os.path.join(work, "swift_static")
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    for entry in os.listdir(real):
        if entry != "linux":
            os.symlink(os.path.join(real, entry), os.path.join(dest, entry))
    os.makedirs(os.path.join(dest, "linux"))
    for entry in os.listdir(os.path.join(real, "linux")):
        src = os.path.join(real, "linux", entry)
        if entry.endswith(".a"):
            objcopy(src, os.path.join(dest, "linux", entry))
        else:
            os.symlink(src, os.path.join(dest, "linux", entry))
    return dest


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    scratch, product, out = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
    extra = sys.argv[4:]
    manifest_path = os.path.join(os.path.dirname(scratch), "release.yaml")
    if not os.path.isfile(manifest_path):
        sys.exit(f"unwind-free-link: no {manifest_path}: SCRATCH must be the build's triple folder")
    manifest = open(manifest_path).read()
    command = re.escape(f"C.{product}-{os.path.basename(scratch)}-release.exe")
    found = re.search(r'^  "' + command + r'":\n(?:    .*\n)*?    args: (\[.*\])$', manifest, re.M)
    if not found:
        sys.exit(f"unwind-free-link: no link command for {product} in the build's manifest")
    args = json.loads(found.group(1))
    listed = next(a[1:] for a in args if a.startswith("@") and a.endswith("Objects.LinkFileList"))
    objects = [line.strip().strip("'") for line in open(listed) if line.strip()]
    work = os.path.join(scratch, "unwind-free")

    def strip(obj: str) -> str:
        dst = os.path.join(work, "objects", os.path.relpath(obj, scratch))
        if obj.endswith(KEEP):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(obj, dst)
        else:
            objcopy(obj, dst)
        return dst

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        copies = list(pool.map(strip, objects))
    new_list = os.path.join(work, product + ".LinkFileList")
    with open(new_list, "w") as f:
        f.write("".join(("'" + c + "'" if " " in c else c) + "\n" for c in copies))
    runtime = static_runtime(args, work)
    args = ["@" + new_list if a == "@" + listed else a for a in args]
    args[args.index("-o") + 1] = out
    subprocess.run([*args, "-resource-dir", runtime, *extra], check=True)
    print(f"unwind-free-link: {product}: {len(objects)} objects, {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
