"""Prints the policy files under a folder that Parliament analyses without
raising: its command line stops the whole run at the first policy it cannot
handle (for example a condition key of type `ArrayOfARN`), so the benchmark
times it, and cloudlint, on the files it gets through.

    python parliament_safe.py POLICY_DIR   (run with Parliament's venv python)
"""

import os
import sys

from parliament import analyze_policy_string


def main(directory):
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            try:
                analyze_policy_string(text, path)
            except Exception as e:  # noqa: BLE001 - any failure excludes the file
                print(f"parliament fails on {path}: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            print(path)


if __name__ == "__main__":
    main(sys.argv[1])
