"""Opset 18 models for the forms the torch exports in test/fixtures/onnx-1.23 lack (Pad with an axes input, Split
num_outputs on a dim it does not divide, LayerNormalization over two axes with its Mean/InvStdDev outputs), for
test/fixes/own-adapters-ort.test.ts. Built with onnx's helper (no checker: Debian's onnx 1.12 predates opset 18).
Usage: own_adapter_models.py OUTDIR
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
import onnx

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rs = np.random.RandomState(3)
F = TensorProto.FLOAT
inits = [
    numpy_helper.from_array(np.array([1, 2, 0, 3], dtype=np.int64), "pads"),
    numpy_helper.from_array(np.array([1, -1], dtype=np.int64), "axes"),
    numpy_helper.from_array(np.array(0.5, dtype=np.float32), "value"),
    numpy_helper.from_array(rs.rand(4, 13).astype(np.float32), "scale"),
    numpy_helper.from_array(rs.rand(4, 13).astype(np.float32), "bias"),
]
nodes = [
    helper.make_node("Pad", ["x", "pads", "value", "axes"], ["padded"], name="pad_axes", mode="constant"),  # [1,4,4,13]
    helper.make_node("Split", ["padded"], ["s0", "s1", "s2"], name="split_uneven", axis=3, num_outputs=3),  # 5,5,3
    helper.make_node("LayerNormalization", ["padded", "scale", "bias"], ["ln", "mean", "inv_std"], name="ln_two_axes",
                     axis=-2, epsilon=1e-3),
]
graph = helper.make_graph(
    nodes, "own_adapters", [helper.make_tensor_value_info("x", F, [1, 3, 4, 8])],
    [helper.make_tensor_value_info(n, F, None) for n in ["s0", "s1", "s2", "ln", "mean", "inv_std"]], inits,
    value_info=[helper.make_tensor_value_info("padded", F, [1, 4, 4, 13])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
model.ir_version = 8
onnx.save(model, os.path.join(out, "own_adapters_op18.onnx"))

# GroupNormalization-18 (scale/bias per group) for the 20 -> 21 step onnx gets wrong (its adapter is shadowed).
gn_inits = [numpy_helper.from_array(rs.rand(3).astype(np.float32), "gn_scale"),
            numpy_helper.from_array(rs.rand(3).astype(np.float32), "gn_bias")]
gn = helper.make_graph(
    [helper.make_node("GroupNormalization", ["x", "gn_scale", "gn_bias"], ["y"], name="gn", num_groups=3, epsilon=1e-5)],
    "group_norm", [helper.make_tensor_value_info("x", F, [2, 6, 4, 4])], [helper.make_tensor_value_info("y", F, [2, 6, 4, 4])],
    gn_inits)
gn_model = helper.make_model(gn, opset_imports=[helper.make_opsetid("", 18)])
gn_model.ir_version = 8
onnx.save(gn_model, os.path.join(out, "group_norm_op18.onnx"))
