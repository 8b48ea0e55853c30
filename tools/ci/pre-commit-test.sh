#!/usr/bin/env bash
# Proves the pre-commit hooks with pre-commit itself: a throw-away repository
# whose .pre-commit-config.yaml points at this repository fails on a bad file
# and passes once it is fixed. Used by .ci/run; needs PyPI and crates.io.
#   tools/ci/pre-commit-test.sh [rust|system]   (default: both)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
which_hooks="${1:-both}"
cache="$root/target/ci-tools"
mkdir -p "$cache"
if [ ! -x "$cache/pre-commit-venv/bin/pre-commit" ]; then
  python3 -m venv "$cache/pre-commit-venv"
  "$cache/pre-commit-venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.7.0"
fi
precommit="$cache/pre-commit-venv/bin/pre-commit"
rev="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$cache/pre-commit-home"

run_case() {
  local hook="$1"
  local repo="$work/$hook"
  mkdir -p "$repo"
  cd "$repo"
  git init --quiet
  git config user.email ci@example.com
  git config user.name ci
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: $hook
YAML
  # A policy with a duplicated key (SYN004), and an unrelated JSONC file that must be skipped.
  printf '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Effect": "Allow"}]\n}\n' > policy.json
  printf '{\n  // editors allow comments here\n  "compilerOptions": {}\n}\n' > tsconfig.json
  git add -A
  if "$precommit" run --all-files > "$work/$hook-bad.log" 2>&1; then
    cat "$work/$hook-bad.log"
    echo "FAIL: pre-commit passed on a bad policy with hook $hook"
    return 1
  fi
  grep -q "SYN004" "$work/$hook-bad.log" || { cat "$work/$hook-bad.log"; echo "FAIL: the finding is not shown"; return 1; }
  if grep -q "tsconfig.json" "$work/$hook-bad.log"; then
    cat "$work/$hook-bad.log"; echo "FAIL: tsconfig.json was reported"; return 1
  fi
  printf '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]\n}\n' > policy.json
  git add -A
  if ! "$precommit" run --all-files > "$work/$hook-good.log" 2>&1; then
    cat "$work/$hook-good.log"
    echo "FAIL: pre-commit failed on a fixed policy with hook $hook"
    return 1
  fi
  echo "ok: pre-commit hook $hook fails on the bad file and passes once it is fixed"
}

if [ "$which_hooks" = system ] || [ "$which_hooks" = both ]; then
  cargo build --quiet --manifest-path "$root/Cargo.toml"
  PATH="$root/target/debug:$PATH" run_case cloudlint-system
fi
if [ "$which_hooks" = rust ] || [ "$which_hooks" = both ]; then
  run_case cloudlint
fi
