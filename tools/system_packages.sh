#!/usr/bin/env bash
# The programs the tests need from the system: a Chrome or Chromium for the
# browser tests, npm for axe-core and Lighthouse, PostgreSQL for the Django
# examples and RabbitMQ for the broker comparisons. Installs what is missing
# with apt where it can (root or passwordless sudo); otherwise says what to do.
# Chromium's headless shell, a third of the browser's CPU time per page in the
# tests, is installed too where apt has it, and is never required.
# Usage: system_packages.sh PYTHON (the project's, to look for a browser the way
# the tests do).
set -euo pipefail
python=${1:-python3}

missing=()
# The tests' own search (tests/support/site.py), then Playwright's download.
if ! "$python" -c 'import sys; from tests.support.site import find_chromium; sys.exit(find_chromium() is None)' &&
  ! compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium*" >/dev/null; then
  missing+=(chromium)
fi
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The tests' own search for pg_ctl (tests/support/servers.py).
"$python" -c 'import sys; from tests.support.servers import find_pg_ctl; sys.exit(find_pg_ctl() is None)' ||
  missing+=(postgresql)
PATH="$PATH:/usr/sbin:/sbin" command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
optional=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium-headless-shell >/dev/null 2>&1 &&
  ! command -v chrome-headless-shell >/dev/null 2>&1 &&
  apt-cache show chromium-headless-shell >/dev/null 2>&1; then
  optional+=(chromium-headless-shell)
fi
[ "${#missing[@]}" -eq 0 ] && [ "${#optional[@]}" -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  as_root=""
  if [ "$(id -u)" -ne 0 ] && sudo -n true 2>/dev/null; then as_root=sudo; fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$as_root" ]; then
    echo "Installing ${missing[*]} ${optional[*]} with apt-get"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" "${optional[@]}" >/dev/null
    exit 0
  fi
fi
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "Missing: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]};" \
  "elsewhere: Google Chrome or Chromium, Node.js with npm, PostgreSQL and" \
  "RabbitMQ), or point CHROMIUM_PATH at a Chrome binary and PG_CTL at pg_ctl." >&2
exit 1
