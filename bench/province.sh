#!/bin/sh
# The province link under load (bench/province.py): release build first.
set -e
cd "$(dirname "$0")/.."
swift build -c release --product loa >/dev/null
swift build -c release --product loa-probe >/dev/null
exec python3 bench/province.py "$@"
