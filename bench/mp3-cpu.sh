#!/usr/bin/env bash
# CPU per hour of MP3, the daemon against mpg123 (release build). bench/mp3-cpu.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
exec python3 bench/mp3-cpu.py "$@"
