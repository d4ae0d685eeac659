#!/usr/bin/env python3
"""Writes every ONNX operator schema known to the installed `onnx` package as compact JSON on stdout.

The rules (checker parity, opset upgrade plans, the graph view's op docs) read the result from
server/knowledge/onnx-schemas.json. Generate it with the NEWEST onnx so every opset is covered:
    python3 scripts/gen-onnx-schemas.py > server/knowledge/onnx-schemas.json
    python3 scripts/gen-onnx-schemas.py --opsets > server/knowledge/onnx-opsets.json   (the opset ranges alone, for
    the extension's opset picker, which should not bundle every schema)
A test runs this script with Debian's older onnx and checks its output is a subset of the committed file.
"""
import json
import sys

import onnx
import onnx.defs
from onnx import helper
from onnx.onnx_cpp2py_export import defs as C_defs

DOC_SUMMARY_MAX = 600  # characters: enough for a hover, small enough to keep the JSON compact


def domain_name(domain):
    return domain or "ai.onnx"


def doc_summary(doc):
    """First paragraph of a schema's doc, whitespace-collapsed and cut at a sentence end when too long."""
    text = (doc or "").strip()
    paragraph = text.split("\n\n")[0] if text else ""
    paragraph = " ".join(paragraph.split())
    if len(paragraph) > DOC_SUMMARY_MAX:
        cut = paragraph[:DOC_SUMMARY_MAX]
        end = cut.rfind(". ")
        paragraph = cut[: end + 1] if end > 100 else cut.rstrip() + "..."
    return paragraph


def option_name(option):
    return {"Single": "single", "Optional": "optional", "Variadic": "variadic"}[option.name]


def renamed(obj, new, old):
    """onnx 1.14 renamed camelCase members to snake_case; read whichever this onnx has."""
    return getattr(obj, new) if hasattr(obj, new) else getattr(obj, old)


def formal_parameter(p):
    out = {"name": p.name, "type": renamed(p, "type_str", "typeStr"), "option": option_name(p.option)}
    if p.option.name == "Variadic":
        out["homogeneous"] = bool(renamed(p, "is_homogeneous", "isHomogeneous"))
    return out


def jsonable(value):
    """Attribute defaults come back as python values, bytes, or protos (tensors); keep what JSON can hold."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        # NaN/inf are not JSON; keep them as strings so the file stays strict JSON
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return value
    if isinstance(value, (int, str, bool)) or value is None:
        return value
    return str(type(value).__name__)  # tensor/graph defaults: only the fact that one exists


def attribute(a):
    out = {"name": a.name, "type": a.type.name, "required": bool(a.required)}
    default = a.default_value
    if default is not None and default.name:
        out["default"] = jsonable(helper.get_attribute_value(default))
    return out


def schema_entry(s):
    out = {
        "since": s.since_version,
        "inputs": [formal_parameter(p) for p in s.inputs],
        "outputs": [formal_parameter(p) for p in s.outputs],
        "minInputs": s.min_input,
        "maxInputs": s.max_input,
        "minOutputs": s.min_output,
        "maxOutputs": s.max_output,
        "attributes": [attribute(a) for a in sorted(s.attributes.values(), key=lambda a: a.name)],
        "typeConstraints": {t.type_param_str: sorted(t.allowed_type_strs) for t in s.type_constraints},
        "doc": doc_summary(s.doc),
    }
    if s.deprecated:
        out["deprecated"] = True
    if s.support_level.name != "COMMON":
        out["experimental"] = True
    return out


def main():
    domains = {}
    for s in onnx.defs.get_all_schemas_with_history():
        ops = domains.setdefault(domain_name(s.domain), {})
        ops.setdefault(s.name, []).append(schema_entry(s))
    for ops in domains.values():
        for versions in ops.values():
            versions.sort(key=lambda v: v["since"])
    ranges = C_defs.schema_version_map()
    out = {
        "generatedBy": "scripts/gen-onnx-schemas.py",
        "onnxVersion": onnx.__version__,
        "irVersion": onnx.IR_VERSION,
        # onnx release -> (IR version, ai.onnx opset, ai.onnx.ml opset, training opset): the checker's IR/opset pairing
        "versionTable": [list(row) for row in helper.VERSION_TABLE],
        "domainOpsetRanges": {domain_name(d): list(r) for d, r in sorted(ranges.items())},
        "domains": {d: dict(sorted(ops.items())) for d, ops in sorted(domains.items())},
    }
    if "--opsets" in sys.argv:
        out = {k: out[k] for k in ("generatedBy", "onnxVersion", "domainOpsetRanges")}
    json.dump(out, sys.stdout, separators=(",", ":"), sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
