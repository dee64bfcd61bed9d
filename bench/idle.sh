#!/usr/bin/env bash
# Builds a release binary and measures an idle box: disk writes per day, CPU per hour, RSS/PSS.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
exec python3 bench/idle.py "$@"
