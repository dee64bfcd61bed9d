#!/bin/sh
# A year of as-run rows for a 20-box commune at the station (bench/station-report.py).
set -e
cd "$(dirname "$0")/.."
swift build -c release --product loa >/dev/null
exec python3 bench/station-report.py "$@"
