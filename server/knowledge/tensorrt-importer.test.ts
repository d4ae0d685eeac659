// The committed importer-types JSON holds every decision the generator pins, each with the source line that
// supports it, and the rule's lookups give those verdicts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script without type declarations
import { DECISIONS } from '../../scripts/gen-trt-importer-types.mjs';
import { importerTypes, importerVerdict } from './tensorrt-importer';

interface Decision {
  op: string;
  input: number | null;
  type: string;
  expect: 'accepts' | 'rejects' | 'cast-refused';
}

test('every pinned decision is in the committed JSON with a source line', () => {
  const stored = (importerTypes as unknown as { decisions: (Decision & { at: string })[] }).decisions;
  assert.equal(stored.length, (DECISIONS as Decision[]).length);
  for (const d of DECISIONS as Decision[]) {
    const hit = stored.find((s) => s.op === d.op && s.type === d.type && s.expect === d.expect);
    assert.ok(hit, `${d.op} ${d.type} ${d.expect}`);
    assert.match(hit.at, /\.cpp/);
    if (d.expect === 'cast-refused') assert.ok(!importerTypes.castTargets.types.includes(d.type));
    else assert.equal(importerVerdict(d.op, d.input ?? 0, d.type)?.verdict, d.expect);
  }
  assert.match(importerTypes.source.commit ?? '', /^[0-9a-f]{40}$/);
});

test('an explicit accept list wins over a helper rejection (Clip INT32 takes the elementwise path)', () => {
  assert.equal(importerVerdict('Clip', 0, 'INT32')?.verdict, 'accepts');
  assert.equal(importerVerdict('Relu', 0, 'INT32')?.verdict, 'rejects');
  assert.equal(importerVerdict('Relu', 0, 'FLOAT'), undefined);
});
