"""Dumps what Debian's python3-onnx reads from ONNX files, as JSON lines, for the reader's differential test.

Independent of our reader: uses onnx.load (without external data) and numpy item sizes.
Usage: /usr/bin/python3 dump_with_onnx.py FILE... > dump.jsonl
"""
import hashlib
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, mapping


def dim_value(d):
    if d.HasField("dim_value"):
        return d.dim_value
    if d.HasField("dim_param"):
        return d.dim_param
    return None


def value_info(v):
    t = v.type
    if t.HasField("tensor_type"):
        tt = t.tensor_type
        shape = [dim_value(d) for d in tt.shape.dim] if tt.HasField("shape") else None
        return {"name": v.name, "elemType": TensorProto.DataType.Name(tt.elem_type), "shape": shape}
    return {"name": v.name, "kind": t.WhichOneof("value")}


def tensor(t):
    count = int(np.prod(t.dims)) if len(t.dims) else 1
    out = {"name": t.name, "elemType": TensorProto.DataType.Name(t.data_type), "dims": list(t.dims)}
    np_type = mapping.TENSOR_TYPE_TO_NP_TYPE.get(t.data_type)
    if np_type is not None and t.data_type != TensorProto.STRING:
        out["byteSize"] = count * np.dtype(np_type).itemsize
    if t.HasField("raw_data"):
        out["rawLength"] = len(t.raw_data)
        out["rawMd5"] = hashlib.md5(t.raw_data).hexdigest()
    if t.data_location == TensorProto.EXTERNAL:
        out["external"] = {e.key: e.value for e in t.external_data}
    return out


def graph(g, path):
    graphs = []
    nodes = []
    for i, n in enumerate(g.node):
        nodes.append({"opType": n.op_type, "domain": n.domain, "name": n.name, "inputs": list(n.input), "outputs": list(n.output),
                      "attributes": [a.name for a in n.attribute]})
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                graphs += graph(a.g, f"{path}/{i}:{a.name}")
            elif a.type == onnx.AttributeProto.GRAPHS:
                for k, sub in enumerate(a.graphs):
                    graphs += graph(sub, f"{path}/{i}:{a.name}[{k}]")
    here = {
        "path": path,
        "name": g.name,
        "nodes": nodes,
        "inputs": [value_info(v) for v in g.input],
        "outputs": [value_info(v) for v in g.output],
        "valueInfoCount": len(g.value_info),
        "initializers": [tensor(t) for t in g.initializer],
        "sparseInitializers": [{"dims": list(s.dims), "values": tensor(s.values)} for s in g.sparse_initializer],
    }
    return [here] + graphs


def main():
    for path in sys.argv[1:]:
        try:
            m = onnx.load(path, load_external_data=False)
        except Exception as e:  # noqa: BLE001 - the test wants to know onnx refused the file
            print(json.dumps({"file": path, "error": str(e)[:200]}))
            continue
        print(json.dumps({
            "file": path,
            "irVersion": m.ir_version,
            "producer": [m.producer_name, m.producer_version],
            "opsets": [[o.domain, o.version] for o in m.opset_import],
            "metadata": {p.key: p.value for p in m.metadata_props},
            "functions": [{"name": f.name, "domain": f.domain, "nodes": [n.op_type for n in f.node]} for f in m.functions],
            "graphs": graph(m.graph, "main"),
        }))


if __name__ == "__main__":
    main()
