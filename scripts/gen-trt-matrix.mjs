#!/usr/bin/env node
// Turns onnx-tensorrt's supported-operator tables (docs/operators.md, one per TensorRT release) into
// server/knowledge/tensorrt-support.json, which the trt/* rules read.
//
//   node scripts/gen-trt-matrix.mjs [table.md[=commit] ...] > server/knowledge/tensorrt-support.json
//   node scripts/gen-trt-matrix.mjs --refresh-checks server/knowledge/tensorrt-support.json > out.json
//
// --refresh-checks re-derives every operator's "checks" from the "notes" already stored in a matrix file
// (the notes are the table's words), for releases whose table is not at hand.
//
// With no arguments it reads every operators-<release>-GA.md of the shared corpus (commits from its COMMITS.txt).
// The release comes from the file name (operators-10.15-GA.md -> "10.15"): the tables' own headings are sometimes stale.
// Restrictions stay as the table's words ("notes"); the ones we recognise also become machine-checkable "checks".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
const schemas = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server/knowledge/onnx-schemas.json'), 'utf8'));

/** The table's type tokens -> ONNX TensorProto data type names. */
const TYPE_NAMES = {
  FP32: ['FLOAT'],
  FP16: ['FLOAT16'],
  BF16: ['BFLOAT16'],
  DOUBLE: ['DOUBLE'],
  INT32: ['INT32'],
  INT64: ['INT64'],
  INT8: ['INT8'],
  UINT8: ['UINT8'],
  INT4: ['INT4'],
  BOOL: ['BOOL'],
  FP8: ['FLOAT8E4M3FN', 'FLOAT8E5M2'],
  FP4: ['FLOAT4E2M1'],
};

/** Names of an op's inputs, outputs and attributes across all its ai.onnx versions, to classify `name` in a note. */
function formalNames(op) {
  const versions = schemas.domains['ai.onnx'][op] ?? [];
  const inputs = new Set(),
    outputs = new Set(),
    attributes = new Set();
  for (const v of versions) {
    v.inputs.forEach((p) => inputs.add(p.name));
    v.outputs.forEach((p) => outputs.add(p.name));
    v.attributes.forEach((a) => attributes.add(a.name));
  }
  return { inputs, outputs, attributes };
}

/**
 * Names the notes use for an input that the ONNX schema calls otherwise. Dropout's note says
 * "`is_training` must be an initializer" (10.1 spells it "`is_traning`"); the schema's input is training_mode.
 */
const NOTE_NAME_ALIASES = { Dropout: { is_training: 'training_mode', is_traning: 'training_mode' } };

const quoted = (text) => [...text.matchAll(/`([^`]+?)\s*`/g)].map((m) => m[1].trim());

/** One sentence of a restriction note -> checks a rule can evaluate without running TensorRT. */
function sentenceChecks(op, sentence) {
  const names = formalNames(op);
  const checks = [];
  const aliases = NOTE_NAME_ALIASES[op] ?? {};
  const s = sentence.trim().replace(/`(\w+)`/g, (whole, name) => (aliases[name] ? `\`${aliases[name]}\`` : whole));
  let m;
  if (/^2D or 3D pooling only/i.test(s)) checks.push({ kind: 'spatial-rank', ranks: [2, 3] });
  if ((m = s.match(/^`(\w+)` must be empty or all ones/))) checks.push({ kind: 'attribute-all-ones', attribute: m[1] });
  if ((m = s.match(/^`(\w+)`(?: attribute)? must be (-?\d+|zero)\b/))) {
    const value = m[2] === 'zero' ? 0 : Number(m[2]);
    if (names.attributes.has(m[1])) checks.push({ kind: 'attribute-equals', attribute: m[1], value });
    else if (names.inputs.has(m[1])) checks.push({ kind: 'input-constant-equals', input: m[1], value });
  }
  if ((m = s.match(/^`(\w+)` must be an initializer/)) && names.inputs.has(m[1]))
    checks.push({ kind: 'input-initializer', input: m[1] });
  if ((m = s.match(/^`(\w+)` must be an initializer and evaluate to False/)) && names.inputs.has(m[1]))
    checks.push({ kind: 'input-constant-equals', input: m[1], value: 0 });
  if ((m = s.match(/^`(\w+)` dimension of input must be a build-time constant/)) && names.attributes.has(m[1]))
    checks.push({ kind: 'input-dimension-static', attribute: m[1] });
  if (/^Ellipsis and diagonal operations are not supported/.test(s))
    checks.push({ kind: 'einsum-equation', forbid: ['ellipsis', 'diagonal'] });
  if (/^For bidirectional \w+, activation functions must be the same for both the forward and reverse pass/.test(s))
    checks.push({ kind: 'bidirectional-same-activations' });
  if ((m = s.match(/^`input` must have ((?:\dD(?: or )?)+) spatial dimensions/)))
    checks.push({ kind: 'spatial-rank', ranks: [...m[1].matchAll(/(\d)D/g)].map((d) => Number(d[1])), inputIndex: 0 });
  if (
    (m = s.match(/^`(\w+)` for the beginning and end along each spatial axis must be the same/)) &&
    names.attributes.has(m[1])
  )
    checks.push({ kind: 'attribute-symmetric', attribute: m[1] });
  if (/^Output tensors of the two conditional branches must have the same rank/.test(s))
    checks.push({ kind: 'branch-outputs-same-rank' });
  if (/^Output tensors of the two conditional branches .*must have different names/.test(s))
    checks.push({ kind: 'branch-outputs-distinct-names' });
  if (/The shape of Loop carried dependencies must be the same across all loop iterations/.test(s))
    checks.push({ kind: 'loop-carried-same-shape' });
  if (
    (m = s.match(/^When `(\w+)` is a tensor input, `(\w+)` must be an iota vector/)) &&
    names.inputs.has(m[1]) &&
    names.attributes.has(m[2])
  )
    checks.push({ kind: 'attribute-iota-with-input', attribute: m[2], input: m[1] });
  if (/^Input must be real-valued/.test(s)) checks.push({ kind: 'input-real-valued', inputIndex: 0 });
  if (
    (m = s.match(
      /^`(\w+)`(?: dimension of input)? must be (?:a build-time constant|resolvable to a constant|a constant tensor)/,
    ))
  ) {
    if (names.inputs.has(m[1])) checks.push({ kind: 'input-constant', input: m[1] });
  }
  if (
    /^`[^`]+`(?:, `[^`]+`)*(?:,)? and `[^`]+` must be an initializer/.test(s) ||
    /^`\w+` and `\w+` must be an initializer/.test(s)
  ) {
    for (const name of quoted(s)) if (names.inputs.has(name)) checks.push({ kind: 'input-initializer', input: name });
  }
  if (/inputs are unsupported/.test(s))
    for (const name of quoted(s)) checks.push({ kind: 'input-absent', input: name });
  if (/outputs? (tensor )?(are )?unsupported/.test(s))
    for (const name of quoted(s)) checks.push({ kind: 'output-unused', output: name });
  if ((m = s.match(/^Only the first output `(\w+)` is supported/)))
    checks.push({ kind: 'only-first-output', output: m[1] });
  if (/attributes are unsupported/.test(s))
    for (const name of quoted(s)) checks.push({ kind: 'attribute-absent', attribute: name });
  if ((m = s.match(/^`(\w+)` other than `(\w+)` is not supported/)))
    checks.push({ kind: 'attribute-in', attribute: m[1], values: [m[2]] });
  if ((m = s.match(/^`(\w+)` is not supported/)) && names.attributes.has(m[1]))
    checks.push({ kind: 'attribute-absent', attribute: m[1] });
  if (/^Antialiasing is not supported/.test(s))
    checks.push({ kind: 'attribute-equals', attribute: 'antialias', value: 0 });
  if ((m = s.match(/^Input must be (\d)D/))) checks.push({ kind: 'input-rank', inputIndex: 0, rank: Number(m[1]) });
  if ((m = s.match(/^(`.+`) must be (\d)D/)))
    for (const name of quoted(m[1])) checks.push({ kind: 'input-rank', input: name, rank: Number(m[2]) });
  if ((m = s.match(/^`(\w+)` must be (INT64|INT32)/))) checks.push({ kind: 'input-type', input: m[1], type: m[2] });
  if ((m = s.match(/^`(\w+)` input must be less than (\d+)/)))
    checks.push({ kind: 'input-constant-less-than', input: m[1], value: Number(m[2]) });
  if (/^Scan output length cannot be dynamic/.test(s)) checks.push({ kind: 'static-trip-count' });
  if ((m = s.match(/^`(\w+)` must have static dimensions/))) checks.push({ kind: 'input-static-shape', input: m[1] });
  const modes = {
    'Supported resize transformation modes': 'coordinate_transformation_mode',
    'Supported resize modes': 'mode',
    'Supported nearest modes': 'nearest_mode',
    'Supported aspect ratio policy': 'keep_aspect_ratio_policy',
  };
  for (const [prefix, attribute] of Object.entries(modes)) {
    if (s.startsWith(prefix + ':')) checks.push({ kind: 'attribute-in', attribute, values: quoted(s) });
  }
  return checks;
}

function splitSentences(notes) {
  return notes
    .split(/<br \/>|(?<=\.)\s+(?=[A-Z`])/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function parseTable(file, commit) {
  const text = fs.readFileSync(file, 'utf8');
  const release = path.basename(file).match(/^operators-(\d+\.\d+)/)?.[1];
  if (!release) throw new Error(`${file}: name must look like operators-<major>.<minor>-GA.md`);
  const range = text.match(/inclusive range of opset (\d+) to opset (\d+)/i);
  const upTo = text.match(/up to Opset (\d+)/i);
  if (!range && !upTo) throw new Error(`${file}: no supported opset range sentence found`);
  const opsetRange = range ? { min: Number(range[1]), max: Number(range[2]) } : { min: null, max: Number(upTo[1]) };
  const tokens = (list) =>
    list
      .replace(/\band\b|\btypes?\b/g, '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  const dataTypes = tokens(text.match(/supports the following ONNX data types: ([^\n]+)/)?.[1] ?? '');
  // "limited support for INT32, INT64, and DOUBLE types. TensorRT will attempt to cast down INT64 to INT32 and DOUBLE down to FLOAT"
  for (const t of tokens(text.match(/limited support for ([A-Za-z0-9, ]+?)\./)?.[1] ?? ''))
    if (!dataTypes.includes(t)) dataTypes.push(t);
  const castDown = Object.fromEntries(
    [...text.matchAll(/\b(INT64|DOUBLE) (?:down )?to (INT32|FLOAT)\b/g)].map((m) => [
      TYPE_NAMES[m[1]]?.[0] ?? m[1],
      m[2],
    ]),
  );
  const operators = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*(Operator|-)/.test(line)) continue;
    const cells = line
      .split('|')
      .slice(1)
      .map((c) => c.trim());
    const [op, supported, types = '', notes = ''] = cells;
    if (!op || !/^[YN]$/.test(supported)) continue;
    const typeTokens = types
      .split(',')
      .map((t) => t.trim())
      .filter((t) => TYPE_NAMES[t]);
    const entry = { supported: supported === 'Y', types: [...new Set(typeTokens.flatMap((t) => TYPE_NAMES[t]))] };
    // In 'N' rows the third column sometimes holds the explanation instead of types.
    const note = [types && !typeTokens.length ? types : '', notes].filter(Boolean).join(' ').trim();
    // The tables break lines with <br />; the notes are shown in plain-text messages.
    if (note) entry.notes = note.replace(/<br \/>/g, ' ').replace(/\s+/g, ' ');
    const checks = note ? splitSentences(note).flatMap((s) => sentenceChecks(op, s)) : [];
    if (checks.length) entry.checks = checks;
    operators[op] = entry;
  }
  if (Object.keys(operators).length < 50)
    throw new Error(
      `${file}: only ${Object.keys(operators).length} operator rows parsed; is this an operators.md table?`,
    );
  return {
    release,
    source: { file: path.basename(file), commit: commit ?? null },
    opsetRange,
    dataTypes,
    castDown,
    operators,
  };
}

function defaultSources() {
  const dir = path.join(shared, 'corpus/onnx-tensorrt');
  const commits = Object.fromEntries(
    fs
      .readFileSync(path.join(dir, 'COMMITS.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/)),
  );
  return fs
    .readdirSync(dir)
    .filter((f) => /^operators-.*\.md$/.test(f))
    .sort()
    .map((f) => ({ file: path.join(dir, f), commit: commits[f.replace(/^operators-|\.md$/g, '')] }));
}

const compareReleases = (a, b) => {
  const [am, an] = a.split('.').map(Number),
    [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
};

/** Recomputes each operator's checks from its stored notes, keeping everything else. */
export function refreshChecks(matrix) {
  for (const table of Object.values(matrix.releases)) {
    for (const [op, entry] of Object.entries(table.operators)) {
      delete entry.checks;
      const checks = entry.notes ? splitSentences(entry.notes).flatMap((s) => sentenceChecks(op, s)) : [];
      if (checks.length) entry.checks = checks;
    }
  }
  return matrix;
}

/**
 * Releases with no table of their own that the corpus still pins down: NVIDIA/TensorRT's CHANGELOG lists, for
 * 11.0 GA, the parser change "Added support for `Swish` operator" and for 11.1 GA none that touches an operator
 * row, and no 11.0 table is reachable (see PROVENANCE.md). So 11.0's rows are 11.1's, Swish included.
 */
const DERIVED = [
  {
    release: '11.0',
    from: '11.1',
    reason:
      'tensorrt/CHANGELOG.md: 11.0 GA added Swish; 11.1 GA changed no operator row (TRT_Attention raggedness only)',
  },
];

export function generate(sources) {
  const releases = {};
  for (const { file, commit } of sources) {
    const table = parseTable(file, commit);
    releases[table.release] = table;
  }
  for (const { release, from, reason } of DERIVED) {
    if (releases[release] || !releases[from]) continue;
    const base = JSON.parse(JSON.stringify(releases[from]));
    releases[release] = { ...base, release, source: { ...base.source, derivedFrom: from, reason } };
  }
  const ordered = Object.fromEntries(
    Object.keys(releases)
      .sort(compareReleases)
      .map((r) => [r, releases[r]]),
  );
  return {
    generatedBy: 'scripts/gen-trt-matrix.mjs',
    sourceRepository: 'https://github.com/onnx/onnx-tensorrt (docs/operators.md)',
    releases: ordered,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  if (args[0] === '--refresh-checks') {
    process.stdout.write(JSON.stringify(refreshChecks(JSON.parse(fs.readFileSync(args[1], 'utf8')))) + '\n');
    process.exit(0);
  }
  const sources = args.length
    ? args.map((a) => {
        const [file, commit] = a.split('=');
        return { file, commit };
      })
    : defaultSources();
  process.stdout.write(JSON.stringify(generate(sources)) + '\n');
}

export { defaultSources };
