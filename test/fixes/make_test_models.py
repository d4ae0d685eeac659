"""Small models for the fixes tests. Usage: make_test_models.py OUTDIR

big.onnx: 24 MB of embedded weights (the crash test needs a write that spans several chunks).
external.onnx + weights.bin: weights as external data.
cleanup.onnx: Identity, Dropout, dead nodes, unused and duplicate initializers, a foldable
shape subgraph (Shape -> Gather -> Unsqueeze -> Concat -> Reshape).
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
from onnx.external_data_helper import convert_model_to_external_data
import onnx

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

w = numpy_helper.from_array(np.random.RandomState(0).rand(2000, 3000).astype(np.float32), "w")
g = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"], name="mm"), helper.make_node("Relu", ["y"], ["z"], name="relu")],
                      "big", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 2000])],
                      [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["batch", 3000])], [w])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), os.path.join(out, "big.onnx"))

m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
convert_model_to_external_data(m, all_tensors_to_one_file=True, location="weights.bin", size_threshold=0)
onnx.save(m, os.path.join(out, "external.onnx"))

rs = np.random.RandomState(1)
w1 = rs.rand(8, 8).astype(np.float32)
inits = [
    numpy_helper.from_array(w1, "w1"),
    numpy_helper.from_array(w1.copy(), "w1_copy"),
    numpy_helper.from_array(rs.rand(8).astype(np.float32), "unused"),
    numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
    numpy_helper.from_array(np.array([-1], dtype=np.int64), "minus_one"),
]
nodes = [
    helper.make_node("Identity", ["x"], ["x_id"], name="id0"),
    helper.make_node("MatMul", ["x_id", "w1"], ["a"], name="mm1"),
    helper.make_node("Dropout", ["a"], ["a_drop"], name="drop"),
    helper.make_node("MatMul", ["a_drop", "w1_copy"], ["b"], name="mm2"),
    helper.make_node("Shape", ["b"], ["b_shape"], name="shape"),
    helper.make_node("Gather", ["b_shape", "one"], ["b_dim1"], name="gather", axis=0),
    helper.make_node("Unsqueeze", ["b_dim1", "zero_axes"], ["b_dim1_1d"], name="unsq"),
    helper.make_node("Constant", [], ["zero_axes"], name="zero_axes_const", value=numpy_helper.from_array(np.array([0], dtype=np.int64))),
    helper.make_node("Concat", ["minus_one", "b_dim1_1d"], ["new_shape"], name="concat", axis=0),
    helper.make_node("Reshape", ["b", "new_shape"], ["c"], name="reshape"),
    helper.make_node("Relu", ["a"], ["dead"], name="dead_relu"),
    helper.make_node("Identity", ["c"], ["out"], name="id_out"),
]
# Topological order: the Constant must come before its consumer.
nodes.insert(6, nodes.pop(7))
g = helper.make_graph(nodes, "cleanup", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 8])],
                      [helper.make_tensor_value_info("out", TensorProto.FLOAT, [4, 8])], inits,
                      value_info=[helper.make_tensor_value_info("b", TensorProto.FLOAT, [4, 8])])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), os.path.join(out, "cleanup.onnx"))
print("ok")
