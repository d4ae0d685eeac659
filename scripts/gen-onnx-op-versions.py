"""Writes server/fixes/onnx-op-versions.json: for every operator of the default ONNX domain, the opset
versions at which its schema changed (since_version), from the installed onnx package's schema
registry. The opset converter reads this file; regenerate it when the reference onnx changes.

Usage: /usr/bin/python3 scripts/gen-onnx-op-versions.py
"""
import json
import os

import onnx
from onnx import defs

ops = {}
for schema in defs.get_all_schemas_with_history():
    if schema.domain not in ("", "ai.onnx"):
        continue
    ops.setdefault(schema.name, set()).add(schema.since_version)

out = {
    "generatedBy": "scripts/gen-onnx-op-versions.py",
    "onnxVersion": onnx.__version__,
    "maxOpset": defs.onnx_opset_version(),
    "ops": {name: sorted(versions) for name, versions in sorted(ops.items())},
}
path = os.path.join(os.path.dirname(__file__), "..", "server", "fixes", "onnx-op-versions.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"{len(ops)} operators, opsets up to {out['maxOpset']}")
