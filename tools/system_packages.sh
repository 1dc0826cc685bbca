#!/usr/bin/env bash
# The two programs the tests need from the system: a Chrome or Chromium for the
# browser tests and npm for axe-core and Lighthouse. Installs what is missing
# with apt where it can (root or passwordless sudo); otherwise says what to do.
set -euo pipefail

missing=()
browser_found=""
for name in chromium chromium-browser google-chrome google-chrome-stable chrome; do
  if command -v "$name" >/dev/null 2>&1; then browser_found="$name"; break; fi
done
# Playwright's own download counts too (playwright install chromium).
compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium*" >/dev/null && browser_found=playwright
[ -n "$browser_found" ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ "${#missing[@]}" -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    as_root=(none)
  fi
  if [ "${as_root[*]}" != none ]; then
    echo "Installing ${missing[*]} with apt-get"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
  fi
fi
echo "Missing: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]};" \
  "elsewhere: Google Chrome or Chromium, and Node.js with npm), or point" \
  "CHROMIUM_PATH at a Chrome binary." >&2
exit 1
