"""The reference side of bench/shape-inference.ts: writes the synthetic models, then times Debian onnx 1.12's
shape inference (strict_mode=False, data_prop=True) on request. One call covers what ours covers: read the file,
parse it, infer. It is onnx's own C++ entry point on the file's bytes (the one infer_shapes wraps), so no Python
protobuf serialization or parse is timed on this side; onnx's C++ parse and the serialization of its result are.

Usage: /usr/bin/python3 bench/shape_inference_onnx.py OUTDIR
  prints one JSON line {"synthetic": [paths]}, then answers each request line {"path": p, "calls": n} with
  {"calls": n, "wall": ms, "cpu": ms}: the wall-clock and process CPU time of n back-to-back calls.
"""
import json
import os
import sys
import time

import numpy as np
import onnx
import onnx.onnx_cpp2py_export.shape_inference as C
from onnx import TensorProto, helper, numpy_helper


def synthetic(path, nodes_wanted):
    """Blocks of exporter-style shape arithmetic around a MatMul: Shape, Gather, Unsqueeze, Concat, Reshape."""
    nodes, inits = [], [
        numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), "axes0"),
        numpy_helper.from_array(np.array([-1, 64], dtype=np.int64), "tail"),
        numpy_helper.from_array(np.zeros((64, 64), dtype=np.float32), "w"),
    ]
    x = "input"
    i = 0
    while len(nodes) < nodes_wanted:
        p = f"b{i}_"
        nodes += [
            helper.make_node("Shape", [x], [p + "shape"]),
            helper.make_node("Gather", [p + "shape", "zero"], [p + "batch"], axis=0),
            helper.make_node("Unsqueeze", [p + "batch", "axes0"], [p + "batch1"]),
            helper.make_node("Concat", [p + "batch1", "tail"], [p + "target"], axis=0),
            helper.make_node("Reshape", [x, p + "target"], [p + "flat"]),
            helper.make_node("MatMul", [p + "flat", "w"], [p + "mm"]),
            helper.make_node("Relu", [p + "mm"], [p + "out"]),
        ]
        x = p + "out"
        i += 1
    graph = helper.make_graph(
        nodes, "synthetic", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 64])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, None)], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)


out = sys.argv[1]
made = []
for n in (10_000, 30_000):
    p = os.path.join(out, f"synthetic-{n // 1000}k.onnx")
    synthetic(p, n)
    made.append(p)
print(json.dumps({"synthetic": made}), flush=True)


def infer(path):
    """File read + parse + inference: onnx.shape_inference.infer_shapes less its Python protobuf round trip."""
    with open(path, "rb") as f:
        data = f.read()
    C.infer_shapes(data, False, False, True)  # check_type, strict_mode, data_prop


for line in sys.stdin:
    request = json.loads(line)
    path, calls = request["path"], request["calls"]
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        infer(path)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    print(json.dumps({"calls": calls, "wall": wall, "cpu": cpu}), flush=True)
