// The pipeline's one place for rule settings: `off` drops, a severity replaces the rule's, and a finding its rule
// reported milder than its default (a doubt) never gets stronger than it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../test/support/paths';
import { analyzeFile, applyRuleSettings, configureFindings } from './analyze';
import { defaultConfig } from './config/config';
import type { Finding, Severity } from './findings';
import { readOnnxModel } from './onnx/reader';

const finding = (ruleId: string, severity: Severity): Finding => ({
  ruleId,
  severity,
  file: '/r/m/config.pbtxt',
  message: 'm',
});

function apply(rules: Record<string, Severity | 'off'>, ...findings: Finding[]): string[] {
  const config = { ...defaultConfig('/r'), rules };
  return applyRuleSettings(findings, config).map((f) => `${f.ruleId}:${f.severity}`);
}

test('off drops the findings of the rule, other rules untouched', () => {
  assert.deepEqual(apply({ 'triton/io': 'off' }, finding('triton/io', 'error'), finding('triton/dims', 'error')), [
    'triton/dims:error',
  ]);
});

test('a configured severity replaces the default one, raising or lowering it', () => {
  assert.deepEqual(
    apply(
      { 'triton/model-name': 'error', 'triton/io': 'warning' },
      finding('triton/model-name', 'warning'),
      finding('triton/io', 'error'),
    ),
    ['triton/model-name:error', 'triton/io:warning'],
  );
});

test('a finding milder than its rule default stays at most as strong as it was', () => {
  // triton/dynamic-batching is an error rule; dynamic batching with max_batch_size 0 is only a warning.
  const demoted = finding('triton/dynamic-batching', 'warning');
  assert.deepEqual(apply({ 'triton/dynamic-batching': 'error' }, demoted), ['triton/dynamic-batching:warning']);
  assert.deepEqual(apply({ 'triton/dynamic-batching': 'info' }, demoted), ['triton/dynamic-batching:info']);
});

test('findings made outside the analysis (a model run, a crashed analysis) obey the same settings and ignores', () => {
  const runFailed: Finding = { ruleId: 'ort/run-failed', severity: 'error', file: '/r/models/a.onnx', message: 'm' };
  const config = { ...defaultConfig('/r'), rules: { 'ort/run-failed': 'warning' as const } };
  assert.deepEqual(
    configureFindings(runFailed.file, [runFailed], config).map((f) => f.severity),
    ['warning'],
  );
  assert.deepEqual(
    configureFindings(runFailed.file, [runFailed], { ...config, rules: { 'ort/run-failed': 'off' } }),
    [],
  );
  assert.deepEqual(configureFindings(runFailed.file, [runFailed], { ...config, ignore: ['models/**'] }), []);
});

test('a model the caller already read is analyzed as read, without reading the file again', () => {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'analyze-model-')), 'model.onnx');
  fs.copyFileSync(path.join(repoRoot, 'test/fixtures/onnx-1.23/block_ts_op13.onnx'), copy);
  const model = readOnnxModel(copy);
  const fromFile = analyzeFile(copy);
  assert.ok(fromFile.length > 0, 'the fixture has findings to compare');
  fs.rmSync(copy);
  // The file is gone: only the model handed over can give the same findings.
  assert.deepEqual(analyzeFile(copy, { model }), fromFile);
  assert.match(
    analyzeFile(copy)
      .map((f) => f.message)
      .join(),
    /cannot open/,
  );
});
