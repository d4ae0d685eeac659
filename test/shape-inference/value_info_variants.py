"""Writes two variants of each model for the value_info independence test. Usage: value_info_variants.py OUTDIR < paths.json

<i>.stripped.onnx: every value_info removed (graphs and subgraphs); <i>.annotated.onnx: Debian onnx 1.12's inferred
shapes written back (what `onnx.shape_inference.infer_shapes` users save), where onnx 1.12 accepts the model.
Prints one JSON line per model: {file, stripped, annotated|null}.
"""
import json
import os
import sys

import onnx
from onnx import shape_inference


def strip(graph):
    del graph.value_info[:]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                strip(attr.g)
            for g in attr.graphs:
                strip(g)


out = sys.argv[1]
for i, path in enumerate(json.load(sys.stdin)):
    model = onnx.load(path, load_external_data=False)
    strip(model.graph)
    stripped = os.path.join(out, f"{i}.stripped.onnx")
    onnx.save(model, stripped)
    annotated = os.path.join(out, f"{i}.annotated.onnx")
    try:
        onnx.save(shape_inference.infer_shapes(model, strict_mode=False, data_prop=True), annotated)
    except Exception:
        annotated = None
    print(json.dumps({"file": path, "stripped": stripped, "annotated": annotated}))
