"""Reference side of the fixes tests, with Debian's python3-onnx (and numpy).

  check FILE...                    -> one JSON line per file: {file, ok, error?}
  convert FILE TARGET OUT          -> onnx.version_converter to TARGET, saved to OUT; JSON {ok, error?}
  convert-batch < JOBS.json        -> the same for [{file, target, out}], one JSON line each
  describe FILE...                 -> JSON: nodes [{op, domain, inputs, outputs, attrs}], initializers {name: values},
                                      opsets; attribute tensors rendered as {dtype, dims, values}
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper, version_converter


def check(files):
    for f in files:
        try:
            onnx.checker.check_model(onnx.load(f), full_check=False)
            print(json.dumps({"file": f, "ok": True}))
        except Exception as e:  # noqa: BLE001 - the message is the result
            print(json.dumps({"file": f, "ok": False, "error": str(e)[:500]}))


def convert(f, target, out):
    try:
        m = version_converter.convert_version(onnx.load(f), int(target))
        onnx.save(m, out)
        print(json.dumps({"ok": True}))
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "error": str(e)[:500]}))


def tensor_json(t):
    a = numpy_helper.to_array(t)
    values = a.flatten().tolist() if a.size <= 64 else f"<{a.size} values>"
    return {"dtype": str(a.dtype), "dims": list(a.shape), "values": values}


def attr_json(a):
    v = onnx.helper.get_attribute_value(a)
    if isinstance(v, onnx.TensorProto):
        return tensor_json(v)
    if isinstance(v, onnx.GraphProto):
        return f"<graph {len(v.node)} nodes>"
    if isinstance(v, bytes):
        return v.decode("utf8", "replace")
    if isinstance(v, list):
        return [x.decode("utf8", "replace") if isinstance(x, bytes) else (round(x, 6) if isinstance(x, float) else x) for x in v]
    if isinstance(v, float):
        return round(v, 6)
    return v


def finite(v):
    """JSON has no NaN/Infinity: render them as strings."""
    if isinstance(v, float) and not np.isfinite(v):
        return str(v)
    if isinstance(v, list):
        return [finite(x) for x in v]
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    return v


def describe(f):
    m = onnx.load(f, load_external_data=False)
    nodes = [{"op": n.op_type, "domain": n.domain, "inputs": list(n.input), "outputs": list(n.output),
              "attrs": {a.name: attr_json(a) for a in n.attribute}} for n in m.graph.node]
    inits = {}
    for t in m.graph.initializer:
        size = int(np.prod(t.dims)) if len(t.dims) else 1
        inits[t.name] = tensor_json(t) if size <= 64 and t.data_location != onnx.TensorProto.EXTERNAL else None
    print(json.dumps(finite({"nodes": nodes, "initializers": inits,
                             "opsets": {o.domain: o.version for o in m.opset_import},
                             "outputs": [o.name for o in m.graph.output]})))


def convert_job(job):
    try:
        m = version_converter.convert_version(onnx.load(job["file"]), int(job["target"]))
        onnx.save(m, job["out"])
        return {"ok": True}
    except Exception as e:  # noqa: BLE001
        text = str(e).strip()
        return {"ok": False, "error": text.splitlines()[-1][:300] if text else type(e).__name__}


def convert_batch():
    """stdin: JSON [{file, target, out}] -> one JSON line per job, in order. The converter crashes (SIGSEGV) on some
    inputs, which must not end the batch: a forked worker runs the jobs in turn and reports each as it finishes; when
    it dies, the job it was on is reported as a crash and a new worker goes on with the next one (one fork per crash,
    not one per job)."""
    jobs = json.load(sys.stdin)
    done = 0
    while done < len(jobs):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            for job in jobs[done:]:
                # One write per line (well under PIPE_BUF): a crash never leaves half a line behind.
                os.write(write_end, (json.dumps(convert_job(job)) + "\n").encode())
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end) as r:
            for line in r:
                print(line, end="")
                done += 1
        _, status = os.waitpid(pid, 0)
        if done < len(jobs):
            signal = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            print(json.dumps({"ok": False, "crashed": True, "error": f"onnx.version_converter crashed (signal {signal})"}))
            done += 1
        sys.stdout.flush()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "check":
        check(args)
    elif cmd == "convert":
        convert(*args)
    elif cmd == "describe":
        for f in args:
            describe(f)
    elif cmd == "convert-batch":
        convert_batch()
