"""Reference shapes for the inference parity test, made on the device machine (onnx 1.23, PyTorch, onnxruntime).

Usage: gen-shape-goldens.py OUT_DIR

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

out_dir = sys.argv[1]
twins_dir = os.path.join(out_dir, "twins")
os.makedirs(twins_dir, exist_ok=True)
models_dir = os.path.join(out_dir, "models")
os.makedirs(models_dir, exist_ok=True)
log = {}


def export_fixtures():
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torchvision  # noqa: F401 (registers torch.ops.torchvision)

    torch.manual_seed(0)

    def save(name, model, args, input_names, output_names, dynamic_axes, opset, dynamo=False):
        path = os.path.join(models_dir, name + ".onnx")
        t = time.time()
        try:
            model = model.eval()
            kw = dict(input_names=input_names, output_names=output_names, opset_version=opset)
            if dynamo:
                torch.onnx.export(model, args, path, dynamo=True, dynamic_axes=dynamic_axes, **kw)
                m = onnx.load(path)
                onnx.save_model(m, path)  # weights inline (they are small)
                for extra in glob.glob(path + ".data"):
                    os.remove(extra)
            else:
                torch.onnx.export(model, args, path, dynamo=False, dynamic_axes=dynamic_axes, **kw)
            size = os.path.getsize(path)
            assert size < 2_000_000, f"{name} is {size} bytes"
            log[name] = dict(ok=True, bytes=size, secs=round(time.time() - t, 1))
        except Exception as e:  # keep going: one family failing must not lose the others
            log[name] = dict(ok=False, err=repr(e)[:300])
            traceback.print_exc()
            if os.path.exists(path):
                os.remove(path)
        print(name, log[name], flush=True)

    class TinyResNet(nn.Module):
        def __init__(s):
            super().__init__()
            s.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.ReLU())
            s.block = nn.Sequential(nn.Conv2d(16, 16, 3, 1, 1), nn.BatchNorm2d(16), nn.ReLU(), nn.Conv2d(16, 16, 3, 1, 1))
            s.down = nn.Conv2d(16, 32, 3, 2, 1)
            s.pool = nn.AdaptiveAvgPool2d(1)
            s.fc = nn.Linear(32, 10)

        def forward(s, x):
            x = s.stem(x)
            x = F.relu(x + s.block(x))
            x = F.max_pool2d(s.down(x), 2, ceil_mode=True)
            return F.softmax(s.fc(torch.flatten(s.pool(x), 1)), -1)

    img = torch.randn(2, 3, 64, 64)
    dyn_img = {"image": {0: "batch", 2: "height", 3: "width"}}
    save("cnn_resnet_op13", TinyResNet(), (img,), ["image"], ["probs"], dyn_img, 13)
    save("cnn_resnet_dynamo_op18", TinyResNet(), (img,), ["image"], ["probs"], dyn_img, 18, dynamo=True)

    class TinyDetector(nn.Module):
        def __init__(s):
            super().__init__()
            s.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), nn.Conv2d(8, 8, 3, 2, 1), nn.ReLU())
            s.box = nn.Conv2d(8, 4, 1)
            s.cls = nn.Conv2d(8, 1, 1)

        def forward(s, x):
            f = s.backbone(x)
            boxes = s.box(f).flatten(2).transpose(1, 2)[0]  # (anchors, 4)
            boxes = torch.cat([boxes[:, :2], boxes[:, :2] + boxes[:, 2:].abs() + 1], 1)
            scores = torch.sigmoid(s.cls(f).flatten())
            keep = torch.ops.torchvision.nms(boxes, scores, 0.5)  # the op itself: ops.nms asserts a CUDA build
            kept = boxes[keep]
            positive = torch.nonzero(scores[keep] > 0.3).squeeze(1)
            top = torch.topk(scores, k=min(5, scores.shape[0])).indices
            return kept[positive], scores[top]

    save("det_nms_op11", TinyDetector(), (torch.randn(1, 3, 64, 64),), ["image"], ["boxes", "top_scores"],
         {"image": {2: "height", 3: "width"}}, 11)

    class Decoder(nn.Module):
        def __init__(s, vocab=50, d=32, heads=4, layers=2):
            super().__init__()
            s.heads, s.hd = heads, d // heads
            s.emb = nn.Embedding(vocab, d)
            s.qkv = nn.ModuleList(nn.Linear(d, 3 * d) for _ in range(layers))
            s.proj = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))
            s.norm = nn.LayerNorm(d)
            s.head = nn.Linear(d, vocab)

        def forward(s, ids, past_k, past_v):
            x = s.emb(ids)
            b, t = ids.shape
            presents_k, presents_v = [], []
            for i, (qkv, proj) in enumerate(zip(s.qkv, s.proj)):
                q, k, v = qkv(s.norm(x)).split(x.shape[-1], -1)
                q, k, v = (z.view(b, t, s.heads, s.hd).transpose(1, 2) for z in (q, k, v))
                k = torch.cat([past_k[i], k], 2)
                v = torch.cat([past_v[i], v], 2)
                presents_k.append(k)
                presents_v.append(v)
                total = k.shape[2]
                mask = torch.ones(t, total, dtype=torch.bool).tril(total - t)
                att = (q @ k.transpose(-1, -2)) / (s.hd**0.5)
                att = att.masked_fill(~mask, float("-inf")).softmax(-1)
                x = x + proj((att @ v).transpose(1, 2).reshape(b, t, -1))
            return s.head(x), torch.stack(presents_k), torch.stack(presents_v)

    ids = torch.randint(0, 50, (2, 5))
    past = torch.randn(2, 2, 4, 3, 8)
    dyn_kv = {"ids": {0: "batch", 1: "seq"}, "past_k": {1: "batch", 3: "past"}, "past_v": {1: "batch", 3: "past"}}
    save("gpt_kv_cache_op14", Decoder(), (ids, past, past), ["ids", "past_k", "past_v"],
         ["logits", "present_k", "present_v"], dyn_kv, 14)
    save("gpt_kv_cache_dynamo_op18", Decoder(), (ids, past, past), ["ids", "past_k", "past_v"],
         ["logits", "present_k", "present_v"], dyn_kv, 18, dynamo=True)

    class Audio(nn.Module):
        def __init__(s):
            super().__init__()
            s.conv = nn.Conv1d(40, 32, 3, padding=1)
            s.lstm = nn.LSTM(32, 24, batch_first=True, bidirectional=True)
            s.gru = nn.GRU(48, 16, batch_first=True)
            s.out = nn.Linear(16, 12)

        def forward(s, feats):
            x = F.relu(s.conv(feats)).transpose(1, 2)
            x, _ = s.lstm(x)
            x, h = s.gru(x)
            return F.log_softmax(s.out(x), -1), h

    save("audio_rnn_op14", Audio(), (torch.randn(2, 40, 50),), ["features"], ["log_probs", "hidden"],
         {"features": {0: "batch", 2: "frames"}}, 14)

    class Spectrogram(nn.Module):
        def forward(s, wave):
            spec = torch.stft(wave, n_fft=64, hop_length=16, window=torch.hann_window(64), return_complex=False)
            return spec.pow(2).sum(-1).clamp(min=1e-6).log()

    save("audio_stft_op17", Spectrogram(), (torch.randn(2, 800),), ["wave"], ["logspec"],
         {"wave": {0: "batch", 1: "samples"}}, 17)

    class TinyUNet(nn.Module):
        def __init__(s):
            super().__init__()
            s.e1 = nn.Conv2d(3, 8, 3, padding=1)
            s.e2 = nn.Conv2d(8, 16, 3, padding=1)
            s.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
            s.d1 = nn.Conv2d(16, 8, 3, padding=1)
            s.head = nn.Conv2d(8, 4, 1)

        def forward(s, x):
            a = F.relu(s.e1(x))
            b = F.relu(s.e2(F.max_pool2d(a, 2)))
            c = F.relu(s.d1(torch.cat([a, s.up(b)], 1)))
            c = F.interpolate(c, scale_factor=0.5, mode="bilinear", align_corners=False)
            c = F.interpolate(c, size=x.shape[2:], mode="nearest")
            return s.head(c).argmax(1)

    save("seg_unet_op13", TinyUNet(), (torch.randn(1, 3, 32, 48),), ["image"], ["mask"], dyn_img, 13)
    save("seg_unet_op17", TinyUNet(), (torch.randn(1, 3, 32, 48),), ["image"], ["mask"], dyn_img, 17)

    class Control(nn.Module):
        def forward(s, x, n: int):
            for _ in range(n):
                x = x * 2 + 1
            if x.sum() > 0:
                y = x.relu()
            else:
                y = x.abs().unsqueeze(0).squeeze(0)
            return y

    try:
        scripted = torch.jit.script(Control())
        save("control_loop_if_op13", scripted, (torch.randn(3, 4), 3), ["x", "n"], ["y"], {"x": {0: "rows"}}, 13)
    except Exception as e:
        log["control_loop_if_op13"] = dict(ok=False, err=repr(e)[:300])


def export_corpus_twins():
    import torch
    import torchvision.models as tvm

    torch.manual_seed(0)

    def save(name, make, args, input_names, output_names, dynamic_axes, opset, dynamo=False):
        path = os.path.join(twins_dir, name + ".onnx")
        try:
            kw = dict(input_names=input_names, output_names=output_names, opset_version=opset)
            if dynamo:
                torch.onnx.export(make().eval(), args, path, dynamo=True, dynamic_shapes=dynamic_axes, **kw,
                                  external_data=True)
            else:
                torch.onnx.export(make().eval(), args, path, dynamo=False, dynamic_axes=dynamic_axes, **kw)
            log["twin:" + name] = dict(ok=True)
        except Exception as e:
            log["twin:" + name] = dict(ok=False, err=repr(e)[:300])
        print("twin", name, log["twin:" + name], flush=True)

    x = torch.randn(1, 3, 224, 224)
    save("resnet50_op17", lambda: tvm.resnet50(), (x,), ["input"], ["logits"],
         {"input": {0: "batch"}, "logits": {0: "batch"}}, 17)
    save("mobilenet_v3_small_op13", lambda: tvm.mobilenet_v3_small(), (x,), ["input"], ["logits"],
         {"input": {0: "batch"}}, 13)
    save("vit_b_16_op17", lambda: tvm.vit_b_16(), (x,), ["pixel_values"], ["logits"], {"pixel_values": {0: "batch"}}, 17)
    save("squeezenet_op9", lambda: tvm.squeezenet1_1(), (x,), ["data"], ["prob"], {"data": {0: "N"}}, 9)
    from torchvision.models.detection import fasterrcnn_mobilenet_v3_large_320_fpn

    save("fasterrcnn_mnv3_op11", lambda: fasterrcnn_mobilenet_v3_large_320_fpn(weights=None, weights_backbone=None),
         ([torch.rand(3, 320, 320)],), ["images"], ["boxes", "labels", "scores"], {"images": {1: "h", 2: "w"}}, 11)
    try:
        from transformers import BertConfig, BertModel, LlamaConfig, LlamaForCausalLM
    except Exception as e:
        log["twin:transformers"] = dict(ok=False, err=repr(e)[:300])
        return
    ids = torch.randint(0, 1000, (1, 16))
    mask = torch.ones(1, 16, dtype=torch.long)

    class Wrap(torch.nn.Module):
        def __init__(s, m):
            super().__init__()
            s.m = m

        def forward(s, input_ids, attention_mask):
            return s.m(input_ids=input_ids, attention_mask=attention_mask)[0]

    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "out": {0: "batch", 1: "seq"}}
    save("bert_base_op14", lambda: Wrap(BertModel(BertConfig())), (ids, mask), ["input_ids", "attention_mask"], ["out"],
         dyn, 14)
    save("llama_tiny_op17", lambda: Wrap(LlamaForCausalLM(LlamaConfig(
        hidden_size=256, intermediate_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=4,
        vocab_size=1000))), (ids, mask), ["input_ids", "attention_mask"], ["out"], dyn, 17)
    save("resnet50_dynamo_op18", lambda: tvm.resnet50(), (x,), ["input"], ["logits"], None, 18, dynamo=True)


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
    for step in (export_fixtures, export_corpus_twins):
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
