#!/bin/sh
# Mouth-to-speaker latency of `loa live` (bench/live-latency.py): release build first.
set -e
cd "$(dirname "$0")/.."
swift build -c release --product loa >/dev/null
exec python3 bench/live-latency.py "$@"
