#!/usr/bin/env bash
# Builds a release binary and runs the schedule benchmarks (about three minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
swift build -c release --product loa-probe
exec python3 bench/schedule.py "$@"
