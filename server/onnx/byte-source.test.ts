// A file's size and bytes come out right on both sides of the first window's size (64 KiB): a small file's end is
// found by a read of 0 bytes, a larger one's size by fstat, and views anywhere hold the file's bytes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { FileSource } from './byte-source';

test('sizes and bytes around the first window', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'byte-source-'));
  try {
    for (const size of [0, 1, 331, (64 << 10) - 1, 64 << 10, (64 << 10) + 1, 200_000]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 131 + 7) & 255;
      const file = path.join(dir, `${size}.bin`);
      fs.writeFileSync(file, bytes);
      const source = new FileSource(file);
      try {
        assert.equal(source.size, size, `size of a ${size}-byte file`);
        for (const offset of [0, size >> 1, Math.max(0, size - 3)]) {
          const view = source.view(offset, 3);
          const got = view.buffer.subarray(view.start, view.start + Math.min(3, view.available));
          assert.deepEqual(got, bytes.subarray(offset, offset + 3), `bytes at ${offset} of ${size}`);
        }
      } finally {
        source.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
