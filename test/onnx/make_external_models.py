"""Writes small models whose external data is fine, missing, short, or outside the model folder.

Usage: /usr/bin/python3 make_external_models.py OUTDIR
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

out = sys.argv[1]
os.makedirs(os.path.join(out, "models"), exist_ok=True)


def model_with_external(name, location, length=None, offset=0):
    weight = numpy_helper.from_array(np.arange(16, dtype=np.float32).reshape(4, 4), "w")
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    entries = {"location": location, "offset": str(offset)}
    if length is not None:
        entries["length"] = str(length)
    for k, v in entries.items():
        e = weight.external_data.add()
        e.key, e.value = k, v
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="/layer.0/MatMul")],
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])],
        [weight],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), os.path.join(out, "models", name + ".onnx"))


with open(os.path.join(out, "models", "ok.bin"), "wb") as f:
    f.write(np.arange(16, dtype=np.float32).tobytes())
with open(os.path.join(out, "models", "short.bin"), "wb") as f:
    f.write(b"\0" * 10)
with open(os.path.join(out, "outside.bin"), "wb") as f:
    f.write(b"\0" * 64)
model_with_external("ok", "ok.bin", 64)
model_with_external("missing", "missing.bin", 64)
model_with_external("short", "short.bin", 64)
model_with_external("escapes", "../outside.bin", 64)
model_with_external("absolute", os.path.abspath(os.path.join(out, "outside.bin")), 64)
model_with_external("nolength", "ok.bin")
