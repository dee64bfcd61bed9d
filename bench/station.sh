#!/bin/sh
# The commune station under load (bench/station.py): release build first.
set -e
cd "$(dirname "$0")/.."
swift build -c release --product loa >/dev/null
swift build -c release --product loa-probe >/dev/null
exec python3 bench/station.py "$@"
