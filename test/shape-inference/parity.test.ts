// Parity of our shape inference with onnx's: the onnx 1.23 reference made on the device machine (fresh exports
// across families and the corpus models, scripts/gen-shape-goldens.py), where every dim we state beyond onnx is
// confirmed by onnxruntime's real shapes; and the Debian onnx 1.12 differential over libonnx-testdata and the
// corpus (opset <= 17), computed here in one Python process.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { readOnnxModel } from '../../server/onnx/reader';
import { inferModelShapes } from '../../server/shape-inference/engine';
import { corpusModels, debianPython, onnxTestdataModels } from '../support/paths';
import { compareTensor, loadGoldens, measureParity } from './parity';
import path from 'node:path';

test('onnx 1.23 reference: >= 99% of tensors equal, everything beyond onnx confirmed by onnxruntime', () => {
  const goldens = loadGoldens();
  const result = measureParity(goldens);
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const agreeing = result.counts.equal + result.counts.confirmed;
  assert.ok(total > 7000, `reference tensors compared: ${total}`);
  assert.ok(
    agreeing / total >= 0.99,
    `${agreeing}/${total} equal; first differences:\n${result.differences
      .slice(0, 20)
      .map((d) => `${d.model} ${d.graph}${d.tensor}: onnx ${d.onnx}, ours ${d.ours} (${d.verdict})`)
      .join('\n')}`,
  );
  assert.equal(result.counts.different, 0, 'no tensor contradicts onnx');
  assert.deepEqual(
    result.wrongAtRuntime.map((d) => `${d.model} ${d.tensor}: ${d.onnx}, ours ${d.ours}`),
    [],
    'at concrete shapes every dim we state is the one onnxruntime produced',
  );
});

interface Onnx112Line {
  file: string;
  tensors?: Record<string, { elemType?: string; shape?: (number | string | null)[] | null; kind?: string }>;
  error?: string;
}

test('Debian onnx 1.12 differential (libonnx-testdata and corpus, opset <= 17)', () => {
  const files = [...onnxTestdataModels(), ...corpusModels()].filter((file) => {
    const model = readOnnxModel(file);
    const opset = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;
    return opset <= 17;
  });
  const out = execFileSync(debianPython, [path.join(__dirname, 'onnx112_shapes.py')], {
    input: JSON.stringify(files),
    maxBuffer: 256 << 20,
  });
  const counts = { equal: 0, confirmed: 0, unconfirmed: 0, less: 0, different: 0 };
  const differences: string[] = [];
  for (const line of out.toString().trim().split('\n')) {
    const entry: Onnx112Line = JSON.parse(line);
    if (!entry.tensors) continue;
    const shapes = inferModelShapes(readOnnxModel(entry.file), { useStoredValueInfo: false });
    for (const [name, type] of Object.entries(entry.tensors)) {
      const verdict = compareTensor(type, shapes.main.tensors.get(name)?.type, undefined, {});
      counts[verdict]++;
      if (verdict !== 'equal')
        differences.push(`${path.relative('/usr/share/libonnx-testdata/data', entry.file)} ${name}: ${verdict}`);
    }
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`onnx 1.12 differential: ${JSON.stringify(counts)} of ${total}`);
  assert.ok(total > 2000, `tensors compared: ${total}`);
  // Beyond onnx 1.12 ("unconfirmed": no runtime here) is allowed; contradicting or knowing less is not.
  assert.ok((counts.equal + counts.unconfirmed) / total >= 0.97, differences.slice(0, 40).join('\n'));
});

test('no operator fails inside inference on libonnx-testdata and the corpus (an exception would hide its shapes)', () => {
  const failures: string[] = [];
  for (const file of [...onnxTestdataModels(), ...corpusModels()]) {
    const shapes = inferModelShapes(readOnnxModel(file), { useStoredValueInfo: false });
    for (const issue of shapes.issues)
      if (/inference failed/.test(issue.message))
        failures.push(`${path.basename(path.dirname(file))}: ${issue.message}`);
  }
  assert.deepEqual(failures, []);
});
