"""Export the model pairs with known edits that test/diff/*.test.ts diffs (run on the device machine:
PyTorch + onnx 1.23 + onnxruntime). Writes <out>/*.onnx and <out>/pairs.json (the known edits of each pair,
onnxruntime output equality, and the source lines the dynamo export must link to).

usage: python3 scripts/gen-diff-pairs.py <out-dir>
"""

import inspect
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


class Block(nn.Module):
    def __init__(self, slope=0.1):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.act = nn.LeakyReLU(slope)
        self.fc2 = nn.Linear(32, 8)

    def forward(self, x):
        return torch.softmax(self.fc2(self.act(self.fc1(x))), dim=-1)


class Net(nn.Module):
    """`encoder` is the submodule the rename pair renames."""

    def __init__(self, slope=0.1, submodule="encoder"):
        super().__init__()
        self.submodule = submodule
        setattr(self, submodule, Block(slope))
        self.head = nn.Linear(8, 4)

    def forward(self, x):
        hidden = getattr(self, self.submodule)(x)  # SOURCE-LINK: submodule call
        return self.head(hidden)  # SOURCE-LINK: head


def make(seed=0, **kwargs):
    torch.manual_seed(seed)
    return Net(**kwargs).eval()


def export(model, name, opset=17, dynamo=False):
    path = os.path.join(OUT, name)
    x = torch.zeros(2, 16)
    torch.onnx.export(model, (x,), path, opset_version=opset, dynamo=dynamo, input_names=["x"], output_names=["y"])
    onnx.checker.check_model(onnx.load(path))
    return path


def run(path, x):
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})[0]


def max_abs(a_path, b_path):
    x = np.random.default_rng(1).standard_normal((2, 16)).astype(np.float32)
    return float(np.max(np.abs(run(a_path, x) - run(b_path, x))))


pairs = []
base = export(make(), "base.onnx")

# One layer changed: the LeakyReLU slope.
export(make(slope=0.2), "slope-changed.onnx")
pairs.append({"name": "slope-changed", "a": "base.onnx", "b": "slope-changed.onnx", "edit": "LeakyReLU alpha 0.1 -> 0.2"})

# Renamed submodule: every node and initializer name changes, nothing else.
export(make(submodule="backbone"), "renamed.onnx")
pairs.append({"name": "renamed", "a": "base.onnx", "b": "renamed.onnx", "edit": "none (submodule encoder -> backbone)"})

# Different opset, same graph.
export(make(), "base-op13.onnx", opset=13)
pairs.append({"name": "opset", "a": "base-op13.onnx", "b": "base.onnx", "edit": "opset 13 -> 17"})

# Weight-only change: one weight tensor shifted.
changed = make()
with torch.no_grad():
    changed.encoder.fc2.weight[0, 0] += 0.5
export(changed, "weight-changed.onnx")
pairs.append({"name": "weight-changed", "a": "base.onnx", "b": "weight-changed.onnx", "edit": "encoder.fc2.weight[0,0] += 0.5"})

# TorchScript vs dynamo exporter.
dynamo_error = None
try:
    export(make(), "base-dynamo.onnx", opset=18, dynamo=True)
    export(make(), "base-op18.onnx", opset=18)
    pairs.append({"name": "exporters", "a": "base-op18.onnx", "b": "base-dynamo.onnx", "edit": "none (exporter)"})
except Exception as error:  # recorded, so the tests can say why the pair is missing
    dynamo_error = repr(error)

for pair in pairs:
    pair["ortMaxAbsDiff"] = max_abs(os.path.join(OUT, pair["a"]), os.path.join(OUT, pair["b"]))

# Source lines the dynamo export must link to (this file's own lines).
source_lines, first = inspect.getsourcelines(Net.forward)
links = {}
for index, text in enumerate(source_lines):
    if "SOURCE-LINK:" in text:
        links[text.split("SOURCE-LINK:")[1].strip()] = first + index
block_lines, block_first = inspect.getsourcelines(Block.forward)
links["block forward"] = block_first + 1

models = {}
for name in sorted(os.listdir(OUT)):
    if name.endswith(".onnx"):
        m = onnx.load(os.path.join(OUT, name))
        models[name] = {
            "nodes": [[n.name, n.op_type, {p.key: p.value for p in n.metadata_props}] for n in m.graph.node],
            "initializers": [i.name for i in m.graph.initializer],
            "opsets": {o.domain: o.version for o in m.opset_import},
            "bytes": os.path.getsize(os.path.join(OUT, name)),
        }

with open(os.path.join(OUT, "pairs.json"), "w") as f:
    json.dump(
        {
            "generator": "scripts/gen-diff-pairs.py",
            "versions": {"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__},
            "pairs": pairs,
            "sourceFile": "scripts/gen-diff-pairs.py",
            "sourceLines": links,
            "dynamoError": dynamo_error,
            "models": models,
        },
        f,
        indent=1,
    )
print(json.dumps({"pairs": pairs, "links": links, "dynamoError": dynamo_error}, indent=1))
