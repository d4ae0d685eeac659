"""Builds the small models of the rule tests with onnx's helper API. Usage: build_models.py OUTDIR < specs.json

specs.json maps a model name to Python source that sets `m` (a ModelProto, saved unchecked to
OUTDIR/<name>.onnx, so invalid models are possible) or writes `path` itself and sets `m = None`.
One process builds every model of a test file.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP
from onnx import helper as h
from onnx import numpy_helper as nh


def vi(name, elem=TP.FLOAT, shape=None):
    return h.make_tensor_value_info(name, elem, shape)


def const(name, values, dtype=np.float32):
    return nh.from_array(np.array(values, dtype=dtype), name)


def model(nodes, inputs, outputs, inits=(), opset=13, ir=None, domains=(), functions=()):
    graph = h.make_graph(nodes, "rule_test", inputs, outputs, list(inits))
    imports = [h.make_opsetid("", opset)] + [h.make_opsetid(d, v) for d, v in domains]
    m = h.make_model(graph, opset_imports=imports, producer_name="rule-tests", functions=list(functions))
    if ir is not None:
        m.ir_version = ir
    return m


def relu_model(**kw):
    return model([h.make_node("Relu", ["x"], ["y"], name="relu")], [vi("x", shape=[1, 4])], [vi("y", shape=[1, 4])], **kw)


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, source in json.load(sys.stdin).items():
        path = os.path.join(out, name + ".onnx")
        scope = dict(globals(), path=path, out=out)
        exec(source, scope)
        if scope.get("m") is not None:
            onnx.save(scope["m"], path)


main()
