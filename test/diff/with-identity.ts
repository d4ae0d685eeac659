// The committed base.onnx with an Identity inserted before fc2 (simplify/identity reports it), made by Debian's
// python3-onnx: the "before" side of a simplification, for the diff's findings new/fixed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { debianPython, repoRoot } from '../support/paths';

export const BASE_MODEL = path.join(repoRoot, 'test/fixtures/diff/base.onnx');

const SCRIPT = `
import onnx, sys
from onnx import helper
m = onnx.load(sys.argv[1])
g = m.graph
act = next(n for n in g.node if n.op_type == 'LeakyRelu')
fc2 = next(n for n in g.node if n.name == '/encoder/fc2/Gemm')
g.node.insert(list(g.node).index(act) + 1, helper.make_node('Identity', [act.output[0]], ['copy'], name='/encoder/copy'))
fc2.input[0] = 'copy'
onnx.save(m, sys.argv[2])
`;

/** Writes the base model with the Identity `/encoder/copy` to `out`. */
export function writeWithIdentity(out: string): string {
  const made = spawnSync(debianPython, ['-c', SCRIPT, BASE_MODEL, out], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return out;
}
