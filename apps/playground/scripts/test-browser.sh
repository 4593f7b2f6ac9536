#!/usr/bin/env bash
# The playground's browser tests (every panel, and the emulator's CORS seen from another origin) in
# Debian's Chromium, driven by playwright-core. Installs Chromium with apt when it is missing; builds
# the workspace packages the page uses. Run from a clean clone after `pnpm install`.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "No Chromium at $CHROMIUM and no apt-get here: install Chromium and set CHROMIUM_PATH." >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "Installing Debian's chromium (apt-get)…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
"$CHROMIUM" --version

TURBO_TELEMETRY_DISABLED=1 pnpm exec turbo run build --filter=@anyint/playground^... --output-logs=errors-only
pnpm exec vitest run -c vitest.browser.config.ts "$@"
