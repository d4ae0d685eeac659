"""Exports the real models the down-conversions of issue 13 are checked on (LayerNormalization to primitives, Reduce*
axes input to attribute, Split/Pad forms): a small transformer encoder exported by PyTorch's dynamo exporter at opset
18, the form a TensorRT 8.6 user has to bring down to 17 or 16. Weights are random (seeded) and kept inside the file.

Usage (device, PyTorch + onnx): python3 scripts/export-opset18-models.py OUT_DIR
Output: OUT_DIR/encoder_dynamo_op18.onnx -> test/fixtures/onnx-1.23/
"""
import os
import sys

import onnx
import torch
import torch.nn.functional as F


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, batch_first=True)
        self.norm = torch.nn.LayerNorm(16)
        self.head = torch.nn.Linear(16, 6)

    def forward(self, x):
        y = self.norm(self.layer(x))
        a, b, c = torch.split(self.head(y), 2, dim=-1)
        z = torch.cat([a.amax(dim=1, keepdim=True), b.sum(dim=1, keepdim=True), c.mean(dim=1, keepdim=True)], dim=-1)
        return F.pad(z, (1, 1), value=0.5)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = Encoder().eval()
    path = os.path.join(out, "encoder_dynamo_op18.onnx")
    x = torch.randn(1, 5, 16)
    torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], dynamo=True, opset_version=18,
                      external_data=False)
    m = onnx.load(path)
    ops = sorted({n.op_type for n in m.graph.node})
    print("exported", path, "opset", [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")], "ops", ops)


main()
