// `modelready/diffModels` on the built language server: two files of a pair with known edits, the same pair with
// side a handed over as bytes (as the extension does with the Git HEAD blob), and bad input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DiffModelsResult, ModelDiffView } from '../../server/contract/model-diff';
import { EDITED_PAIR, editedPair } from '../diff/edited-pair';
import { LspClient, uriOf } from './lsp-client';

describe('modelready/diffModels', () => {
  let client: LspClient;
  let pair: { a: string; b: string };

  before(async () => {
    pair = editedPair();
    client = LspClient.start();
    await client.initialize(path.dirname(pair.a));
  });
  after(async () => assert.equal(await client.stop(), 0));

  const request = (a: object, b: object) =>
    client.connection.sendRequest<DiffModelsResult>('modelready/diffModels', { a, b });

  function assertKnownEdits(view: ModelDiffView): void {
    const names = (status: string) => view.entries.filter((e) => e.status === status).map((e) => e.name);
    assert.deepEqual(names('changed'), EDITED_PAIR.changed);
    assert.deepEqual(names('removed'), EDITED_PAIR.removed);
    assert.deepEqual(names('added'), EDITED_PAIR.added);
    assert.deepEqual(
      view.weights.map((w) => w.change.b),
      EDITED_PAIR.weights,
    );
    // The Gemm that reads head.weight is B's node 3; the removed Softmax hangs off fc2's output as B names it.
    assert.deepEqual(view.weights[0].readers, [3]);
    assert.deepEqual(view.ghosts, [
      {
        name: '/encoder/Softmax',
        op: 'Softmax',
        domain: '',
        inputs: ['/encoder/fc2/Gemm_output_0'],
        outputs: ['/encoder/Softmax_output_0 (a)'],
      },
    ]);
    const slope = view.entries.find((e) => e.name === '/encoder/act/LeakyRelu')!;
    assert.match(slope.changes.join(), /^attribute alpha: 0\.1\d* -> 0\.25$/);
  }

  it('diffs two files: the known edits, the ghost wired to B, the readers of the changed weight', async () => {
    const result = await request({ uri: uriOf(pair.a) }, { uri: uriOf(pair.b) });
    assert.ok(result.ok, JSON.stringify(result));
    assertKnownEdits(result.view);
    assert.equal(result.view.diff.b, pair.b);
  });

  it('diffs bytes handed over for side a (a Git revision) against the file, and removes its temp copy', async () => {
    const bytes = fs.readFileSync(pair.a).toString('base64');
    const result = await request({ uri: uriOf(pair.b), bytes }, { uri: uriOf(pair.b) });
    assert.ok(result.ok, JSON.stringify(result));
    assertKnownEdits(result.view);
    assert.equal(path.basename(result.view.diff.a), 'b.onnx', 'the copy keeps the file name the user knows');
    assert.notEqual(result.view.diff.a, pair.b);
    assert.equal(fs.existsSync(result.view.diff.a), false, 'temp copy removed');
  });

  it('answers bad input with a message naming the file, never an error response', async () => {
    const garbage = await request(
      { uri: uriOf(pair.a), bytes: Buffer.from('not a model').toString('base64') },
      {
        uri: uriOf(pair.b),
      },
    );
    assert.equal(garbage.ok, false);
    assert.match(!garbage.ok ? garbage.message : '', /a\.onnx/);
    const text = await request({ uri: uriOf(path.join(path.dirname(pair.a), 'notes.txt')) }, { uri: uriOf(pair.b) });
    assert.deepEqual(text.ok, false);
    assert.match(!text.ok ? text.message : '', /notes\.txt is not an \.onnx file/);
    const missing = await request({ uri: uriOf(pair.a) }, {});
    assert.equal(missing.ok, false);
  });
});
