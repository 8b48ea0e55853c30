#!/usr/bin/env python3
"""Regenerates data/sam-policy-templates/templates.tsv, the SAM policy template
names and their parameters that CFN004 (invalid-sam-policy-template) checks.

Source: samtranslator/policy_templates_data/policy_templates.json of
https://github.com/aws/serverless-application-model (Apache-2.0). Run with the
path of that file: `python3 tools/sam_policy_templates.py path/to/policy_templates.json`.

Format: one template a line, `Name<TAB>Param1,Param2,...` (no parameters: an
empty second column), sorted by name.
"""

import json
import os
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "sam-policy-templates", "templates.tsv")


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    lines = []
    for name in sorted(data["Templates"]):
        params = sorted(data["Templates"][name].get("Parameters", {}))
        lines.append(f"{name}\t{','.join(params)}\n")
    with open(OUT, "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
