#!/usr/bin/env bash
# Installs what is needed and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Style first: swift-format (bundled with the toolchain) with the repository's .swift-format.
swift format lint --strict -r Sources Tests Package.swift
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test.log
# A run that executed no test is a failure.
grep -Eq "Test run with [1-9][0-9]* tests? .*passed" .build/test.log || { echo "no tests ran"; exit 1; }
