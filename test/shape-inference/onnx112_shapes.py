"""Debian onnx 1.12's shape inference for the differential test. Usage: onnx112_shapes.py < paths.json

For each model path (opset <= 17): strips value_info, runs infer_shapes(strict_mode=False, data_prop=True) and
prints one JSON line {file, tensors: {name: {elemType, shape}}} for the main graph (value_info and outputs),
or {file, error}. One process for every model.
"""
import json
import sys

import onnx
from onnx import TensorProto, shape_inference


def type_of(tp):
    if tp.WhichOneof("value") != "tensor_type":
        return {"kind": tp.WhichOneof("value") or "unknown"}
    tt = tp.tensor_type
    shape = None
    if tt.HasField("shape"):
        shape = []
        for d in tt.shape.dim:
            w = d.WhichOneof("value")
            shape.append(d.dim_value if w == "dim_value" else d.dim_param if w == "dim_param" else None)
    return {"elemType": TensorProto.DataType.Name(tt.elem_type), "shape": shape}


for path in json.load(sys.stdin):
    try:
        model = onnx.load(path, load_external_data=False)
        del model.graph.value_info[:]
        inferred = shape_inference.infer_shapes(model, strict_mode=False, data_prop=True)
        tensors = {vi.name: type_of(vi.type) for vi in list(inferred.graph.value_info) + list(inferred.graph.output)}
        print(json.dumps({"file": path, "tensors": tensors}))
    except Exception as e:  # a model onnx 1.12 cannot read is left out of the comparison
        print(json.dumps({"file": path, "error": repr(e)[:200]}))
