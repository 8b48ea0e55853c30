#!/usr/bin/env bash
# Opt-in differential test of cloudlint's IAM evaluator against
# @cloud-copilot/iam-simulate (pinned in package.json, run out of process).
# Needs node and the npm registry. DIFF_CASES (default 600) and DIFF_SEED
# (default 1) choose the generated cases.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
cd ../..
cargo test --locked --test differential -- --ignored --nocapture
