"""Makes the small QDQ models of test/fixtures/qdq/ (fusable and non-fusable variants for the server/rules/quant
rules) with onnx.helper, runs each in onnxruntime (CPU) and writes the models plus manifest.json (onnx/onnxruntime
versions, per-model outputs' shapes and a checksum of the outputs) to $OUT (or the folder given as argv[1]).
Run where onnx 1.23 and onnxruntime 1.30 are installed (the device machine, or a venv with both from pip; the two
weight-only models were made in such a venv): python3 scripts/make-qdq-fixtures.py "$OUT"."""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.environ["OUT"]
rng = np.random.default_rng(18)
C = 8


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def qdq(x, prefix, zp_value=0, zp_type=np.int8, fp8=False):
    """Q then DQ of tensor x with a per-tensor scale; returns (nodes, initializers, output name)."""
    inits = [init(f"{prefix}_scale", np.array(0.05, dtype=np.float32))]
    if fp8:
        inits.append(helper.make_tensor(f"{prefix}_zp", TensorProto.FLOAT8E4M3FN, [], [0.0]))
    else:
        inits.append(init(f"{prefix}_zp", np.array(zp_value, dtype=zp_type)))
    nodes = [
        helper.make_node("QuantizeLinear", [x, f"{prefix}_scale", f"{prefix}_zp"], [f"{prefix}_q"], name=f"{prefix}_Q"),
        helper.make_node("DequantizeLinear", [f"{prefix}_q", f"{prefix}_scale", f"{prefix}_zp"], [f"{prefix}_dq"], name=f"{prefix}_DQ"),
    ]
    return nodes, inits, f"{prefix}_dq"


def conv_weight(prefix, axis=0):
    """INT8 weight with per-channel scales along `axis` (0 = output channels, what TensorRT expects for Conv)."""
    w = rng.integers(-100, 100, size=(C, C, 3, 3)).astype(np.int8)
    scale = (rng.random(C).astype(np.float32) + 0.5) * 0.01
    inits = [init(f"{prefix}_w_q", w), init(f"{prefix}_w_scale", scale), init(f"{prefix}_w_zp", np.zeros(C, np.int8))]
    node = helper.make_node(
        "DequantizeLinear", [f"{prefix}_w_q", f"{prefix}_w_scale", f"{prefix}_w_zp"], [f"{prefix}_w"],
        name=f"{prefix}_w_DQ", axis=axis,
    )
    return [node], inits, f"{prefix}_w"


def conv(prefix, x, weight_axis=0, act_zp=0):
    n1, i1, xq = qdq(x, f"{prefix}_in", zp_value=act_zp)
    n2, i2, w = conv_weight(prefix, weight_axis)
    c = helper.make_node("Conv", [xq, w], [f"{prefix}_out"], name=f"{prefix}_Conv", pads=[1, 1, 1, 1])
    return n1 + n2 + [c], i1 + i2, f"{prefix}_out"


def model(name, nodes, inits, out, out_type=TensorProto.FLOAT, out_shape=(1, C, 16, 16), opset=19, ir=9):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, C, 16, 16])],
        [helper.make_tensor_value_info(out, out_type, list(out_shape))],
        inits,
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="modelready make-qdq-fixtures")
    m.ir_version = ir
    onnx.checker.check_model(m, full_check=True)
    return name, m


def residual(both):
    nodes, inits, y = conv("conv", "x")
    n_a, i_a, a = qdq(y, "add_a")
    if both:
        n_b, i_b, b = qdq("x", "add_b")
    else:
        n_b, i_b, b = [], [], "x"
    add = helper.make_node("Add", [a, b], ["y"], name="residual_Add")
    return nodes + n_a + n_b + [add], inits + i_a + i_b, "y"


def fp8(use_fp8):
    n, i, xq = qdq("x", "act", fp8=use_fp8)
    relu = helper.make_node("Relu", [xq], ["y"], name="Relu")
    return n + [relu], i, "y"


def dangling(paired):
    n, i, xq = qdq("x", "act")
    if paired:
        return n + [helper.make_node("Relu", [xq], ["y"], name="Relu")], i, "y"
    # Simplification removed the consumer and its DQ: the Q output is now a graph output.
    return n[:1], i, "act_q"


def weight_only(int4):
    """W4A16-style MatMul: a block of INT4 (or, the twin, INT8) weights dequantized per output column, activations in
    float. INT4 Q/DQ needs opset 21 and IR 10. Its own generator, so the other fixtures' random draws stay as they were."""
    w_rng = np.random.default_rng(4)
    k = 16
    w = w_rng.integers(-8, 8, size=(k, k))
    scale = (w_rng.random(k).astype(np.float32) + 0.5) * 0.02
    elem = TensorProto.INT4 if int4 else TensorProto.INT8
    inits = [
        helper.make_tensor("w_q", elem, [k, k], w.flatten().tolist()),
        init("w_scale", scale),
        helper.make_tensor("w_zp", elem, [k], [0] * k),
    ]
    nodes = [
        helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zp"], ["w"], name="w_DQ", axis=1),
        helper.make_node("MatMul", ["x", "w"], ["y"], name="MatMul"),
    ]
    return nodes, inits, "y"


models = [
    model("residual-add-qdq-both", *residual(True)),
    model("residual-add-qdq-one", *residual(False)),
    model("conv-weight-axis0", *conv("conv", "x", weight_axis=0)),
    model("conv-weight-axis1", *conv("conv", "x", weight_axis=1)),
    model("int8-symmetric", *conv("conv", "x", act_zp=0)),
    model("int8-zero-point", *conv("conv", "x", act_zp=3)),
    model("fp8-qdq", *fp8(True)),
    model("int8-qdq", *fp8(False)),
    model("qdq-paired", *dangling(True)),
    model("q-dangling", *dangling(False), out_type=TensorProto.INT8),
    model("int4-weight-only", *weight_only(True), opset=21, ir=10),
    model("int8-weight-only", *weight_only(False), opset=21, ir=10),
]

manifest = {"onnx": onnx.__version__, "onnxruntime": ort.__version__, "models": {}}
x = rng.standard_normal((1, C, 16, 16)).astype(np.float32)
for name, m in models:
    path = os.path.join(OUT, f"{name}.onnx")
    onnx.save(m, path)
    entry = {"bytes": os.path.getsize(path)}
    try:
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        (y,) = sess.run(None, {"x": x})
        entry.update(runs=True, outputShape=list(y.shape), outputDtype=str(y.dtype), outputSum=float(np.asarray(y, np.float64).sum()))
    except Exception as e:  # recorded, not hidden: a model that does not run is not a fixture
        entry.update(runs=False, error=str(e)[:300])
    manifest["models"][name] = entry
with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
print(json.dumps(manifest, indent=2))
