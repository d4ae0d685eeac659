"""Asks the installed onnx's version converter, step by step, which adapters it really has: for every operator
version change of the default domain (each since-version v of an op: the steps v-1 -> v and v -> v-1) it converts
one-node models whose inputs and outputs all carry one element type, once per element type, and records what
happened. Needed because pip wheels of onnx do not ship version_converter/*.h, so the headers in a source checkout
(what scripts/gen-opset-adapters.py reads) may be of another patch release than the converter that made the goldens.

Per step the outcome is one of:
  none        "No Adapter ..." : the converter registers nothing for the step (it refuses every model)
  compatible  every element type converts and the node is left as it was
  types       some element types are refused as "unallowed" (a type restriction), the rest are left as they were
  changed     the node is rewritten (a structural adapter) or the adapter fails on the bare node: the kind must
              come from the source headers
Each probe runs in its own process (a structural adapter may abort on a node without its usual inputs).

Usage (device, onnx 1.23): python3 scripts/probe-opset-adapters.py > converter-probe.json
"""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import onnx
from onnx import TensorProto, defs, helper, version_converter

DTYPES = [v for k, v in TensorProto.DataType.items() if k != "UNDEFINED"]


def default_schemas():
    by_op = {}
    for s in defs.get_all_schemas_with_history():
        if s.domain in ("", "ai.onnx"):
            by_op.setdefault(s.name, []).append(s)
    return {op: sorted(ss, key=lambda s: s.since_version) for op, ss in by_op.items()}


def schema_at(schemas, version):
    return [s for s in schemas if s.since_version <= version][-1]


def one_node_model(op, schema, opset, dtype):
    inputs = [f"i{k}" for k in range(max(1, schema.min_input))]
    outputs = [f"o{k}" for k in range(max(1, schema.min_output))]
    node = helper.make_node(op, inputs, outputs, name="probe")
    graph = helper.make_graph(
        [node],
        "probe",
        [helper.make_tensor_value_info(n, dtype, None) for n in inputs],
        [helper.make_tensor_value_info(n, dtype, None) for n in outputs],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=onnx.IR_VERSION)


def probe_step(op, source, target):
    """Runs in a child process: the outcome of one step, as JSON on stdout."""
    schemas = default_schemas()[op]
    schema = schema_at(schemas, source)
    unallowed, changed, errors = [], False, []
    for dtype in DTYPES:
        model = one_node_model(op, schema, source, dtype)
        before = model.graph.node[0].SerializeToString()
        try:
            out = version_converter.convert_version(model, target)
        except Exception as error:  # noqa: BLE001 - the converter raises RuntimeError/ValidationError alike
            text = str(error)
            if "No Adapter" in text:
                return {"outcome": "none", "error": text.strip().splitlines()[0][-200:]}
            if "unallowed" in text:
                unallowed.append(TensorProto.DataType.Name(dtype))
            else:
                errors.append(text.strip().splitlines()[0][-200:] if text.strip() else type(error).__name__)
            continue
        nodes = [n.SerializeToString() for n in out.graph.node]
        if nodes != [before]:
            changed = True
    if changed or errors:
        return {"outcome": "changed", **({"error": errors[0]} if errors else {})}
    if unallowed:
        return {"outcome": "types", "unallowedTypes": unallowed}
    return {"outcome": "compatible"}


def steps():
    newest = defs.onnx_opset_version()
    for op, schemas in sorted(default_schemas().items()):
        versions = [s.since_version for s in schemas]
        for v in versions[1:]:
            if v <= newest:
                yield op, v - 1, v
                yield op, v, v - 1


def run_child(step):
    op, source, target = step
    r = subprocess.run(
        [sys.executable, __file__, "--step", op, str(source), str(target)], capture_output=True, text=True
    )
    if r.returncode != 0:
        return {"op": op, "from": source, "to": target, "outcome": "changed", "error": f"exit {r.returncode}"}
    return {"op": op, "from": source, "to": target, **json.loads(r.stdout)}


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--step":
        print(json.dumps(probe_step(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return
    root = os.path.join(os.path.dirname(onnx.__file__), "version_converter")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        results = list(pool.map(run_child, list(steps())))
    out = {
        "generatedBy": "scripts/probe-opset-adapters.py",
        "onnxVersion": onnx.__version__,
        "headersShipped": os.path.exists(os.path.join(root, "convert.h")),
        "steps": results,
    }
    sys.stdout.write("{\n")
    for key in ("generatedBy", "onnxVersion", "headersShipped"):
        sys.stdout.write(f" {json.dumps(key)}: {json.dumps(out[key])},\n")
    sys.stdout.write(' "steps": [\n' + ",\n".join("  " + json.dumps(r) for r in results) + "\n ]\n}\n")


main()
