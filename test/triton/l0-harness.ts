// Runs our validator over Triton's own qa/L0_model_config cases the way its test.sh sets them up, and scores
// the verdicts: recall (Triton errs, we report an error), same fact (our error states the fact of Triton's
// expected message), false alarms (Triton accepts, we report an error).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkTritonPath } from '../../server/triton';
import type { Finding } from '../../server/findings';

import { corpusDir } from '../support/paths';

export const L0 = path.join(corpusDir, 'triton/L0_model_config');
export const EXAMPLES = path.join(corpusDir, 'triton/examples');

export const needsBackend: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'l0-cases-needing-backend.json'), 'utf8'),
);
delete needsBackend.$comment;

/** Rules about files the corpus lacks (model files, version folders), not about the configuration. */
const FILE_RULES = new Set(['triton/model-file', 'triton/version-policy', 'triton/missing-config']);

export interface CaseResult {
  group: string;
  id: string;
  /** Triton rejects the config (expected holds the error) or accepts it. */
  tritonErrs: boolean;
  expected: string[];
  errors: Finding[];
  detected: boolean;
  sameFact: boolean;
  skipReason?: string;
}

const isModelDir = (dir: string) =>
  fs.existsSync(path.join(dir, 'config.pbtxt')) || fs.readdirSync(dir).some((n) => /^\d+$/.test(n));

/**
 * Case folders: a folder holding `expected*` or `partial.pbtxt` (one model), or a folder of model folders where
 * exactly one model (or the folder itself) holds the `expected*` (an ensemble with its members).
 */
export function listCases(): string[] {
  const cases: string[] = [];
  const hasExpected = (dir: string) => fs.readdirSync(dir).some((n) => n.startsWith('expected'));
  const visit = (dir: string) => {
    const subdirs = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory() && !/^\d+$/.test(n));
    const withExpected = subdirs.filter((s) => hasExpected(path.join(dir, s)));
    const isMultiModel =
      subdirs.length > 0 &&
      subdirs.every((s) => isModelDir(path.join(dir, s))) &&
      withExpected.length <= 1 &&
      (withExpected.length === 1 || hasExpected(dir));
    if ((hasExpected(dir) && subdirs.length === 0) || isMultiModel || (hasExpected(dir) && isModelDir(dir))) {
      cases.push(path.relative(L0, dir));
      return;
    }
    for (const s of subdirs) visit(path.join(dir, s));
  };
  visit(L0);
  return cases.sort();
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
  for (const f of walkFiles(to)) fs.chmodSync(f, 0o644);
}

function walkFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? [path.join(dir, e.name), ...walkFiles(path.join(dir, e.name))] : [path.join(dir, e.name)],
    );
}

/** Base configs the harness appends `partial.pbtxt` to (Triton's test appends them to a model's config). */
const PARTIAL_BASE: Record<string, string> = {
  custom_parameters:
    'backend: "tensorrt"\nmax_batch_size: 8\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 16 ] } ]\noutput [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 16 ] } ]\n',
  model_metrics:
    'backend: "identity"\nmax_batch_size: 8\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 16 ] } ]\noutput [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 16 ] } ]\n',
};

/**
 * Lays a case out as a model repository in a temp folder, like test.sh does: model folders by name, an empty
 * version folder `1/` where the case has none (git keeps no empty folders), the platform under test written
 * into noautofill_platform configs, partial.pbtxt appended to a base config.
 */
function stage(caseId: string, platform?: string): string {
  const src = path.join(L0, caseId);
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'l0-'));
  const name = path.basename(caseId);
  if (isModelDir(src) || !fs.readdirSync(src).some((n) => fs.statSync(path.join(src, n)).isDirectory())) {
    copyDir(src, path.join(repo, name));
  } else {
    for (const s of fs.readdirSync(src))
      if (fs.statSync(path.join(src, s)).isDirectory()) copyDir(path.join(src, s), path.join(repo, s));
  }
  for (const model of fs.readdirSync(repo)) {
    const dir = path.join(repo, model);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('expected'))) fs.rmSync(path.join(dir, f));
    const partial = path.join(dir, 'partial.pbtxt');
    if (fs.existsSync(partial)) {
      const base = PARTIAL_BASE[caseId.split('/')[0]];
      fs.writeFileSync(path.join(dir, 'config.pbtxt'), `name: "${model}"\n${base}${fs.readFileSync(partial, 'utf8')}`);
      fs.rmSync(partial);
    }
    const config = path.join(dir, 'config.pbtxt');
    if (platform && fs.existsSync(config)) {
      const text = fs.readFileSync(config, 'utf8').replace(/^platform:.*$/m, '');
      fs.writeFileSync(config, `${text}\nplatform: "${platform}"\n`);
    }
    if (!fs.readdirSync(dir).some((n) => /^\d+$/.test(n))) fs.mkdirSync(path.join(dir, '1'));
  }
  return repo;
}

function expectedFiles(caseId: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const n of fs.readdirSync(dir)) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) {
        if (!/^\d+$/.test(n)) visit(p);
      } else if (pattern.test(n)) out.push(fs.readFileSync(p, 'utf8').trim());
    }
  };
  visit(path.join(L0, caseId));
  return out;
}

/** Our error states Triton's fact: it matches the grep pattern, or names every quoted name the pattern names. */
export function statesSameFact(expected: string, errors: Finding[]): boolean {
  let re: RegExp | undefined;
  try {
    re = new RegExp(expected);
  } catch {
    re = undefined;
  }
  if (errors.some((e) => re?.test(e.message) || e.message.includes(expected))) return true;
  const names = [...expected.matchAll(/'([^']+)'/g)].map((m) => m[1].replace(/\\/g, ''));
  return names.length > 0 && errors.some((e) => names.every((n) => e.message.includes(n)));
}

export function skipReasonFor(caseId: string): string | undefined {
  const key = Object.keys(needsBackend).find((k) => caseId === k || caseId.startsWith(k));
  return key ? needsBackend[key] : undefined;
}

/** Runs one case (noautofill cases once per platform variant Triton's test runs). */
export function runCase(caseId: string): CaseResult[] {
  const group = caseId.startsWith('autofill_noplatform')
    ? caseId.split('/').slice(0, 2).join('/')
    : caseId.split('/')[0];
  const success =
    caseId.startsWith('autofill_noplatform_success') ||
    caseId.includes('/valid/') ||
    caseId.startsWith('model_metrics/valid_config_with_warn');
  const variants: { label: string; platform?: string; pattern: RegExp }[] = caseId.startsWith('noautofill_platform/')
    ? [
        { label: 'tensorrt_plan', platform: 'tensorrt_plan', pattern: /^expected$/ },
        { label: 'ensemble', platform: 'ensemble', pattern: /^expected_ensemble$/ },
        { label: 'onnxruntime_onnx', platform: 'onnxruntime_onnx', pattern: /^expected_unsupported$/ },
      ]
    : [{ label: '', pattern: /^expected(_\d+)?$/ }];
  const results: CaseResult[] = [];
  for (const v of variants) {
    const expected = success ? [] : expectedFiles(caseId, v.pattern);
    if (!success && expected.length === 0) continue;
    const skipReason = skipReasonFor(caseId);
    const repo = stage(caseId, v.platform);
    try {
      const findings = checkTritonPath(repo, { autoCompleteConfig: !caseId.startsWith('noautofill_platform') });
      const errors = findings.filter(
        (f) => f.severity === 'error' && !(success && skipReason && FILE_RULES.has(f.ruleId)),
      );
      results.push({
        group: v.label ? `${group} (${v.label})` : group,
        id: caseId,
        tritonErrs: !success,
        expected,
        errors,
        detected: errors.length > 0,
        sameFact: !success && expected.some((e) => statesSameFact(e, errors)),
        skipReason,
      });
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  }
  return results;
}

export function runExamples(): CaseResult[] {
  return fs
    .readdirSync(EXAMPLES)
    .sort()
    .map((model) => {
      const findings = checkTritonPath(path.join(EXAMPLES, model));
      const missingFiles = findings.filter((f) => f.severity === 'error' && FILE_RULES.has(f.ruleId));
      const errors = findings.filter((f) => f.severity === 'error' && !FILE_RULES.has(f.ruleId));
      return {
        group: 'docs/examples',
        id: `examples/${model}`,
        tritonErrs: false,
        expected: [],
        errors,
        detected: errors.length > 0,
        sameFact: false,
        skipReason:
          missingFiles.length > 0
            ? `its model file is downloaded by Triton's fetch_models.sh (or is a Python model.py), not in the corpus: ${missingFiles.map((f) => f.message).join('; ')}`
            : undefined,
      };
    });
}

export function table(results: CaseResult[]): string {
  const groups = [...new Set(results.map((r) => r.group))];
  const rows = [
    '| group | Triton errs (checkable) | we report an error | same fact | needs backend/model | Triton accepts (checkable) | false alarms |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const g of groups) {
    const rs = results.filter((r) => r.group === g);
    const errs = rs.filter((r) => r.tritonErrs && !r.skipReason);
    const acc = rs.filter((r) => !r.tritonErrs && !r.skipReason);
    rows.push(
      `| ${g} | ${errs.length} | ${errs.filter((r) => r.detected).length} | ${errs.filter((r) => r.sameFact).length} | ${rs.filter((r) => r.skipReason).length} | ${acc.length} | ${acc.filter((r) => r.detected).length} |`,
    );
  }
  return rows.join('\n');
}
