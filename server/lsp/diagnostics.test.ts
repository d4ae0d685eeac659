// Finding -> LSP diagnostic: the "analysis failed" diagnostic a file gets when its analysis itself fails links
// to a heading that exists in docs/rules.md, names the file, and round-trips through code actions' data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { anchor } from '../rules/docs';
import { analysisFailedFinding, findingFromDiagnostic, toDiagnostic } from './diagnostics';

test('an analysis failure becomes an error diagnostic on the file with a working docs link', () => {
  const file = '/ws/models/big.onnx';
  const d = toDiagnostic(analysisFailedFinding(file, 'analysis took longer than 120 s and was stopped'));
  assert.equal(d.severity, 1);
  assert.equal(d.code, 'modelready/analysis-failed');
  assert.match(d.message, /^ModelReady could not analyze \/ws\/models\/big\.onnx: analysis took longer than 120 s/);
  const page = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/rules.md'), 'utf8');
  const headings = new Set([...page.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1])));
  assert.ok(headings.has(d.codeDescription!.href.split('#')[1]), d.codeDescription!.href);
  assert.equal(findingFromDiagnostic(file, d)?.ruleId, 'modelready/analysis-failed');
});
