// A/B profiles across exports: real ONNX Runtime runs of a corpus model and of a renamed export of it (every node and
// intermediate tensor renamed by our own model writer) compare node for node through the model diff's matching.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nodeSpecOf, type NodeSpec } from '../../server/fixes/node-spec';
import { writeModel } from '../../server/fixes/model-writer';
import { readOnnxModel } from '../../server/onnx/reader';
import { runOrtLocal, storeOrtRun } from '../../server/profiling/ort-local';
import { runCounterparts } from '../../server/profiling/run-counterparts';
import { compareRuns, RunStore } from '../../server/profiling/run-store';
import type { RunsCompareResult, RunsListResult } from '../../server/contract/profiling';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { scratchDir } from '../support/paths';
import { sharedRoot } from './corpus';

const corpusModel = path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx');
const shapes = { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [1, 3, 224, 224] } };

/** The model with every node renamed and every tensor between nodes renamed (graph inputs and outputs kept). */
function writeRenamed(source: string, out: string): void {
  const model = readOnnxModel(source);
  const graph = model.graph!;
  const kept = new Set([...graph.inputs, ...graph.outputs].map((v) => v.name));
  const tensor = new Map<string, string>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o, j) => o && !kept.has(o) && tensor.set(o, `export2/t${i}_${j}`)));
  const rename = (name: string) => tensor.get(name) ?? name;
  const replaceNodes = new Map<number, NodeSpec[]>();
  graph.nodes.forEach((n, i) => {
    const spec = nodeSpecOf(n);
    replaceNodes.set(i, [
      { ...spec, name: `export2/node${i}`, inputs: spec.inputs.map(rename), outputs: spec.outputs.map(rename) },
    ]);
  });
  writeModel(model, { graph: { replaceNodes } }, out);
}

test('runs of a renamed export pair every profiled node with its counterpart', async () => {
  const dir = scratchDir('compare-renamed');
  const a = path.join(dir, 'model.onnx');
  const b = path.join(dir, 'model-renamed.onnx');
  fs.copyFileSync(corpusModel, a);
  writeRenamed(a, b);
  const namesA = new Set(readOnnxModel(a).graph!.nodes.map((n) => n.name));
  assert.ok(
    readOnnxModel(b).graph!.nodes.every((n) => !namesA.has(n.name)),
    'no node name survives the rename',
  );

  const store = new RunStore(path.join(dir, 'store'));
  const base = storeOrtRun(store, a, await runOrtLocal(a, shapes, { iterations: 2 }));
  const other = storeOrtRun(store, b, await runOrtLocal(b, shapes, { iterations: 2 }));
  assert.notEqual(base.modelHash, other.modelHash);
  const profiled = base.run.layers.length;
  assert.ok(profiled > 20 && other.run.layers.length === profiled);

  // By name nothing pairs: every row has one side only.
  const byName = compareRuns(base, other);
  assert.equal(byName.layers.filter((l) => l.baseMs !== null && l.otherMs !== null).length, 0);

  const counterparts = runCounterparts(base, other);
  assert.ok(counterparts, 'different model hashes: the diff pairs the nodes');
  const comparison = compareRuns(base, other, counterparts);
  assert.equal(comparison.by, 'onnx-node');
  assert.deepEqual(comparison.nodeMatching, { matched: profiled, unmatched: 0 });
  assert.equal(comparison.layers.length, profiled);
  for (const row of comparison.layers) {
    assert.ok(namesA.has(row.name), `${row.name} is a node of the base export`);
    assert.ok(row.baseMs !== null && row.otherMs !== null, `${row.name} timed on both sides`);
  }

  // Two runs of the same export need no matching.
  const again = storeOrtRun(store, a, await runOrtLocal(a, shapes, { iterations: 1 }));
  assert.equal(runCounterparts(base, again), undefined);
});

test("over LSP, the run list offers the other export's runs and the comparison pairs its nodes by the diff", async () => {
  const dir = scratchDir('compare-renamed-lsp');
  const a = path.join(dir, 'model.onnx');
  const b = path.join(dir, 'export2', 'model.onnx');
  fs.mkdirSync(path.dirname(b), { recursive: true });
  fs.copyFileSync(corpusModel, a);
  writeRenamed(a, b);
  const storageDir = path.join(dir, 'storage');
  const store = new RunStore(storageDir);
  const base = storeOrtRun(store, a, await runOrtLocal(a, shapes, { iterations: 1 }));
  const other = storeOrtRun(store, b, await runOrtLocal(b, shapes, { iterations: 1 }));

  const client = LspClient.start();
  try {
    await client.initialize(dir, {}, { workspaceTrusted: true, profiling: { storageDir } });
    const own = await client.connection.sendRequest<RunsListResult>('modelready/runs/list', { modelUri: uriOf(a) });
    assert.deepEqual(
      own.runs.map((r) => r.id),
      [base.id],
      'without otherModels: this model only',
    );
    const all = await client.connection.sendRequest<RunsListResult>('modelready/runs/list', {
      modelUri: uriOf(a),
      otherModels: true,
    });
    assert.deepEqual(
      all.runs.map((r) => [r.id, r.modelPath]),
      [
        [base.id, path.resolve(a)],
        [other.id, path.resolve(b)],
      ],
    );
    const compared = await client.connection.sendRequest<RunsCompareResult>('modelready/runs/compare', {
      modelUri: uriOf(a),
      baseId: base.id,
      otherId: other.id,
      otherModelUri: uriOf(b),
    });
    assert.ok(compared.ok, JSON.stringify(compared));
    const profiled = base.run.layers.length;
    assert.equal(compared.comparison.by, 'onnx-node');
    assert.deepEqual(compared.comparison.nodeMatching, { matched: profiled, unmatched: 0 });
    assert.ok(compared.comparison.layers.every((l) => l.baseMs !== null && l.otherMs !== null));
  } finally {
    assert.equal(await client.stop(), 0, client.stderr);
  }
});
