// The dynamo export's node metadata links each node to the line of scripts/gen-diff-pairs.py that made it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nodeSource } from './node-source';
import { readOnnxModel } from './reader';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/diff');
const { sourceLines } = JSON.parse(fs.readFileSync(path.join(fixtures, 'pairs.json'), 'utf8'));
const scriptLines = fs.readFileSync(path.join(root, 'scripts/gen-diff-pairs.py'), 'utf8').split('\n');

test('dynamo nodes link to the innermost user line and carry the module path', () => {
  const model = readOnnxModel(path.join(fixtures, 'base-dynamo.onnx'));
  const byName = new Map(model.graph!.nodes.map((n) => [n.name, nodeSource(n)]));
  const fc1 = byName.get('node_linear')!;
  assert.equal(fc1.modulePath, 'encoder.fc1');
  assert.match(fc1.file!, /scripts\/gen-diff-pairs\.py$/);
  assert.equal(fc1.line, sourceLines['block forward']);
  assert.match(scriptLines[fc1.line! - 1], /return torch\.softmax\(self\.fc2\(self\.act\(self\.fc1\(x\)\)\)/);
  const head = byName.get('node_linear_2')!;
  assert.deepEqual([head.modulePath, head.line], ['head', sourceLines.head]);
  assert.match(scriptLines[head.line! - 1], /return self\.head\(hidden\)/);
});

test('TorchScript exports without metadata have no source; doc_string frames are read innermost first', () => {
  const model = readOnnxModel(path.join(fixtures, 'base.onnx'));
  assert.ok(model.graph!.nodes.every((n) => nodeSource(n) === undefined));
  const read = model.graph!.nodes[0];
  const node = {
    ...read,
    metadataProps: read.metadataProps, // a read node decodes its metadata through a getter, which a spread skips
    docString:
      '/home/u/net.py(12): forward\n/usr/lib/python3/site-packages/torch/nn/modules/module.py(1501): _call_impl\n/home/u/train.py(40): <module>',
  };
  assert.deepEqual(nodeSource(node), { file: '/home/u/net.py', line: 12 });
});
