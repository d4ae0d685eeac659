"""Writes server/fixes/opset-adapters.json: which adapter onnx's version converter registers for each
operator version change of the default domain, read from the converter's registry in the installed
onnx package (onnx/version_converter/convert.h and adapters/*.h). These are the facts the
TypeScript converter mirrors: `compatible` (nothing changes), a type restriction (refuse some element
types), an attribute transformer (remove/set an attribute), or a named structural adapter that
server/fixes/opset-adapters.ts implements.

Usage: /usr/bin/python3 scripts/gen-opset-adapters.py [VERSION_CONVERTER_DIR ONNX_VERSION]

With arguments it reads the headers from another copy: the onnx 1.23.1 wheel on the device machine ships them
(site-packages/onnx/version_converter, the converter that made the goldens), while github's onnx/onnx at
VERSION_NUMBER 1.23.0 lacks the 28 -> 27 adapters. scripts/probe-opset-adapters.py records what the installed
converter does step by step; test/fixes/opset-adapters-probe.test.ts checks this table against that record.
"""
import glob
import json
import os
import re

import onnx

import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(onnx.__file__), "version_converter")
onnx_version = sys.argv[2] if len(sys.argv) > 2 else onnx.__version__
convert_h = open(os.path.join(root, "convert.h")).read()

# Structural adapter classes registered without arguments: class name -> (op, from, to).
fixed = {}
restricted = {}
for header in glob.glob(os.path.join(root, "adapters", "*.h")):
    text = open(header).read()
    # Constructors: `explicit X() : Base("Op", OpSetID(a), OpSetID(b))`, possibly without `explicit`, taking a
    # type list (Range_27_26), or with the base call on the next line (onnx 1.23 formatting).
    # A subclass of TypeRestriction with its own list (QuantizeLinear_21_20) is that type restriction.
    # A subclass of TypeRestriction keeps its class name as kind: it checks more than the element types (attributes
    # `to`, `output_dtype`, `block_size`); the list is its own or the one passed at registration.
    for cls, base, op, a, b, types in re.findall(r"(?:explicit )?(\w+)\((?:const std::vector<TensorProto_DataType>& \w+)?\)\s*:\s*(\w+)\(\"(\w+)\", OpSetID\((\d+)\), OpSetID\((\d+)\)(?:, (\w+))?\)", text):
        fixed[cls] = (op, int(a), int(b))
        if base == "TypeRestriction" and types:
            restricted[cls] = types
    # Constructors taking the op name (and maybe a type list): `explicit X(const std::string& op_name[, types])`.
    for cls, a, b in re.findall(r"explicit (\w+)\(const std::string& op_name(?:, const std::vector<TensorProto_DataType>& \w+)?\)\s*:\s*Adapter\(op_name, OpSetID\((\d+)\), OpSetID\((\d+)\)\)", text):
        fixed[cls] = (None, int(a), int(b))

type_lists = {}
headers = [open(h).read() for h in glob.glob(os.path.join(root, "adapters", "*.h"))]
for text in [convert_h, *headers]:
    for name, body in re.findall(r"std::vector<TensorProto_DataType> (\w+) = \{([^}]*)\}", text):
        type_lists[name] = re.findall(r"TensorProto_DataType_(\w+)", body)

transformer_vars = dict(re.findall(r"auto (\w+) = (\w+\([^;]*\));", convert_h))


def transformer(expr):
    expr = transformer_vars.get(expr, expr)
    m = re.fullmatch(r"(\w+)\((.*)\)", expr.strip())
    kind, args = m.group(1), [a.strip() for a in m.group(2).split(",", 1)]
    symbol = re.fullmatch(r'Symbol\("(\w+)"\)', args[0])
    entry = {"kind": kind, "attribute": symbol.group(1) if symbol else args[0][1:]}  # kaxis -> axis
    if len(args) > 1:
        value = re.sub(r'^std::string\((".*")\)$', r"\1", args[1])
        if value.startswith('"'):
            entry["value"] = value.strip('"')
        elif value.startswith("std::vector"):
            entry["value"] = [int(v) for v in re.findall(r"-?\d+", value.split("(", 1)[1])]
        else:
            entry["value"] = int(value)
    return entry


def extra_args(extra):
    """What follows (op, from, to) in a registration: a type list, then flags (OptionalOpsAdapter) or ints."""
    entry = {}
    parts = [p.strip() for p in extra.split(",")] if extra else []
    if parts and (parts[0] in type_lists or parts[0] == "std::vector<TensorProto_DataType>{}"):
        entry["unallowedTypes"] = type_lists.get(parts.pop(0), [])
    if parts and all(p in ("true", "false") for p in parts):
        entry["flags"] = [p == "true" for p in parts]
    elif parts:
        entry["args"] = [int(v) for v in re.findall(r"-?\d+", ", ".join(parts))]  # AxisInputToAttribute(index, default)
    return entry


adapters = []
calls = re.findall(r"registerAdapter\((.*?)\);\n", convert_h, re.S)
for call in calls:
    call = re.sub(r"([(<{]) ", r"\1", " ".join(call.split()))
    m = re.fullmatch(r"\"(\w+)\", (\d+), (\d+), (.+)", call)
    if m and m.group(4).startswith("["):
        # A lambda (Mod 28 -> 27): named after its step; the TypeScript converter implements it by name.
        entry = {"op": m.group(1), "from": int(m.group(2)), "to": int(m.group(3)),
                 "kind": f"{m.group(1)}_{m.group(2)}_{m.group(3)}"}
        captured = re.match(r"\[(\w+)\]", m.group(4))  # the lambda's type list (Mod: the float types)
        if captured and captured.group(1) in type_lists:
            entry["unallowedTypes"] = type_lists[captured.group(1)]
        adapters.append(entry)
        continue
    if m:
        adapters.append({"op": m.group(1), "from": int(m.group(2)), "to": int(m.group(3)), **transformer(m.group(4))})
        continue
    m = re.fullmatch(r"(?:std::)?make_unique<(\w+)>\((.*)\)", call)
    if not m or m.group(1) == "NoPreviousVersionAdapter":
        continue  # the NoPreviousVersionAdapter loop; the converter derives those from the schemas
    cls, args = m.group(1), m.group(2)
    m2 = re.fullmatch(r"\"(\w+)\", OpSetID\((\d+)\), OpSetID\((\d+)\)(?:, (.+))?", args)
    if m2:
        entry = {"op": m2.group(1), "from": int(m2.group(2)), "to": int(m2.group(3)), "kind": cls}
        adapters.append({**entry, **extra_args(m2.group(4))})
        continue
    op, a, b = fixed[cls]
    m3 = re.fullmatch(r"(?:\"(\w+)\"(?:, )?)?(\w*)", args)
    entry = {"op": m3.group(1) or op, "from": a, "to": b, "kind": cls}
    types = m3.group(2) if m3.group(2) in type_lists else restricted.get(cls)
    if types in type_lists:
        entry["unallowedTypes"] = type_lists[types]
    adapters.append(entry)

out = {"generatedBy": "scripts/gen-opset-adapters.py", "onnxVersion": onnx_version, "adapters": adapters}
path = os.path.join(os.path.dirname(__file__), "..", "server", "fixes", "opset-adapters.json")
with open(path, "w") as f:
    f.write("{\n")
    f.write(f' "generatedBy": {json.dumps(out["generatedBy"])},\n "onnxVersion": {json.dumps(out["onnxVersion"])},\n "adapters": [\n')
    f.write(",\n".join("  " + json.dumps(a) for a in adapters))
    f.write("\n ]\n}\n")
print(f"{len(adapters)} adapters")
