#!/usr/bin/env bash
# Fan-out benchmark: one local mosquitto, N simulated boxes in one process (the real uplink
# client and Gatekeeper), one emergency to the province topic; time until every box acked.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
swift build -c release --product loa-probe
ulimit -n 20000 || true
exec python3 bench/fanout.py "$@"
