#!/usr/bin/env bash
# How long a long bulletin waits before its first synthesised audio: written out whole then split
# (the player before) against a part at a time (SpokenSentences, the player now). Release build.
#   bench/speech-start.sh [CHARACTERS]   (default 20000, the daemon's max_characters)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa-probe
n="${1:-20000}"
text="$(mktemp)"
trap 'rm -f "$text"' EXIT
python3 -c "
import sys
t = open('bench/text/bulletin.txt', encoding='utf-8').read().replace('\n', ' ')
sys.stdout.write((t * (int(sys.argv[1]) // len(t) + 1))[:int(sys.argv[1])])" "$n" > "$text"
LOA_VOICES_DIR="$PWD/Voices" .build/release/loa-probe speech-start "$text" --runs 21
