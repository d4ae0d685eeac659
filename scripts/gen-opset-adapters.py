"""Writes server/fixes/opset-adapters.json: which adapter onnx's version converter registers for each
operator version change of the default domain, read from the converter's registry in the installed
onnx package (onnx/version_converter/convert.h and adapters/*.h). These are the facts the
TypeScript converter mirrors: `compatible` (nothing changes), a type restriction (refuse some element
types), an attribute transformer (remove/set an attribute), or a named structural adapter that
server/fixes/opset-adapters.ts implements.

Usage: /usr/bin/python3 scripts/gen-opset-adapters.py
"""
import glob
import json
import os
import re

import onnx

root = os.path.join(os.path.dirname(onnx.__file__), "version_converter")
convert_h = open(os.path.join(root, "convert.h")).read()

# Structural adapter classes registered without arguments: class name -> (op, from, to).
fixed = {}
for header in glob.glob(os.path.join(root, "adapters", "*.h")):
    text = open(header).read()
    for cls, op, a, b in re.findall(r"explicit (\w+)\(\)\s*:\s*\w+\(\"(\w+)\", OpSetID\((\d+)\), OpSetID\((\d+)\)\)", text):
        fixed[cls] = (op, int(a), int(b))
    for cls, a, b in re.findall(r"explicit (\w+)\(const std::string& op_name\)\s*:\s*Adapter\(op_name, OpSetID\((\d+)\), OpSetID\((\d+)\)\)", text):
        fixed[cls] = (None, int(a), int(b))

type_lists = {}
for name, body in re.findall(r"std::vector<TensorProto_DataType> (\w+) = \{([^}]*)\}", convert_h):
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
    m = re.fullmatch(r"make_unique<(\w+)>\((.*)\)", call)
    if not m or m.group(1) == "NoPreviousVersionAdapter":
        continue  # the NoPreviousVersionAdapter loop; the converter derives those from the schemas
    cls, args = m.group(1), m.group(2)
    m2 = re.fullmatch(r"\"(\w+)\", OpSetID\((\d+)\), OpSetID\((\d+)\)(?:, (\w+))?", args)
    if m2:
        entry = {"op": m2.group(1), "from": int(m2.group(2)), "to": int(m2.group(3)), "kind": cls}
        if m2.group(4):
            entry["unallowedTypes"] = type_lists[m2.group(4)]
        adapters.append(entry)
        continue
    op, a, b = fixed[cls]
    m3 = re.fullmatch(r"\"(\w+)\"", args)
    adapters.append({"op": m3.group(1) if m3 else op, "from": a, "to": b, "kind": cls})

out = {"generatedBy": "scripts/gen-opset-adapters.py", "onnxVersion": onnx.__version__, "adapters": adapters}
path = os.path.join(os.path.dirname(__file__), "..", "server", "fixes", "opset-adapters.json")
with open(path, "w") as f:
    f.write("{\n")
    f.write(f' "generatedBy": {json.dumps(out["generatedBy"])},\n "onnxVersion": {json.dumps(out["onnxVersion"])},\n "adapters": [\n')
    f.write(",\n".join("  " + json.dumps(a) for a in adapters))
    f.write("\n ]\n}\n")
print(f"{len(adapters)} adapters")
