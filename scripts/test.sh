#!/usr/bin/env bash
# The whole test suite: type check, unit tests, build, end-to-end tests in real headless Chromium.
set -euo pipefail
source "$(dirname "$0")/lib/ensure-deps.sh"
npm test
