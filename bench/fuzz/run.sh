#!/usr/bin/env bash
# Builds the libFuzzer targets (every Swift module instrumented with -sanitize=fuzzer) and runs
# each for RUNS inputs (default 1,000,000), from the seed corpus in bench/fuzz/seeds/<name>.
# A crashing input is written to bench/fuzz/crashes/<name>/; copy it into
# Tests/Fuzz/<name>/ so the default test suite replays it (FuzzRegressionTests).
#   bench/fuzz/run.sh                 # all
#   RUNS=100000 bench/fuzz/run.sh cap # one, shorter
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-1000000}"
targets=("${@:-uplink cap schedule config lexicon audio normalizer}")
read -r -a targets <<<"${targets[*]}"
swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer 2>&1 | grep -E "error|Compiling fuzz|Build complete" || true
bin=".build-fuzz/release"
echo "| fuzzer | inputs | seconds | inputs/s | coverage (edges) | crashes |"
echo "|---|---|---|---|---|---|"
for t in "${targets[@]}"; do
  mkdir -p "work/$t" "crashes/$t"
  cp -n seeds/"$t"/* "work/$t/" 2>/dev/null || true
  start=$(date +%s.%N)
  # The normaliser and the lexicon read Voices/ from the repository root.
  (cd ../.. && SWIFT_BACKTRACE=enable=no "bench/fuzz/$bin/fuzz-$t" -runs="$RUNS" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="bench/fuzz/crashes/$t/" "bench/fuzz/work/$t") >"work/$t.log" 2>&1 || true
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  done_runs=$(grep -Eo "Done [0-9]+ runs" "work/$t.log" | grep -Eo "[0-9]+" || echo "?")
  cov=$(grep -Eo "cov: [0-9]+" "work/$t.log" | tail -1 | grep -Eo "[0-9]+" || echo "?")
  crashes=$(find "crashes/$t" -type f | wc -l)
  rate=$( [ "$done_runs" != "?" ] && echo "$done_runs / $secs" | bc || echo "?")
  printf "| %s | %s | %.0f | %s | %s | %s |\n" "$t" "$done_runs" "$secs" "$rate" "$cov" "$crashes"
done
