"""Prints the templates of a list (one path a line) that checkov can scan:
checkov 3.3.30 aborts its whole CloudFormation scan (TypeError: unhashable
type, exit status 2, no report) when a resource's `Type` is not a string, as
in Rain modules (`Type: {Rain::Module: ...}`). The benchmark times checkov,
and cloudlint, on the other templates.

    python checkov_safe.py TEMPLATE_LIST   (run with checkov's venv python)
"""

import sys

from checkov.cloudformation.parser import parse


def scannable(path):
    try:
        template, _ = parse(path)
    except Exception:  # noqa: BLE001 - checkov reports parse errors and goes on
        return True
    resources = template.get("Resources") if isinstance(template, dict) else None
    if not isinstance(resources, dict):
        return True
    return all(
        not (isinstance(r, dict) and "Type" in r and not isinstance(r["Type"], str))
        for r in resources.values()
    )


def main(listing):
    for line in open(listing, encoding="utf-8"):
        path = line.strip()
        if not path:
            continue
        if scannable(path):
            print(path)
        else:
            print(f"checkov aborts on {path}: a resource Type that is not a string", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
