#!/usr/bin/env python3
"""Regenerates data/cfn-schemas/us-east-1.txt, the compact property catalogue
that cloudlint embeds for CloudFormation property validation (CFN001-CFN003).

Source: the CloudFormation resource provider schemas that the PyPI package
cfn-lint ships (MIT-0), region us-east-1. Install the version you want
(`pip install cfn-lint==X`), then run `python3 tools/cfn_schemas.py`.

Format (UTF-8 text, tab-separated, one block per resource type):

    =AWS::EC2::SecurityGroup[<TAB>+]     a resource type; "+" = open (extra properties allowed)
    @Ingress[<TAB>+]                     a definition used by the block's properties
    Name<TAB>TYPE<TAB>FLAGS[<TAB>enum]…  a property of the preceding type or definition

TYPE: s string, i integer, n number, b boolean, o object of unknown shape,
a anything, @Def an object described by definition Def of the same block,
[TYPE a list of TYPE, and A|B for a value that may be either.
FLAGS: R required, O read-only (an attribute for Fn::GetAtt, not settable),
- otherwise. Enum values follow, one per column.
"""

import json
import os
import re
import sys

import cfnlint

ROOT = os.path.dirname(cfnlint.__file__)
SCHEMAS = os.path.join(ROOT, "data", "schemas")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "cfn-schemas", "us-east-1.txt")

SIMPLE = {"string": "s", "integer": "i", "number": "n", "boolean": "b", "object": "o", "array": "[a"}


def load_types():
    src = open(os.path.join(SCHEMAS, "providers", "us_east_1.py"), encoding="utf-8").read()
    return dict(re.findall(r'"([^"]+)": "([0-9a-f]+)"', src))


class Block:
    def __init__(self, schema):
        self.schema = schema
        self.defs = {}  # name -> list of lines (None while being built)
        self.order = []

    def resolve_ref(self, ref):
        if not ref.startswith("#/definitions/"):
            return None, None
        name = ref[len("#/definitions/"):]
        return name, self.schema.get("definitions", {}).get(name)

    def shape(self, node, hint, depth=0):
        """The TYPE code of a schema node, and its enum values."""
        if depth > 40 or not isinstance(node, dict):
            return "a", []
        if "$ref" in node:
            name, target = self.resolve_ref(node["$ref"])
            if target is None:
                return "a", []
            if is_object(target):
                self.define(name, target, depth + 1)
                return "@" + name, []
            return self.shape(target, name, depth + 1)
        for combo in ("anyOf", "oneOf"):
            if combo in node and "type" not in node and "properties" not in node:
                shapes = {self.shape(b, hint, depth + 1)[0] for b in node[combo] if isinstance(b, dict)}
                if len(shapes) == 1:
                    return shapes.pop(), []
                return "a", []
        types = node.get("type")
        enum = [v for v in node.get("enum", []) if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
        enum = [str(v) for v in enum if "\t" not in str(v) and "\n" not in str(v)]
        if isinstance(types, list):
            codes = []
            for t in types:
                c = self.shape(dict(node, type=t), hint, depth + 1)[0]
                if c not in codes:
                    codes.append(c)
            return "|".join(codes), enum
        if types == "array" or (types is None and "items" in node):
            items = node.get("items")
            if isinstance(items, dict):
                return "[" + self.shape(items, hint, depth + 1)[0], []
            return "[a", []
        if types == "object" or (types is None and "properties" in node):
            if is_object(node) and node.get("properties"):
                self.define(hint, node, depth + 1)
                return "@" + hint, []
            return "o", []
        if types in SIMPLE:
            return SIMPLE[types], enum
        return "a", []

    def define(self, name, node, depth):
        if name in self.defs:
            return
        self.defs[name] = None
        self.order.append(name)
        self.defs[name] = self.lines(node, name, depth)

    def lines(self, node, name, depth, read_only=()):
        required = set(node.get("required", []))
        out = []
        for prop, sub in sorted(node.get("properties", {}).items()):
            code, enum = self.shape(sub, f"{name}.{prop}", depth + 1)
            flag = "O" if prop in read_only else "R" if prop in required else "-"
            out.append("\t".join([prop, code, flag] + enum))
        return out


def is_object(node):
    t = node.get("type")
    return t == "object" or (t is None and "properties" in node)


def closed(node):
    return node.get("additionalProperties") is False and not node.get("patternProperties")


def main():
    types = load_types()
    out = ["# CloudFormation resource properties, us-east-1, from cfn-lint "
           + getattr(cfnlint, "__version__", "?")
           + " (MIT-0). Generated by tools/cfn_schemas.py; do not edit."]
    for type_name in sorted(types):
        path = os.path.join(SCHEMAS, "resources", types[type_name] + ".json")
        schema = json.load(open(path, encoding="utf-8"))
        block = Block(schema)
        read_only = {p.split("/")[-1] for p in schema.get("readOnlyProperties", []) if p.count("/") == 2}
        lines = block.lines(schema, "", 0, read_only)
        out.append("=" + type_name + ("" if closed(schema) else "\t+"))
        out.extend(lines)
        for name in block.order:
            target = None
            if name in schema.get("definitions", {}):
                target = schema["definitions"][name]
            out.append("@" + name + ("" if target is None or closed(target) else "\t+"))
            out.extend(block.defs[name] or [])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(types)} resource types -> {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
