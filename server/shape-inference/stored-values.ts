// Values of the small stored tensors inference asks for (initializers, Constant attributes), read from the model
// file during one inference run: the file stays open for the run and is read in 64 KiB blocks, each at most once
// (one open and a few reads instead of one of each per constant, and never the weights). Integers decode straight
// to numbers. Values are kept per model object across runs: a config edit that infers a new profile corner of a model
// the model cache holds reads none of them again, and a model read from an older state of its file keeps the values
// of that state (never bytes of the new file at the old offsets).
import fs from 'node:fs';
import type { Dim, OnnxModel, OnnxTensor } from '../onnx/model';
import { readTensorValues } from '../onnx/tensor-values';

/** Values kept per tensor: shape tensors and small parameters, never activations. */
export const MAX_VALUE_ELEMENTS = 1024;
const BLOCK = 1 << 16;

const valuesByModel = new WeakMap<OnnxModel, Map<OnnxTensor, Dim[] | undefined>>();

export class StoredValues {
  private readonly cache: Map<OnnxTensor, Dim[] | undefined>;
  /** Blocks of the file read so far: a model's constants sit close together, so a few reads serve them all. */
  private readonly blocks = new Map<number, Buffer>();
  private fd?: number | null;

  constructor(private readonly model: OnnxModel) {
    let cache = valuesByModel.get(model);
    if (!cache) valuesByModel.set(model, (cache = new Map()));
    this.cache = cache;
  }

  /** The tensor's values, or undefined when it is large, unreadable or of a type not read here. */
  valueOf(t: OnnxTensor): Dim[] | undefined {
    const dims = t.dims;
    let count = 1;
    for (let i = 0; i < dims.length; i++) count *= dims[i];
    if (count > MAX_VALUE_ELEMENTS || t.byteSize > 8 * MAX_VALUE_ELEMENTS) return undefined;
    const payload = t.payloads[0];
    const single = payload?.field === 'raw_data' && t.payloads.length === 1 && payload.chunks === 1 && !t.external;
    // Small payloads were decoded by the reader (as decodeIntegers and readTensorValues do): no file read, no cache.
    if (single && t.values) return t.values;
    const cached = this.cache.get(t);
    if (cached !== undefined || this.cache.has(t)) return cached;
    let value: Dim[] | undefined;
    try {
      const raw = single ? this.range(payload.offset, payload.length) : undefined;
      if (raw) value = decodeIntegers(t.elemType, raw);
      else value = readTensorValues(this.model.path, t)?.values.map((v) => Number(v));
      if (raw && !value)
        value = readTensorValues(this.model.path, { elemType: t.elemType, dims: t.dims, raw })?.values.map((v) =>
          Number(v),
        );
    } catch {
      value = undefined; // unreadable payloads are the reader rules' business
    }
    this.cache.set(t, value);
    return value;
  }

  /** Releases the open file (the engine calls it once the run is over). */
  close(): void {
    if (typeof this.fd === 'number') fs.closeSync(this.fd);
    this.fd = null;
  }

  private range(offset: number, length: number): Buffer | undefined {
    if (this.fd === undefined) {
      try {
        this.fd = fs.openSync(this.model.path, 'r');
      } catch {
        this.fd = null;
      }
    }
    if (this.fd === null) return undefined;
    const index = Math.floor(offset / BLOCK);
    if (index !== Math.floor((offset + length - 1) / BLOCK)) return this.read(offset, length);
    let block = this.blocks.get(index);
    if (!block) {
      block = this.read(index * BLOCK, Math.max(1, Math.min(BLOCK, this.model.fileSize - index * BLOCK)), true);
      if (!block) return undefined;
      this.blocks.set(index, block);
    }
    const at = offset - index * BLOCK;
    return at + length <= block.length ? block.subarray(at, at + length) : undefined;
  }

  private read(offset: number, length: number, partial = false): Buffer | undefined {
    const out = Buffer.allocUnsafe(length);
    const n = fs.readSync(this.fd as number, out, 0, length, offset);
    return n === length || partial ? out.subarray(0, n) : undefined;
  }
}

/** INT64 and INT32 raw data as numbers (the shape tensors inference reads most); undefined for other types. */
function decodeIntegers(elemType: string, raw: Buffer): Dim[] | undefined {
  if (elemType === 'INT64' && raw.length % 8 === 0) {
    const out = new Array<Dim>(raw.length / 8);
    // hi * 2^32 + lo is exact below 2^53 and rounds once above, as Number(bigint) does.
    for (let i = 0, at = 0; at < raw.length; i++, at += 8)
      out[i] = raw.readInt32LE(at + 4) * 2 ** 32 + raw.readUInt32LE(at);
    return out;
  }
  if (elemType === 'INT32' && raw.length % 4 === 0) {
    const out = new Array<Dim>(raw.length / 4);
    for (let i = 0, at = 0; at < raw.length; i++, at += 4) out[i] = raw.readInt32LE(at);
    return out;
  }
  return undefined;
}
