#!/usr/bin/env bash
# Builds a release binary and runs the relay benchmark (about two minutes; RELAY_SECONDS=7200 RUNS=1 for the soak).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
swift build -c release --product loa-probe
exec python3 bench/relay.py "$@"
