// The Triton rule registry: complete docs, and in step with the checks both ways. The compiler makes every id the
// checks emit a registered one (Diagnostic.ruleId is TritonRuleId); this keeps the registry free of ids no check
// emits, and shows that the whole corpus of Triton's own cases yields registered ids only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { corpusDir } from '../../../test/support/paths';
import { ruleInfo } from '../../rules/catalog';
import { checkTritonPath } from '..';
import { TRITON_CHECKS, tritonRules } from './rules';

test('every Triton rule has a triton/ id, a check stage and complete docs', () => {
  assert.equal(new Set(tritonRules.map((r) => r.id)).size, tritonRules.length);
  for (const rule of tritonRules) {
    assert.match(rule.id, /^triton\/[a-z0-9-]+$/);
    assert.ok(rule.check in TRITON_CHECKS, `${rule.id}: check ${rule.check}`);
    for (const field of ['summary', 'why', 'howToFix'] as const)
      assert.ok(rule.docs[field].length > 20, `${rule.id} docs.${field}`);
  }
});

test('every registered id is emitted by some check (no stale entries)', () => {
  const dir = import.meta.dirname;
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('rules'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const stale = tritonRules.filter((r) => !sources.includes(`'${r.id}'`)).map((r) => r.id);
  assert.deepEqual(stale, []);
});

test("findings on Triton's own L0 cases and examples carry registered ids only", () => {
  const findings = checkTritonPath(path.join(corpusDir, 'triton'));
  assert.ok(findings.length > 100, `findings: ${findings.length}`);
  const ids = new Set(findings.map((f) => f.ruleId));
  assert.deepEqual(
    [...ids].filter((id) => !ruleInfo(id)),
    [],
  );
  assert.ok(ids.size >= 20, `distinct ids: ${ids.size}`);
});
