import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { indexGraph } from '../../server/onnx/model-index';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusOnnxDir } from '../support/paths';

test('producers and consumers link the nodes of a real model', () => {
  const model = readOnnxModel(path.join(corpusOnnxDir, 'resnet50_op17.onnx'));
  const index = indexGraph(model.graph!);
  const input = index.tensors.get('input')!;
  assert.ok(input.graphInput);
  assert.equal(input.producer, undefined);
  const first = model.graph!.nodes[input.consumers[0]];
  assert.equal(first.opType, 'Conv');
  for (const [i, node] of model.graph!.nodes.entries()) {
    for (const out of node.outputs) assert.equal(index.tensors.get(out)!.producer, i);
  }
  const totalOps = Object.values(index.opCounts).reduce((a, b) => a + b, 0);
  assert.equal(totalOps, model.graph!.nodes.length);
  assert.deepEqual(
    index.runtimeInputs.map((i) => i.name),
    ['input'],
  );
});

test('scopes come from TorchScript node names and from dynamo name_scopes metadata', () => {
  const bert = readOnnxModel(path.join(corpusOnnxDir, 'bert_base_op14.onnx'));
  const bertIndex = indexGraph(bert.graph!);
  const i = bert.graph!.nodes.findIndex((n) => n.name.startsWith('/m/encoder/layer.3/'));
  assert.ok(i >= 0);
  assert.deepEqual(bertIndex.scopes[i].slice(0, 3), ['m', 'encoder', 'layer.3']);

  const dynamo = readOnnxModel(path.join(corpusOnnxDir, 'resnet50_dynamo_op18.onnx'));
  const dynamoIndex = indexGraph(dynamo.graph!);
  const relu1 = dynamo.graph!.nodes.findIndex((n) => n.name === 'node_relu_1');
  assert.deepEqual(dynamoIndex.scopes[relu1], ['layer1', 'layer1.0', 'layer1.0.relu']);
});
