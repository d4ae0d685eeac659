// Source links on a dynamo export made on the device (scripts/gen-diff-pairs.py exported test/fixtures/diff/
// base-dynamo.onnx; its nodes record that script's lines from the device's path): a finding on a node gets the
// script's line in this checkout as a related location, found by path suffix, and the text report prints it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../config/config';
import { fileUri, toDiagnostic } from '../lsp/diagnostics';
import { summarize } from '../report/summary';
import { formatText } from '../report/text';
import type { Rule } from '../rules/rule';
import { checkOnnxModel } from '../rules/index';
import { repoRoot, scratchDir } from '../../test/support/paths';
import { readOnnxModel } from './reader';
import { withSourceLinks } from './source-link';

const MODEL = path.join(repoRoot, 'test/fixtures/diff/base-dynamo.onnx');
const SCRIPT = path.join(repoRoot, 'scripts/gen-diff-pairs.py');
const lineOf = (file: string, zeroBased: number) => fs.readFileSync(file, 'utf8').split('\n')[zeroBased];

/** A rule that reports the given nodes, standing in for any node-level rule. */
const reportsOn = (nodes: string[]): Rule => ({
  id: 'test/on-node',
  defaultSeverity: 'warning',
  docs: { summary: 'test', why: 'test', howToFix: 'test' },
  check: () => nodes.map((node) => ({ message: `about ${node}`, node })),
});

test("a finding on a node links to the exporting script's line, found by suffix under the root", () => {
  const model = readOnnxModel(MODEL);
  const [head, fc1] = checkOnnxModel(model, defaultConfig(repoRoot), [reportsOn(['node_linear_2'])]).concat(
    checkOnnxModel(model, defaultConfig(repoRoot), [reportsOn(['node_linear'])]),
  );
  const headLink = head.related?.[0];
  assert.equal(headLink?.file, SCRIPT);
  assert.equal(headLink?.source, true);
  assert.match(lineOf(SCRIPT, headLink!.range!.start.line), /return self\.head\(hidden\)/);
  assert.match(headLink!.message, /module head/);
  const fc1Link = fc1.related?.[0];
  assert.match(lineOf(SCRIPT, fc1Link!.range!.start.line), /torch\.softmax\(self\.fc2\(self\.act\(self\.fc1\(x\)\)\)/);
  assert.match(fc1Link!.message, /module encoder\.fc1/);

  // In the editor: a related location of the diagnostic (after the node link), on the script's line.
  const related = toDiagnostic(head).relatedInformation ?? [];
  assert.deepEqual(
    related.map((r) => [r.location.uri, r.location.range.start.line]),
    [
      [`${fileUri(MODEL)}#node=node_linear_2`, 0],
      [fileUri(SCRIPT), headLink!.range!.start.line],
    ],
  );
  const text = formatText([head], summarize([head], 1));
  assert.ok(text.includes(`source: ${SCRIPT}:${headLink!.range!.start.line + 1}`), text);
});

test('no link when the script is not under the root, nor for findings without a node', () => {
  const dir = scratchDir('source-link');
  const copy = path.join(dir, 'model.onnx');
  fs.copyFileSync(MODEL, copy);
  fs.copyFileSync(`${MODEL}.data`, path.join(dir, 'base-dynamo.onnx.data'));
  const model = readOnnxModel(copy);
  const finding = { ruleId: 'x', severity: 'info' as const, file: copy, message: 'm', node: 'node_linear_2' };
  assert.equal(withSourceLinks([finding], model, dir)[0].related, undefined);
  const whole = { ruleId: 'x', severity: 'info' as const, file: MODEL, message: 'm' };
  assert.equal(withSourceLinks([whole], readOnnxModel(MODEL), repoRoot)[0].related, undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});
