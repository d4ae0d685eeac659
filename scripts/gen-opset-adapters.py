"""Writes server/fixes/opset-adapters.json: which adapter onnx's version converter registers for each
operator version change of the default domain, read from the converter's registry in the installed
onnx package (onnx/version_converter/convert.h and adapters/*.h). These are the facts the
TypeScript converter mirrors: `compatible` (nothing changes), a type restriction (refuse some element
types), an attribute transformer (remove/set an attribute), or a named structural adapter that
server/fixes/opset-adapters.ts implements.

Usage: /usr/bin/python3 scripts/gen-opset-adapters.py [VERSION_CONVERTER_DIR ONNX_VERSION]

With arguments it reads the headers from a source checkout instead (pip wheels of newer onnx may not ship
them): e.g. onnx/version_converter of github.com/onnx/onnx at the release the schemas come from.
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
    for cls, base, op, a, b, types in re.findall(r"(?:explicit )?(\w+)\((?:const std::vector<TensorProto_DataType>& \w+)?\)\s*:\s*(\w+)\(\"(\w+)\", OpSetID\((\d+)\), OpSetID\((\d+)\)(?:, (\w+))?\)", text):
        fixed[cls] = (op, int(a), int(b))
        if base == "TypeRestriction" and types:
            restricted[cls] = types
    for cls, a, b in re.findall(r"explicit (\w+)\(const std::string& op_name\)\s*:\s*Adapter\(op_name, OpSetID\((\d+)\), OpSetID\((\d+)\)\)", text):
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
    entry = {"kind": kind, "attribute": args[0][1:]}  # kaxis -> axis
    if len(args) > 1:
        value = args[1]
        if value.startswith('"'):
            entry["value"] = value.strip('"')
        elif value.startswith("std::vector"):
            entry["value"] = [int(v) for v in re.findall(r"-?\d+", value.split("(", 1)[1])]
        else:
            entry["value"] = int(value)
    return entry


adapters = []
calls = re.findall(r"registerAdapter\((.*?)\);\n", convert_h, re.S)
for call in calls:
    call = " ".join(call.split())
    m = re.fullmatch(r"\"(\w+)\", (\d+), (\d+), (.+)", call)
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
        extra = m2.group(4)
        if extra and extra in type_lists:
            entry["unallowedTypes"] = type_lists[extra]
        elif extra:
            entry["args"] = [int(v) for v in re.findall(r"-?\d+", extra)]  # AxisInputToAttribute(index, default)
        adapters.append(entry)
        continue
    op, a, b = fixed[cls]
    m3 = re.fullmatch(r"\"(\w+)\"", args)
    entry = {"op": m3.group(1) if m3 else op, "from": a, "to": b, "kind": cls}
    if cls in restricted:
        entry["kind"] = "TypeRestriction"
        args = restricted[cls]
    if args in type_lists:
        entry["unallowedTypes"] = type_lists[args]
    adapters.append(entry)

out = {"generatedBy": "scripts/gen-opset-adapters.py", "onnxVersion": onnx_version, "adapters": adapters}
path = os.path.join(os.path.dirname(__file__), "..", "server", "fixes", "opset-adapters.json")
with open(path, "w") as f:
    f.write("{\n")
    f.write(f' "generatedBy": {json.dumps(out["generatedBy"])},\n "onnxVersion": {json.dumps(out["onnxVersion"])},\n "adapters": [\n')
    f.write(",\n".join("  " + json.dumps(a) for a in adapters))
    f.write("\n ]\n}\n")
print(f"{len(adapters)} adapters")
