#!/usr/bin/env bash
# Installs what is needed and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Style first: swift-format (bundled with the toolchain) with the repository's .swift-format.
swift format lint --strict -r Sources Tests Package.swift
# Every target declares what it imports (SwiftPM reports it but does not stop: stop here).
mkdir -p .build
swift build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee .build/build.log
if grep -q "imports another target" .build/build.log; then echo "undeclared target dependency"; exit 1; fi
swift test --skip-build 2>&1 | tee .build/test.log
# A run that executed no test is a failure.
grep -Eq "Test run with [1-9][0-9]* tests? .*passed" .build/test.log || { echo "no tests ran"; exit 1; }
# The printed reports through headless Chromium and the CSV through LibreOffice, alone (beside the real-time tests it starves them).
LOA_PRINT_TEST=1 swift test --skip-build --filter "chromiumPrints|libreOfficeOpens" 2>&1 | tee .build/print.log
grep -Eq "Test run with 4 tests .*passed" .build/print.log || { echo "the printed-report tests did not pass"; exit 1; }
# The amplifier's GPIO code against libgpiod 2 (Debian 13), built from its PyPI sources; Debian 12
# has only 1.6. Skipped, and said so, only when PyPI cannot be reached.
if python3 -m pip download --quiet --no-deps --no-binary :all: gpiod==2.3.0 -d .build/pypi-probe >/dev/null 2>&1; then
  scripts/check-libgpiod2.sh
else
  echo "SKIPPED: scripts/check-libgpiod2.sh (PyPI not reachable: libgpiod 2's sources cannot be fetched)"
fi
# The package: built for this architecture, installed into a bare Debian 12 root, aired, purged.
scripts/test-package.sh
