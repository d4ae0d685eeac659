// The one walker on a real folder tree: a file argument is itself, the skip list, Python environments, links
// followed once (a link loop ends), and the result limit reported instead of silently cutting.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { smallestFirst } from './workspace-files';
import { walkTargets } from './workspace-walk';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function touch(rel: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  return file;
}

const onnx = { file: (f: string) => f.endsWith('.onnx') };
const rel = (files: string[]) => files.map((f) => path.relative(root, f));

for (const f of ['a/m.onnx', 'a/b/n.onnx', 'a/notes.txt', '.git/x.onnx', '.venv/y.onnx', 'node_modules/p/z.onnx'])
  touch(f);
touch('env/pyvenv.cfg');
touch('env/lib/site-packages/onnx/test.onnx');
touch('lib/site-packages/w.onnx');
fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a-link'));
fs.symlinkSync(root, path.join(root, 'a/b/loop'));

test('a folder is walked in name order, skipping dot-folders, dependencies and Python environments', () => {
  assert.deepEqual(rel(walkTargets(root, onnx)), ['a/b/n.onnx', 'a/m.onnx']);
});

test('a file argument is that file only, whatever is around it', () => {
  assert.deepEqual(walkTargets(path.join(root, 'a/m.onnx'), onnx), [path.join(root, 'a/m.onnx')]);
  assert.deepEqual(walkTargets(path.join(root, 'a/notes.txt'), onnx), []);
  assert.deepEqual(walkTargets(path.join(root, 'missing.onnx'), onnx), []);
});

test('a named folder is walked even when the skip list would skip it', () => {
  assert.deepEqual(rel(walkTargets(path.join(root, '.venv'), onnx)), ['.venv/y.onnx']);
  // A named Python environment is entered, but its site-packages still are not.
  assert.deepEqual(walkTargets(path.join(root, 'env'), onnx), []);
});

test('folder targets are matched with their entries', () => {
  const withFolders = walkTargets(root, {
    ...onnx,
    folder: (_dir, entries) => entries.some((e) => e.name === 'm.onnx'),
  });
  assert.deepEqual(rel(withFolders), ['a', 'a/b/n.onnx', 'a/m.onnx']);
});

test('the result limit stops the walk and says so once', () => {
  const limits: string[] = [];
  const found = walkTargets(root, onnx, { maxResults: 1, onLimit: (what) => limits.push(what) });
  assert.equal(found.length, 1);
  assert.deepEqual(limits, ['1 files']);
});

test('smallestFirst: by size, stable among equal sizes, an unreadable file last', () => {
  const sized = (name: string, bytes: number) => {
    const file = path.join(root, 'sized', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.alloc(bytes));
    return file;
  };
  const big = sized('big.onnx', 3000);
  const small = sized('config.pbtxt', 10);
  const a = sized('a.onnx', 200);
  const b = sized('b.onnx', 200);
  const gone = path.join(root, 'sized', 'gone.onnx');
  assert.deepEqual(smallestFirst([gone, big, a, small, b]), [small, a, b, big, gone]);
});
