#!/usr/bin/env bash
# Builds a release binary and measures what the box around the audio costs: level metering,
# software volume and Ogg Opus off-air recording, per hour of airtime (about three minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
exec python3 bench/box.py "$@"
