// docs/rules.md holds the rule reference generated from the rule catalog: it must be exactly what
// the generator writes now (run `npm run docs:rules` after changing a rule), and every rule link
// the editor gives out must open the bundled page at that rule's heading.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { anchor, generatedSectionOf, renderRuleDocs } from './docs';
import { ruleDocsUrl } from './docs-link';
import { ruleCatalog } from './catalog';
import { allRules } from './registry';

const pageFile = path.resolve(import.meta.dirname, '../../docs/rules.md');
const page = fs.readFileSync(pageFile, 'utf8');

test('the committed rule reference equals the one generated from the rule modules', () => {
  const committed = generatedSectionOf(page);
  assert.ok(committed, 'docs/rules.md has the generated section markers');
  assert.equal(committed, renderRuleDocs(ruleCatalog), 'docs/rules.md is stale: run `npm run docs:rules`');
});

test('every rule has an id of the form area/name, unique, and complete docs', () => {
  assert.equal(new Set(ruleCatalog.map((r) => r.id)).size, ruleCatalog.length);
  for (const rule of allRules) assert.match(rule.id, /^(onnx|trt|shape|simplify|target|quant)\/[a-z0-9-]+$/, rule.id);
  for (const rule of ruleCatalog) {
    assert.match(rule.id, /^[a-z]+\/[a-z0-9-]+$/, rule.id);
    for (const field of ['summary', 'why', 'howToFix'] as const)
      assert.ok(rule.docs[field].length > 20, `${rule.id} docs.${field}`);
  }
});

test('rule links open the bundled reference at the heading of their rule (every id of the catalog)', () => {
  const lines = page.split('\n');
  assert.ok(ruleCatalog.some((r) => r.id === 'triton/ensemble-mapping'));
  for (const id of ruleCatalog.map((r) => r.id)) {
    const url = ruleDocsUrl(id);
    assert.ok(url, `${id}: no link`);
    const [file, fragment] = url.split('#');
    assert.equal(fileURLToPath(file), pageFile);
    const line = Number(/^L(\d+)$/.exec(fragment)?.[1]);
    assert.match(lines[line - 1] ?? '', /^#{2,4} /, `${id}: line ${line} is not a heading`);
    assert.equal(anchor(lines[line - 1].replace(/^#+ /, '')), anchor(id), `${id}: line ${line} is another heading`);
  }
});

test('a rule without a heading in the reference gets no link rather than a dead one', () => {
  assert.equal(ruleDocsUrl('onnx/no-such-rule'), undefined);
  assert.ok(ruleDocsUrl('onnx/invalid-structure')?.startsWith(pathToFileURL(pageFile).href));
});
