"""Generates the bundled example: a small Triton model repository whose models carry deliberate,
realistic deployment problems, so `modelready check examples/model_repository` shows real findings.

- classifier:  a CNN whose batch dim is dynamic with no optimization profile, and whose
               config.pbtxt declares input dims that disagree with the model (256x256 vs 224x224).
- deduplicator: a post-processing model using Unique (no TensorRT support), with a leftover
               Identity node and an unused initializer.
- upsampler:   an opset-9 model using Upsample (deprecated since opset 10), and a data-dependent
               NonZero.
- pipeline:    an ensemble chaining classifier into deduplicator.

Deterministic: the same files every run. Usage: /usr/bin/python3 examples/make_examples.py [OUTDIR]
"""
import os
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper, save

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "model_repository")
rng = np.random.default_rng(0)


def weight(name, *shape):
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32) * 0.05, name)


def write(name, model, config):
    folder = os.path.join(OUT, name)
    os.makedirs(os.path.join(folder, "1"), exist_ok=True)
    if model is not None:
        checker.check_model(model)
        save(model, os.path.join(folder, "1", "model.onnx"))
    with open(os.path.join(folder, "config.pbtxt"), "w") as f:
        f.write(config)


def classifier():
    nodes = [
        helper.make_node("Conv", ["images", "stem.weight", "stem.bias"], ["/stem/conv/Conv_output_0"], name="/stem/conv/Conv", pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["/stem/conv/Conv_output_0"], ["/stem/act/Relu_output_0"], name="/stem/act/Relu"),
        helper.make_node("GlobalAveragePool", ["/stem/act/Relu_output_0"], ["/head/pool/GlobalAveragePool_output_0"], name="/head/pool/GlobalAveragePool"),
        helper.make_node("Flatten", ["/head/pool/GlobalAveragePool_output_0"], ["/head/Flatten_output_0"], name="/head/Flatten"),
        helper.make_node("Gemm", ["/head/Flatten_output_0", "fc.weight", "fc.bias"], ["logits"], name="/head/fc/Gemm", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "classifier",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10])],
        [weight("stem.weight", 16, 3, 3, 3), weight("stem.bias", 16), weight("fc.weight", 10, 16), weight("fc.bias", 10)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="modelready-examples")
    config = """name: "classifier"
platform: "onnxruntime_onnx"
max_batch_size: 8
input [
  {
    name: "images"
    data_type: TYPE_FP32
    dims: [ 3, 256, 256 ]
  }
]
output [
  {
    name: "logits"
    data_type: TYPE_FP32
    dims: [ 10 ]
  }
]
instance_group [ { kind: KIND_GPU, count: 1 } ]
"""
    write("classifier", model, config)


def deduplicator():
    nodes = [
        helper.make_node("Identity", ["scores"], ["scores_copy"], name="/post/Identity"),
        helper.make_node("ArgMax", ["scores_copy"], ["labels"], name="/post/ArgMax", axis=1, keepdims=0),
        helper.make_node("Unique", ["labels"], ["unique_labels"], name="/post/Unique", sorted=1),
    ]
    graph = helper.make_graph(
        nodes, "deduplicator",
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", 10])],
        [helper.make_tensor_value_info("unique_labels", TensorProto.INT64, ["n"])],
        [weight("unused.calibration", 64, 64)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="modelready-examples")
    config = """name: "deduplicator"
backend: "onnxruntime"
max_batch_size: 0
input [ { name: "scores", data_type: TYPE_FP32, dims: [ -1, 10 ] } ]
output [ { name: "unique_labels", data_type: TYPE_INT64, dims: [ -1 ] } ]
"""
    write("deduplicator", model, config)


def upsampler():
    nodes = [
        helper.make_node("Upsample", ["image", "scales"], ["upsampled"], name="/resize/Upsample", mode="nearest"),
        helper.make_node("NonZero", ["upsampled"], ["coords"], name="/mask/NonZero"),
    ]
    graph = helper.make_graph(
        nodes, "upsampler",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 32, 32])],
        [helper.make_tensor_value_info("coords", TensorProto.INT64, [4, "nonzero"])],
        [numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 9)], producer_name="modelready-examples")
    model.ir_version = 4
    config = """name: "upsampler"
backend: "onnxruntime"
max_batch_size: 0
"""
    write("upsampler", model, config)


def pipeline():
    config = """name: "pipeline"
platform: "ensemble"
max_batch_size: 8
input [ { name: "IMAGES", data_type: TYPE_FP32, dims: [ 3, 224, 224 ] } ]
output [ { name: "LABELS", data_type: TYPE_INT64, dims: [ -1 ] } ]
ensemble_scheduling {
  step [
    {
      model_name: "classifier"
      model_version: -1
      input_map { key: "images" value: "IMAGES" }
      output_map { key: "logits" value: "scores" }
    },
    {
      model_name: "deduplicator"
      model_version: -1
      input_map { key: "scores" value: "scores" }
      output_map { key: "unique_labels" value: "LABELS" }
    }
  ]
}
"""
    # An ensemble's version folder is empty; the placeholder keeps it in git (Triton ignores dot files).
    os.makedirs(os.path.join(OUT, "pipeline", "1"), exist_ok=True)
    open(os.path.join(OUT, "pipeline", "1", ".gitkeep"), "w").close()
    write("pipeline", None, config)


classifier()
deduplicator()
upsampler()
pipeline()
print(f"wrote example model repository to {OUT}")
