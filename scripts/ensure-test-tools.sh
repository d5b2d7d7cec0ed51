#!/usr/bin/env bash
# Runs before `npm test`: makes sure the machine has what the suite needs beyond npm
# packages: Debian's Chromium (component and end-to-end tests) and the FerretDB build
# (the embedded engine, when no MongoDB binary is available). Does nothing if both are there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v "${CHROME_PATH:-chromium}" >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

if [ -z "${MONGODB_URI:-}" ]; then
  bash scripts/build-ferretdb.sh >/dev/null
fi
