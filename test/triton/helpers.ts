// Small helpers shared by the Triton tests: temp model repositories and applying text edits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LineMap } from '../../server/triton/textformat/lines';
import type { TextEdit } from '../../server/triton/language';
import { L0 } from './l0-harness';

export { L0 };

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp repository with the given model folders: files by relative path (Buffer or text); '' for an empty folder. Removed at exit. */
export function makeRepo(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'triton-test-'));
  created.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (rel.endsWith('/')) {
      fs.mkdirSync(p, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return root;
}

/** The ONNX model of a corpus case (two INT32 inputs [-1,16], two INT8 outputs [-1,16]). */
export const batchModel = () =>
  fs.readFileSync(path.join(L0, 'autofill_noplatform_success/onnx/no_config/1/model.onnx'));
/** Same tensors without a batch dimension ([16]). */
export const noBatchModel = () =>
  fs.readFileSync(path.join(L0, 'autofill_noplatform_success/onnx/no_config_no_batch/1/model.onnx'));

export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineMap(text);
  const sorted = edits
    .map((e) => ({ from: lines.offset(e.range.start), to: lines.offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

export const IO_CONFIG = (mbs: number, in0: string, extra = '') => `name: "m"
platform: "onnxruntime_onnx"
max_batch_size: ${mbs}
input [
  {
    name: "INPUT0"
    ${in0}
  },
  {
    name: "INPUT1"
    data_type: TYPE_INT32
    dims: [ 16 ]
  }
]
output [
  {
    name: "OUTPUT0"
    data_type: TYPE_INT8
    dims: [ 16 ]
  }
]
${extra}`;
