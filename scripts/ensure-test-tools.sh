#!/usr/bin/env bash
# Runs before `npm test`: makes sure the machine has what the suite needs beyond npm
# packages: Debian's Chromium (component and end-to-end tests), the FerretDB build (the
# embedded engine, when no MongoDB binary is available) and a Redis on 127.0.0.1:6379 (the
# scale-out test; TEST_REDIS_URL names another). Does nothing if all are there.
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

if [ -z "${TEST_REDIS_URL:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "Installing Debian's redis-server for the scale-out test..."
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  fi
  echo "Starting Redis on 127.0.0.1:6379 for the scale-out test..."
  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.1; done
fi
