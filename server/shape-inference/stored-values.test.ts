// StoredValues (block reads from one open file, integers decoded to numbers) reads the same values as the reader's
// own decoder (readTensorValues, one read per tensor, bigint for INT64) on real exported models.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { OnnxModel, OnnxTensor } from '../onnx/model';
import { readOnnxModel } from '../onnx/reader';
import { readTensorValues } from '../onnx/tensor-values';
import { corpusModels, corpusOnnxDir, scratchDir } from '../../test/support/paths';
import { MAX_VALUE_ELEMENTS, StoredValues } from './stored-values';

function smallTensors(model: OnnxModel): OnnxTensor[] {
  const out = [...(model.graph?.initializers ?? [])];
  for (const node of model.graph?.nodes ?? []) for (const a of node.attributes) if (a.t) out.push(a.t);
  return out.filter((t) => t.dims.reduce((n, d) => n * d, 1) <= MAX_VALUE_ELEMENTS);
}

for (const file of corpusModels().filter((f) => /(llama_tiny_op17(\.full)?|bert_base_op14)\.onnx$/.test(f))) {
  test(`stored values of ${file.split('/').pop()} equal the reader's decoding`, () => {
    const model = readOnnxModel(file);
    const values = new StoredValues(model);
    let read = 0;
    try {
      for (const t of smallTensors(model)) {
        const expected = readTensorValues(model.path, t)?.values.map((v) => Number(v));
        assert.deepEqual(values.valueOf(t), expected, t.name);
        if (expected && t.elemType === 'INT64') read++;
      }
    } finally {
      values.close();
    }
    assert.ok(read >= 20, `INT64 tensors compared: ${read}`);
  });
}

test("the reader's values of small payloads (decoded as it passes them) equal readTensorValues' on every corpus model", () => {
  const decoded = new Map<string, number>();
  for (const file of corpusModels()) {
    const model = readOnnxModel(file);
    for (const t of smallTensors(model)) {
      if (!t.values) continue;
      const expected = readTensorValues(model.path, t)?.values.map((v) => Number(v));
      assert.deepEqual(t.values, expected, `${file}: ${t.name}`);
      decoded.set(t.elemType, (decoded.get(t.elemType) ?? 0) + 1);
    }
  }
  // The shape constants of real exports: INT64 above all, FLOAT scalars and BOOL flags beside them.
  assert.ok((decoded.get('INT64') ?? 0) >= 100, `decoded: ${JSON.stringify([...decoded])}`);
  assert.ok((decoded.get('FLOAT') ?? 0) >= 10, `decoded: ${JSON.stringify([...decoded])}`);
});

test('a model keeps the values it was read with across runs; its file overwritten later is not read at old offsets', () => {
  const file = path.join(scratchDir('stored-values-kept'), 'model.onnx');
  fs.copyFileSync(path.join(corpusOnnxDir, 'bert_base_op14.onnx'), file);
  const model = readOnnxModel(file);
  const ints = smallTensors(model).filter((t) => t.elemType === 'INT64');
  const first = new StoredValues(model);
  const before = ints.map((t) => first.valueOf(t));
  first.close();
  assert.ok(before.some((v) => v?.some((x) => x !== 0)));
  // Same size, other bytes: without the kept values a second run would decode zeros.
  fs.writeFileSync(file, Buffer.alloc(model.fileSize));
  const second = new StoredValues(model);
  try {
    assert.deepEqual(
      ints.map((t) => second.valueOf(t)),
      before,
    );
  } finally {
    second.close();
  }
});
