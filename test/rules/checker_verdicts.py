"""onnx.checker's verdicts on base models and on mutated copies that each break one thing.

Usage: checker_verdicts.py OUTDIR < files.json     (a JSON list of model paths)
Writes the mutants into OUTDIR and prints one JSON line per checked file:
{"file", "base", "mutation" (null for the base model), "valid", "error"}.
One process checks everything (the differential test calls it once).
"""
import copy
import json
import os
import sys

import onnx
import onnx.defs
from onnx import AttributeProto, checker

UNDEFINED = "mutant_undefined_name"


def default_domain_nodes(g):
    return [n for n in g.node if n.domain in ("", "ai.onnx")]


def opset_of(m, domain):
    for o in m.opset_import:
        if o.domain == domain or (domain in ("", "ai.onnx") and o.domain in ("", "ai.onnx")):
            return o.version
    return None


def schema_of(m, node):
    version = opset_of(m, node.domain)
    if version is None:
        return None
    try:
        return onnx.defs.get_schema(node.op_type, version, node.domain)
    except Exception:
        return None


def undefined_input(m):
    for n in m.graph.node:
        for i, name in enumerate(n.input):
            if name:
                n.input[i] = UNDEFINED
                return True
    return False


def duplicate_output(m):
    if not m.graph.node:
        return False
    m.graph.node.append(copy.deepcopy(m.graph.node[-1]))
    return True


def untyped_graph_input(m):
    if not m.graph.input:
        return False
    m.graph.input[0].ClearField("type")
    return True


def untyped_graph_output(m):
    if not m.graph.output:
        return False
    m.graph.output[0].ClearField("type")
    return True


def wrong_attribute_type(m):
    for n in default_domain_nodes(m.graph):
        for a in n.attribute:
            if a.type == AttributeProto.INT:
                a.f, a.type = float(a.i), AttributeProto.FLOAT
                a.ClearField("i")
                return True
            if a.type == AttributeProto.FLOAT:
                a.i, a.type = int(a.f), AttributeProto.INT
                a.ClearField("f")
                return True
            if a.type == AttributeProto.STRING:
                a.i, a.type = 1, AttributeProto.INT
                a.ClearField("s")
                return True
    return False


def unknown_attribute(m):
    nodes = default_domain_nodes(m.graph)
    if not nodes:
        return False
    nodes[0].attribute.append(onnx.helper.make_attribute("mutant_attribute", 1))
    return True


def missing_opset_import(m):
    if not m.graph.node:
        return False
    domain = m.graph.node[0].domain
    kept = [o for o in m.opset_import if not (o.domain == domain or (domain in ("", "ai.onnx") and o.domain in ("", "ai.onnx")))]
    if len(kept) == len(m.opset_import):
        return False
    del m.opset_import[:]
    m.opset_import.extend(kept)
    return True


def ir_version_too_old(m):
    if m.ir_version <= 3:
        return False
    m.ir_version = 3
    return True


def zero_ir_version(m):
    m.ir_version = 0
    return True


def unknown_op(m):
    nodes = default_domain_nodes(m.graph)
    if not nodes:
        return False
    nodes[0].op_type = "MutantNoSuchOp"
    return True


def missing_required_attribute(m):
    for n in default_domain_nodes(m.graph):
        schema = schema_of(m, n)
        if not schema:
            continue
        required = {name for name, a in schema.attributes.items() if a.required}
        for i, a in enumerate(n.attribute):
            if a.name in required:
                del n.attribute[i]
                return True
    return False


def too_many_inputs(m):
    for n in default_domain_nodes(m.graph):
        schema = schema_of(m, n)
        if schema and schema.max_input < 1000 and len(n.input) == schema.max_input and n.input and n.input[0]:
            n.input.append(n.input[0])
            return True
    return False


def empty_graph_name(m):
    m.graph.name = ""
    return True


def duplicate_graph_input(m):
    if not m.graph.input:
        return False
    m.graph.input.append(copy.deepcopy(m.graph.input[0]))
    return True


def tensors(m):
    yield from m.graph.initializer
    for n in m.graph.node:
        for a in n.attribute:
            if a.type == AttributeProto.TENSOR:
                yield a.t


def wrong_raw_data_size(m):
    for t in tensors(m):
        if len(t.raw_data) > 1:
            t.raw_data = t.raw_data[:-1]
            return True
    return False


def subgraphs(g):
    for n in g.node:
        for a in n.attribute:
            if a.type == AttributeProto.GRAPH:
                yield a.g
            elif a.type == AttributeProto.GRAPHS:
                yield from a.graphs


def broken_subgraph(m):
    for sub in subgraphs(m.graph):
        for n in sub.node:
            for i, name in enumerate(n.input):
                if name:
                    n.input[i] = UNDEFINED
                    return True
    return False


def untyped_subgraph_output(m):
    # onnx.checker does not require types on subgraph inputs/outputs (If branches exported without them).
    for sub in subgraphs(m.graph):
        if sub.output:
            sub.output[0].ClearField("type")
            return True
    return False


def shapeless_graph_output(m):
    # A main-graph output whose tensor type has no shape field: "Field 'shape' of 'type' is required but missing".
    for out in m.graph.output:
        if out.type.HasField("tensor_type") and out.type.tensor_type.HasField("shape"):
            out.type.tensor_type.ClearField("shape")
            return True
    return False


def shapeless_graph_input(m):
    for value in m.graph.input:
        if value.type.HasField("tensor_type") and value.type.tensor_type.HasField("shape"):
            value.type.tensor_type.ClearField("shape")
            return True
    return False


# Used by scripts/gen-fidelity-goldens.py (onnx 1.23 verdicts) on every model they apply to.
EXTRA = [untyped_subgraph_output, shapeless_graph_output, shapeless_graph_input]

# Each base model gets two of these in rotation (skipping ones that do not apply)...
ROTATED = [undefined_input, duplicate_output, untyped_graph_input, untyped_graph_output, wrong_attribute_type, unknown_attribute,
           missing_opset_import, ir_version_too_old, zero_ir_version, unknown_op, missing_required_attribute, too_many_inputs,
           empty_graph_name, duplicate_graph_input]
# ...and these whenever they apply (few models have subgraphs or raw tensors).
ALWAYS = [wrong_raw_data_size, broken_subgraph]


def verdict(model_or_path):
    try:
        checker.check_model(model_or_path)
        return True, None
    except Exception as error:  # checker.ValidationError, or a parse error for unreadable files
        return False, str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for index, path in enumerate(json.load(sys.stdin)):
        try:
            base = onnx.load(path)
        except Exception as error:
            print(json.dumps({"file": path, "base": path, "mutation": None, "valid": False, "error": str(error)[:300]}))
            continue
        valid, error = verdict(base)
        print(json.dumps({"file": path, "base": path, "mutation": None, "valid": valid, "error": error}))
        applied = 0
        start = (2 * index) % len(ROTATED)
        chosen = []
        for k in range(len(ROTATED)):
            if applied == 2:
                break
            mutate = ROTATED[(start + k) % len(ROTATED)]
            candidate = copy.deepcopy(base)
            if mutate(candidate):
                chosen.append((mutate, candidate))
                applied += 1
        for mutate in ALWAYS:
            candidate = copy.deepcopy(base)
            if mutate(candidate):
                chosen.append((mutate, candidate))
        for mutate, candidate in chosen:
            target = os.path.join(out, f"{index:05d}-{mutate.__name__}.onnx")
            onnx.save(candidate, target)
            valid, error = verdict(candidate)
            print(json.dumps({"file": target, "base": path, "mutation": mutate.__name__, "valid": valid, "error": error}))


if __name__ == "__main__":
    main()
