// Models read from disk, kept per file state (device, inode, size, modification time): what reads a model again and
// again for another file's sake — every keystroke in a config.pbtxt checks the model beside it (Triton's signature,
// profile corners) — gets the model already read while the file is unchanged, for the price of one stat. A file
// changed or replaced on disk has a new state and is read again. Bounded: at most MAX_ENTRIES models and MAX_ITEMS
// nodes and initializers over all of them, least recently used out first. Models are shared: callers only read them.
import fs from 'node:fs';
import { BoundedLru } from '../bounded-lru';
import type { OnnxModel } from './model';
import { readOnnxModel } from './reader';
import { walkGraphs } from './walk';

const MAX_ENTRIES = 8;
/** Nodes + initializers kept over all cached models (a node's in-memory form is well under a kilobyte). */
const MAX_ITEMS = 1_000_000;

/**
 * Device, inode, size and modification time in nanoseconds: a changed or replaced file changes it. With `size`,
 * a file of another size than the model read from it has no state (that model is stale).
 */
export function fileStateOf(file: string, size?: number): string | undefined {
  try {
    const s = fs.statSync(file, { bigint: true });
    if (!s.isFile() || (size !== undefined && Number(s.size) !== size)) return undefined;
    return `${file}\0${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

export class ModelCache {
  private readonly models: BoundedLru<OnnxModel>;
  /** Files actually read (cache misses), for tests and benchmarks. */
  reads = 0;

  constructor(maxEntries = MAX_ENTRIES, maxItems = MAX_ITEMS) {
    this.models = new BoundedLru(maxEntries, maxItems);
  }

  /** The model in `file` as it is on disk now; throws what `readOnnxModel` throws (an unreadable file is not kept). */
  read(file: string): OnnxModel {
    const state = fileStateOf(file);
    const hit = state === undefined ? undefined : this.models.get(state);
    if (hit) return hit;
    this.reads++;
    const model = readOnnxModel(file);
    // Kept only when the file did not change while it was read (the state after the read is the one before).
    if (state !== undefined && fileStateOf(file, model.fileSize) === state)
      this.models.set(state, model, itemsOf(model));
    return model;
  }

  get size(): { entries: number; items: number } {
    const { entries, weight } = this.models.size;
    return { entries, items: weight };
  }
}

function itemsOf(model: OnnxModel): number {
  let n = 0;
  if (model.graph) for (const { graph } of walkGraphs(model.graph)) n += graph.nodes.length + graph.initializers.length;
  for (const f of model.functions) n += f.nodes.length;
  return n;
}

/** The one cache of this process (the language server's analysis worker, the extension host, the CLI). */
export const modelCache = new ModelCache();

/** A model read from disk for reading only (signatures, profile corners, memory estimates): read once per file state. */
export function readModelCached(file: string): OnnxModel {
  return modelCache.read(file);
}
