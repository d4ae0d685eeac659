// Content hashes of initializers, read in fixed-size chunks from the model file or its external data
// file, so that hashing a multi-gigabyte model never holds more than one chunk in memory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OnnxTensor } from '../onnx/model';

const CHUNK_BYTES = 1 << 20;

/** Where a tensor's bytes lie: (file, offset, length) ranges. Undefined when external data escapes the model folder. */
function byteRanges(
  modelFile: string,
  tensor: OnnxTensor,
): { file: string; offset: number; length: number }[] | undefined {
  if (!tensor.external) return tensor.payloads.map((p) => ({ file: modelFile, offset: p.offset, length: p.length }));
  const folder = path.dirname(path.resolve(modelFile));
  const file = path.resolve(folder, tensor.external.location);
  if (path.isAbsolute(tensor.external.location) || !file.startsWith(folder + path.sep)) return undefined;
  return [{ file, offset: tensor.external.offset, length: tensor.external.length ?? tensor.byteSize }];
}

/** sha256 of dtype, dims and payload bytes; undefined when the bytes cannot be read (missing external file). */
export function hashTensor(modelFile: string, tensor: OnnxTensor): string | undefined {
  const ranges = byteRanges(modelFile, tensor);
  if (!ranges) return undefined;
  const hash = crypto.createHash('sha256');
  hash.update(`${tensor.elemType}[${tensor.dims.join(',')}]`);
  const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, ...ranges.map((r) => r.length))));
  const fds = new Map<string, number>();
  try {
    for (const range of ranges) {
      let fd = fds.get(range.file);
      if (fd === undefined) fds.set(range.file, (fd = fs.openSync(range.file, 'r')));
      for (let done = 0; done < range.length;) {
        const read = fs.readSync(fd, chunk, 0, Math.min(chunk.length, range.length - done), range.offset + done);
        if (read === 0) return undefined;
        hash.update(chunk.subarray(0, read));
        done += read;
      }
    }
  } catch {
    return undefined;
  } finally {
    for (const fd of fds.values()) fs.closeSync(fd);
  }
  return hash.digest('hex').slice(0, 32);
}
