#!/usr/bin/env bash
# Nothing slow on the emergency path, measured: runs the two integration rigs that put slow
# downloads beside an emergency (mosquitto, a 20 KB/s HTTP server, a real daemon) RUNS times
# and prints the medians of
#   - an emergency published over MQTT while a 50 MB media download is in progress:
#     publish → the chime's first frame handed to the device (as-run started_at);
#   - GET /v1/health (curl's time_total) while 10 slow media downloads arrive by LAN ingest.
# Not a test: figures for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
out=$(mktemp)
swift build --build-tests >/dev/null
for i in $(seq "$RUNS"); do
  LOA_BENCH_OUT=$out swift test --skip-build \
    --filter 'anEmergencyIsNotHeldUpByAMediaDownload|theAPIAnswersWhileLANIngestDownloads' >/dev/null 2>&1 ||
    echo "run $i: a test failed" >&2
done
python3 - "$out" <<'PY'
import statistics, sys, collections
figs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, value = line.split()
    figs[name].append(float(value))
for name, xs in sorted(figs.items()):
    xs.sort()
    print(f"{name}: n={len(xs)} median {statistics.median(xs):.1f} ms, min {xs[0]:.1f}, max {xs[-1]:.1f}")
PY
rm -f "$out"
