import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schema, resolveField, fieldShape, ROOT } from '.';

const generator = path.resolve(import.meta.dirname, '../../../scripts/gen-triton-schema.mjs');

test('the generator reads messages, nested types, maps, oneofs, enums and deprecated values from a .proto', () => {
  const proto = `syntax = "proto3";
package demo;
// comment
enum Color { RED = 0; GREEN = 1 [deprecated = true]; }
message Outer {
  message Inner { int64 size = 1; }
  enum Mode { OFF = 0; ON = 1; }
  string name = 1;
  repeated Inner inners = 2;
  map<string, Inner> by_name = 3;
  oneof choice { Mode mode = 4; Color color = 5; }
  reserved 9;
}
message ModelConfig { Outer outer = 1; repeated double values = 2 [packed = true]; }
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-schema-'));
  fs.writeFileSync(path.join(dir, 'demo.proto'), proto);
  const r = spawnSync(process.execPath, [generator, path.join(dir, 'demo.proto'), 'abc123'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.source.commit, 'abc123');
  assert.equal(out.rootMessage, 'demo.ModelConfig');
  assert.deepEqual(out.enums['demo.Color'].values, [
    { name: 'RED', number: 0 },
    { name: 'GREEN', number: 1, deprecated: true },
  ]);
  const outer = out.messages['demo.Outer'];
  assert.deepEqual(outer.oneofs, ['choice']);
  assert.deepEqual(
    outer.fields.find((f: { name: string }) => f.name === 'inners'),
    { name: 'inners', number: 2, label: 'repeated', type: 'message', typeName: 'demo.Outer.Inner' },
  );
  assert.deepEqual(outer.fields.find((f: { name: string }) => f.name === 'by_name').map, {
    keyType: 'string',
    valueType: 'message',
    valueTypeName: 'demo.Outer.Inner',
  });
  assert.deepEqual(
    outer.fields.find((f: { name: string }) => f.name === 'mode'),
    { name: 'mode', number: 4, label: 'optional', type: 'enum', typeName: 'demo.Outer.Mode', oneof: 'choice' },
  );
  assert.equal(out.messages['demo.ModelConfig'].fields[1].type, 'double');
  fs.rmSync(dir, { recursive: true });
  const bad = spawnSync(process.execPath, [generator], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
});

test('the committed ModelConfig schema records its upstream commit and holds the fields Triton documents', () => {
  assert.match(schema.source.commit, /^[0-9a-f]{40}$/);
  assert.equal(schema.source.repository, 'triton-inference-server/common');
  assert.equal(ROOT, 'inference.ModelConfig');
  assert.deepEqual(resolveField(ROOT, 'max_batch_size'), {
    name: 'max_batch_size',
    number: 4,
    label: 'optional',
    type: 'int32',
  });
  assert.equal(resolveField(ROOT, 'dynamic_batching')?.oneof, 'scheduling_choice');
  assert.deepEqual(
    fieldShape('inference.ModelEnsembling.Step', resolveField('inference.ModelEnsembling.Step', 'input_map')!),
    { kind: 'message', typeName: 'inference.ModelEnsembling.Step.input_map#entry' },
  );
  assert.equal(resolveField('inference.ModelEnsembling.Step.input_map#entry', 'value')?.type, 'string');
  assert.ok(schema.enums['inference.DataType'].values.some((v) => v.name === 'TYPE_BF16'));
});
