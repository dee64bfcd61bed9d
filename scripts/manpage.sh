#!/usr/bin/env bash
# Prints loa(1) in mdoc, generated from the argument parser's own description of every command
# (swift-argument-parser's generate-manual tool, built from the package's dependency).
# Usage: scripts/manpage.sh [path/to/loa]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/loa}
scratch=.build-package
swift build -c release --product generate-manual --scratch-path "$scratch" >&2
"$scratch/release/generate-manual" "$bin" --authors "Loa maintainers" -o -
