// Fuzzing the parser and validator: random token soup, mutated real configs, deep nesting and a large garbage
// input must all end with findings, never an exception or a hang. Iterations are bounded (FUZZ_ITERATIONS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTextFormat } from './parser';
import { modelConfigHook } from '../schema';
import { checkConfigText } from '../validate';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 400);
import { sharedDir as shared } from '../../../test/support/paths';

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const PIECES = [
  'name',
  'input',
  'dims',
  'max_batch_size',
  'data_type',
  'TYPE_FP32',
  ':',
  '{',
  '}',
  '<',
  '>',
  '[',
  ']',
  ',',
  ';',
  '-',
  '"s"',
  "'q'",
  '"\\x4',
  '"\\',
  '1',
  '-1',
  '0x1F',
  '1.5e3',
  'inf',
  '#c\n',
  '\n',
  ' ',
  '\t',
  '\r',
  'é',
  '\u0000',
  '$',
  'ensemble_scheduling',
  'step',
  'input_map',
  'key',
  'value',
  'instance_group',
  'kind',
  'KIND_GPU',
  'gpus',
  'reshape',
  'shape',
];

function corpusConfigs(): string[] {
  const root = path.join(shared, 'corpus/triton');
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.pbtxt') || e.name.startsWith('expected')) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  if (fs.existsSync(root)) visit(root);
  return out;
}

function checkInvariants(text: string): void {
  const doc = parseTextFormat(text, modelConfigHook);
  for (const e of doc.errors) {
    assert.ok(
      e.start >= 0 && e.end >= e.start && e.end <= text.length,
      `error range out of bounds for ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  const findings = checkConfigText(text, '/repo/m/config.pbtxt');
  for (const f of findings) {
    assert.ok(
      f.range && f.range.start.line >= 0 && f.range.end.line >= f.range.start.line,
      'finding without a valid range',
    );
    assert.ok(f.ruleId.startsWith('triton/'));
  }
}

test('random token soup never throws', () => {
  const r = rng(12345);
  for (let i = 0; i < ITERATIONS; i++) {
    const n = Math.floor(r() * 60);
    let text = '';
    for (let j = 0; j < n; j++) text += PIECES[Math.floor(r() * PIECES.length)] + (r() < 0.5 ? ' ' : '');
    checkInvariants(text);
  }
});

test('mutated corpus configs never throw', () => {
  const configs = corpusConfigs();
  assert.ok(configs.length > 100, 'the Triton corpus is needed (set MODELREADY_SHARED)');
  const r = rng(777);
  for (let i = 0; i < ITERATIONS; i++) {
    let text = configs[Math.floor(r() * configs.length)];
    const edits = 1 + Math.floor(r() * 4);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(r() * (text.length + 1));
      const op = r();
      if (op < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 8));
      else if (op < 0.6) text = text.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + text.slice(at);
      else if (op < 0.8)
        text =
          text.slice(0, at) + text.slice(Math.floor(r() * text.length), Math.floor(r() * text.length)) + text.slice(at);
      else text = text.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + text.slice(at + 1);
    }
    checkInvariants(text);
  }
});

test('deep nesting of every bracket kind, unbalanced too', () => {
  for (const [open, close] of [
    ['{', '}'],
    ['<', '>'],
    ['[', ']'],
    ['input [ {', '} ]'],
  ]) {
    checkInvariants(`input ${open.repeat(5000)}${close.repeat(4999)}`);
    checkInvariants(`input: ${`${open} name: "x" `.repeat(3000)}`);
  }
});

test('a large garbage input finishes with findings', () => {
  const r = rng(99);
  let text = '';
  while (text.length < 1_000_000) text += PIECES[Math.floor(r() * PIECES.length)] + ' ';
  const findings = checkConfigText(text);
  assert.ok(findings.some((f) => f.ruleId === 'triton/syntax'));
});
