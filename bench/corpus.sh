#!/usr/bin/env bash
# Times `cloudlint check` against `cloudlint check --parse-only` over a corpus
# of real files, in the same run: each round runs both, one after the other,
# and the script reports the median of each, files per second and the ratio.
#
#   bench/corpus.sh [CORPUS_DIR]      (default: ../shared/corpus)
#   ROUNDS=7 bench/corpus.sh          (default: 5 rounds, after one warm-up)
#
# `check` runs every rule and writes the JSON report to /dev/null; the
# parse-only pass reads, decodes and parses the same walked files and nothing
# else, so the ratio is what rules, detection and reporting add to parsing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
rounds="${ROUNDS:-5}"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }

cd "$root"
cargo build --release --locked --quiet
bin="$root/target/release/cloudlint"

# Milliseconds of wall time of one command, its output discarded.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

check=("$bin" check --format json --output /dev/null --fail-on never "$corpus")
parse=("$bin" check --parse-only "$corpus")

# The walked file count, and a warm-up of the page cache.
files=$("$bin" check --format json --fail-on never "$corpus" \
  | sed -n 's/.*"files_\(linted\|skipped\)": \([0-9]*\).*/\2/p' | awk '{ n += $1 } END { print n }')
"${parse[@]}" >/dev/null

check_ms=(); parse_ms=()
for _ in $(seq "$rounds"); do
  check_ms+=("$(time_ms "${check[@]}")")
  parse_ms+=("$(time_ms "${parse[@]}")")
done
c=$(printf '%s\n' "${check_ms[@]}" | median)
p=$(printf '%s\n' "${parse_ms[@]}" | median)

# Bytes of the files cloudlint walks (the extensions it reads).
mb=$(find "$corpus" -type f \( -iname '*.json' -o -iname '*.yaml' -o -iname '*.yml' \
  -o -iname '*.properties' -o -iname '*.template' \) -printf '%s\n' \
  | awk '{ n += $1 } END { printf "%.1f", n / 1e6 }')
echo "corpus:      $corpus ($files files, $mb MB)"
echo "machine:     $(nproc) cores; $rounds rounds after a warm-up; medians"
per_s() { awk -v n="$files" -v ms="$1" 'BEGIN { printf "%d", (ms > 0 ? n * 1000 / ms : 0) }'; }
echo "check:       ${c} ms  ($(per_s "$c") files/s)   rounds: ${check_ms[*]}"
echo "parse-only:  ${p} ms  ($(per_s "$p") files/s)   rounds: ${parse_ms[*]}"
echo "ratio:       check takes $(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.2f", (p > 0 ? c / p : 0) }')x the parse-only time"
