"""Writes the reader benchmark's models: a ~2 GB ONNX model with its weights embedded, and the same
graph with its weights referenced as external data (the file itself a few hundred KB).

Usage: /usr/bin/python3 bench/make_large_model.py OUTDIR [LAYERS]
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
from onnx.external_data_helper import set_external_data

out = sys.argv[1]
layers = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
width = 700  # 700x700 float32 = 1.96 MB per layer: 1000 layers = 1.96 GB, under protobuf's 2 GiB limit
os.makedirs(out, exist_ok=True)


def build(embedded):
    nodes, inits = [], []
    x = "input"
    for i in range(layers):
        w = numpy_helper.from_array(np.full((width, width), 0.001 * (i % 7), dtype=np.float32), f"layers.{i}.weight")
        b = numpy_helper.from_array(np.zeros(width, dtype=np.float32), f"layers.{i}.bias")
        if not embedded:
            set_external_data(w, "weights.bin", offset=i * width * width * 4, length=width * width * 4)
            w.ClearField("raw_data")
            w.data_location = TensorProto.EXTERNAL
        inits += [w, b]
        nodes += [
            helper.make_node("MatMul", [x, w.name], [f"/layers.{i}/MatMul_output_0"], name=f"/layers.{i}/MatMul"),
            helper.make_node("Add", [f"/layers.{i}/MatMul_output_0", b.name], [f"/layers.{i}/Add_output_0"], name=f"/layers.{i}/Add"),
            helper.make_node("Relu", [f"/layers.{i}/Add_output_0"], [f"/layers.{i}/Relu_output_0"], name=f"/layers.{i}/Relu"),
        ]
        x = f"/layers.{i}/Relu_output_0"
    graph = helper.make_graph(
        nodes, "large", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", width])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", width])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


for embedded, name in ((False, "weightless.onnx"), (True, "embedded.onnx")):
    model = build(embedded)
    with open(os.path.join(out, name), "wb") as f:
        f.write(model.SerializeToString())
    del model
print("done")
