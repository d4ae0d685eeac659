"""Reference shapes for the inference parity test, made on the device machine (onnx 1.23, PyTorch, onnxruntime).

Usage: gen-shape-goldens.py OUT_DIR (the exports themselves are in shape_goldens_exports.py)

The device machine has no copy of ../shared/corpus, so the corpus's exported models are re-exported there with
the corpus's own recipe (same architectures, arguments, torch 2.11 and onnx 1.23.1 as its PROVENANCE records):
"twins" whose graph fingerprint (sha256 over each node's op type, inputs and outputs) the parity test compares
with the corpus file before using their reference shapes.

1. Exports small fresh models across families with PyTorch (CNN, detection with NMS/NonZero, transformer
   with KV cache, RNN/audio, segmentation, control flow) into OUT_DIR/models (each < 2 MB), and the corpus
   twins into OUT_DIR/twins (not kept: they carry weights).
2. For all of them: strips value_info, runs
   onnx.shape_inference.infer_shapes(strict_mode=False, data_prop=True) and records every tensor's element
   type and shape (dims: int, symbolic name, or null) per graph (main graph "", subgraphs by owner path).
3. Runs onnxruntime (graph optimizations off) at concrete input shapes with every main-graph tensor as an
   output, weights the file lacks filled with random values, and records the real shapes.
Writes OUT_DIR/goldens.json ({onnxVersion, ortVersion, torchVersion, models: {file: {...}}}).
"""
import glob
import json
import os
import sys
import time
import traceback

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

from shape_goldens_exports import export_corpus_twins, export_fixtures

out_dir = sys.argv[1]
twins_dir = os.path.join(out_dir, "twins")
os.makedirs(twins_dir, exist_ok=True)
models_dir = os.path.join(out_dir, "models")
os.makedirs(models_dir, exist_ok=True)
log = {}


def fingerprint(graph):
    import hashlib

    text = "\n".join(f"{n.op_type}:{','.join(n.input)}->{','.join(n.output)}" for n in graph.node)
    return hashlib.sha256(text.encode()).hexdigest()


def strip_value_info(graph):
    del graph.value_info[:]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                strip_value_info(attr.g)
            for g in attr.graphs:
                strip_value_info(g)


def type_of(tp):
    which = tp.WhichOneof("value")
    if which != "tensor_type":
        return {"kind": which or "unknown"}
    tt = tp.tensor_type
    shape = None
    if tt.HasField("shape"):
        shape = []
        for d in tt.shape.dim:
            w = d.WhichOneof("value")
            shape.append(d.dim_value if w == "dim_value" else d.dim_param if w == "dim_param" else None)
    return {"elemType": TensorProto.DataType.Name(tt.elem_type), "shape": shape}


def graph_types(graph, prefix, out):
    tensors = {}
    for vi in list(graph.value_info) + list(graph.output):
        tensors[vi.name] = type_of(vi.type)
    out[prefix] = tensors
    for i, node in enumerate(graph.node):
        for attr in node.attribute:
            subs = [attr.g] if attr.type == onnx.AttributeProto.GRAPH else list(attr.graphs)
            for g in subs:
                graph_types(g, f"{prefix}{node.name or node.op_type + '#' + str(i)}/{attr.name}/", out)
    return out


def concrete_inputs(graph, init_names):
    """Concrete input shapes: each symbolic name its own small value (image sides 64/96), unknown dims 1."""
    values, picks, sides = {}, iter([2, 3, 5, 7, 4, 6, 9, 11]), iter([64, 96])
    feeds, shapes = {}, {}
    rng = np.random.default_rng(0)
    for vi in graph.input:
        if vi.name in init_names:
            continue
        t = type_of(vi.type)
        dims = []
        for d in t.get("shape") or []:
            if isinstance(d, int) and d > 0:
                dims.append(d)
            elif isinstance(d, str):
                if d not in values:
                    values[d] = (
                        800 if d == "samples" else next(sides, 128) if d in ("h", "w", "height", "width") else next(picks, 8)
                    )
                dims.append(values[d])
            else:
                dims.append(1)
        dtype = helper.tensor_dtype_to_np_dtype(vi.type.tensor_type.elem_type)
        if dtype == np.bool_ or "mask" in vi.name:
            arr = np.ones(dims, dtype=dtype)
        elif np.issubdtype(dtype, np.integer):
            arr = rng.integers(0, 10, size=dims).astype(dtype)
            if arr.ndim == 0:
                arr = np.array(3, dtype=dtype)
        else:
            arr = rng.standard_normal(dims).astype(dtype)
        feeds[vi.name] = arr
        shapes[vi.name] = dims
    return feeds, shapes, values


def fill_external(model):
    """The corpus keeps graph-only files (weights deliberately absent): random weights stand in."""
    rng = np.random.default_rng(1)
    for init in model.graph.initializer:
        if init.data_location == TensorProto.EXTERNAL:
            dtype = helper.tensor_dtype_to_np_dtype(init.data_type)
            arr = (rng.standard_normal(tuple(init.dims)) * 0.02).astype(dtype) if np.issubdtype(dtype, np.floating) \
                else np.zeros(tuple(init.dims), dtype=dtype)
            init.CopyFrom(numpy_helper.from_array(arr, init.name))


def run_ort(path, inferred):
    import onnxruntime as ort

    model = onnx.load(path, load_external_data=False)
    fill_external(model)
    known = {o.name for o in model.graph.output}
    typed = {vi.name: vi for vi in inferred.graph.value_info}
    produced = [o for n in model.graph.node for o in n.output if o and o not in known]
    for name in produced:
        model.graph.output.append(typed[name] if name in typed else helper.make_empty_tensor_value_info(name))
    init_names = {i.name for i in model.graph.initializer}
    feeds, shapes, values = concrete_inputs(model.graph, init_names)
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    opts.log_severity_level = 3
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    results = session.run(names, feeds)
    return {
        "inputs": shapes,
        "symbols": values,
        "tensors": {n: {"elemType": str(r.dtype), "shape": list(r.shape)} for n, r in zip(names, results)
                    if isinstance(r, np.ndarray)},
    }


def main():
    for step in (lambda: export_fixtures(models_dir, log), lambda: export_corpus_twins(twins_dir, log)):
        try:
            step()
        except Exception:
            traceback.print_exc()
    import onnxruntime
    import torch

    paths = sorted(glob.glob(os.path.join(models_dir, "*.onnx"))) + sorted(glob.glob(os.path.join(twins_dir, "*.onnx")))
    goldens = {}
    for path in paths:
        key = os.path.relpath(path, out_dir)
        if path.startswith(twins_dir):
            key = "onnx/exported/" + os.path.basename(path)
        entry = {}
        t = time.time()
        try:
            model = onnx.load(path, load_external_data=False)
            entry["fingerprint"] = fingerprint(model.graph)
            strip_value_info(model.graph)
            inferred = shape_inference.infer_shapes(model, strict_mode=False, data_prop=True)
            entry["onnx"] = graph_types(inferred.graph, "", {})
            entry["inferSecs"] = round(time.time() - t, 3)
        except Exception as e:
            entry["onnxError"] = repr(e)[:300]
            inferred = None
        try:
            if inferred is not None:
                entry["ort"] = run_ort(path, inferred)
        except Exception as e:
            entry["ortError"] = repr(e)[:300]
        goldens[key] = entry
        print(key, {k: v for k, v in entry.items() if k.endswith("Error") or k == "inferSecs"}, flush=True)
    with open(os.path.join(out_dir, "goldens.json"), "w") as f:
        json.dump({"generatedBy": "scripts/gen-shape-goldens.py", "onnxVersion": onnx.__version__,
                   "onnxruntimeVersion": onnxruntime.__version__, "torchVersion": torch.__version__,
                   "exports": log, "models": goldens}, f, indent=1, sort_keys=True)


main()
