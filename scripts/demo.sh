#!/usr/bin/env bash
# The demo: installs what is missing, builds the extension, publishes and serves the sample catalogue and news
# pages on 127.0.0.1, and opens Chromium with the extension on a sample news page.
set -euo pipefail
source "$(dirname "$0")/lib/ensure-deps.sh"
echo "== building the extension"
npm run --silent build:test >/dev/null
exec npx tsx scripts/demo.ts "$@"
