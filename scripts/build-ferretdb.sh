#!/usr/bin/env bash
# Builds the embedded database engine: FerretDB 1.24.2 (SQLite backend) through the small
# wrapper in tools/ferretdb, with this machine's Go toolchain and the Go module proxy.
# The binary lands in .tools/bin/shoal-ferretdb (git-ignored). Safe to run again: it does
# nothing when the binary is already there, unless --force is given.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.tools/bin/shoal-ferretdb"
if [[ -x "$out" && "${1:-}" != "--force" ]]; then
  echo "FerretDB already built: $out"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Cannot build FerretDB: no Go toolchain on PATH (Go >= 1.24 is needed)." >&2
  exit 1
fi
mkdir -p "$root/.tools/bin"
echo "Building FerretDB 1.24.2 with $(go version) (the first build takes a minute or two)..."
cd "$root/tools/ferretdb"
GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -o "$out.tmp" .
mv "$out.tmp" "$out"
echo "FerretDB built: $out"
