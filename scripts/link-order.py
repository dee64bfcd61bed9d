#!/usr/bin/env python3
"""Writes the link order for the packaged binary: the functions an idle `loa serve` runs.

An idle box keeps the pages of its binary that it touched, and the kernel maps 64 KB around each
page fault of a cached file (fault-around): with the few thousand functions that start and idle
scattered over 36 MB of code, most of the code ends up resident. Linked first and together
(lld's --symbol-ordering-file), they fill a few megabytes instead (docs/performance.md).

The functions are found exactly, not sampled: the binary (debug info stripped, for valgrind's
reader) runs under callgrind as `loa serve` on an empty state folder and the ALSA null device,
until its API answers and a few seconds of idle have passed; every function of the binary that
ran is written, one symbol a line. A name missing from a later build only loses its place.

Run:  scripts/link-order.py BINARY VOICES_DIR OUTPUT   (scripts/package.sh runs it)
"""
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

IDLE_SECONDS = 4
READY_TIMEOUT = 180


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def executed_functions(profile, binary_name):
    """Names of the functions of `binary_name` that callgrind saw run (its name compression undone)."""
    names = {"ob": {}, "fn": {}, "fl": {}}
    kind = {"ob": "ob", "cob": "ob", "fn": "fn", "cfn": "fn", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl", "cfl": "fl"}
    line_rx = re.compile(r"^(ob|cob|fn|cfn|fl|fi|fe|cfi|cfl)=\((\d+)\)(?: (.*))?$")
    current_object, found = None, set()
    for line in open(profile, encoding="utf-8", errors="replace"):
        m = line_rx.match(line.rstrip("\n"))
        if not m:
            continue
        key, ident, name = m.groups()
        table = names[kind[key]]
        if name:
            table[ident] = name
        if key == "ob":
            current_object = table.get(ident)
        elif key == "fn" and current_object and os.path.basename(current_object) == binary_name:
            found.add(names["fn"][ident])
    return found


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, voices, output = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="loa-order-")
    try:
        copy = os.path.join(work, "loa-profiled")
        shutil.copy(binary, copy)
        subprocess.run(["strip", "--strip-debug", copy], check=True)
        state, port = os.path.join(work, "state"), free_port()
        os.mkdir(state)
        profile = os.path.join(work, "callgrind.out")
        env = dict(os.environ, LOA_VOICES_DIR=voices, LOA_STATE_DIR=state)
        log = open(os.path.join(work, "valgrind.log"), "w")

        def fail(why):
            log.flush()
            tail = open(log.name, errors="replace").read()[-2000:]
            sys.exit(f"link-order: {why}\n{tail}")

        p = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}", copy, "serve",
             "--state-dir", state, "--device", "null", "--listen", f"127.0.0.1:{port}", "--log-level", "error"],
            env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=2)
                break
            except OSError:
                if p.poll() is not None or time.monotonic() > deadline:
                    p.kill()
                    fail("the profiled daemon did not answer")
                time.sleep(0.2)
        time.sleep(IDLE_SECONDS)
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            fail("the profiled daemon did not stop")
        functions = executed_functions(profile, os.path.basename(copy))
        if len(functions) < 1000:
            fail(f"only {len(functions)} functions seen")
        with open(output, "w") as out:
            out.write("\n".join(sorted(functions)) + "\n")
        print(f"link-order: {len(functions)} functions run by an idle daemon -> {output}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
