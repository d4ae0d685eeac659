// The engine findings' ids are registered rules: in the catalog with docs, and configured by .modelready.json
// (severity, 'off', ignore globs) through the one configuration path, on the real QAT ResNet engine of the TREx corpus
// (TensorRT 8.4, A100) whose profile spends over 10% in reformat layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { engineCommand } from '../../server/cli/engine';
import type { EngineReport } from '../../server/contract/engine';
import { ruleCatalog, ruleInfo } from '../../server/rules/catalog';
import { renderRuleDocs } from '../../server/rules/docs';
import { scratchDir } from '../support/paths';
import { sharedRoot } from '../profiling/corpus';

const QAT = path.join(sharedRoot, 'corpus/trtexec/trex/examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine');
const IDS = [
  'engine/reformat-share',
  'engine/quantization-not-taken',
  'engine/fp16-not-taken',
  'engine/myelin-region',
  'engine/plugin-layer',
  'engine/precision-differs',
];

/** The QAT description and profile copied into a fresh folder with this .modelready.json (none when undefined). */
function project(config: object | undefined): { layers: string; profile: string } {
  const dir = scratchDir('engine-rules');
  fs.mkdirSync(path.join(dir, '.git'));
  const layers = path.join(dir, 'resnet-qat.graph.json');
  const profile = path.join(dir, 'resnet-qat.profile.json');
  fs.copyFileSync(`${QAT}.graph.json`, layers);
  fs.copyFileSync(`${QAT}.profile.json`, profile);
  if (config) fs.writeFileSync(path.join(dir, '.modelready.json'), JSON.stringify(config));
  return { layers, profile };
}

function findings(config: object | undefined): EngineReport['findings'] {
  const { layers, profile } = project(config);
  let out = '';
  let err = '';
  const code = engineCommand([layers, '--profile', profile, '--json'], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  assert.equal(code, 0, err);
  return (JSON.parse(out) as EngineReport).findings;
}

test('every engine finding id is a catalog rule with docs, rendered in docs/rules.md', () => {
  const docs = renderRuleDocs(ruleCatalog);
  for (const id of IDS) {
    const rule = ruleInfo(id);
    assert.ok(rule, `${id} is in the catalog`);
    assert.ok(rule.docs.summary && rule.docs.why && rule.docs.howToFix, id);
    assert.match(docs, new RegExp(`#### ${id.replace('/', '\\/')}\\n`));
  }
  assert.deepEqual(
    ruleCatalog.filter((r) => r.id.startsWith('engine/')).map((r) => r.id),
    IDS,
  );
});

test('without a configuration the findings carry the rules default severities', () => {
  const got = findings(undefined);
  assert.deepEqual(
    got.map((f) => [f.ruleId, f.severity]),
    [['engine/reformat-share', ruleInfo('engine/reformat-share')!.defaultSeverity]],
  );
});

test('.modelready.json changes an engine rule severity or switches it off', () => {
  assert.deepEqual(
    findings({ rules: { 'engine/reformat-share': 'error' } }).map((f) => [f.ruleId, f.severity]),
    [['engine/reformat-share', 'error']],
  );
  assert.deepEqual(findings({ rules: { 'engine/reformat-share': 'off' } }), []);
  // Another rule's setting leaves it alone.
  assert.equal(findings({ rules: { 'engine/myelin-region': 'off' } }).length, 1);
});

test('an ignore glob matching the engine description drops its findings', () => {
  assert.deepEqual(findings({ ignore: ['*.graph.json'] }), []);
  assert.equal(findings({ ignore: ['*.onnx'] }).length, 1);
});
