// docs/rules.md holds the rule reference generated from the rule catalog: it must be exactly what
// the generator writes now (run `npm run docs:rules` after changing a rule), and every rule link
// the editor and SARIF give out must land on a heading of the page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { anchor, generatedSectionOf, renderRuleDocs, ruleDocsUrl, RULE_DOCS_PAGE } from './docs';
import { ruleCatalog } from './catalog';
import { allRules } from './registry';

const page = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/rules.md'), 'utf8');

test('the committed rule reference equals the one generated from the rule modules', () => {
  const committed = generatedSectionOf(page);
  assert.ok(committed, 'docs/rules.md has the generated section markers');
  assert.equal(committed, renderRuleDocs(ruleCatalog), 'docs/rules.md is stale: run `npm run docs:rules`');
});

test('every rule has an id of the form area/name, unique, and complete docs', () => {
  assert.equal(new Set(ruleCatalog.map((r) => r.id)).size, ruleCatalog.length);
  for (const rule of allRules) assert.match(rule.id, /^(onnx|trt|shape|simplify|target)\/[a-z0-9-]+$/, rule.id);
  for (const rule of ruleCatalog) {
    assert.match(rule.id, /^[a-z]+\/[a-z0-9-]+$/, rule.id);
    for (const field of ['summary', 'why', 'howToFix'] as const)
      assert.ok(rule.docs[field].length > 20, `${rule.id} docs.${field}`);
  }
});

test('rule links point at headings that exist on the page (every id of the catalog)', () => {
  const headings = new Set([...page.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1])));
  assert.ok(ruleCatalog.some((r) => r.id === 'triton/ensemble-mapping'));
  for (const id of ruleCatalog.map((r) => r.id)) {
    const url = ruleDocsUrl(id);
    assert.ok(url.startsWith(`${RULE_DOCS_PAGE}#`), url);
    assert.ok(headings.has(url.slice(url.indexOf('#') + 1)), `${id}: no heading for ${url}`);
  }
});
