// Conversion across every opset up to the newest, against onnx 1.23's version_converter: its outputs were recorded
// on the device machine (scripts/gen-fidelity-goldens.py -> test/fixtures/onnx-1.23/converter-1.23.jsonl.gz, with the
// converted models in converter-sources-1.23.jsonl.gz) for
// PyTorch exports at opsets 13/17/18 and onnx's backend node cases, to opsets 11..24. Per conversion: the same nodes,
// attributes and inputs as onnx's output (new constants by value), or both refuse. Every disagreement is listed with
// its reason in opset-convert-1.23-disagreements.json; the agreement figure is printed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { convertOpset, formatPlan, OpsetConversionError, planOpsetConversion } from '../../server/fixes/opset-convert';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusModels, repoRoot, scratchDir } from '../support/paths';
import { describeAll, sameGraph } from './support';

interface ConverterGolden {
  name: string;
  source: number;
  target: number;
  ok: boolean;
  error: string | null;
  model: string | null;
}
interface Disagreement {
  model: string;
  target: number;
  reason: string;
}

const fixtures = path.join(repoRoot, 'test/fixtures/onnx-1.23');
const readJsonl = <T>(file: string): T[] =>
  zlib
    .gunzipSync(fs.readFileSync(path.join(fixtures, file)))
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

test('conversion agrees with onnx 1.23 version_converter across opsets 11..24 (listed disagreements only)', () => {
  const dir = scratchDir('opset-1.23');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Base models: the committed exports, and the node cases the checker goldens hold unmutated.
  const bases = new Map<string, string>();
  for (const f of fs.readdirSync(fixtures).filter((f) => f.endsWith('.onnx')))
    bases.set(`exported/${path.basename(f, '.onnx')}`, path.join(fixtures, f));
  // Every converted model as recorded next to the goldens (converter-sources), then the checker goldens' own.
  const recorded = [
    ...readJsonl<{ name: string; model: string }>('converter-sources-1.23.jsonl.gz'),
    ...readJsonl<{ name: string; mutation: string | null; model: string }>('checker-1.23.jsonl.gz'),
  ];
  for (const row of recorded) {
    if (('mutation' in row && row.mutation !== null) || bases.has(row.name)) continue;
    const file = path.join(dir, `${row.name.replace(/\W/g, '_')}.onnx`);
    fs.writeFileSync(file, Buffer.from(row.model, 'base64'));
    bases.set(row.name, file);
  }
  const rows = readJsonl<ConverterGolden>('converter-1.23.jsonl.gz').filter((r) => bases.has(r.name));
  assert.ok(rows.length > 1000, `${rows.length} conversions with a base model at hand`);
  assert.ok(
    rows.some((r) => r.ok && r.target > 17 && r.source > 17),
    'conversions beyond opset 17',
  );

  const disagreements: (Disagreement & { detail: string })[] = [];
  const pairs: { row: ConverterGolden; ours: string; theirs: string }[] = [];
  let bothRefused = 0;
  rows.forEach((row, i) => {
    const source = bases.get(row.name)!;
    const ours = path.join(dir, `${i}.ours.onnx`);
    let refusal: string | undefined;
    try {
      convertOpset(readOnnxModel(source), row.target, ours);
    } catch (error) {
      if (!(error instanceof OpsetConversionError)) throw error;
      refusal = error.message;
    }
    if (refusal && !row.ok) bothRefused++;
    else if (refusal)
      disagreements.push({ model: row.name, target: row.target, reason: '', detail: `we refuse: ${refusal}` });
    else if (!row.ok)
      disagreements.push({ model: row.name, target: row.target, reason: '', detail: `onnx refuses: ${row.error}` });
    else {
      const theirs = path.join(dir, `${i}.theirs.onnx`);
      fs.writeFileSync(theirs, Buffer.from(row.model!, 'base64'));
      pairs.push({ row, ours, theirs });
    }
  });
  const sources = describeAll(pairs.map((p) => bases.get(p.row.name)!));
  const ours = describeAll(pairs.map((p) => p.ours));
  const theirs = describeAll(pairs.map((p) => p.theirs));
  let same = 0;
  pairs.forEach((p, i) => {
    const diff = sameGraph(sources[i], ours[i], theirs[i]);
    if (diff) disagreements.push({ model: p.row.name, target: p.row.target, reason: '', detail: diff });
    else same++;
  });
  const agreement = (same + bothRefused) / rows.length;
  process.stdout.write(
    `# converter parity (onnx 1.23): ${same + bothRefused}/${rows.length} agree (${(agreement * 100).toFixed(2)}%): ${same} identical, ${bothRefused} refused by both, ${disagreements.length} disagreements\n`,
  );
  const beyond = disagreements.filter((d) => d.detail.startsWith('onnx refuses')).length;
  process.stdout.write(
    `# where onnx's converter has the adapters: ${same + bothRefused}/${rows.length - beyond} agree; ${beyond} conversion(s) onnx refuses go through ModelReady's own adapters\n`,
  );
  const listed: Disagreement[] = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'test/fixes/opset-convert-1.23-disagreements.json'), 'utf8'),
  ).disagreements;
  const key = (d: { model: string; target: number }) => `${d.model}->${d.target}`;
  const unlisted = disagreements.filter((d) => !listed.some((l) => key(l) === key(d)));
  for (const d of unlisted) process.stdout.write(`# unlisted: ${JSON.stringify(d)}\n`);
  assert.deepEqual(unlisted, [], 'disagreements not listed (with a reason) in opset-convert-1.23-disagreements.json');
  const stale = listed.filter((l) => !disagreements.some((d) => key(l) === key(d)));
  assert.deepEqual(stale, [], 'listed disagreements that no longer happen');
  for (const d of listed) assert.ok(d.reason.length > 10, `${key(d)} needs a reason`);
});

test('refusals are grouped: one line per (op, step) with the count and the first node names', () => {
  const file = corpusModels().find((f) => f.endsWith('bert_base_op14.onnx'))!;
  const plan = planOpsetConversion(readOnnxModel(file), 13);
  const groups = new Set(plan.refusals.map((r) => `${r.step} ${r.opType}`));
  assert.ok(plan.refusals.length > 300, `${plan.refusals.length} refused nodes`);
  const lines = formatPlan(plan)
    .split('\n')
    .filter((l) => l.includes('cannot convert'));
  assert.equal(lines.length, groups.size);
  const add = plan.refusals.filter((r) => r.opType === 'Add');
  assert.ok(
    lines.some((l) =>
      l.includes(`Add x${add.length} (${add[0].node}, ${add[1].node}, ${add[2].node} and ${add.length - 3} more)`),
    ),
    lines.join('\n'),
  );
});
