// A pair with one edit of each kind the graph view colours, made from the committed base.onnx by Debian's
// python3-onnx: the LeakyReLU slope changed, the Softmax removed (the head reads fc2 directly), a Sigmoid added after
// the head, and one value of head.weight changed (an initializer change; its Gemm is not a changed node).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { debianPython, repoRoot, scratchDir } from '../support/paths';

export const EDITED_PAIR = {
  changed: ['/encoder/act/LeakyRelu', '/head/Gemm'],
  removed: ['/encoder/Softmax'],
  added: ['/head/Sigmoid'],
  weights: ['head.weight'],
};

const SCRIPT = `
import sys, onnx
from onnx import helper, numpy_helper
m = onnx.load(sys.argv[1])
onnx.save(m, sys.argv[2])
g = m.graph
nodes = {n.name: n for n in g.node}
next(a for a in nodes['/encoder/act/LeakyRelu'].attribute if a.name == 'alpha').f = 0.25
nodes['/head/Gemm'].input[0] = nodes['/encoder/fc2/Gemm'].output[0]
nodes['/head/Gemm'].output[0] = 'head_out'
g.node.remove(nodes['/encoder/Softmax'])
g.node.append(helper.make_node('Sigmoid', ['head_out'], ['y'], name='/head/Sigmoid'))
w = next(t for t in g.initializer if t.name == 'head.weight')
values = numpy_helper.to_array(w).copy()
values[0, 0] += 0.5
w.CopyFrom(numpy_helper.from_array(values, 'head.weight'))
onnx.save(m, sys.argv[3])
`;

/** Writes a.onnx (base) and b.onnx (edited) into `dir` (a fresh scratch folder by default). */
export function editedPair(dir = scratchDir('diff-edited-pair')): { a: string; b: string } {
  const a = path.join(dir, 'a.onnx');
  const b = path.join(dir, 'b.onnx');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(repoRoot, 'test/fixtures/diff/base.onnx');
  const made = spawnSync(debianPython, ['-c', SCRIPT, base, a, b], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return { a, b };
}
