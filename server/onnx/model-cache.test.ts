// The model cache on real exported models in a scratch folder: an unchanged file is read once, a file changed or
// replaced on disk is read again, an unreadable one is never kept, and the bounds on entries and items hold.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot, scratchDir } from '../../test/support/paths';
import { ModelCache } from './model-cache';

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/shape-inference/models', name);
const GPT = fixture('gpt_kv_cache_op14.onnx');
const UNET = fixture('seg_unet_op13.onnx');

/** Saved the way editors and exporters save: a temp file renamed over the old one (new inode, new mtime). */
function saveAs(file: string, from: string): string {
  fs.copyFileSync(from, `${file}.tmp`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

test('an unchanged model is read once and the same object comes back', () => {
  const cache = new ModelCache();
  const file = saveAs(path.join(scratchDir('model-cache-same'), 'model.onnx'), GPT);
  const first = cache.read(file);
  assert.ok(first.graph!.nodes.length > 10);
  assert.equal(cache.read(file), first);
  assert.equal(cache.read(file), first);
  assert.equal(cache.reads, 1);
});

test('a model replaced or rewritten in place on disk is read again', () => {
  const cache = new ModelCache();
  const file = saveAs(path.join(scratchDir('model-cache-changed'), 'model.onnx'), GPT);
  const gpt = cache.read(file);
  const unet = cache.read(saveAs(file, UNET));
  assert.notEqual(unet, gpt);
  assert.notDeepEqual(
    unet.graph!.outputs.map((o) => o.name),
    gpt.graph!.outputs.map((o) => o.name),
  );
  // The same bytes written in place (same inode and size) with a later modification time.
  fs.writeFileSync(file, fs.readFileSync(UNET));
  const later = new Date(Date.now() + 5_000);
  fs.utimesSync(file, later, later);
  const again = cache.read(file);
  assert.notEqual(again, unet);
  assert.equal(cache.reads, 3);
});

test('an unreadable file throws every time and is not kept', () => {
  const cache = new ModelCache();
  const dir = scratchDir('model-cache-bad');
  const bad = path.join(dir, 'model.onnx');
  fs.writeFileSync(bad, Buffer.alloc(0));
  assert.throws(() => cache.read(bad), /empty file/);
  assert.throws(() => cache.read(bad), /empty file/);
  assert.throws(() => cache.read(path.join(dir, 'missing.onnx')), /cannot open/);
  assert.equal(cache.reads, 3);
  assert.deepEqual(cache.size, { entries: 0, items: 0 });
});

test('the bounds on entries and on items hold, least recently used out first', () => {
  const dir = scratchDir('model-cache-bounds');
  const files = [0, 1, 2].map((i) => saveAs(path.join(dir, `m${i}.onnx`), GPT));
  const byEntries = new ModelCache(2);
  const first = byEntries.read(files[0]);
  byEntries.read(files[1]);
  byEntries.read(files[0]); // now the most recently used
  byEntries.read(files[2]); // evicts files[1]
  assert.equal(byEntries.size.entries, 2);
  assert.equal(byEntries.read(files[0]), first);
  assert.equal(byEntries.reads, 3);
  byEntries.read(files[1]);
  assert.equal(byEntries.reads, 4);

  const probe = new ModelCache();
  probe.read(files[0]);
  const items = probe.size.items;
  assert.ok(items > 10, `items: ${items}`);
  const byItems = new ModelCache(8, 2 * items);
  for (const f of files) byItems.read(f);
  assert.deepEqual(byItems.size, { entries: 2, items: 2 * items });
  const tooLarge = new ModelCache(8, items - 1);
  tooLarge.read(files[0]);
  tooLarge.read(files[0]);
  assert.equal(tooLarge.reads, 2);
  assert.equal(tooLarge.size.entries, 0);
});
