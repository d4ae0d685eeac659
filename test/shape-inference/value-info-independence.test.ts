// Rules read inferred types and shapes, so whether a file carries value_info must not change its findings:
// every corpus model and shape fixture gives the same findings as its copy without value_info and its copy with
// onnx's inferred shapes written back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../server/config/config';
import type { Finding } from '../../server/findings';
import { checkOnnxFile } from '../../server/rules/index';
import { corpusModels, debianPython, scratchDir } from '../support/paths';
import { buildModels } from '../support/rule-cases';
import { fixtureDir } from './parity';

interface Variant {
  file: string;
  stripped: string;
  annotated: string | null;
}

const summary = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.node ?? ''}: ${f.message}`).sort();

test('findings do not depend on stored value_info (corpus and shape fixtures)', () => {
  const dir = scratchDir('value-info');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fixtures = fs.readdirSync(path.join(fixtureDir, 'models')).map((f) => path.join(fixtureDir, 'models', f));
  // Shape arithmetic on a tensor whose static shape only inference knows (no value_info for "h"), and a Cast to
  // UINT16 feeding an op: rules that read intermediate shapes and types must see them either way.
  const built = buildModels('value-info', {
    static_via_inference: `m = model([h.make_node('Relu', ['x'], ['h'], name='relu'), h.make_node('Shape', ['h'], ['s'], name='shape'), h.make_node('Reshape', ['h', 's'], ['y'], name='reshape')], [vi('x', shape=[2, 3])], [vi('y', shape=[2, 3])])`,
    uint16_cast: `m = model([h.make_node('Cast', ['x'], ['c'], name='cast', to=TP.UINT16), h.make_node('Cast', ['c'], ['y'], name='back', to=TP.FLOAT)], [vi('x', shape=[2, 3])], [vi('y', shape=[2, 3])])`,
  });
  const models = [...corpusModels(), ...fixtures, built('static_via_inference'), built('uint16_cast')];
  const out = execFileSync(debianPython, [path.join(__dirname, 'value_info_variants.py'), dir], {
    input: JSON.stringify(models),
    maxBuffer: 64 << 20,
  });
  const variants: Variant[] = out
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(variants.length, models.length);
  let annotatedCount = 0;
  for (const v of variants) {
    // Copies sit in another folder: findings that name the file or its missing weights are compared without it.
    const config = defaultConfig(path.dirname(v.file));
    const original = summary(checkOnnxFile(v.file, config)).map((s) => s.replaceAll(path.dirname(v.file), '<dir>'));
    const normalize = (file: string) =>
      summary(checkOnnxFile(file, defaultConfig(dir))).map((s) => s.replaceAll(dir, '<dir>'));
    const withoutExternal = (lines: string[]) => lines.filter((l) => !l.startsWith('onnx/external-data'));
    assert.deepEqual(withoutExternal(normalize(v.stripped)), withoutExternal(original), `${v.file} without value_info`);
    if (v.annotated) {
      annotatedCount++;
      assert.deepEqual(
        withoutExternal(normalize(v.annotated)),
        withoutExternal(original),
        `${v.file} with onnx's shapes`,
      );
    }
  }
  assert.ok(annotatedCount >= models.length - 2, `annotated copies: ${annotatedCount} of ${models.length}`);
});
