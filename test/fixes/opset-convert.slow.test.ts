// Opset conversion against Debian's onnx.version_converter on the corpus and libonnx-testdata (thousands of conversions,
// hence the slow tier): per node the same op types, attributes and inputs (new constants compared by value), or both
// refuse; our outputs pass onnx.checker; where onnxruntime runs both, outputs agree within 1e-5.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  convertOpset,
  defaultOpset,
  maxKnownOpset,
  OpsetConversionError,
  planOpsetConversion,
} from '../../server/fixes/opset-convert';
import type { OnnxModel } from '../../server/onnx/model';
import { readOnnxModel } from '../../server/onnx/reader';
import { walkTensors } from '../../server/onnx/walk';
import { corpusModels, onnxTestdataModels } from '../support/paths';
import { maxDifference, randomFeeds, runModel } from './ort-compare';
import { describeAll, md5, onnxCheck, onnxConvertBatch, sameGraph } from './support';
import { scratchDir } from '../support/paths';

const dir = scratchDir('opset');
/** Debian's onnx 1.12 converts up to opset 17; newer steps are checked against onnx 1.23 (opset-convert-1.23.test.ts). */
const DEBIAN_MAX_OPSET = 17;

interface Job {
  file: string;
  target: number;
  ours: string;
  theirs: string;
  model: OnnxModel;
  refusal?: string;
  changes: number;
}

function jobs(): Job[] {
  const out: Job[] = [];
  const files = [...corpusModels(), ...onnxTestdataModels()];
  files.forEach((file, i) => {
    const model = readOnnxModel(file);
    const from = defaultOpset(model);
    if (
      !model.graph ||
      from === undefined ||
      from > DEBIAN_MAX_OPSET ||
      [...walkTensors(model)].some((t) => t.external)
    )
      return;
    const corpus = !file.startsWith('/usr/share');
    // Old models also go up many steps, through the adapters of every opset between.
    const targets = new Set(corpus || from < 13 ? [11, 13, 17, from - 1, from + 1] : [from - 1, from + 1]);
    for (const target of targets) {
      if (target < 7 || target > Math.min(maxKnownOpset(), DEBIAN_MAX_OPSET) || target === from) continue;
      const stem = `${i}-${path.basename(path.dirname(file))}-${path.basename(file, '.onnx')}-to${target}`;
      out.push({
        file,
        target,
        model,
        ours: path.join(dir, `${stem}.ours.onnx`),
        theirs: path.join(dir, `${stem}.theirs.onnx`),
        changes: 0,
      });
    }
  });
  return out;
}

const all = jobs();

test('conversion agrees with onnx.version_converter (same nodes, attributes, inputs; or both refuse)', () => {
  for (const job of all) {
    try {
      job.changes = convertOpset(job.model, job.target, job.ours).plan.changes.length;
    } catch (error) {
      if (!(error instanceof OpsetConversionError)) throw error;
      job.refusal = error.message;
    }
  }
  const theirs = onnxConvertBatch(all.map((j) => ({ file: j.file, target: j.target, out: j.theirs })));
  const bothConverted = all.filter((j, i) => !j.refusal && theirs[i].ok);
  const sources = describeAll([...new Set(bothConverted.map((j) => j.file))]);
  const sourceOf = new Map([...new Set(bothConverted.map((j) => j.file))].map((f, i) => [f, sources[i]]));
  const oursDescribed = describeAll(bothConverted.map((j) => j.ours));
  const theirsDescribed = describeAll(bothConverted.map((j) => j.theirs));
  const disagreements: string[] = [];
  let bothRefused = 0;
  all.forEach((j, i) => {
    if (j.refusal && !theirs[i].ok) bothRefused++;
    else if (j.refusal) disagreements.push(`${j.file} -> ${j.target}: we refuse (${j.refusal}), onnx converts`);
    else if (!theirs[i].ok)
      disagreements.push(`${j.file} -> ${j.target}: onnx refuses (${theirs[i].error}), we convert`);
  });
  let same = 0;
  bothConverted.forEach((j, i) => {
    const diff = sameGraph(sourceOf.get(j.file)!, oursDescribed[i], theirsDescribed[i]);
    if (diff) disagreements.push(`${j.file} -> ${j.target}: ${diff}`);
    else same++;
  });
  const withChanges = bothConverted.filter((j) => j.changes > 0).length;
  console.log(
    `opset agreement: ${all.length} conversions; ${same} identical (${withChanges} with node edits), ${bothRefused} refused by both, ${disagreements.length} disagreements`,
  );
  for (const d of disagreements) console.log(`  disagreement: ${d}`);
  assert.ok(same > 500, `${same} identical conversions`);
  assert.ok(withChanges > 20, `${withChanges} conversions edited nodes`);
  // Known, justified disagreements are listed in the log; they must stay rare.
  assert.ok(disagreements.length <= all.length * 0.02, `${disagreements.length} disagreements of ${all.length}`);
});

test('every converted model passes onnx.checker', () => {
  const written = all.filter((j) => !j.refusal && fs.existsSync(j.ours)).map((j) => j.ours);
  assert.ok(written.length > 500);
  const failed = onnxCheck(written).filter((r) => !r.ok);
  assert.deepEqual(failed, []);
});

test('onnxruntime gives the same outputs before and after conversion (random inputs, 1e-5)', async () => {
  let compared = 0;
  const mismatches: string[] = [];
  for (const job of all.filter((j) => !j.refusal && j.changes > 0)) {
    const feeds = randomFeeds(job.model);
    if (!feeds) continue;
    let before;
    try {
      before = await runModel(job.file, feeds);
    } catch {
      continue; // onnxruntime cannot run the original (e.g. random indices out of range): nothing to compare
    }
    const after = await runModel(job.ours, feeds);
    const diff = maxDifference(before, after);
    compared++;
    if (!(diff <= 1e-5)) mismatches.push(`${job.file} -> ${job.target}: max difference ${diff}`);
  }
  console.log(`onnxruntime: ${compared} converted models with node edits compared, ${mismatches.length} mismatches`);
  assert.ok(compared > 10, `${compared} compared`);
  assert.deepEqual(mismatches, []);
});

test('a refused conversion writes nothing and names the node and the reason; the plan lists changes', () => {
  const file = corpusModels().find((f) => f.endsWith('bert_base_op14.onnx'))!;
  const model = readOnnxModel(file);
  const out = path.join(dir, 'bert.op13.onnx');
  assert.throws(
    () => convertOpset(model, 13, out),
    (e: Error) =>
      e instanceof OpsetConversionError &&
      /node \S+ \((Add|Mul|Sub|Div|Relu|Reshape|Identity)\) at step 14 -> 13: .*no adapter/.test(e.message),
  );
  assert.ok(!fs.existsSync(out));
  // Squeeze-13 takes axes from a graph input here: opset 12 needs a constant attribute.
  const squeeze = onnxTestdataModels().find((f) => f.includes('/test_squeeze/'))!;
  const refused = planOpsetConversion(readOnnxModel(squeeze), 12);
  assert.match(refused.refusals[0].reason, /input 1 \("axes"\) is computed at run time/);
  // Unsqueeze-11 -> 13 moves axes into a new Constant input; the plan says so before anything is written.
  const unsqueeze = onnxTestdataModels().find((f) => f.includes('/test_unsqueeze_axis_3/'))!;
  const before = md5(unsqueeze);
  const plan = planOpsetConversion(readOnnxModel(unsqueeze), 14);
  assert.deepEqual(plan.refusals, []);
  assert.ok(
    plan.changes.some((c) => c.opType === 'Unsqueeze' && /attribute axes=\[3\] becomes input/.test(c.change)),
    JSON.stringify(plan.changes),
  );
  assert.equal(md5(unsqueeze), before);
});
