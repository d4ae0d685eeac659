// gpus.json is what scripts/gen-gpus.mjs makes of the corpus today, and lookups by short name behave.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../test/support/paths';
import { findGpu, gpuMemoryBytes, knownGpus } from './gpus';

test('gpus.json equals what scripts/gen-gpus.mjs generates from ../shared/corpus/gpus/gpus.json', async () => {
  const { generate } = (await import(path.join(repoRoot, 'scripts/gen-gpus.mjs'))) as { generate: () => unknown };
  const committed = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server/knowledge/gpus.json'), 'utf8'));
  assert.deepEqual(generate(), committed);
});

test('every corpus GPU is found by its full name, with the corpus facts', () => {
  const corpus = JSON.parse(fs.readFileSync(path.join(repoRoot, '../shared/corpus/gpus/gpus.json'), 'utf8')) as {
    name: string;
    computeCapability: string;
    memoryBytes: number | null;
  }[];
  assert.equal(knownGpus.length, corpus.length);
  for (const row of corpus) {
    const match = findGpu(row.name.toUpperCase());
    assert.ok(match, row.name);
    assert.equal(match.computeCapability, row.computeCapability, row.name);
    assert.equal(match.memoryBytes, row.memoryBytes ?? null, row.name);
  }
});

test('short names: case-insensitive; an ambiguous one keeps only the facts its GPUs agree on', () => {
  assert.equal(findGpu('t4')?.computeCapability, '7.5');
  assert.equal(findGpu('L4')?.computeCapability, '8.9');
  assert.equal(findGpu('l40s')?.gpus.length, 1);
  const a100 = findGpu('A100')!;
  assert.equal(a100.gpus.length, 2);
  assert.equal(a100.computeCapability, '8.0');
  assert.equal(a100.memoryBytes, null, 'SXM4 80GB (nominal) and PCIe (device-reported) differ');
  assert.equal(gpuMemoryBytes('h100'), 85899345920, 'both H100 entries say 80 GiB');
  assert.equal(gpuMemoryBytes('T4'), null, 'no permissive source gives T4 memory');
  assert.equal(findGpu('DGX Spark')?.computeCapability, '12.1');
  assert.equal(findGpu('RTX 9090'), undefined);
});
