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
    # Only cloudlint findings whose message matches (a like-for-like view).
    cloudlint_message: str | None = None


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
    # Like for like with CKV_AWS_24/25: is tcp 22 or 3389 open to the world?
    Theme(
        "sg-ssh-rdp",
        ("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
        ("CFN104", "CFN105"),
        ("CKV_AWS_24", "CKV_AWS_25"),
        cloudlint_message=r"all traffic|every tcp port|SSH 22|RDP 3389",
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
    bodies: dict[tuple[str, str], dict] = {}
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
                bodies[(rel, str(lid))] = body
            elif ty is not None:
                odd = True
        if odd:
            odd_types.append(rel)
    return resources, bodies, unreadable, odd_types


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
# Causes of disagreement, read off the findings and the resource; every group
# is explained in docs/peer-agreement.md. A case no cause matches is listed
# as "unclassified" so a new kind of disagreement cannot hide.
# --------------------------------------------------------------------------


def is_true(v) -> bool:
    return v is True or (isinstance(v, str) and v.strip().lower() == "true")


def cause(theme: str, d: dict, body: dict) -> str:
    props = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
    msgs = " ".join(d["cloudlint"])
    ty = d["type"]
    if theme == "ebs-encryption":
        if d["checkov"]:
            if isinstance(props.get("Encrypted"), dict):
                return "Encrypted comes from a parameter without a default (unknown until deployment)"
        elif ty in ("AWS::EC2::Instance", "AWS::EC2::LaunchTemplate"):
            return "checkov has no CloudFormation check for instance / launch template block devices"
        elif "Condition" in body:
            return "checkov drops a resource whose Condition is false under the parameters' defaults"
    elif theme in ("sg-open-to-world", "sg-ssh-rdp"):
        if d["checkov"]:
            if d["checkov"] == ["CKV_AWS_260"]:
                return "port 80 (HTTP) open to the world: checkov flags it, cloudlint does not by design"
        elif re.search(r"from (?!0\.0\.0\.0/0\b)[0-9.]+/0\b", msgs):
            return "IPv4 /0 written with host bits (192.168.1.0/0): checkov compares the string with 0.0.0.0/0"
        elif re.search(r"from (?!::/0\b)[0-9a-fA-F:]+/0\b", msgs):
            return "IPv6 /0 spelled other than ::/0 (0000::/0): checkov compares strings"
        elif "all traffic" in msgs:
            return "IpProtocol -1 without FromPort/ToPort: checkov needs both ports"
        elif "CFN105" in msgs:
            return "administrative or data port other than 22/3389/80: checkov checks only those"
    elif theme == "public-subnet":
        if d["checkov"]:
            pass
        elif ty == "AWS::EC2::Subnet":
            if "is unknown" in msgs:
                return "subnet MapPublicIpOnLaunch: true, routing unknown: checkov has no CloudFormation subnet check"
            return "subnet MapPublicIpOnLaunch: true in a public subnet: checkov has no CloudFormation subnet check"
        elif ty in ("AWS::ECS::Service", "AWS::ECS::TaskSet"):
            return "ECS AssignPublicIp: ENABLED: checkov has no CloudFormation check"
        elif "launched into subnet" in msgs:
            return "no AssociatePublicIpAddress; the public subnet maps public IPs: checkov does not follow the subnet"
        elif ty == "AWS::AutoScaling::LaunchConfiguration":
            return "launch configuration AssociatePublicIpAddress: true: CKV_AWS_88 covers instances and launch templates only"
        elif "AssociatePublicIpAddress: true" in msgs:
            return "AssociatePublicIpAddress: 'true' (a string): checkov tests `is True`"
    return "unclassified"

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
    universe, bodies, unreadable, odd = read_universe(corpus, files)
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
            if code in theme.cloudlint and (
                theme.cloudlint_message is None or re.search(theme.cloudlint_message, msg)
            ):
                flags.cloudlint[(rel, lid)].append(f"{code} [{sev}] {msg}")
        for rel, lid, cid, kind in checkov_findings(docs, corpus):
            if cid in theme.checkov and kind == "failed_checks":
                flags.checkov[(rel, lid)].append(cid)
        rows, by_type = table(theme, universe, flags)
        report += ["", markdown(theme, rows, by_type)]
        dis = []
        for k in sorted(set(flags.cloudlint) ^ set(flags.checkov)):
            d = {
                "template": k[0], "resource": k[1], "type": universe.get(k, "?"),
                "cloudlint": sorted(set(flags.cloudlint.get(k, []))),
                "checkov": sorted(set(flags.checkov.get(k, []))),
            }
            d["cause"] = cause(theme.name, d, bodies.get(k, {}))
            dis.append(d)
        details[theme.name] = dis
        groups = collections.Counter(
            ("only checkov" if d["checkov"] else "only cloudlint", d["cause"]) for d in dis
        )
        if groups:
            report += ["", "| disagreement | cause | resources |", "|---|---|---:|"]
            report += [f"| {side} | {c} | {n} |" for (side, c), n in sorted(groups.items())]
    text = "\n".join(report) + "\n"
    (args.out / "tables.md").write_text(text)
    (args.out / "disagreements.json").write_text(json.dumps(details, indent=1))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
