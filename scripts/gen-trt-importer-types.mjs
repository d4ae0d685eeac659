#!/usr/bin/env node
// Reads onnx-tensorrt's ONNX importer source and records which tensor types each operator's importer rejects or
// explicitly accepts, with the source line of every decision, into server/knowledge/tensorrt-importer-types.json.
// trt/unsupported-dtype reads it: the docs table (gen-trt-matrix.mjs) lists types per operator but is not complete,
// so a gap in the table is at most a warning, while a type the importer's source rejects is an error.
//
//   node scripts/gen-trt-importer-types.mjs <onnx-tensorrt git dir> [commit] > server/knowledge/tensorrt-importer-types.json
//
// What the source says, and how it is read:
// - `CHECK_STATUS(notInvalidType(inputs.at(N), {"UINT8", ...}, ...))` in an op's importer: those types are rejected
//   for input N ("Found unsupported input type"). Inside a helper (activationHelper, reduceTensor, argMinMaxHelper,
//   addScatterLayer, ...) the rejection applies to the ops whose importer passes their own `inputs` / `inputs.at(0)`
//   to that helper; a helper given a computed tensor (ReduceL1's |x|) is not followed.
// - `ASSERT_NODE((t == DataType::kA || t == DataType::kB ...)` in an op's importer: the listed types are accepted
//   for input 0 (e.g. NonZero takes BOOL although the docs table lists only FP32/FP16). Used only to silence gaps.
// - `convertDtype` (importerUtils.cpp): the ONNX types a Cast can produce; any other `to` fails ("Unsupported cast!").
// The contested cases of issue 13 are pinned in DECISIONS below; the run fails if the source stops saying so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** TensorRT DataType enumerators and TensorOrWeights::getType() names -> ONNX TensorProto type names. */
const TRT_TO_ONNX = {
  kFLOAT: 'FLOAT',
  kHALF: 'FLOAT16',
  kBF16: 'BFLOAT16',
  kINT8: 'INT8',
  kUINT8: 'UINT8',
  kINT32: 'INT32',
  kINT64: 'INT64',
  kBOOL: 'BOOL',
  kFP8: 'FLOAT8E4M3FN',
  kINT4: 'INT4',
  FLOAT: 'FLOAT',
  HALF: 'FLOAT16',
  BF16: 'BFLOAT16',
  INT8: 'INT8',
  UINT8: 'UINT8',
  INT32: 'INT32',
  INT64: 'INT64',
  BOOL: 'BOOL',
  FP8: 'FLOAT8E4M3FN',
  INT4: 'INT4',
};

/**
 * Decisions on the cases the docs table gets wrong, each checked against the parsed source.
 * `expect`: 'accepts' (an explicit accept list names the type), 'rejects' (notInvalidType names it),
 * 'cast-refused' (convertDtype has no case for it).
 */
export const DECISIONS = [
  {
    op: 'NonZero',
    input: 0,
    type: 'BOOL',
    expect: 'accepts',
    why: 'the importer asserts FLOAT/HALF/BF16/INT32/INT64/INT8/BOOL; the docs table lists only FP32, FP16',
  },
  {
    op: 'NonZero',
    input: 0,
    type: 'INT64',
    expect: 'accepts',
    why: 'same assert; detection models run NonZero on INT64 masks',
  },
  {
    op: 'Cast',
    input: null,
    type: 'UINT16',
    expect: 'cast-refused',
    why: 'convertDtype has no UINT16 case: the importer fails with "Unsupported cast!"',
  },
  {
    op: 'Gather',
    input: 0,
    type: 'UINT8',
    expect: 'rejects',
    why: 'notInvalidType(inputs.at(0), {"UINT8"}) in the Gather importer',
  },
  {
    op: 'Resize',
    input: 0,
    type: 'BOOL',
    expect: 'rejects',
    why: 'notInvalidType(inputs.at(0), {"BOOL", "UINT8"}) in the Resize importer',
  },
  {
    op: 'Relu',
    input: 0,
    type: 'INT32',
    expect: 'rejects',
    why: 'Relu goes through activationHelper, which rejects INT32, BOOL, UINT8',
  },
  // ConstantOfShape's `input` is tensor(int64) in every ONNX version: the spec mandates the type, so the rule never
  // weighs it against the table (decided in the rule from the schema, not from this file).
];

const FILES = ['onnxOpImporters.cpp', 'importerUtils.cpp'];

function readSource(repo, commit, file) {
  if (fs.existsSync(path.join(repo, file)) && !commit) return fs.readFileSync(path.join(repo, file), 'utf8');
  return execFileSync('git', ['--git-dir', repo, 'show', `${commit ?? 'HEAD'}:${file}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** Top-level functions of a C++ file: name (op for DEFINE_BUILTIN_OP_IMPORTER), first and last line, body lines. */
function functions(file, text) {
  const lines = text.split('\n');
  const found = [];
  let current;
  lines.forEach((line, i) => {
    const op = line.match(/^DEFINE_BUILTIN_OP_IMPORTER\((\w+)\)/);
    const helper = line.match(/^[A-Za-z][\w:<>*& ]*\s(\w+)\(/);
    if (op || (helper && !line.startsWith('//'))) {
      current = { file, op: op?.[1], name: op ? op[1] : helper[1], start: i + 1, lines: [] };
      found.push(current);
    }
    if (current) current.lines.push({ n: i + 1, text: line });
    if (line === '}') current = undefined;
  });
  return found;
}

const typeList = (s) => [...s.matchAll(/"(\w+)"/g)].map((m) => TRT_TO_ONNX[m[1]] ?? m[1]);

/** notInvalidType and accept-list asserts of one function, with lines; helper calls on the op's own inputs. */
function scan(fn) {
  const rejects = [];
  const accepts = [];
  const calls = [];
  const body = fn.lines.map((l) => l.text).join('\n');
  for (const { n, text } of fn.lines) {
    const rej = text.match(/notInvalidType\((inputs\.at\((\d+)\)|input)\s*,\s*\{([^}]*)\}/);
    if (rej)
      rejects.push({
        input: rej[2] === undefined ? 0 : Number(rej[2]),
        types: typeList(rej[3]),
        at: `${fn.file}:${n}`,
      });
    const call = text.match(/\b(\w+(?:Helper|Tensor|Layer))\(ctx, node, nodeIdx, (inputs|inputs\.at\(0\))[,)]/);
    if (call) calls.push(call[1]);
  }
  // ASSERT_NODE((x == DataType::kA || x == DataType::kB ...), spanning lines: an explicit accept list on input 0.
  if (fn.op) {
    for (const m of body.matchAll(/ASSERT_NODE\(\s*\(((?:[^()]|\([^()]*\))*?==\s*DataType::k\w+[^"]*?)\),\s*"/g)) {
      const cond = m[1];
      const terms = cond.split('||').map((t) => t.trim());
      const vars = new Set(terms.map((t) => t.match(/^\(?(.+?)\s*==\s*DataType::k\w+\)?$/)?.[1]));
      if (vars.has(undefined) || vars.size !== 1 || !readsInput0(body, [...vars][0])) continue;
      const line = fn.start + body.slice(0, m.index).split('\n').length - 1;
      accepts.push({
        input: 0,
        types: [...cond.matchAll(/DataType::(k\w+)/g)].map((t) => TRT_TO_ONNX[t[1]] ?? t[1]),
        at: `${fn.file}:${line}`,
      });
    }
  }
  return { rejects, accepts, calls };
}

/**
 * Whether `expr` (`t`, `x->getType()`, `input0->getType()`) is the type of the op's input 0: its variable is
 * declared from `inputs.at(0)`, directly or through one more variable (`auto t = x->getType()`).
 */
function readsInput0(body, expr, hops = 2) {
  const root = expr.match(/^(\w+)/)?.[1];
  if (!root || hops === 0) return false;
  const decl = body.match(new RegExp(`[\\s*&]${root}\\s*=\\s*([^;]+);`));
  if (!decl) return false;
  if (/inputs\.at\(0\)/.test(decl[1])) return true;
  const next = decl[1].match(/&?(\w+)(?:->|\.)getType\(\)/)?.[1];
  return next !== undefined && readsInput0(body, next, hops - 1);
}

export function generate(repo, commit) {
  const fns = FILES.flatMap((f) => functions(f, readSource(repo, commit, f)));
  const helpers = new Map(fns.filter((f) => !f.op).map((f) => [f.name, f]));
  const scanned = new Map(fns.map((f) => [f, scan(f)]));
  const helperRejects = (name, seen = new Set()) => {
    const fn = helpers.get(name);
    if (!fn || seen.has(name)) return [];
    seen.add(name);
    const s = scanned.get(fn);
    return [...s.rejects.map((r) => ({ ...r, via: name })), ...s.calls.flatMap((c) => helperRejects(c, seen))];
  };
  const operators = {};
  for (const fn of fns.filter((f) => f.op)) {
    const s = scanned.get(fn);
    const all = [...s.rejects, ...s.calls.flatMap((c) => helperRejects(c))];
    const rejects = all.filter((r, i) => all.findIndex((o) => o.at === r.at && o.input === r.input) === i);
    if (rejects.length || s.accepts.length)
      operators[fn.op] = { ...(rejects.length && { rejects }), ...(s.accepts.length && { accepts: s.accepts }) };
  }
  const utils = fns.find((f) => f.name === 'convertDtype');
  if (!utils) throw new Error('convertDtype not found in importerUtils.cpp');
  const castTargets = utils.lines.flatMap((l) => [...l.text.matchAll(/TensorProto::(\w+):/g)].map((m) => m[1]));
  const result = {
    generatedBy: 'scripts/gen-trt-importer-types.mjs',
    source: {
      repository: 'https://github.com/onnx/onnx-tensorrt',
      commit: commit ?? gitHead(repo),
      files: FILES,
    },
    castTargets: { types: castTargets, at: `importerUtils.cpp:${utils.start}` },
    operators,
    decisions: DECISIONS.map((d) => ({ ...d, at: verify(d, operators, castTargets) })),
  };
  return result;
}

function gitHead(repo) {
  try {
    return execFileSync('git', ['--git-dir', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The source line that supports a decision; throws when the source no longer says it. */
function verify(d, operators, castTargets) {
  if (d.expect === 'cast-refused') {
    if (castTargets.includes(d.type)) throw new Error(`decision ${d.op} ${d.type}: convertDtype now accepts it`);
    return 'importerUtils.cpp convertDtype (no case)';
  }
  const list = operators[d.op]?.[d.expect];
  const hit = list?.find((e) => e.input === d.input && e.types.includes(d.type));
  if (!hit) throw new Error(`decision ${d.op} input ${d.input} ${d.type} ${d.expect}: not found in the source`);
  return hit.via ? `${hit.at} (${hit.via})` : hit.at;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [repo, commit] = process.argv.slice(2);
  if (!repo) {
    process.stderr.write('usage: gen-trt-importer-types.mjs <onnx-tensorrt git dir or checkout> [commit]\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(generate(repo, commit), null, 1) + '\n');
}
