// Inference results cached per model content: everything in one process that infers (rules, memory fit, profile
// corners, the graph view) asks here, so re-analyzing an unchanged model — a config edit beside it, a second view —
// never infers it again. The key is a SHA-256 of the model file's bytes (plus each external data file's state and
// the inference options); the hash itself is computed once per file state (device, inode, size, mtime), so an
// unchanged file costs one stat. A file rewritten with the same bytes keeps its results; files over
// hashFile's limit (file-hash.ts) are keyed by their state instead of hashed. Bounded: at most MAX_ENTRIES results and
// MAX_TENSORS tensors over all of them, least recently used first out. Results are shared: callers only read them.
import path from 'node:path';
import { BoundedLru } from '../bounded-lru';
import type { OnnxModel } from '../onnx/model';
import { fileStateOf } from '../onnx/model-cache';
import { walkTensors } from '../onnx/walk';
import { hashFile } from '../file-hash';
import { inferModelShapes, type GraphShapes, type InferOptions, type ModelShapes } from './engine';

const MAX_ENTRIES = 32;
/** Tensors kept over all cached results (each is a few hundred bytes with its type and shape). */
const MAX_TENSORS = 400_000;

export class InferenceCache {
  private readonly results: BoundedLru<ModelShapes>;
  /** Content hash by file state: the file is read for its hash once per state. */
  private readonly hashes = new Map<string, string>();
  /** Inference runs done (cache misses), for tests and benchmarks. */
  runs = 0;

  constructor(
    readonly maxEntries = MAX_ENTRIES,
    maxTensors = MAX_TENSORS,
  ) {
    this.results = new BoundedLru(maxEntries, maxTensors);
  }

  /** The model's inferred shapes under `options`, inferred only when this content was not seen with them. */
  infer(model: OnnxModel, options: InferOptions = {}): ModelShapes {
    const key = this.keyOf(model, options);
    const hit = key === undefined ? undefined : this.results.get(key);
    if (hit) return hit;
    this.runs++;
    const shapes = inferModelShapes(model, options);
    // A run cut short by its time budget depends on the machine's load: not worth keeping.
    if (key !== undefined && !shapes.truncated) this.results.set(key, shapes, countTensors(shapes.main));
    return shapes;
  }

  get size(): { entries: number; tensors: number } {
    const { entries, weight } = this.results.size;
    return { entries, tensors: weight };
  }

  /** Content hash + external data states + options; undefined when the file cannot be read (not cached). */
  private keyOf(model: OnnxModel, options: InferOptions): string | undefined {
    try {
      const content = this.contentHash(model);
      if (content === undefined) return undefined;
      const folder = path.dirname(model.path);
      const states = externalFiles(model).map((location) => fileStateOf(path.resolve(folder, location)) ?? 'missing');
      // The time budget is not part of the key: only complete runs are kept, and those do not depend on it.
      const { useStoredValueInfo = true, inputShapes } = options;
      return JSON.stringify([content, states, useStoredValueInfo, inputShapes ?? null]);
    } catch {
      return undefined;
    }
  }

  private contentHash(model: OnnxModel): string | undefined {
    const file = model.path;
    const state = fileStateOf(file, model.fileSize);
    if (state === undefined) return undefined;
    const known = this.hashes.get(state);
    if (known) return known;
    const hash = hashFile(file) ?? `state:${state}`;
    this.hashes.set(state, hash);
    if (this.hashes.size > 4 * this.maxEntries) this.hashes.delete(this.hashes.keys().next().value!);
    return hash;
  }
}

const externalOf = new WeakMap<OnnxModel, string[]>();

/** The external data files a model's tensors name (walked once per model object). */
function externalFiles(model: OnnxModel): string[] {
  let files = externalOf.get(model);
  if (!files) {
    const locations = new Set<string>();
    for (const t of walkTensors(model)) if (t.external) locations.add(t.external.location);
    externalOf.set(model, (files = [...locations].sort()));
  }
  return files;
}

function countTensors(shapes: GraphShapes): number {
  let n = shapes.tensors.size;
  for (const sub of shapes.subgraphs.values()) n += countTensors(sub);
  return n;
}

/** The one cache of this process (the language server's analysis worker, the extension host, the CLI). */
export const inferenceCache = new InferenceCache();

/** inferModelShapes through the process's cache: the entry point for everything that infers a model read from disk. */
export function inferShapes(model: OnnxModel, options: InferOptions = {}): ModelShapes {
  return inferenceCache.infer(model, options);
}
