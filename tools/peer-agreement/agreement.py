#!/usr/bin/env python3
"""Resource-level agreement between cloudlint and checkov (and cfn-lint, when it
has a rule) on three CloudFormation themes: EBS encryption, security groups
open to the world, public subnets / public addresses.

Every tool's findings are normalised to (template, logical resource id, theme);
each theme's table counts the resources both tools flag, only cloudlint flags,
only the peer flags, and neither flags. The universe of a theme is every
resource of the types the theme covers, in every template that cfn-lint's
decoder can read (plus any resource a tool flags that is not in it).

Run it with the Python of a virtual environment that has checkov and cfn-lint
installed (cfn-lint's decoder reads the templates for the universe):

    /work/peers-venv/bin/python tools/peer-agreement/agreement.py \
        --corpus ../shared/corpus/cloudformation --out /tmp/peers

See docs/peer-agreement.md for the results and the reading of every
disagreement.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------
# Themes: which resource types they cover and which rule ids map to them.
# cloudlint codes from src/rules/cfn and src/rules/ec2; checkov ids verified
# with `checkov --list --framework cloudformation` (3.3.30); cfn-lint 1.58 has
# no rule on any of the three themes (`cfn-lint --list-rules`).
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    name: str
    types: tuple[str, ...]
    cloudlint: tuple[str, ...]
    checkov: tuple[str, ...]
    cfn_lint: tuple[str, ...] = ()


THEMES = (
    Theme(
        "ebs-encryption",
        (
            "AWS::EC2::Volume",
            "AWS::EC2::Instance",
            "AWS::EC2::LaunchTemplate",
            "AWS::AutoScaling::LaunchConfiguration",
        ),
        # EC2001 unencrypted-ebs-volume; EC2002 KmsKeyId without Encrypted
        # (the volume is not encrypted as written: EC2 rejects the request).
        ("EC2001", "EC2002"),
        # CKV_AWS_3 AWS::EC2::Volume; CKV_AWS_8 launch configuration devices.
        ("CKV_AWS_3", "CKV_AWS_8"),
    ),
    Theme(
        "sg-open-to-world",
        ("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
        # CFN104 every port; CFN105 administrative and data ports.
        ("CFN104", "CFN105"),
        # ports 22, 3389, 80 from 0.0.0.0/0 (or ::/0).
        ("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260"),
    ),
    Theme(
        "public-subnet",
        (
            "AWS::EC2::Subnet",
            "AWS::EC2::Instance",
            "AWS::EC2::LaunchTemplate",
            "AWS::AutoScaling::LaunchConfiguration",
            "AWS::ECS::Service",
            "AWS::ECS::TaskSet",
        ),
        # CFN101 subnet MapPublicIpOnLaunch; CFN102 resource gets a public IP.
        ("CFN101", "CFN102"),
        # CKV_AWS_88 instance / launch template public IP. checkov has no
        # CloudFormation check for subnets (CKV_AWS_130 is Terraform only).
        ("CKV_AWS_88",),
    ),
)

TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")


def templates(corpus: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(TEMPLATE_SUFFIXES):
                out.append(Path(root) / f)
    return out


# --------------------------------------------------------------------------
# The universe: resources of each type, read with cfn-lint's decoder.
# --------------------------------------------------------------------------


def read_universe(corpus: Path, files: list[Path]):
    """(rel path, logical id) -> type; plus files checkov cannot scan."""
    from cfnlint.decode import decode  # noqa: PLC0415 (venv only)

    resources: dict[tuple[str, str], str] = {}
    unreadable: list[str] = []
    odd_types: list[str] = []
    for path in files:
        rel = str(path.relative_to(corpus))
        try:
            tpl, _ = decode(str(path))
        except Exception:  # noqa: BLE001 (a broken fixture is data, not a bug)
            tpl = None
        if not isinstance(tpl, dict):
            unreadable.append(rel)
            continue
        res = tpl.get("Resources")
        if not isinstance(res, dict):
            continue
        odd = False
        for lid, body in res.items():
            if not isinstance(body, dict):
                continue
            ty = body.get("Type")
            if isinstance(ty, str):
                resources[(rel, str(lid))] = ty
            elif ty is not None:
                odd = True
        if odd:
            odd_types.append(rel)
    return resources, unreadable, odd_types


# --------------------------------------------------------------------------
# Running the tools.
# --------------------------------------------------------------------------

LOGICAL = re.compile(r"^(?:\$\.)?Resources\.([^.\[]+)")


def run_cloudlint(binary: Path, corpus: Path, codes: list[str], out: Path) -> dict:
    cmd = [
        str(binary), "check", "--format", "json", "--no-config",
        "--fail-on", "never", "--select", ",".join(codes), str(corpus),
    ]
    print("$ " + " ".join(cmd), file=sys.stderr)
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    out.write_text(res.stdout)
    return json.loads(res.stdout)


def cloudlint_findings(doc: dict, corpus: Path):
    """(rel, id, code, severity, message) for each finding."""
    for f in doc["findings"]:
        m = LOGICAL.match(f.get("logical_path") or "")
        if not m:
            continue
        rel = os.path.relpath(f["path"], corpus)
        yield rel, m.group(1), f["code"], f["severity"], f["message"]


def run_checkov(checkov: Path, corpus: Path, ids: list[str], skip: list[str], out: Path):
    cmd = [
        str(checkov), "-d", str(corpus), "--framework", "cloudformation",
        "--check", ",".join(ids), "-o", "json", "--skip-download", "--quiet",
    ]
    for rel in skip:
        cmd += ["--skip-path", re.escape(rel)]
    print("$ " + " ".join(cmd), file=sys.stderr)
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=corpus)
    (out.parent / (out.stem + ".stderr")).write_text(res.stderr)
    out.write_text(res.stdout)
    return json.loads(res.stdout) if res.stdout.strip() else None


def run_checkov_file(checkov: Path, path: Path, ids: list[str]):
    cmd = [
        str(checkov), "-f", str(path), "--framework", "cloudformation",
        "--check", ",".join(ids), "-o", "json", "--skip-download", "--quiet",
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    try:
        return json.loads(res.stdout)
    except json.JSONDecodeError:
        return None


def checkov_reports(doc) -> list[dict]:
    if doc is None:
        return []
    return doc if isinstance(doc, list) else [doc]


def checkov_findings(docs: list[dict], corpus: Path):
    """(rel, id, check id, result) for failed and skipped checks."""
    for doc in docs:
        results = doc.get("results") or {}
        for kind in ("failed_checks", "skipped_checks"):
            for c in results.get(kind) or []:
                path = c.get("file_abs_path") or c.get("file_path", "")
                rel = os.path.relpath(path, corpus)
                # "AWS::EC2::Volume.NewVolume" -> NewVolume
                lid = str(c.get("resource", "")).rsplit(".", 1)[-1]
                yield rel, lid, c["check_id"], kind


# --------------------------------------------------------------------------
# Tables.
# --------------------------------------------------------------------------


@dataclass
class Flags:
    cloudlint: dict = field(default_factory=lambda: collections.defaultdict(list))
    checkov: dict = field(default_factory=lambda: collections.defaultdict(list))


def table(theme: Theme, universe, flags: Flags):
    keys = {k for k, ty in universe.items() if ty in theme.types}
    keys |= set(flags.cloudlint) | set(flags.checkov)
    rows = collections.Counter()
    by_type = collections.defaultdict(collections.Counter)
    for k in keys:
        a, b = k in flags.cloudlint, k in flags.checkov
        cell = {(True, True): "both", (True, False): "only cloudlint",
                (False, True): "only checkov", (False, False): "neither"}[(a, b)]
        rows[cell] += 1
        by_type[universe.get(k, "?")][cell] += 1
    return rows, by_type


CELLS = ("both", "only cloudlint", "only checkov", "neither")


def markdown(theme: Theme, rows, by_type) -> str:
    lines = [
        f"### {theme.name}",
        "",
        f"cloudlint {', '.join(theme.cloudlint)} vs checkov {', '.join(theme.checkov)}"
        + (f" vs cfn-lint {', '.join(theme.cfn_lint)}" if theme.cfn_lint else " (cfn-lint: no rule)"),
        "",
        "| resource type | " + " | ".join(CELLS) + " | total |",
        "|---|" + "---:|" * (len(CELLS) + 1),
    ]
    for ty in sorted(by_type):
        c = by_type[ty]
        lines.append(f"| {ty} | " + " | ".join(str(c[x]) for x in CELLS) + f" | {sum(c.values())} |")
    lines.append("| **all** | " + " | ".join(f"**{rows[x]}**" for x in CELLS) + f" | **{sum(rows.values())}** |")
    flagged = rows["both"] + rows["only cloudlint"] + rows["only checkov"]
    if flagged:
        lines += ["", f"Agreement on flagged resources: {rows['both']}/{flagged}"
                  f" ({100 * rows['both'] / flagged:.0f} %); overall agreement"
                  f" (both + neither): {rows['both'] + rows['neither']}/{sum(rows.values())}."]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--cloudlint", type=Path, default=Path("target/release/cloudlint"))
    ap.add_argument("--checkov", type=Path, default=Path(sys.executable).parent / "checkov")
    ap.add_argument("--out", type=Path, required=True, help="directory for raw outputs and the report")
    ap.add_argument("--reuse", action="store_true", help="reuse the checkov output already in --out")
    args = ap.parse_args()

    corpus = args.corpus.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    files = templates(corpus)
    universe, unreadable, odd = read_universe(corpus, files)
    print(f"{len(files)} templates; {len(unreadable)} unreadable by cfn-lint's decoder;"
          f" {len(odd)} with a non-string resource Type", file=sys.stderr)

    codes = sorted({c for t in THEMES for c in t.cloudlint})
    ids = sorted({c for t in THEMES for c in t.checkov})
    cl = run_cloudlint(args.cloudlint.resolve(), corpus, codes, args.out / "cloudlint.json")

    ck_path = args.out / "checkov.json"
    if args.reuse and ck_path.exists():
        docs = json.loads((args.out / "checkov-all.json").read_text())
    else:
        # checkov 3.3.30 aborts the whole directory scan on a resource whose
        # Type is not a string (a Rain module, a broken fixture): scan those
        # files one by one so one crash loses only that file.
        docs = checkov_reports(run_checkov(args.checkov, corpus, ids, odd, ck_path))
        crashed = []
        for rel in odd:
            doc = run_checkov_file(args.checkov, corpus / rel, ids)
            if doc is None:
                crashed.append(rel)
            docs += checkov_reports(doc)
        (args.out / "checkov-crashed.json").write_text(json.dumps(crashed, indent=1))
        (args.out / "checkov-all.json").write_text(json.dumps(docs))

    report = [f"templates: {len(files)}; unreadable by cfn-lint's decoder: {len(unreadable)}"]
    details = {}
    for theme in THEMES:
        flags = Flags()
        for rel, lid, code, sev, msg in cloudlint_findings(cl, corpus):
            if code in theme.cloudlint:
                flags.cloudlint[(rel, lid)].append(f"{code} [{sev}] {msg}")
        for rel, lid, cid, kind in checkov_findings(docs, corpus):
            if cid in theme.checkov and kind == "failed_checks":
                flags.checkov[(rel, lid)].append(cid)
        rows, by_type = table(theme, universe, flags)
        report += ["", markdown(theme, rows, by_type)]
        dis = []
        for k in sorted(set(flags.cloudlint) ^ set(flags.checkov)):
            dis.append({
                "template": k[0], "resource": k[1], "type": universe.get(k, "?"),
                "cloudlint": sorted(set(flags.cloudlint.get(k, []))),
                "checkov": sorted(set(flags.checkov.get(k, []))),
            })
        details[theme.name] = dis
    text = "\n".join(report) + "\n"
    (args.out / "tables.md").write_text(text)
    (args.out / "disagreements.json").write_text(json.dumps(details, indent=1))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
