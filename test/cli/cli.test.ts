// The CLI contract other parts and outside checks rely on, run through the built bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { corpusOnnxDir, debianPython, repoRoot, scratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('inspect --json follows the contract and agrees with python3-onnx', () => {
  const file = path.join(corpusOnnxDir, 'bert_base_op14.onnx');
  const { code, stdout } = run('inspect', file, '--json');
  assert.equal(code, 0);
  const ours = JSON.parse(stdout);
  const script = `
import json, sys, onnx
from onnx import TensorProto
m = onnx.load(sys.argv[1], load_external_data=False)
def vi(v):
    tt = v.type.tensor_type
    return {"name": v.name, "elemType": TensorProto.DataType.Name(tt.elem_type),
            "shape": [d.dim_value if d.HasField("dim_value") else (d.dim_param if d.HasField("dim_param") else None) for d in tt.shape.dim]}
counts = {}
for n in m.graph.node: counts[n.op_type] = counts.get(n.op_type, 0) + 1
print(json.dumps({"irVersion": m.ir_version, "producer": {"name": m.producer_name, "version": m.producer_version},
  "opsetImports": [{"domain": o.domain, "version": o.version} for o in m.opset_import],
  "graph": {"nodeCount": len(m.graph.node), "initializerCount": len(m.graph.initializer),
            "inputs": [vi(v) for v in m.graph.input], "outputs": [vi(v) for v in m.graph.output]},
  "opCounts": counts}))`;
  const theirs = JSON.parse(spawnSync(debianPython, ['-c', script, file], { encoding: 'utf8' }).stdout);
  assert.equal(ours.path, file);
  for (const key of ['irVersion', 'producer', 'opsetImports', 'graph', 'opCounts'])
    assert.deepEqual(ours[key], theirs[key], key);
  assert.deepEqual(ours.externalData, [{ location: 'bert_base_op14.weights', bytes: 435099648, exists: false }]);
});

test('inspect --json --tensors lists every main-graph tensor with the inferred type and shape', () => {
  const file = path.join(corpusOnnxDir, 'bert_base_op14.onnx');
  const { code, stdout } = run('inspect', file, '--json', '--tensors');
  assert.equal(code, 0);
  const { tensors, graph } = JSON.parse(stdout) as {
    tensors: { name: string; elemType: string; shape: (number | string | null)[] | null; source: string }[];
    graph: { nodeCount: number; initializerCount: number };
  };
  const reference = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'test/fixtures/shape-inference/goldens.json'), 'utf8'),
  ).models['onnx/exported/bert_base_op14.onnx'].onnx[''] as Record<string, { elemType: string; shape: unknown[] }>;
  const byName = new Map(tensors.map((t) => [t.name, t]));
  assert.equal(byName.size, tensors.length, 'names are unique');
  // The file stores no value_info: every node output is typed by inference, at least as precisely as onnx 1.23
  // (where onnx knows a dim, ours is the same; where it does not, the parity test checks ours at runtime).
  let agreeing = 0;
  const symbolic = (d: unknown) => typeof d === 'string' && !d.startsWith('unk__');
  for (const [name, ref] of Object.entries(reference)) {
    const ours = byName.get(name);
    assert.ok(ours, `${name} is listed`);
    const dimsAgree =
      !ref.shape ||
      (ours.shape?.length === ref.shape.length &&
        ref.shape.every(
          (d, i) =>
            d === null ||
            (symbolic(d)
              ? typeof ours.shape![i] === 'string'
              : d === ours.shape![i] || (!symbolic(d) && typeof d === 'string')),
        ));
    if (ours.elemType === ref.elemType && dimsAgree) agreeing++;
  }
  assert.ok(
    agreeing / Object.keys(reference).length >= 0.99,
    `${agreeing} of ${Object.keys(reference).length} agree with onnx`,
  );
  assert.deepEqual(byName.get('out'), {
    name: 'out',
    elemType: 'FLOAT',
    shape: ['batch', 'seq', 768],
    source: 'inferred',
  });
  assert.equal(tensors.filter((t) => t.source === 'initializer').length, graph.initializerCount);
  assert.equal(byName.get('input_ids')?.source, 'stored');
});

test('inspect without --json prints a readable summary; a corrupt file exits 2 naming it', () => {
  const ok = run('inspect', path.join(corpusOnnxDir, 'resnet50_op17.onnx'));
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /input: FLOAT \[batch, 3, 224, 224\]/);
  const dir = scratchDir('cli');
  const bad = path.join(dir, 'bad.onnx');
  fs.writeFileSync(bad, fs.readFileSync(path.join(corpusOnnxDir, 'resnet50_op17.onnx')).subarray(0, 1000));
  const broken = run('inspect', bad);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, new RegExp(`${bad}: corrupt or truncated ONNX model: .*\\(at byte \\d+`));
});

test('check --format json reports reader diagnostics and exits 1 on errors', () => {
  const dir = scratchDir('cli-check');
  fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.full.onnx'), path.join(dir, 'good.onnx'));
  fs.writeFileSync(path.join(dir, 'garbage.onnx'), 'this is not a model');
  const { code, stdout } = run('check', dir, '--format', 'json');
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  const garbage = report.diagnostics.filter((d: { file: string }) => d.file.endsWith('garbage.onnx'));
  assert.equal(garbage.length, 1);
  assert.equal(garbage[0].ruleId, 'onnx/unreadable-model');
  assert.equal(garbage[0].severity, 'error');
  assert.equal(report.summary.files, 2);
  assert.ok(report.summary.errors >= 1);
});

test('check exits 0 without error findings, 2 on usage errors and missing paths', () => {
  const dir = scratchDir('cli-clean');
  fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.full.onnx'), path.join(dir, 'good.onnx'));
  const clean = run('check', dir, '--format', 'json');
  const errors = JSON.parse(clean.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error');
  assert.equal(clean.code, errors.length > 0 ? 1 : 0);
  assert.equal(run('check', '/no/such/dir').code, 2);
  assert.equal(run('check', dir, '--format', 'xml').code, 2);
  assert.equal(run('frobnicate').code, 2);
});

test('check --format sarif produces SARIF 2.1.0 results with rule ids', () => {
  const { stdout } = run('check', path.join(corpusOnnxDir, 'resnet50_op17.onnx'), '--format', 'sarif');
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  const ids = sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId);
  assert.ok(ids.includes('onnx/external-data-missing'));
});

test('check --format sarif is valid SARIF 2.1.0 (JSON schema) for ONNX and Triton findings', async () => {
  const { default: Ajv } = await import('ajv-draft-04');
  const schema = JSON.parse(
    fs.readFileSync(
      path.join(repoRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
      'utf8',
    ),
  );
  // Formats (uri, date-time) are not what GitHub rejects; structure and required properties are. The
  // schema's "language" pattern is not valid with the u flag, hence unicodeRegExp off.
  const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
  const { stdout } = run(
    'check',
    path.join(repoRoot, 'examples/model_repository'),
    path.join(corpusOnnxDir, 'fasterrcnn_mnv3_op11.onnx'),
    '--format',
    'sarif',
  );
  const sarif = JSON.parse(stdout);
  assert.ok(validate(JSON.parse(stdout)), JSON.stringify(validate.errors?.slice(0, 5)));
  const results = sarif.runs[0].results as {
    ruleId: string;
    ruleIndex: number;
    locations: { physicalLocation: { region: { startLine: number } } }[];
  }[];
  const ids = new Set(results.map((r) => r.ruleId));
  for (const id of ['trt/data-dependent-shape', 'triton/model-io-dims']) assert.ok(ids.has(id), `SARIF has ${id}`);
  // GitHub code scanning needs each result's rule in the driver and a line to put it on.
  for (const r of results) {
    assert.equal(sarif.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.ok(r.locations[0].physicalLocation.region.startLine >= 1);
  }
});

test('check names files the same way for ONNX and Triton findings: relative to the working folder', () => {
  const { stdout } = run('check', path.join(repoRoot, 'examples/model_repository'), '--format', 'json');
  const files = new Set<string>(JSON.parse(stdout).diagnostics.map((d: { file: string }) => d.file));
  assert.ok(
    [...files].some((f) => f.endsWith('.onnx')) && [...files].some((f) => f.endsWith('config.pbtxt')),
    [...files].join(', '),
  );
  for (const f of files)
    assert.ok(
      !path.isAbsolute(f) && f.startsWith('examples/model_repository/'),
      `${f} is relative to the repository root`,
    );
  const text = run('check', path.join(repoRoot, 'examples/model_repository')).stdout;
  const headers = text.split('\n').filter((l) => l !== '' && !l.startsWith(' ') && !/^\d+ problems? \(/.test(l));
  assert.deepEqual(
    headers.filter((h) => !h.startsWith('examples/model_repository/')),
    [],
    'text report file headers',
  );
});

test('rules lists every rule id with its severity; --json and --markdown carry the docs', () => {
  const table = run('rules');
  assert.equal(table.code, 0);
  const lines = table.stdout.trim().split('\n');
  assert.ok(lines.length >= 27);
  assert.ok(lines.some((l) => /^onnx\/invalid-structure\s+error\s+The model breaks the ONNX spec/.test(l)));
  for (const id of ['triton/model-io-name', 'target/conflict', 'ort/run-failed', 'modelready/analysis-failed'])
    assert.ok(
      lines.some((l) => l.startsWith(`${id} `)),
      `${id} is listed`,
    );
  const rules = JSON.parse(run('rules', '--json').stdout) as {
    id: string;
    defaultSeverity: string;
    why: string;
    docsUrl?: string;
  }[];
  assert.deepEqual(
    rules.map((r) => r.id),
    lines.map((l) => l.split(/\s+/)[0]),
  );
  const docsUrl = pathToFileURL(path.join(repoRoot, 'docs/rules.md')).href;
  assert.ok(rules.every((r) => r.why.length > 20 && r.docsUrl?.startsWith(`${docsUrl}#L`)));
  const docs = fs.readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8');
  assert.ok(
    docs.includes(run('rules', '--markdown').stdout.trim()),
    'docs/rules.md holds what rules --markdown prints',
  );
  assert.equal(run('rules', '--json', '--markdown').code, 2);
});
