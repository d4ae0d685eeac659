// A file's content hash, on its own so the places that only hash (the run store) do not load shape inference and
// the ONNX schema table with it (the VS Code client bundle holds the run store).
import crypto from 'node:crypto';
import fs from 'node:fs';

const MAX_HASHED_BYTES = 256 << 20;
const HASH_CHUNK = 1 << 20;

/** sha256 of a file up to MAX_HASHED_BYTES; undefined for a larger or unreadable file. */
export function hashFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    if (fs.fstatSync(fd).size > MAX_HASHED_BYTES) return undefined;
    const hash = crypto.createHash('sha256');
    const chunk = Buffer.allocUnsafe(HASH_CHUNK);
    for (let n; (n = fs.readSync(fd, chunk, 0, HASH_CHUNK, null)) > 0;) hash.update(chunk.subarray(0, n));
    return hash.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}
