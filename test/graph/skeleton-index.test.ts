// The skeleton's node index as graph/skeleton carries it (common/graph-drawing/skeleton-index.ts): unpacked in the
// view it is the host's index exactly, on models whose names follow their scopes and on ones whose names do not.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { packSkeleton, unpackSkeleton } from '../../common/graph-drawing/skeleton-index';
import { GraphModel } from '../../server/graph/build';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusOnnxDir } from '../support/paths';

const graphOf = (name: string) => {
  const file = path.join(corpusOnnxDir, name);
  return new GraphModel('main', name, file, readOnnxModel(file).graph!, []);
};

for (const name of ['llama_tiny_op17.onnx', 'bert_base_op14.onnx', 'vit_b_16_op17.onnx', 'squeezenet_op9.onnx'])
  test(`${name}: the packed skeleton unpacks to the same skeleton`, () => {
    const skeleton = graphOf(name).skeleton();
    // Through JSON, as the message travels.
    const unpacked = unpackSkeleton(JSON.parse(JSON.stringify(packSkeleton(skeleton))));
    assert.deepEqual(unpacked, skeleton);
  });

test('names that start with their scope travel without it: the index is under half its unpacked size on llama and bert', () => {
  for (const name of ['llama_tiny_op17.onnx', 'bert_base_op14.onnx']) {
    const skeleton = graphOf(name).skeleton();
    const packed = packSkeleton(skeleton);
    const [before, after] = [JSON.stringify(skeleton.index).length, JSON.stringify(packed.packedIndex).length];
    assert.ok(after < before / 2, `${name}: ${after} of ${before} characters`);
    assert.ok(packed.packedIndex.whole.length > 0, `${name}: some names (graph inputs, Identity_…) go whole`);
  }
});
