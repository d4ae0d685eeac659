// The graph view's prefetch batches (webview/graph/prefetch.ts) on the real skeletons of corpus models: every group
// not loaded yet in exactly one batch, each batch about the given number of direct nodes (smaller than the view's
// PREFETCH_BATCH_NODES here, so that these models make several batches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphModel } from '../../server/graph/build';
import { readOnnxModel } from '../../server/onnx/reader';
import { prefetchBatches } from '../../webview/graph/prefetch';
import { BERT } from './graph-view-support';
import { corpusOnnxDir } from '../support/paths';

for (const file of [BERT, `${corpusOnnxDir}/vit_b_16_op17.onnx`]) {
  test(`prefetch batches of ${file.split('/').pop()}`, () => {
    const model = readOnnxModel(file);
    const graph = new GraphModel('main', 't', file, model.graph!, []);
    const skeleton = graph.skeleton();
    const first = new Set(skeleton.initiallyExpanded);
    const limit = 300;
    const batches = prefetchBatches(skeleton, (g) => first.has(g), limit);
    const asked = batches.flat();
    assert.equal(new Set(asked).size, asked.length, 'each group once');
    assert.deepEqual(
      [...asked, ...first].sort((a, b) => a - b),
      graph.allGroupIds().sort((a, b) => a - b),
      'every group not loaded yet',
    );
    const direct = (g: number): number => graph.content(g)!.nodes.length;
    const sizes = batches.map((b) => b.reduce((sum, g) => sum + direct(g), 0));
    assert.ok(batches.length > 1, `${skeleton.nodeCount} nodes come in several batches of ${limit}`);
    sizes.forEach((size, i) => {
      const last = batches[i][batches[i].length - 1];
      // A batch closes at the group that takes it to the limit; only the final batch may stay under it.
      if (i < sizes.length - 1) assert.ok(size >= limit, `batch ${i}: ${size} nodes`);
      assert.ok(size - direct(last) < limit, `batch ${i} closed at the limit`);
    });
  });
}
