// Finding -> LSP diagnostic: the "analysis failed" diagnostic a file gets when its analysis itself fails links
// to its heading in the bundled docs/rules.md (file URI at the heading's line), names the file, and round-trips
// through code actions' data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { anchor } from '../rules/docs';
import { analysisFailedFinding, findingFromDiagnostic, toDiagnostic } from './diagnostics';

test('an analysis failure becomes an error diagnostic on the file with a working docs link', () => {
  const file = '/ws/models/big.onnx';
  const d = toDiagnostic(analysisFailedFinding(file, 'analysis took longer than 120 s and was stopped'));
  assert.equal(d.severity, 1);
  assert.equal(d.code, 'modelready/analysis-failed');
  assert.match(d.message, /^ModelReady could not analyze \/ws\/models\/big\.onnx: analysis took longer than 120 s/);
  const href = new URL(d.codeDescription!.href);
  assert.equal(href.protocol, 'file:');
  assert.equal(fileURLToPath(href), path.resolve(import.meta.dirname, '../../docs/rules.md'));
  const line = Number(/^#L(\d+)$/.exec(href.hash)?.[1]);
  const heading = fs.readFileSync(fileURLToPath(href), 'utf8').split('\n')[line - 1];
  assert.equal(anchor(/^#{2,4} (.+)$/.exec(heading ?? '')?.[1] ?? ''), anchor('modelready/analysis-failed'), href.href);
  assert.equal(findingFromDiagnostic(file, d)?.ruleId, 'modelready/analysis-failed');
});
