"""Golden outputs of onnx 1.23 (checker, version converter) for the differentials of issue 13, run once on the
device machine (onnx 1.23, onnxruntime, PyTorch; no network). Everything lands under $OUT (or argv[1]):

  checker-1.23.jsonl.gz one line per model: {name, mutation, valid, error, ir, opset, model (base64)}: the backend
                        node test cases onnx 1.23 builds (IR 10+, opsets up to 24, which Debian's onnx 1.12 cannot
                        judge), small PyTorch exports, and one-fault mutants of each (test/rules/checker_verdicts.py)
  converter-1.23.jsonl.gz one line per (model, target opset): {name, source, target, ok, error, model (base64)}
  converter-sources-1.23.jsonl.gz one line per converted model: {name, model (base64)}, the inputs of those rows
  exported/*.onnx       the PyTorch exports (opset 18 dynamo / 17 and 13 TorchScript)
  tables/converter-probe.json  scripts/probe-opset-adapters.py run against onnx 1.23 (input of gen-opset-adapters.py)

Usage (device): python3 scripts/gen-fidelity-goldens.py "$OUT"
"""
import base64
import gzip
import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time

import onnx
from onnx import checker, version_converter

OUT = sys.argv[1] if len(sys.argv) > 1 else os.environ["OUT"]
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MAX_BYTES = 8 * 1024  # keep the committed goldens small
CHECKER_CASES = 450
CONVERTER_CASES = 120
START = time.time()

spec = importlib.util.spec_from_file_location("checker_verdicts", os.path.join(REPO, "test/rules/checker_verdicts.py"))
mutations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mutations)


def log(*args):
    print(f"[{time.time() - START:6.1f}s]", *args, flush=True)


def b64(model):
    return base64.b64encode(model.SerializeToString()).decode()


def default_opset(m):
    return next((o.version for o in m.opset_import if o.domain in ("", "ai.onnx")), None)


def verdict(model):
    try:
        checker.check_model(model)
        return True, None
    except Exception as error:
        text = str(error).strip()
        return False, text.splitlines()[0][:300] if text else type(error).__name__


def node_testcases():
    from onnx.backend.test.case import node

    cases = node.collect_testcases(None)
    picked = {}
    for case in cases:
        model = getattr(case, "model", None)
        if model is None or case.name in picked:
            continue
        if len(model.SerializeToString()) > MAX_BYTES:
            continue
        picked[case.name] = model
    return picked


def sample(cases, count):
    """Every k-th case by name, so all operators are spread over the sample."""
    names = sorted(cases)
    step = max(1, len(names) / count)
    return {names[int(i * step)]: cases[names[int(i * step)]] for i in range(min(count, len(names)))}


def export_torch_models(folder):
    """Small real exports: what users bring (dynamo at opset 18, TorchScript at 17 and 13)."""
    import torch
    import torch.nn.functional as F

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
            self.norm = torch.nn.LayerNorm(8)
            self.fc = torch.nn.Linear(8, 4)

        def forward(self, x):
            y = F.relu(self.conv(x))
            y = F.pad(y, (1, 1, 1, 1))
            y = F.interpolate(y, scale_factor=2.0, mode="nearest")
            a, b = torch.split(y, [4, 4], dim=1)
            y = torch.cat([a * 2, b], dim=1)
            y = y.mean(dim=(2, 3))
            y = self.norm(y)
            return self.fc(y).sum(dim=1, keepdim=True)

    torch.manual_seed(0)
    model = Block().eval()
    x = torch.randn(1, 3, 8, 8)
    os.makedirs(folder, exist_ok=True)
    made = {}
    for name, kwargs in [
        ("block_dynamo_op18", dict(dynamo=True, opset_version=18)),
        ("block_ts_op17", dict(dynamo=False, opset_version=17)),
        ("block_ts_op13", dict(dynamo=False, opset_version=13)),
    ]:
        path = os.path.join(folder, name + ".onnx")
        try:
            torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], external_data=False, **kwargs)
        except TypeError:
            torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], **kwargs)
        except Exception as error:
            log("export failed", name, error)
            continue
        made[name] = onnx.load(path)
        log("exported", name, "opset", default_opset(made[name]), "ir", made[name].ir_version)
    return made


def checker_goldens(bases, path):
    rows = 0
    with gzip.open(path, "wt") as out:
        for index, (name, base) in enumerate(sorted(bases.items())):
            chosen = [(None, base)]
            rotated = mutations.ROTATED
            applied = 0
            for k in range(len(rotated)):
                if applied == 2:
                    break
                mutate = rotated[(2 * index + k) % len(rotated)]
                candidate = copy.deepcopy(base)
                if mutate(candidate):
                    chosen.append((mutate.__name__, candidate))
                    applied += 1
            for mutate in mutations.ALWAYS + mutations.EXTRA:
                candidate = copy.deepcopy(base)
                if mutate(candidate):
                    chosen.append((mutate.__name__, candidate))
            for mutation, model in chosen:
                valid, error = verdict(model)
                row = dict(name=name, mutation=mutation, valid=valid, error=error, ir=model.ir_version,
                           opset=default_opset(model), model=b64(model))
                out.write(json.dumps(row) + "\n")
                rows += 1
    return rows


TARGETS = [11, 13, 16, 17, 18, 19, 21, 23, 24]


def converter_sources(bases, path):
    with gzip.open(path, "wt") as out:
        for name, base in sorted(bases.items()):
            out.write(json.dumps(dict(name=name, model=b64(base))) + "\n")
    return len(bases)


def converter_goldens(bases, path):
    rows = 0
    with gzip.open(path, "wt") as out:
        for name, base in sorted(bases.items()):
            source = default_opset(base)
            if source is None:
                continue
            for target in TARGETS:
                if target == source:
                    continue
                try:
                    converted = version_converter.convert_version(copy.deepcopy(base), target)
                    ok, error, model = True, None, b64(converted)
                except Exception as e:
                    text = str(e).strip()
                    ok, error, model = False, (text.splitlines()[0][:300] if text else type(e).__name__), None
                out.write(json.dumps(dict(name=name, source=source, target=target, ok=ok, error=error, model=model)) + "\n")
                rows += 1
    return rows


def tables(folder):
    """The converter probe (which adapters this onnx really has; wheels ship no version_converter headers)."""
    os.makedirs(folder, exist_ok=True)
    probe = os.path.join(folder, "converter-probe.json")
    with open(probe, "w") as f:
        r = subprocess.run([sys.executable, os.path.join(HERE, "probe-opset-adapters.py")], stdout=f, stderr=subprocess.PIPE, text=True)
    log("probe-opset-adapters.py", r.returncode, r.stderr[-400:])
    root = os.path.join(os.path.dirname(onnx.__file__), "version_converter")
    log("version_converter headers:", os.path.exists(os.path.join(root, "convert.h")))


def main():
    os.makedirs(OUT, exist_ok=True)
    log("onnx", onnx.__version__)
    try:
        tables(os.path.join(OUT, "tables"))
    except Exception as error:
        log("tables failed", error)
    exported = {}
    try:
        exported = export_torch_models(os.path.join(OUT, "exported"))
    except Exception as error:
        log("exports failed", error)
    cases = node_testcases()
    log("node test cases", len(cases))
    bases = sample(cases, CHECKER_CASES)
    bases.update({f"exported/{k}": v for k, v in exported.items()})
    log("checker rows", checker_goldens(bases, os.path.join(OUT, "checker-1.23.jsonl.gz")))
    # Converter: the exports (real models at 13/17/18) and the node cases at their own opsets.
    conv_bases = {f"exported/{k}": v for k, v in exported.items()}
    conv_bases.update(sample(cases, CONVERTER_CASES))
    log("converter rows", converter_goldens(conv_bases, os.path.join(OUT, "converter-1.23.jsonl.gz")))
    log("converter sources", converter_sources(conv_bases, os.path.join(OUT, "converter-sources-1.23.jsonl.gz")))


main()
