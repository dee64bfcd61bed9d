#!/usr/bin/env bash
# CPU per hour of speech, the daemon against espeak-ng | aplay (release build). bench/speech-cpu.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
exec python3 bench/speech-cpu.py "$@"
