// The target knowledge JSON files are exactly what their generators make of ../shared/corpus today, and hold
// the facts the corpus states (spot checks read from the corpus files themselves).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../test/support/paths';

const committed = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'server/knowledge', name), 'utf8')) as Record<string, unknown>;
const generated = async (script: string, ...args: unknown[]) =>
  ((await import(path.join(repoRoot, 'scripts', script))) as { generate: (...a: unknown[]) => unknown }).generate(
    ...args,
  );

for (const [script, json] of [
  ['gen-triton-releases.mjs', 'triton-releases.json'],
  ['gen-trtexec-flags.mjs', 'trtexec-flags.json'],
  ['gen-trt-plugins.mjs', 'trt-plugins.json'],
]) {
  test(`${json} equals what scripts/${script} generates from the corpus`, async () => {
    assert.deepEqual(await generated(script), committed(json));
  });
}

test('tensorrt-support.json equals what scripts/gen-trt-matrix.mjs generates from every corpus table', async () => {
  const mod = (await import(path.join(repoRoot, 'scripts/gen-trt-matrix.mjs'))) as {
    generate: (s: unknown) => unknown;
    defaultSources: () => unknown;
  };
  const matrix = committed('tensorrt-support.json') as { releases: Record<string, { source: { commit: string } }> };
  assert.deepEqual(mod.generate(mod.defaultSources()), matrix);
  const corpusTables = fs
    .readdirSync(path.join(repoRoot, '../shared/corpus/onnx-tensorrt'))
    .filter((f) => f.endsWith('-GA.md'));
  assert.equal(Object.keys(matrix.releases).length, corpusTables.length + 1, 'every table plus 11.0 (derived)');
  assert.equal(matrix.releases['10.15'].source.commit, 'fa5aa9f61e7781d2ca8f5351d42c1f19525a6124', 'COMMITS.txt');
});

test('trtexec flags: every help text read; 11.0 dropped the precision flags, 10.0 --workspace (PROVENANCE.md)', () => {
  const flags = committed('trtexec-flags.json') as { releases: Record<string, { flags: string[] }> };
  const corpus = JSON.parse(
    fs.readFileSync(path.join(repoRoot, '../shared/corpus/tensorrt/trtexec-help/flags-by-version.json'), 'utf8'),
  ) as Record<string, string[]>;
  // The corpus's own list was made independently from the same texts: both readings agree.
  for (const [release, list] of Object.entries(corpus))
    assert.deepEqual(flags.releases[release].flags.map((f) => `--${f}`).sort(), [...list].sort(), release);
  const has = (r: string, f: string) => flags.releases[r].flags.includes(f);
  for (const f of ['fp16', 'bf16', 'int8', 'fp8', 'best', 'calib']) assert.ok(has('10.16', f) && !has('11.0', f), f);
  assert.ok(has('8.6', 'workspace') && !has('10.0', 'workspace'));
  assert.ok(has('11.0', 'noCudaGraph') && !has('10.16', 'noCudaGraph'));
});

test('plugins removed in 11.0: the 17 (name, version) pairs of the tables', () => {
  const plugins = committed('trt-plugins.json') as {
    releases: Record<string, { removed?: { name: string; version: string }[] }>;
  };
  const removed = plugins.releases['11.0'].removed!.map((r) => r.name);
  assert.equal(removed.length, 17);
  for (const name of ['BatchedNMS_TRT', 'EfficientNMS_ONNX_TRT', 'CustomGeluPluginDynamic', 'Split', 'Proposal'])
    assert.ok(removed.includes(name), name);
  assert.deepEqual(plugins.releases['11.1'].removed, []);
});

test('Triton releases: compatibility.md wins on ORT, the build default on compute capability, both reported', () => {
  const { releases } = committed('triton-releases.json') as {
    releases: Record<
      string,
      {
        onnxruntime: string | null;
        tensorrt: string | null;
        computeCapabilityMin: string | null;
        containers: { trtllm?: { tensorrt: string } };
        disagreements: { field: string; chosen: string; other: string }[];
      }
    >;
  };
  assert.equal(releases['24.08'].onnxruntime, '1.18.1');
  assert.deepEqual(
    releases['24.08'].disagreements.map((d) => [d.field, d.chosen, d.other]),
    [['onnxruntime', '1.18.1', '1.19.0']],
  );
  assert.equal(releases['24.10'].computeCapabilityMin, '6.0');
  assert.equal(releases['24.11'].computeCapabilityMin, '7.5', 'v2.52.0 CMakeLists.txt');
  assert.deepEqual(
    releases['24.12'].disagreements.map((d) => [d.field, d.chosen, d.other]),
    [['computeCapabilityMin', '7.5', '6.0']],
  );
  // The trtllm container's TensorRT is never the -py3 container's.
  assert.equal(releases['25.08'].tensorrt, null);
  assert.equal(releases['25.08'].containers.trtllm?.tensorrt, '10.11.0.33');
  assert.equal(releases['25.01'].tensorrt, '10.8.0.43');
  assert.equal(releases['20.11'].onnxruntime, '1.5.3');
});
