#!/usr/bin/env bash
# Regenerates the TypeScript types from the API's OpenAPI document (clients/openapi.json).
# Usage, from anywhere: clients/typescript/generate.sh [output]   (default: clients/typescript/src/schema.ts)
# Needs no network once node_modules is there; installs it from the lock file (npm ci) when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
document="$here/../openapi.json"
output="${1:-$here/src/schema.ts}"
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac  # relative to the caller, not to $here
[ -f "$document" ] || { echo "generate.sh: no $document (make clients writes it)" >&2; exit 1; }

if [ ! -d "$here/node_modules/openapi-typescript" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# From $here, so the tool and its version are the ones in the lock file; generate.mjs says what it
# repairs before openapi-typescript runs, and nothing machine-specific reaches the output.
cd "$here"
node generate.mjs "$document" "$output" || {
  echo "generate.sh: openapi-typescript refused clients/openapi.json (the reason is above)" >&2
  exit 1
}
