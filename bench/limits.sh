#!/usr/bin/env bash
# The listener under abuse at the issue's full count: 2,000 refused oversize bodies against a real
# `loa serve`, then descriptors and RSS compared with before (the default suite sends 300).
#   bench/limits.sh            # after `swift build --build-tests`
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
LOA_OVERSIZE_COUNT="${LOA_OVERSIZE_COUNT:-2000}" swift test --skip-build --filter refusedBodiesLeaveNoDescriptorOrMemoryBehind 2>&1 |
  grep -E "refused|✔ Test run|✘|recorded an issue" || true
echo "$(( $(date +%s) - start )) s"
