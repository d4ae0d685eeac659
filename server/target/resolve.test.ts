// The resolved stack for every Triton release of the corpus tables matches those tables (expected values read
// here straight from the corpus files, not from the generated JSON), and pinned facts that disagree are conflicts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../test/support/paths';
import { resolveTarget, targetSummary } from './resolve';

const releasesDir = path.join(repoRoot, '../shared/corpus/triton/releases');
const compatibility = fs.readFileSync(path.join(releasesDir, 'compatibility.md'), 'utf8');
const versionMap = JSON.parse(fs.readFileSync(path.join(releasesDir, 'triton-version-map.json'), 'utf8')) as {
  releases: {
    tag: string;
    triton_container_version?: string;
    ort_version?: string;
    min_compute_capability: { cmake_default: { value: string } | null };
  }[];
};
const py3Facts = JSON.parse(fs.readFileSync(path.join(releasesDir, 'py3-container-facts.json'), 'utf8')) as {
  py3: { release: string; tensorrt?: string; cuda?: string; driverMin?: string }[];
};

/** compatibility.md's "ONNX Runtime Versions" table: release -> version. */
const compatOrt = new Map(
  [...compatibility.split('## ONNX Runtime Versions')[1].matchAll(/^\| (\d\d\.\d\d) \| ([^|\s]+) \|/gm)].map((m) => [
    m[1],
    m[2],
  ]),
);

const releases = versionMap.releases
  .filter((r) => r.triton_container_version && r.tag !== 'main')
  .map((r) => ({ ...r, release: r.triton_container_version!.replace(/dev$/, '') }));

test('the corpus tables name at least the 2020-2026 releases', () => {
  assert.ok(releases.length >= 60, `${releases.length} releases`);
  for (const release of compatOrt.keys())
    assert.ok(
      releases.some((r) => r.release === release),
      release,
    );
});

for (const r of releases) {
  test(`Triton ${r.release} (${r.tag}) resolves to the tables' stack`, () => {
    const t = resolveTarget({ triton: r.release });
    assert.deepEqual(t.conflicts, []);
    const ort = compatOrt.get(r.release) ?? r.ort_version ?? null;
    assert.equal(t.onnxruntime, ort);
    assert.match(t.sources.onnxruntime ?? '', compatOrt.has(r.release) ? /compatibility\.md:\d+/ : /version-map/);
    assert.equal(t.tritonMinComputeCapability, r.min_compute_capability.cmake_default?.value ?? null);
    const facts = py3Facts.py3.find((f) => f.release === r.release);
    assert.equal(t.tensorrt, facts?.tensorrt ?? null, 'the -py3 TensorRT only where NVIDIA states it');
    assert.equal(t.cuda, facts?.cuda ?? null);
    assert.equal(t.driver, facts?.driverMin ?? null);
    if (!facts?.tensorrt)
      assert.ok(t.notes.some((n) => /TensorRT of the tritonserver:.*unknown for this release/.test(n)));
  });
}

test('a pinned TensorRT that is not the pinned Triton release’s is an error conflict', () => {
  const t = resolveTarget({ triton: '24.12', tensorrt: '10.4' }, { tensorrt: '--target-trt' });
  assert.deepEqual(
    t.conflicts.map((c) => [c.severity, c.fields]),
    [['error', ['tensorrt', 'triton']]],
  );
  assert.match(t.conflicts[0].message, /10\.4 is not the TensorRT of Triton 24\.12 \(10\.7\.0\.23/);
  assert.equal(t.sources.tensorrt, '--target-trt (target.tensorrt)');
  // The close variant: the same release, written short or in full.
  assert.deepEqual(resolveTarget({ triton: '24.12', tensorrt: '10.7' }).conflicts, []);
  assert.deepEqual(resolveTarget({ triton: '25.01', tensorrt: '10.8.0.43' }).conflicts, []);
  // Unknown -py3 TensorRT: nothing to disagree with.
  assert.deepEqual(resolveTarget({ triton: '25.08', tensorrt: '10.11' }).conflicts, []);
});

test('GPU below the release’s minimum compute capability: error citing the build default', () => {
  const t = resolveTarget({ triton: '25.01', gpu: 'v100' });
  assert.equal(t.computeCapability, '7.0');
  assert.equal(t.conflicts.length, 1);
  assert.match(t.conflicts[0].message, /Triton 25\.01 refuses GPUs below compute capability 7\.5 .*CMakeLists\.txt/);
  assert.deepEqual(resolveTarget({ triton: '25.01', gpu: 'T4' }).conflicts, [], 'T4 is 7.5');
  assert.deepEqual(resolveTarget({ triton: '24.10', gpu: 'V100' }).conflicts, [], '6.0 before 24.11');
});

test('GPU facts: compute capability and memory, conflicts with a pinned compute capability, unknown names', () => {
  const l40s = resolveTarget({ gpu: 'l40s' });
  assert.equal(l40s.gpu, 'NVIDIA L40S');
  assert.equal(l40s.computeCapability, '8.9');
  assert.equal(l40s.gpuMemoryBytes, 48305799168);
  assert.match(l40s.sources.gpuMemoryBytes, /gpus\/gpus\.json/);
  assert.equal(resolveTarget({ gpu: 'A100' }).gpuMemoryBytes, null);
  assert.equal(resolveTarget({ gpu: 'H100', computeCapability: '8.9' }).conflicts[0].severity, 'error');
  assert.deepEqual(resolveTarget({ gpu: 'H100', computeCapability: '9.0' }).conflicts, []);
  assert.match(resolveTarget({ gpu: 'Voodoo 2' }).conflicts[0].message, /not in the GPU table/);
  assert.match(resolveTarget({ triton: '19.01' }).conflicts[0].message, /not in the release tables \(20\.11–26\.07\)/);
});

test('ONNX Runtime: a pinned one that is not the release’s is a warning; the TensorRT EP version follows it', () => {
  const t = resolveTarget({ triton: '25.06', onnxruntime: '1.21.0' });
  assert.deepEqual(
    t.conflicts.map((c) => c.severity),
    ['warning'],
  );
  assert.equal(resolveTarget({ triton: '25.06' }).onnxruntimeTensorrt, '10.9');
  assert.deepEqual(resolveTarget({ triton: '25.08', onnxruntime: '1.23.0' }).conflicts, [], '1.23.0+1d1712fdaf');
});

test('the operator table follows the resolved TensorRT: the Triton release’s, or the pinned one', () => {
  assert.equal(resolveTarget({ triton: '24.02' }).tensorrtTable, '8.6');
  assert.equal(resolveTarget({ tensorrt: '11.0' }).tensorrtTable, '11.0');
  assert.equal(resolveTarget({}).tensorrtTable, '11.1');
  assert.ok(resolveTarget({ tensorrt: '10.8' }).notes.some((n) => /the checks use 10\.1's/.test(n)));
});

test('one-line summary for the status bar', () => {
  assert.equal(
    targetSummary(resolveTarget({ triton: '25.01', gpu: 'L4' })),
    'Triton 25.01 · TensorRT 10.8.0.43 · ONNX Runtime 1.20.1 · NVIDIA L4 (8.9)',
  );
  assert.match(targetSummary(resolveTarget({ triton: '25.01', gpu: 'V100' })), /1 conflict\(s\)/);
  assert.equal(targetSummary(resolveTarget({})), 'TensorRT unknown');
});

test('disagreements between corpus files are reported in sources (the preferred file first)', () => {
  const ort = resolveTarget({ triton: '24.08' }).sources.onnxruntime;
  assert.match(ort, /^triton\/releases\/compatibility\.md:\d+; disagrees: .*triton-version-map\.json.* says 1\.19\.0$/);
  const cc = resolveTarget({ triton: '24.12' }).sources.tritonMinComputeCapability;
  assert.match(cc, /CMakeLists\.txt.*; disagrees: .*py3-container-facts\.json.* says 6\.0$/);
  assert.doesNotMatch(resolveTarget({ triton: '25.08' }).sources.onnxruntime, /disagrees/);
});
