// Models the browser tests need that the corpus does not have, written by Debian's python3-onnx: names full of
// markup (the view must show them as text), and a graph too wide for one layout (split into parts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { debianPython, scratchDir } from '../support/paths';

function writeModel(name: string, script: string): string {
  const file = path.join(scratchDir('webview-models'), name);
  const run = spawnSync(
    debianPython,
    ['-c', `import sys, onnx\nfrom onnx import helper, TensorProto\n${script}\nonnx.save(model, sys.argv[1])`, file],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `${debianPython} could not write ${name}: ${run.stderr}`);
  return file;
}

/** Names, scopes, op type, domain, attribute strings and the graph name as HTML/SVG injection attempts. */
export const HOSTILE = {
  graph: '</title><script>window.__pwned="graph"</script>',
  input: '"><img src=x onerror="window.__pwned=\'input\'">',
  scope: '<svg onload="window.__pwned=\'scope\'">',
  node: '<img src=x onerror="window.__pwned=\'node\'">',
  op: '<b onmouseover="window.__pwned=1">Evil</b>',
  attribute: '<script>window.__pwned="attr"</script>',
};

export function hostileModel(): string {
  return writeModel(
    'hostile.onnx',
    `
H = ${JSON.stringify(HOSTILE)}
nodes = [
    helper.make_node("Relu", [H["input"]], ["r"], name=f"/{H['scope']}/a/Relu"),
    helper.make_node("Neg", ["r"], ["n"], name=f"/{H['scope']}/a/Neg"),
    helper.make_node(H["op"], ["n"], ["e"], name=H["node"], domain="evil.domain", note=H["attribute"]),
]
g = helper.make_graph(nodes, H["graph"], [helper.make_tensor_value_info(H["input"], TensorProto.FLOAT, [1, 4])],
                      [helper.make_tensor_value_info("e", TensorProto.FLOAT, [1, 4])])
model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("evil.domain", 1)])
`,
  );
}

/** `count` unscoped nodes in a chain: the root has more children than one layout may hold. */
export function wideModel(count: number): string {
  return writeModel(
    `wide_${count}.onnx`,
    `
nodes = []
x = "input"
for i in range(${count}):
    nodes.append(helper.make_node("Relu" if i % 2 == 0 else "Neg", [x], [f"t{i}"], name=f"op_{i}"))
    x = f"t{i}"
g = helper.make_graph(nodes, "wide", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 4])],
                      [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, 4])])
model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
`,
  );
}

/**
 * Everything under one scope (`/transformer/h.<i>/…`), as torch exports of GPT-2 and SSDlite nest it: the root shows
 * the graph input, the output and one group with more children than the first view's budget. The input's batch and
 * sequence dims are symbolic (a whole-model finding: no optimization profile for it); the MatMuls share one
 * initializer weight, 768×2304 as GPT-2's attention projection.
 */
export function oneScopeModel(blocks: number): string {
  return writeModel(
    `one_scope_${blocks}.onnx`,
    `
import numpy as np
w = "/transformer/c_attn.weight"
inits = [helper.make_tensor(w, TensorProto.FLOAT, [768, 2304], np.zeros(768 * 2304, dtype=np.float32)),
         helper.make_tensor("starts", TensorProto.INT64, [1], [0]),
         helper.make_tensor("ends", TensorProto.INT64, [1], [768]),
         helper.make_tensor("axes", TensorProto.INT64, [1], [2])]
nodes = []
x = "input_ids"
for i in range(${blocks}):
    nodes.append(helper.make_node("MatMul", [x, w], [f"m{i}"], name=f"/transformer/h.{i}/attn/MatMul"))
    nodes.append(helper.make_node("Relu", [f"m{i}"], [f"r{i}"], name=f"/transformer/h.{i}/mlp/Relu"))
    nodes.append(helper.make_node("Slice", [f"r{i}", "starts", "ends", "axes"], [f"s{i}"], name=f"/transformer/h.{i}/Slice"))
    x = f"s{i}"
g = helper.make_graph(nodes, "one_scope", [helper.make_tensor_value_info("input_ids", TensorProto.FLOAT, ["batch", "sequence", 768])],
                      [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "sequence", 768])], inits)
model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
`,
  );
}
