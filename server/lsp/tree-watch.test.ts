// The server's own watcher on a real temp folder: atomic saves (write a temp file, rename it over the file) are
// seen every time, and so are writes in place after them and files in folders created later. Waits on events,
// never on fixed sleeps.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { watchTree } from './tree-watch';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-watch-'));
const seen: string[] = [];
let waiting: { file: string; resolve: () => void } | undefined;
const close = watchTree(
  root,
  (file) => {
    seen.push(file);
    if (waiting && file === waiting.file) waiting.resolve();
  },
  (message) => assert.fail(message),
);
after(() => {
  close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Runs `change` and resolves once the watcher names `file` (fails after 10 s). */
function changeSeen(file: string, change: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event for ${file}; saw ${JSON.stringify(seen)}`)), 10_000);
    waiting = { file, resolve: () => (clearTimeout(timer), (waiting = undefined), resolve()) };
    change();
  });
}

const atomicSave = (file: string, text: string) => {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
};

test('every atomic save over a file is seen, and writes in place after it too', async () => {
  fs.mkdirSync(path.join(root, 'm'));
  const file = path.join(root, 'm/config.pbtxt');
  fs.writeFileSync(file, 'name: "m"\n');
  for (let i = 0; i < 3; i++) {
    await changeSeen(file, () => atomicSave(file, `name: "m${i}"\n`));
    await changeSeen(file, () => fs.writeFileSync(file, `name: "in-place-${i}"\n`));
  }
});

test('a folder created after the watch starts is watched, and so is a folder renamed into place', async () => {
  const created = path.join(root, 'later/1');
  const file = path.join(created, 'model.onnx');
  await changeSeen(file, () => {
    fs.mkdirSync(created, { recursive: true });
    fs.writeFileSync(file, 'x');
  });
  await changeSeen(file, () => atomicSave(file, 'y'));
  // A folder built elsewhere and moved in (an unpacked archive, a checkout): its files count as changed.
  const staged = fs.mkdtempSync(path.join(root, '.staged-'));
  fs.writeFileSync(path.join(staged, 'config.pbtxt'), 'name: "moved"\n');
  const moved = path.join(root, 'moved');
  await changeSeen(path.join(moved, 'config.pbtxt'), () => fs.renameSync(staged, moved));
  await changeSeen(path.join(moved, 'config.pbtxt'), () => atomicSave(path.join(moved, 'config.pbtxt'), 'name: "b"\n'));
});
