// Initializers with identical type, shape and bytes: the same weights stored several times.
import type { OnnxTensor } from '../../onnx/model';
import { formatBytes, listSome } from '../support/message-text';
import { hashBytesToNumber } from '../../onnx/fast-hash';
import { ModelBytes } from '../../onnx/tensor-bytes';
import type { Rule } from '../rule';

/** Tiny tensors (scalars, axes) are legitimately repeated; only count what is worth deduplicating. */
const MIN_BYTES = 64;
/** Bytes compared before reading a whole tensor. */
const SAMPLE_BYTES = 4096;

export const duplicateInitializer: Rule = {
  id: 'simplify/duplicate-initializer',
  defaultSeverity: 'info',
  docs: {
    summary: 'Initializers that hold exactly the same data (type, shape and bytes) as another one.',
    why: "Tied weights exported twice double their memory in the file and in the engine's weight memory.",
    howToFix:
      'Deduplicate: `onnxsim` merges identical constants, or rewire the consumers to one initializer (onnx-graphsurgeon).',
  },
  check(ctx) {
    const candidates = new Map<string, OnnxTensor[]>();
    const initializers = ctx.graph.initializers;
    for (let i = 0; i < initializers.length; i++) {
      const t = initializers[i];
      if (t.external || t.byteSize < MIN_BYTES) continue;
      const key = `${t.elemType}:${t.dims.join('x')}`;
      const same = candidates.get(key);
      if (same) same.push(t);
      else candidates.set(key, [t]);
    }
    const groups: OnnxTensor[][] = [];
    // One open file and a read window for every tensor: a model has thousands of same-shaped weights.
    const model = new ModelBytes(ctx.model.path);
    try {
      for (const same of candidates.values()) {
        if (same.length < 2) continue;
        // Same-shaped weights are common (every layer of a transformer): compare a small sample of each
        // first, and hash whole tensors only where the samples match.
        for (const bySample of groupBy(same, (t) => sampleKey(model, t))) {
          if (bySample.length < 2) continue;
          groups.push(...groupBy(bySample, (t) => model.hash(t)).filter((g) => g.length > 1));
        }
      }
    } finally {
      model.close();
    }
    if (groups.length === 0) return [];
    const copies = groups.reduce((a, g) => a + g.length - 1, 0);
    const bytes = groups.reduce((a, g) => a + (g.length - 1) * g[0].byteSize, 0);
    const examples = groups.map((g) => g.map((t) => t.name).join(' = '));
    return [
      {
        message: `${copies} initializer(s) duplicate another one's data (${formatBytes(bytes)} would go): ${listSome(examples, 2)}`,
      },
    ];
  },
};

/**
 * A fast hash of a tensor's first bytes, as a number (no hex string per tensor: thousands of same-shaped weights):
 * a collision only costs a whole-tensor hash.
 */
function sampleKey(bytes: ModelBytes, t: OnnxTensor): number | undefined {
  const sample = bytes.prefix(t, SAMPLE_BYTES);
  return sample && hashBytesToNumber(sample);
}

/** Groups by key; items without a key (unreadable) are left out. */
function groupBy<T, K>(items: T[], key: (item: T) => K | undefined): T[][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
