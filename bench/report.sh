#!/usr/bin/env bash
# Builds a release binary and times the airtime report on a year of a busy box.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
exec python3 bench/report.py "$@"
