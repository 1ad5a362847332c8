#!/usr/bin/env bash
# The whole test suite: type check, unit tests, lint, builds, end-to-end tests in headless Chromium and Firefox ESR.
set -euo pipefail
source "$(dirname "$0")/lib/ensure-deps.sh"
npm test
