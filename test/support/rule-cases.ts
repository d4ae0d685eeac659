// Table-driven rule tests: each rule gets a model on which it fires and one on which it stays quiet.
// The models are real ONNX files built by Debian's onnx helper API (test/rules/build_models.py, one
// Python process per test file) and go through the whole pipeline (reader, checkOnnxFile, config).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig, type ModelReadyConfig } from '../../server/config/config';
import type { Finding } from '../../server/findings';
import { checkOnnxFile } from '../../server/rules/index';
import { allRules } from '../../server/rules/registry';
import { debianPython, repoRoot, scratchDir } from './paths';

export interface RuleCase {
  /** Name of a model in the test file's specs. */
  model: string;
  /** Configuration on top of the defaults (target, profiles keyed by model name). */
  config?: { tensorrt?: string; target?: ModelReadyConfig['target']; profiles?: ModelReadyConfig['profiles'][string] };
  /** What the finding's message must say (firing case). */
  message?: RegExp;
  /** The node the finding must be anchored on (firing case). */
  node?: string;
}

export interface RuleCases {
  fires: RuleCase;
  passes: RuleCase;
}

/** Builds every model of `specs` (name -> Python source, see build_models.py) into a scratch folder. */
export function buildModels(name: string, specs: Record<string, string>): (model: string) => string {
  const dir = scratchDir(`rules-${name}`);
  execFileSync(debianPython, [path.join(repoRoot, 'test/rules/build_models.py'), dir], {
    input: JSON.stringify(specs),
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  if (!process.env.KEEP_RULE_MODELS) after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return (model) => {
    const file = path.join(dir, `${model}.onnx`);
    assert.ok(fs.existsSync(file), `model ${model} was built`);
    return file;
  };
}

export function findingsOf(ruleId: string, file: string, c: RuleCase['config'] = {}): Finding[] {
  const config = defaultConfig(path.dirname(file));
  if (c.tensorrt) config.target.tensorrt = c.tensorrt;
  if (c.target) Object.assign(config.target, c.target);
  if (c.profiles) config.profiles[path.basename(file)] = c.profiles;
  return checkOnnxFile(file, config).filter((f) => f.ruleId === ruleId);
}

/** One test per rule of the table (firing and quiet case), and one that the table covers the whole area. */
export function ruleCaseTests(
  area: string,
  modelFile: (model: string) => string,
  table: Record<string, RuleCases>,
): void {
  for (const [ruleId, { fires, passes }] of Object.entries(table)) {
    test(`${ruleId} fires on "${fires.model}" and stays quiet on "${passes.model}"`, () => {
      const found = findingsOf(ruleId, modelFile(fires.model), fires.config);
      assert.ok(found.length > 0, `${ruleId} should fire on ${fires.model}`);
      const rule = allRules.find((r) => r.id === ruleId)!;
      for (const f of found) assert.equal(f.severity, rule.defaultSeverity);
      if (fires.message)
        assert.ok(
          found.some((f) => fires.message!.test(f.message)),
          `${ruleId} message ${fires.message}: got ${found.map((f) => f.message).join(' | ')}`,
        );
      if (fires.node)
        assert.ok(
          found.some((f) => f.node === fires.node),
          `${ruleId} names node ${fires.node}: got ${found.map((f) => f.node).join(', ')}`,
        );
      assert.deepEqual(
        findingsOf(ruleId, modelFile(passes.model), passes.config).map((f) => f.message),
        [],
        `${ruleId} should stay quiet on ${passes.model}`,
      );
    });
  }
  test(`every ${area}/ rule has a firing and a quiet case`, () => {
    assert.deepEqual(
      Object.keys(table).sort(),
      allRules
        .filter((r) => r.id.startsWith(`${area}/`))
        .map((r) => r.id)
        .sort(),
    );
  });
}
