#!/usr/bin/env bash
# The uplink's as-run upload across a long broker outage (default 10 minutes): every row aired
# while the broker was down arrives upstream, in order, once it is back.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
LOA_OUTAGE_SECONDS="${LOA_OUTAGE_SECONDS:-600}" swift test --skip-build --filter asRunRowsProducedDuringABrokerOutageAllArriveInOrder
