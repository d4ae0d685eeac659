// The rule framework: severities from the configuration, rules switched off, ignored files, and a
// rule that throws on an odd model (reported as info, the other rules' findings kept).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../analyze';
import { defaultConfig, parseConfigText } from '../config/config';
import { readOnnxModel } from '../onnx/reader';
import { buildModels } from '../../test/support/rule-cases';
import { allRules, checkOnnxFile, checkOnnxModel } from './index';
import type { Rule } from './rule';

const modelFile = buildModels('framework', {
  identity: `m = model([h.make_node('Identity', ['x'], ['x1'], name='rename'), h.make_node('Relu', ['x1'], ['y'], name='relu')], [vi('x', shape=['batch', 4])], [vi('y', shape=['batch', 4])])`,
});

test('findings get the default severity, the configured one, or none when the rule is off', () => {
  const file = modelFile('identity');
  const ids = (config = defaultConfig(path.dirname(file))) =>
    analyzeFile(file, { config })
      .map((f) => `${f.ruleId}:${f.severity}`)
      .sort();
  assert.deepEqual(ids(), ['shape/dynamic-input-needs-profile:warning', 'simplify/identity:info']);
  const config = parseConfigText(
    JSON.stringify({ rules: { 'simplify/identity': 'error', 'shape/dynamic-input-needs-profile': 'off' } }),
    path.join(path.dirname(file), '.modelready.json'),
  );
  assert.deepEqual(ids(config), ['simplify/identity:error']);
});

test("findings carry their node and their rule's fix; errors come first", () => {
  const findings = checkOnnxFile(modelFile('identity'), defaultConfig('/'));
  const identity = findings.find((f) => f.ruleId === 'simplify/identity')!;
  assert.equal(identity.node, 'rename');
  assert.deepEqual(identity.fixes, [allRules.find((r) => r.id === 'simplify/identity')!.fix]);
  const ranks = findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
  assert.deepEqual(ranks, [...ranks].sort());
});

test('a file matched by an ignore glob is not analyzed', () => {
  const file = modelFile('identity');
  const root = path.dirname(file);
  assert.ok(analyzeFile(file, { config: defaultConfig(root) }).length > 0);
  assert.deepEqual(
    analyzeFile(file, {
      config: parseConfigText(JSON.stringify({ ignore: [path.basename(file)] }), path.join(root, '.modelready.json')),
    }),
    [],
  );
});

test('a rule that throws becomes one info finding and does not hide the other rules', () => {
  const file = modelFile('identity');
  const broken: Rule = {
    id: 'simplify/broken-for-test',
    defaultSeverity: 'error',
    docs: { summary: 'test', why: 'test', howToFix: 'test' },
    check: () => {
      throw new Error('unexpected attribute layout');
    },
  };
  const findings = checkOnnxModel(readOnnxModel(file), defaultConfig('/'), [broken, ...allRules]);
  const failed = findings.find((f) => f.ruleId === broken.id)!;
  assert.equal(failed.severity, 'info');
  assert.match(failed.message, /rule could not be evaluated on this model: unexpected attribute layout/);
  assert.ok(findings.some((f) => f.ruleId === 'simplify/identity'));
});

test('an unreadable file is one onnx/unreadable-model error naming it', () => {
  const file = path.join(path.dirname(modelFile('identity')), 'empty.onnx');
  fs.writeFileSync(file, '');
  const findings = checkOnnxFile(file, defaultConfig('/'));
  assert.equal(findings.length, 1);
  assert.equal(findings[0].ruleId, 'onnx/unreadable-model');
  assert.equal(findings[0].severity, 'error');
  assert.equal(findings[0].file, file);
});
