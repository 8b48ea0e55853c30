"""Turns the results of bench/run.sh (results.tsv, versions.txt, eval.txt in
one folder) into the Markdown tables of docs/performance.md, each figure next
to its target.

    python3 bench/summary.py OUT_DIR
"""

import csv
import os
import re
import sys


def main(out):
    rows = {}
    with open(os.path.join(out, "results.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows[r["name"]] = r  # a later run of a section replaces the earlier one

    def med(name):
        return float(rows[name]["median_s"]) if name in rows else None

    def mb(name):
        return int(rows[name]["max_rss_kb"]) / 1024 if name in rows else None

    def ms(s):
        return f"{s * 1000:,.0f} ms" if s is not None and s < 10 else f"{s:,.1f} s"

    def verdict(ok):
        return "met" if ok else "**missed**"

    lines = []
    versions = os.path.join(out, "versions.txt")
    if os.path.exists(versions):
        lines += ["```", open(versions, encoding="utf-8").read().rstrip(), "```", ""]

    if "check-all" in rows:
        lines += [
            "| corpus | files | `check` (human report) | parse floor | check / floor (target ≤ 3×) | files/s | peak RSS check / floor (target < 200 MB) | load (1 min) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for key, label in [("cfn", "CloudFormation"), ("iam", "IAM policies"), ("all", "both")]:
            c, p = med(f"check-{key}"), med(f"floor-{key}")
            n = int(rows[f"check-{key}"]["files"])
            ratio = c / p
            lines.append(
                f"| {label} | {n:,} | {ms(c)} | {ms(p)} | {ratio:.2f}× ({verdict(ratio <= 3)}) | "
                f"{n / c:,.0f} | {mb(f'check-{key}'):.0f} / {mb(f'floor-{key}'):.0f} MB "
                f"({verdict(mb(f'check-{key}') < 200)}) | {rows[f'check-{key}']['load_1m']} |"
            )
        lines.append("")

    if "cfn-lint" in rows or "parliament" in rows:
        lines += [
            "| peer | files | peer median (runs) | cloudlint `check`, same files, same run | speed-up | target | peer peak RSS | load (1 min) |",
            "|---|---:|---:|---:|---:|---|---:|---:|",
        ]
        for peer, mine, target in [
            ("cfn-lint", "check-cfn-peers", 100),
            ("checkov", "check-cfn-checkov" if "check-cfn-checkov" in rows else "check-cfn-peers", 100),
            ("parliament", "check-iam-parliament", 50),
        ]:
            if peer not in rows or mine not in rows:
                continue
            speedup = med(peer) / med(mine)
            lines.append(
                f"| {peer} | {int(rows[peer]['files']):,} | {ms(med(peer))} ({rows[peer]['runs']}) | "
                f"{ms(med(mine))} | {speedup:,.0f}× | ≥ {target}× ({verdict(speedup >= target)}) | "
                f"{mb(peer):.0f} MB | {rows[peer]['load_1m']} |"
            )
        lines.append("")

    if "scale-check-1x" in rows:
        lines += [
            "| scale | files | `check` | µs per file | per file vs 1× | parse floor | check / floor | peak RSS | load (1 min) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        base = None
        for k in (1, 4, 16):
            c, p = med(f"scale-check-{k}x"), med(f"scale-floor-{k}x")
            n = int(rows[f"scale-check-{k}x"]["files"])
            per = c / n * 1e6
            base = base or per
            lines.append(
                f"| {k}× | {n:,} | {ms(c)} | {per:,.0f} | {per / base:.2f} | {ms(p)} | {c / p:.2f}× | "
                f"{mb(f'scale-check-{k}x'):.0f} MB | {rows[f'scale-check-{k}x']['load_1m']} |"
            )
        lines.append("")

    if "hook-policy" in rows:
        lines += [
            "| one small file (pre-commit) | runs | median | p95 | target | peak RSS | load (1 min) |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for name, label in [("hook-policy", "IAM policy (1.0 KB)"), ("hook-template", "template (1.3 KB)")]:
            if name not in rows:
                continue
            m, p95 = med(name), float(rows[name]["p95_s"])
            lines.append(
                f"| {label} | {rows[name]['runs']} | {m * 1000:.1f} ms | {p95 * 1000:.1f} ms | "
                f"< 20 ms ({verdict(m < 0.020)}) | {mb(name):.0f} MB | {rows[name]['load_1m']} |"
            )
        lines.append("")

    eval_txt = os.path.join(out, "eval.txt")
    if os.path.exists(eval_txt):
        text = open(eval_txt, encoding="utf-8").read()
        time = re.search(r"time:\s*\[([^\]]+)\]", text)
        thrpt = re.search(r"thrpt:\s*\[([^\]]+)\]", text)
        if time:
            lines += [
                "| evaluator (criterion, warm) | time per request [low median high] | requests/s [low median high] |",
                "|---|---|---|",
                f"| one request against 1,644 AWS managed policies | {time.group(1).strip()} | "
                f"{thrpt.group(1).strip() if thrpt else 'n/a'} |",
                "",
            ]
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
