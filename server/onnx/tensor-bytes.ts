// Tensor bytes of one model, read from the model file or its external data files through one open file and a
// fixed-size window per file: a 30k-initializer model costs a few reads instead of 30k open/read/close, and a
// multi-gigabyte tensor is hashed chunk by chunk, so memory never holds more than one window per file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OnnxTensor, TensorPayload } from './model';
import { hashBytes, hashString } from './fast-hash';

const WINDOW_BYTES = 1 << 20;
/** Up to this size a fast non-cryptographic hash; above it sha256, which is faster per byte. */
const SMALL_BYTES = 4096;

interface Range {
  file: string;
  offset: number;
  length: number;
}

interface Window {
  fd: number;
  buffer: Buffer;
  start: number;
  end: number;
}

export class ModelBytes {
  private readonly windows = new Map<string, Window | null>();
  private readonly hashes = new Map<OnnxTensor, string | undefined>();
  private readonly folder: string;

  constructor(readonly modelFile: string) {
    this.folder = path.dirname(path.resolve(modelFile));
  }

  /** Where a tensor's bytes lie. Undefined when external data escapes the model folder. */
  private ranges(tensor: OnnxTensor): Range[] | undefined {
    if (!tensor.external)
      return tensor.payloads.map((p) => ({ file: this.modelFile, offset: p.offset, length: p.length }));
    const file = path.resolve(this.folder, tensor.external.location);
    if (path.isAbsolute(tensor.external.location) || !file.startsWith(this.folder + path.sep)) return undefined;
    return [{ file, offset: tensor.external.offset, length: tensor.external.length ?? tensor.byteSize }];
  }

  private window(file: string): Window | undefined {
    let w = this.windows.get(file);
    if (w === undefined) {
      try {
        w = { fd: fs.openSync(file, 'r'), buffer: Buffer.alloc(WINDOW_BYTES), start: 0, end: 0 };
      } catch {
        w = null;
      }
      this.windows.set(file, w);
    }
    return w ?? undefined;
  }

  /** Bytes of a range no longer than the window; valid until the next read of the same file. */
  private slice(file: string, offset: number, length: number): Buffer | undefined {
    const w = this.window(file);
    if (!w) return undefined;
    if (offset < w.start || offset + length > w.end) {
      let read: number;
      try {
        read = fs.readSync(w.fd, w.buffer, 0, WINDOW_BYTES, offset);
      } catch {
        return undefined;
      }
      w.start = offset;
      w.end = offset + read;
      if (length > read) return undefined;
    }
    return w.buffer.subarray(offset - w.start, offset - w.start + length);
  }

  /** A tensor's payload when it is one range that fits the window (the common case), else undefined. */
  small(tensor: OnnxTensor): Buffer | undefined {
    const piece = inlinePiece(tensor);
    if (piece) return piece.length <= WINDOW_BYTES ? this.slice(this.modelFile, piece.offset, piece.length) : undefined;
    const ranges = this.ranges(tensor);
    return ranges?.length === 1 && ranges[0].length <= WINDOW_BYTES
      ? this.slice(ranges[0].file, ranges[0].offset, ranges[0].length)
      : undefined;
  }

  /** Up to `limit` first bytes of a tensor's first payload range, valid until the next read; undefined when unreadable. */
  prefix(tensor: OnnxTensor, limit: number): Buffer | undefined {
    if (!tensor.external) {
      const payload = tensor.payloads[0];
      return payload && this.slice(this.modelFile, payload.offset, Math.min(payload.length, limit, WINDOW_BYTES));
    }
    const first = this.ranges(tensor)?.[0];
    return first && this.slice(first.file, first.offset, Math.min(first.length, limit, WINDOW_BYTES));
  }

  /** A hash of dtype, dims and payload bytes; undefined when the bytes cannot be read (missing external file). */
  hash(tensor: OnnxTensor): string | undefined {
    if (this.hashes.has(tensor)) return this.hashes.get(tensor);
    const value = this.computeHash(tensor);
    this.hashes.set(tensor, value);
    return value;
  }

  private computeHash(tensor: OnnxTensor): string | undefined {
    const header = `${tensor.elemType}[${tensor.dims.join(',')}]`;
    const piece = inlinePiece(tensor);
    if (piece && piece.length <= SMALL_BYTES) {
      const bytes = this.slice(this.modelFile, piece.offset, piece.length);
      return bytes && `${hashString(header)}${hashBytes(bytes)}`;
    }
    const ranges = this.ranges(tensor);
    if (!ranges) return undefined;
    if (ranges.length === 1 && ranges[0].length <= SMALL_BYTES) {
      const bytes = this.slice(ranges[0].file, ranges[0].offset, ranges[0].length);
      return bytes && `${hashString(header)}${hashBytes(bytes)}`;
    }
    const hash = crypto.createHash('sha256');
    hash.update(header);
    for (const range of ranges)
      for (let done = 0; done < range.length;) {
        const length = Math.min(WINDOW_BYTES, range.length - done);
        const chunk = this.slice(range.file, range.offset + done, length);
        if (!chunk) return undefined;
        hash.update(chunk);
        done += length;
      }
    return hash.digest('hex').slice(0, 32);
  }

  close(): void {
    for (const w of this.windows.values()) if (w) fs.closeSync(w.fd);
    this.windows.clear();
  }
}

/**
 * The payload of an inline tensor held in one piece (nearly every tensor), read without making its list of ranges:
 * a diff asks for every initializer.
 */
function inlinePiece(tensor: OnnxTensor): TensorPayload | undefined {
  return !tensor.external && tensor.payloads.length === 1 ? tensor.payloads[0] : undefined;
}

export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two tensors hold the same dtype, dims and bytes; undefined when either cannot be read. */
export function sameTensor(ma: ModelBytes, ta: OnnxTensor, mb: ModelBytes, tb: OnnxTensor): boolean | undefined {
  if (ta.elemType !== tb.elemType || !sameDims(ta.dims, tb.dims)) return false;
  const a = ma.small(ta);
  const b = a && mb.small(tb);
  if (a && b) return a.equals(b);
  const ha = ma.hash(ta);
  const hb = mb.hash(tb);
  return ha === undefined || hb === undefined ? undefined : ha === hb;
}
