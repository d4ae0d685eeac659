// Initializers with identical type, shape and bytes: the same weights stored several times.
import crypto from 'node:crypto';
import type { OnnxTensor } from '../../onnx/model';
import { formatBytes, listSome } from '../support/graph-facts';
import { readPayloadBytes } from '../../onnx/tensor-values';
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
    for (const t of ctx.graph.initializers) {
      if (t.external || t.byteSize < MIN_BYTES) continue;
      const key = `${t.elemType}:${t.dims.join('x')}`;
      candidates.set(key, [...(candidates.get(key) ?? []), t]);
    }
    const groups: OnnxTensor[][] = [];
    for (const same of candidates.values()) {
      if (same.length < 2) continue;
      // Same-shaped weights are common (every layer of a transformer): compare a small sample of each
      // first, and read whole tensors only where the samples match.
      for (const bySample of groupBy(same, (t) => hashOf(readPayloadBytes(ctx.model.path, t, SAMPLE_BYTES)))) {
        if (bySample.length < 2) continue;
        groups.push(
          ...groupBy(bySample, (t) => hashOf(readPayloadBytes(ctx.model.path, t))).filter((g) => g.length > 1),
        );
      }
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

function hashOf(bytes: Buffer | undefined): string | undefined {
  return bytes && crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Groups by key; items without a key (unreadable) are left out. */
function groupBy<T>(items: T[], key: (item: T) => string | undefined): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}
