# Installs what a fresh Debian machine of this project's kind lacks: Chromium and Firefox ESR (Debian's packages)
# and the npm dependencies (from package-lock.json). Sourced by scripts/demo.sh and scripts/test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# Chromium, and a font with Hangul (Debian's Chromium brings none: Korean would show as empty boxes).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -n "$(fc-list :lang=ko 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
# nginx: tests/e2e/nginx.e2e.ts serves the API with the config of docs/deploy.md (tools/servers/nginx.ts runs it
# from a temp folder on a free port; the Debian service itself is not needed).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# openssl: tools/servers/news-sites.ts makes a throwaway certificate for the https side of the test news sites.
command -v openssl >/dev/null || missing+=(openssl)
# Firefox ESR for tests/e2e/firefox, and its Korean language pack (a Korean reader's Firefox: the extension's
# _locales follow Firefox's language).
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
dpkg-query -W -f='${Status}' firefox-esr-l10n-ko 2>/dev/null | grep -q 'ok installed' || missing+=(firefox-esr-l10n-ko)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian packages)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
