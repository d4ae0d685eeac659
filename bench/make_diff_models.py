"""Writes the model-diff benchmark's pair: a 30,000-node chain of blocks (MatMul, Add, Relu, LayerNormalization,
residual Add; the graph of ../shared/bench/make-synthetic-model.py) and a copy with known edits (block numbers for the
default 6,000 blocks; other sizes put them at the same fractions of the chain):
  - blocks 1000..1999 renamed (nodes and their initializers, as a renamed submodule would be),
  - one weight value changed (w3000),
  - one attribute changed (block 4000's LayerNormalization epsilon),
  - one node removed (block 5000's Relu; its consumer reads the Add),
  - one node added (a Relu after block 5500's residual Add).
Prints the expected counts as JSON on its last line (the benchmark checks the diff against them).

Usage: /usr/bin/python3 bench/make_diff_models.py OUTDIR [BLOCKS]
"""
import json
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

out = sys.argv[1]
blocks = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
dim = 8
RENAMED = range(blocks // 6, blocks // 3)
WEIGHT, EPSILON, REMOVED, ADDED = blocks // 2, blocks * 2 // 3, blocks * 5 // 6, blocks * 11 // 12


def build(edited):
    rng = np.random.default_rng(0)
    nodes, inits = [], []
    x = "input"
    for i in range(blocks):
        p = f"stage1/block{i}" if edited and i in RENAMED else f"block{i}"
        k = f"stage1.{i}" if edited and i in RENAMED else f"{i}"
        w = rng.standard_normal((dim, dim)).astype(np.float32)
        if edited and i == WEIGHT:
            w[0, 0] += 0.5
        inits += [
            numpy_helper.from_array(w, f"w{k}"),
            numpy_helper.from_array(np.zeros(dim, np.float32), f"b{k}"),
            numpy_helper.from_array(np.ones(dim, np.float32), f"ln_scale{k}"),
            numpy_helper.from_array(np.zeros(dim, np.float32), f"ln_bias{k}"),
        ]
        relu = f"{p}/relu"
        nodes += [
            helper.make_node("MatMul", [x, f"w{k}"], [f"{p}/mm"], name=f"{p}/MatMul"),
            helper.make_node("Add", [f"{p}/mm", f"b{k}"], [f"{p}/add"], name=f"{p}/Add"),
        ]
        if edited and i == REMOVED:
            relu = f"{p}/add"
        else:
            nodes.append(helper.make_node("Relu", [f"{p}/add"], [relu], name=f"{p}/Relu"))
        epsilon = 1e-6 if edited and i == EPSILON else 1e-5
        nodes += [
            helper.make_node(
                "LayerNormalization", [relu, f"ln_scale{k}", f"ln_bias{k}"], [f"{p}/ln"], name=f"{p}/LayerNorm",
                axis=-1, epsilon=epsilon),
            helper.make_node("Add", [f"{p}/ln", x], [f"{p}/res"], name=f"{p}/Residual"),
        ]
        x = f"{p}/res"
        if edited and i == ADDED:
            nodes.append(helper.make_node("Relu", [x], [f"{p}/extra"], name=f"{p}/ExtraRelu"))
            x = f"{p}/extra"
    graph = helper.make_graph(
        nodes, "diff_bench", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, dim])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, dim])], inits)
    graph.node.append(helper.make_node("Identity", [x], ["output"], name="output"))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="diff-bench")
    model.ir_version = 8
    return model


os.makedirs(out, exist_ok=True)
save(build(False), os.path.join(out, "diff-a.onnx"))
save(build(True), os.path.join(out, "diff-b.onnx"))
print(json.dumps({
    "nodes": blocks * 5 + 1,
    "removed": 1,
    "added": 1,
    # the epsilon edit, the LayerNormalization that read the removed Relu, and the MatMul and residual Add of
    # block 5501 that read the added Relu
    "changed": 4,
    "initializersChanged": 1,
}))
