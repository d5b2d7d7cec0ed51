#!/usr/bin/env bash
# The FerretDB wrapper's Go tests (tools/ferretdb: its _id index beside each collection table),
# run by `npm test`. Built with the same flags as scripts/build-ferretdb.sh (-trimpath), so the
# build's cache serves them. Without a Go toolchain (MONGODB_URI given, no FerretDB built) they
# cannot run, and this says so.
set -euo pipefail
cd "$(dirname "$0")/../tools/ferretdb"
if ! command -v go >/dev/null 2>&1; then
  echo "No Go toolchain on PATH: the FerretDB wrapper's Go tests (tools/ferretdb) did not run." >&2
  exit 0
fi
GOTOOLCHAIN=local GOFLAGS=-mod=mod go test -trimpath ./...
