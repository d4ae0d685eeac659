// Plan headers built from the documented layout (Netron's tensorrt.js): magic, version word, metadata prefix.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { planBytes } from '../../test/support/plan-bytes';
import { parsePlanHeader, readPlanHeader } from './plan-header';

test('magic and version word at the start', () => {
  assert.deepEqual(parsePlanHeader(planBytes(239)), { header: { magic: 'ptrt', versionWord: 239, offset: 0 } });
  assert.deepEqual(parsePlanHeader(planBytes(236, { magic: 'ftrt' })), {
    header: { magic: 'ftrt', versionWord: 236, offset: 0 },
  });
});

test('after a JSON metadata prefix (uint32 length, then "{...}")', () => {
  const metadata = JSON.stringify({ description: 'exported', batch: 8 });
  const result = parsePlanHeader(planBytes(240, { metadata }));
  assert.deepEqual(result, { header: { magic: 'ptrt', versionWord: 240, offset: metadata.length + 4 } });
  // The same through the file reader, which reads only the prefix and the header.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-')), 'model.plan');
  fs.writeFileSync(file, planBytes(240, { metadata, body: 1 << 20 }));
  assert.deepEqual(readPlanHeader(file), result);
});

test('not a plan: clear problems, no throw', () => {
  assert.match((parsePlanHeader(Buffer.from('ptrt')) as { problem: string }).problem, /too short/);
  assert.match(
    (parsePlanHeader(Buffer.from('ONNX model bytes here')) as { problem: string }).problem,
    /no TensorRT engine magic .* at byte 0 \(found 4f 4e 4e 58\)/,
  );
  const prefixOnly = Buffer.concat([Buffer.from([200, 0, 0, 0]), Buffer.from('{"a":1}')]);
  assert.match((parsePlanHeader(prefixOnly) as { problem: string }).problem, /missing or cut short/);
  assert.match((readPlanHeader('/nonexistent/model.plan') as { problem: string }).problem, /cannot read: ENOENT/);
});
