#!/usr/bin/env bash
# The benchmarks of docs/performance.md, in one run so that every ratio
# compares figures measured under the same machine load:
#
#   corpus   `cloudlint check` (human report, as a user runs it) and the parse
#            floor (`check --parse-only`: walk, read, decode, parse, nothing
#            else) over the CloudFormation corpus, the policy corpus and both;
#   peers    cfn-lint and checkov on the templates, Parliament on the policies,
#            cloudlint timed again on exactly the same files;
#   scaling  the whole corpus copied 1x, 4x and 16x into a temporary folder;
#   hook     one small file, as a pre-commit hook runs it (whole process);
#   eval     the evaluator's criterion bench over the AWS managed policies.
#
# Every timing is a median (hyperfine for cloudlint, a loop of
# /usr/bin/time for the peers); the peak memory (max RSS) of each command is
# taken from one more run under /usr/bin/time; the load average is recorded
# before each measurement. Results go to $OUT (results.tsv, hyperfine JSON,
# summary.md); the summary is printed at the end.
#
#   bench/run.sh                      every section
#   bench/run.sh corpus hook          some sections (corpus peers cfnlint checkov
#                                     parliament scaling hook eval; peers = the three)
#   CORPUS=/path RUNS=10 PEER_RUNS=3 SCALE_RUNS=3 HOOK_RUNS=300 OUT=/tmp/b bench/run.sh
#
# The peers are installed from PyPI into $BENCH_VENV (default /work/bench-venv,
# outside the repository), one venv per tool, at the pinned versions below.
# Needs hyperfine (Debian package `hyperfine`) and python3.
set -euo pipefail

CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30
PARLIAMENT_VERSION=1.6.4

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS:-$root/../shared/corpus}"
[ -d "$corpus" ] || corpus=/work/shared/corpus
[ -d "$corpus/cloudformation" ] || { echo "no corpus at $corpus" >&2; exit 2; }
corpus="$(cd "$corpus" && pwd)"
venv="${BENCH_VENV:-/work/bench-venv}"
out="${OUT:-$(mktemp -d /tmp/cloudlint-bench.XXXXXX)}"
runs="${RUNS:-10}"
peer_runs="${PEER_RUNS:-3}"
scale_runs="${SCALE_RUNS:-3}"
hook_runs="${HOOK_RUNS:-300}"
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(corpus peers scaling hook eval)
mkdir -p "$out"
tsv="$out/results.tsv"
[ -f "$tsv" ] || printf 'name\tfiles\tmedian_s\tp95_s\tmin_s\tmax_s\truns\tmax_rss_kb\tload_1m\n' >"$tsv"
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }

want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Peak resident memory (KB) of one run of a command.
max_rss() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'
}

# hyperfine over a command (no shell); appends a results row.
#   measure NAME FILES RUNS CMD...
measure() {
  local name=$1 files=$2 n=$3; shift 3
  local load; load=$(load1)
  hyperfine -N -i --style basic --warmup 1 --runs "$n" --export-json "$out/$name.json" -- "$(printf '%q ' "$@")" >"$out/$name.log" 2>&1
  local rss; rss=$(max_rss "$@")
  python3 - "$out/$name.json" "$name" "$files" "$rss" "$load" >>"$tsv" <<'EOF'
import json, statistics, sys
path, name, files, rss, load = sys.argv[1:]
t = sorted(json.load(open(path))["results"][0]["times"])
p95 = t[min(len(t) - 1, int(round(0.95 * (len(t) - 1))))]
print(f"{name}\t{files}\t{statistics.median(t):.4f}\t{p95:.4f}\t{t[0]:.4f}\t{t[-1]:.4f}\t{len(t)}\t{rss}\t{load}")
EOF
  tail -1 "$tsv"
}

# A loop of /usr/bin/time for the slow peers: wall time and max RSS of each run.
#   measure_slow NAME FILES RUNS CMD...
measure_slow() {
  local name=$1 files=$2 n=$3; shift 3
  local load; load=$(load1)
  : >"$out/$name.runs"
  for _ in $(seq "$n"); do
    /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || true
    tail -1 "$out/$name.time" >>"$out/$name.runs"
  done
  python3 - "$out/$name.runs" "$name" "$files" "$load" >>"$tsv" <<'EOF'
import statistics, sys
path, name, files, load = sys.argv[1:]
rows = [tuple(map(float, l.split())) for l in open(path) if l.strip()]
t = sorted(r[0] for r in rows)
print(f"{name}\t{files}\t{statistics.median(t):.4f}\t{t[-1]:.4f}\t{t[0]:.4f}\t{t[-1]:.4f}\t{len(t)}\t{int(max(r[1] for r in rows))}\t{load}")
EOF
  tail -1 "$tsv"
}

count_files() { find "$@" -type f \( -iname '*.json' -o -iname '*.yaml' -o -iname '*.yml' -o -iname '*.template' \) | wc -l; }

# --- build and tools -------------------------------------------------------
cd "$root"
cargo build --release --locked --quiet
bin="$root/target/release/cloudlint"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel: $(uname -sr)"
  echo "cloudlint: $("$bin" --version) ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo '+dirty'))"
  echo "rustc: $(rustc --version)"
  echo "hyperfine: $(hyperfine --version)"
  echo "corpus: $corpus"
} >"$out/versions.txt"

cfn="$corpus/cloudformation"
iam="$corpus/iam-policies"
human=(check --format human --color never --fail-on never)
parse=(check --parse-only)

# --- corpus: check against the parse floor ---------------------------------
if want corpus; then
  n_cfn=$(count_files "$cfn"); n_iam=$(count_files "$iam")
  n_all=$((n_cfn + n_iam))
  for set in cfn iam all; do
    case $set in
      cfn) dirs=("$cfn"); n=$n_cfn ;;
      iam) dirs=("$iam"); n=$n_iam ;;
      all) dirs=("$cfn" "$iam"); n=$n_all ;;
    esac
    measure "check-$set" "$n" "$runs" "$bin" "${human[@]}" "${dirs[@]}"
    measure "floor-$set" "$n" "$runs" "$bin" "${parse[@]}" "${dirs[@]}"
  done
fi

# --- peers: cfn-lint, checkov, Parliament ----------------------------------
# `peers` runs the three; `cfnlint`, `checkov`, `parliament` one each.
peer() { want peers || want "$1"; }
if peer cfnlint || peer checkov || peer parliament; then
  install() { # VENV_NAME PACKAGE==VERSION
    [ -x "$venv/$1/bin/python" ] || python3 -m venv "$venv/$1"
    "$venv/$1/bin/pip" install --quiet --disable-pip-version-check "$2"
  }
  install cfn-lint "cfn-lint==$CFN_LINT_VERSION"
  install checkov "checkov==$CHECKOV_VERSION"
  install parliament "parliament==$PARLIAMENT_VERSION"
  {
    echo "cfn-lint: $("$venv/cfn-lint/bin/cfn-lint" --version 2>&1)"
    echo "checkov: $("$venv/checkov/bin/checkov" --version 2>&1)"
    echo "parliament: $("$venv/parliament/bin/pip" show parliament 2>/dev/null | awk '/^Version/ { print $2 }')"
    echo "python: $("$venv/cfn-lint/bin/python" --version 2>&1)"
  } >>"$out/versions.txt"
  find "$cfn" -type f \( -iname '*.json' -o -iname '*.yaml' -o -iname '*.yml' -o -iname '*.template' \) | sort >"$out/templates.list"
fi

# Copies the files of LIST (absolute paths under FROM) to DIR, keeping their relative paths.
copy_list() { # LIST FROM DIR
  rm -rf "$3"; mkdir -p "$3"
  while IFS= read -r f; do
    rel="${f#"$2"/}"; mkdir -p "$3/$(dirname "$rel")"; cp "$f" "$3/$rel"
  done <"$1"
}

if peer cfnlint; then
  # cfn-lint gets the template files as arguments (through a wrapper: the
  # list is longer than one argument of hyperfine may be).
  cat >"$out/cfn-lint.sh" <<WRAPPER
#!/usr/bin/env bash
mapfile -t files <"$out/templates.list"
exec "$venv/cfn-lint/bin/cfn-lint" --format parseable -- "\${files[@]}"
WRAPPER
  chmod +x "$out/cfn-lint.sh"
  n_cfn=$(wc -l <"$out/templates.list")
  measure_slow cfn-lint "$n_cfn" "$peer_runs" "$out/cfn-lint.sh"
  measure "check-cfn-peers" "$n_cfn" "$runs" "$bin" "${human[@]}" "$cfn"
  measure "floor-cfn-peers" "$n_cfn" "$runs" "$bin" "${parse[@]}" "$cfn"
fi

if peer checkov; then
  # checkov 3.3.30 aborts the whole scan (TypeError, exit 2, no report) on a
  # template whose resource `Type` is not a string (Rain modules, nested
  # stack modules): it and cloudlint get a copy of the other templates.
  "$venv/checkov/bin/python" "$root/bench/checkov_safe.py" "$out/templates.list" \
    >"$out/checkov.list" 2>"$out/checkov-excluded.txt"
  copy_list "$out/checkov.list" "$cfn" "$out/templates-checkov"
  n_ck=$(count_files "$out/templates-checkov")
  measure_slow checkov "$n_ck" "$peer_runs" "$venv/checkov/bin/checkov" -d "$out/templates-checkov" \
    --framework cloudformation --quiet --compact --skip-download
  measure "check-cfn-checkov" "$n_ck" "$runs" "$bin" "${human[@]}" "$out/templates-checkov"
  measure "floor-cfn-checkov" "$n_ck" "$runs" "$bin" "${parse[@]}" "$out/templates-checkov"
fi

if peer parliament; then
  # Parliament's command line stops the whole run at the first policy it
  # cannot analyse (an exception, not a finding): both tools get a copy of
  # the policies it gets through.
  "$venv/parliament/bin/python" "$root/bench/parliament_safe.py" "$iam" >"$out/parliament.list" 2>"$out/parliament-excluded.txt"
  copy_list "$out/parliament.list" "$iam" "$out/policies-parliament"
  n_pol=$(count_files "$out/policies-parliament")
  measure_slow parliament "$n_pol" "$peer_runs" "$venv/parliament/bin/parliament" \
    --directory "$out/policies-parliament" --include_policy_extension json
  measure "check-iam-parliament" "$n_pol" "$runs" "$bin" "${human[@]}" "$out/policies-parliament"
  measure "floor-iam-parliament" "$n_pol" "$runs" "$bin" "${parse[@]}" "$out/policies-parliament"
fi

# --- scaling: the corpus copied 1x, 4x, 16x ---------------------------------
if want scaling; then
  scale="$out/scale"
  for k in 1 4 16; do
    rm -rf "$scale/$k"; mkdir -p "$scale/$k"
    for i in $(seq "$k"); do
      mkdir -p "$scale/$k/copy-$i"
      cp -r "$cfn" "$iam" "$scale/$k/copy-$i/"
    done
    n=$(count_files "$scale/$k")
    measure "scale-check-${k}x" "$n" "$scale_runs" "$bin" "${human[@]}" "$scale/$k"
    measure "scale-floor-${k}x" "$n" "$scale_runs" "$bin" "${parse[@]}" "$scale/$k"
  done
  rm -rf "$scale"
fi

# --- hook: one small file, whole process -----------------------------------
if want hook; then
  small_policy="$iam/service-control-policy-examples/Privileged-access-controls/Deny-AWS-CLI-login-using-console-credentials.json"
  small_template="$cfn/aws-sra-examples/solutions/security_lake/security_lake_org/templates/sra-service-role-for-asl-resource-management.yaml"
  measure hook-policy 1 "$hook_runs" "$bin" check "$small_policy"
  measure hook-template 1 "$hook_runs" "$bin" check "$small_template"
fi

# --- eval: requests per second over the managed policies -------------------
if want eval; then
  CLOUDLINT_MANAGED_POLICIES="$iam/aws-managed" cargo bench --locked --bench eval -- --noplot >"$out/eval.txt" 2>&1 || true
  grep -E 'loaded|time:|thrpt:|statements considered' "$out/eval.txt" || true
fi

python3 "$root/bench/summary.py" "$out" | tee "$out/summary.md"
echo "results in $out"
