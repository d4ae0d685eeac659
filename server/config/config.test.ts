// `.modelready.json` is validated twice: by hand in config.ts (messages naming the key) and by
// schemas/modelready.schema.json in VS Code (completion, squiggles). Both must accept and reject
// the same files; the README's example must be one they accept.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { ConfigError, parseConfigText, profilesFor } from './config';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/modelready.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false }).compile(schema);

const readmeExample = fs
  .readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  .match(/```json\n(\{\n {2}"\$schema": "\.\/schemas\/modelready\.schema\.json"[\s\S]*?)```/)?.[1];
const range = { min: [1, 3], opt: [4, 3], max: [8, 3] };

const accepted: Record<string, unknown> = {
  empty: {},
  'every target field': {
    target: {
      triton: '25.08',
      tensorrt: '10.8.0.43',
      onnxruntime: '1.22.0',
      gpu: 'NVIDIA L40S',
      computeCapability: '8.9',
    },
  },
  'target and rules': {
    target: { tensorrt: '10.15', triton: '25.01', computeCapability: '8.9' },
    rules: { 'trt/op-unsupported': 'warning', 'simplify/identity': 'off' },
  },
  'one profile': { profiles: { 'models/a.onnx': { input: range } } },
  'several profiles': { profiles: { 'a.onnx': [{ input: range }, { input: range }] } },
  'ignore and hosts': {
    ignore: ['build/**'],
    hosts: { gpu1: { host: 'gpu1.example', user: 'ml' }, workstation: { local: true } },
    $schema: './schemas/modelready.schema.json',
  },
};

const rejected: Record<string, unknown> = {
  'top level array': [],
  'unknown key': { targets: {} },
  'tensorrt not major.minor': { target: { tensorrt: '10' } },
  'unknown target key': { target: { cpu: 'x86' } },
  'gpu name with a quote': { target: { gpu: 'H100"; rm' } },
  'tensorrt with five parts': { target: { tensorrt: '10.8.0.43.1' } },
  'rule id without area': { rules: { identity: 'off' } },
  'unknown severity': { rules: { 'simplify/identity': 'hint' } },
  'ignore not a list': { ignore: 'build/**' },
  'empty ignore glob': { ignore: [''] },
  'negative dim': { profiles: { 'a.onnx': { input: { min: [-1], opt: [1], max: [1] } } } },
  'profile without opt': { profiles: { 'a.onnx': { input: { min: [1], max: [1] } } } },
  'profile with extra key': { profiles: { 'a.onnx': { input: { ...range, mid: [2, 3] } } } },
  'empty profile list': { profiles: { 'a.onnx': [] } },
  'hosts not an object': { hosts: ['gpu1'] },
  'ssh host without user': { hosts: { gpu1: { host: 'gpu1.example' } } },
  'host with a password': { hosts: { gpu1: { host: 'gpu1.example', user: 'ml', password: 'x' } } },
  '$schema not a string': { $schema: 7 },
};

function handAccepts(value: unknown): boolean {
  try {
    parseConfigText(JSON.stringify(value), '/project/.modelready.json');
    return true;
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /\/project\/\.modelready\.json: invalid ModelReady configuration/);
    return false;
  }
}

test('the hand validation and the JSON schema accept and reject the same configurations', () => {
  for (const [name, value] of Object.entries(accepted)) {
    assert.equal(validate(value), true, `schema accepts ${name}: ${JSON.stringify(validate.errors)}`);
    assert.equal(handAccepts(value), true, `config.ts accepts ${name}`);
  }
  for (const [name, value] of Object.entries(rejected)) {
    assert.equal(validate(value), false, `schema rejects ${name}`);
    assert.equal(handAccepts(value), false, `config.ts rejects ${name}`);
  }
});

test("the README's example configuration is valid and its profile applies to the model it names", () => {
  assert.ok(readmeExample, 'README.md has the example .modelready.json');
  const value = JSON.parse(readmeExample);
  assert.equal(validate(value), true, JSON.stringify(validate.errors));
  const config = parseConfigText(readmeExample, '/project/.modelready.json');
  assert.deepEqual(config.target, { triton: '25.01', gpu: 'H100' });
  assert.equal(config.rules['simplify/identity'], 'off');
  assert.deepEqual(profilesFor(config, '/project/models/bert.onnx')?.[0].input_ids, {
    min: [1, 8],
    opt: [8, 128],
    max: [32, 512],
  });
});
