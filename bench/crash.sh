#!/usr/bin/env bash
# Crash campaign on a release build: 210 SIGKILLs, then 60 power cuts (needs root for the loop
# mount). Prints the Markdown tables that go into docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product loa
export LOA_BIN="$PWD/.build/release/loa"
python3 bench/crash.py --points "${POINTS:-210}" --seed "${SEED:-$RANDOM}"
if [ "$(id -u)" -eq 0 ]; then
  python3 bench/crash.py --points "${CUTS:-60}" --seed "${SEED:-$RANDOM}" --power-cut
fi
