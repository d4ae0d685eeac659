// Graph cleanup: folds constant shape arithmetic, removes Identity and inference-time Dropout,
// dead nodes and unused initializers, and merges initializers holding identical bytes. Each
// removal rewires consumers by name; names referenced from inside subgraphs are left alone, since
// a subgraph may read any outer value by name.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { OnnxModel, OnnxTensor } from '../onnx/model';
import { attributeGraphs, walkGraphs } from '../onnx/walk';
import { derivedModelPath, writeModel, type WriteOptions, type WriteResult } from './model-writer';
import { isFileAttribute, type AttributeSpec, type NodeSpec, type SmallElemType } from './node-spec';
import { defaultOpset } from './opset-convert';
import { canEvaluate, evaluateNode, type ConstValue } from './shape-eval';
import { readTensorValues } from '../onnx/tensor-values';
import { WorkGraph, type WorkNode } from './work-graph';

export interface SimplifyReport {
  model: string;
  nodesBefore: number;
  nodesAfter: number;
  removed: { identity: number; dropout: number; dead: number; folded: number };
  initializersRemoved: number;
  initializersDeduplicated: number;
  foldedConstantsAdded: number;
  bytesBefore: number;
  bytesAfter?: number;
}

function subgraphNames(model: OnnxModel): Set<string> {
  const names = new Set<string>();
  for (const node of model.graph!.nodes) {
    for (const a of node.attributes) {
      for (const g of attributeGraphs(a))
        for (const { graph } of walkGraphs(g)) for (const n of graph.nodes) for (const i of n.inputs) names.add(i);
    }
  }
  return names;
}

function attrValue(attrs: AttributeSpec[], name: string): AttributeSpec | undefined {
  return attrs.find((a) => a.name === name);
}

const RAW_WRITERS: Record<string, [number, (b: Buffer, v: number | bigint, at: number) => void]> = {
  INT64: [8, (b, v, at) => b.writeBigInt64LE(BigInt(v), at)],
  INT32: [4, (b, v, at) => b.writeInt32LE(Number(v), at)],
  FLOAT: [4, (b, v, at) => b.writeFloatLE(Number(v), at)],
  DOUBLE: [8, (b, v, at) => b.writeDoubleLE(Number(v), at)],
  BOOL: [1, (b, v, at) => b.writeUInt8(Number(v), at)],
  UINT8: [1, (b, v, at) => b.writeUInt8(Number(v), at)],
  INT8: [1, (b, v, at) => b.writeInt8(Number(v), at)],
};

function rawOf(v: ConstValue): Buffer | undefined {
  const w = RAW_WRITERS[v.elemType];
  if (!w) return undefined;
  const b = Buffer.alloc(v.values.length * w[0]);
  v.values.forEach((x, i) => w[1](b, x, i * w[0]));
  return b;
}

class Simplifier {
  readonly g: WorkGraph;
  private readonly pinned: Set<string>;
  readonly report: SimplifyReport;

  constructor(readonly model: OnnxModel) {
    this.g = new WorkGraph(model);
    this.pinned = subgraphNames(model);
    for (const o of model.graph!.outputs) this.pinned.add(o.name);
    this.report = {
      model: model.path,
      nodesBefore: model.graph!.nodes.length,
      nodesAfter: 0,
      removed: { identity: 0, dropout: 0, dead: 0, folded: 0 },
      initializersRemoved: 0,
      initializersDeduplicated: 0,
      foldedConstantsAdded: 0,
      bytesBefore: model.fileSize,
    };
  }

  private rename(from: string, to: string): void {
    for (const n of this.g.live()) {
      if (!n.spec.inputs.includes(from)) continue;
      n.spec.inputs = n.spec.inputs.map((i) => (i === from ? to : i));
      n.changed = true;
    }
  }

  /** Drops a pass-through node (y = x) by pointing y's consumers at x. */
  private bypass(node: WorkNode): boolean {
    const [x] = node.spec.inputs;
    const [y] = node.spec.outputs;
    if (!x || !y || this.pinned.has(y) || this.pinned.has(x)) return false;
    this.rename(y, x);
    this.g.remove(node);
    return true;
  }

  removePassThroughs(): void {
    for (const node of this.g.live()) {
      if (node.spec.domain !== '' && node.spec.domain !== 'ai.onnx') continue;
      if (node.spec.opType === 'Identity' && this.bypass(node)) this.report.removed.identity++;
      if (node.spec.opType === 'Dropout' && this.isInferenceDropout(node) && this.bypass(node))
        this.report.removed.dropout++;
    }
  }

  /** Dropout is the identity at inference unless training_mode is set or its mask is used. */
  private isInferenceDropout(node: WorkNode): boolean {
    const mask = node.spec.outputs[1];
    if (mask && (this.g.consumers(mask).length > 0 || this.pinned.has(mask))) return false;
    const training = node.spec.inputs[2];
    if (!training) return true;
    const v = this.g.constantValues(training);
    return v !== undefined && v.values.every((x) => Number(x) === 0);
  }

  foldConstants(): void {
    const opset = defaultOpset(this.model) ?? 1;
    const known = new Map<string, ConstValue>();
    const valueOf = (name: string): ConstValue | undefined => {
      if (!name) return undefined;
      if (known.has(name)) return known.get(name);
      if (this.g.producer(name)) return undefined;
      const init = this.g.initializer(name);
      const v =
        init && !this.model.graph!.inputs.some((i) => i.name === name)
          ? readTensorValues(this.model.path, init)
          : undefined;
      if (v) known.set(name, v);
      return v;
    };
    const folded: WorkNode[] = [];
    for (const node of this.g.live()) {
      const { spec } = node;
      if ((spec.domain !== '' && spec.domain !== 'ai.onnx') || !canEvaluate(spec.opType)) continue;
      const attrs = {
        i: (name: string) => {
          const a = attrValue(spec.attributes, name);
          return a && (isFileAttribute(a) ? a.i : a.type === 'INT' ? Number(a.i) : undefined);
        },
        ints: (name: string) => {
          const a = attrValue(spec.attributes, name);
          return a && (isFileAttribute(a) ? a.ints : a.type === 'INTS' ? a.ints.map(Number) : undefined);
        },
        t: (name: string) => {
          const a = attrValue(spec.attributes, name);
          const t = a && (isFileAttribute(a) ? a.t : a.type === 'TENSOR' ? a.t : undefined);
          return t && readTensorValues(this.model.path, t);
        },
      };
      const inputs = spec.inputs.map(valueOf);
      const out = evaluateNode({
        opType: spec.opType,
        inputs,
        inputShape: this.g.shapes.get(spec.inputs[0]),
        attrs,
        opset,
      });
      if (!out || out.length < spec.outputs.filter(Boolean).length) continue;
      spec.outputs.forEach((o, i) => o && known.set(o, out[i]));
      folded.push(node);
    }
    // A folded node goes (Constant nodes stay until nothing uses them); values still needed by the
    // rest of the graph become initializers under their own names, so consumers need no edit.
    const removable = new Set(
      folded.filter(
        (n) =>
          n.spec.opType !== 'Constant' &&
          n.spec.outputs.every((o) => !o || (!this.pinned.has(o) && rawOf(known.get(o)!) !== undefined)),
      ),
    );
    for (const node of removable) {
      for (const o of node.spec.outputs) {
        if (!o || !this.g.consumers(o).some((c) => !removable.has(c))) continue;
        const v = known.get(o)!;
        this.g.addedInitializers.push({ name: o, elemType: v.elemType as SmallElemType, dims: v.dims, raw: rawOf(v)! });
        this.report.foldedConstantsAdded++;
      }
      this.g.remove(node);
      this.report.removed.folded++;
    }
  }

  removeDeadNodes(): void {
    for (let changed = true; changed;) {
      changed = false;
      const used = new Set(this.g.live().flatMap((n) => n.spec.inputs));
      for (const node of [...this.g.live()].reverse()) {
        if (node.spec.outputs.some((o) => o && (used.has(o) || this.pinned.has(o)))) continue;
        this.g.remove(node);
        this.report.removed.dead++;
        changed = true;
      }
    }
  }

  deduplicateInitializers(): void {
    const byContent = new Map<string, string>();
    const inputs = new Set(this.model.graph!.inputs.map((i) => i.name));
    this.model.graph!.initializers.forEach((t, i) => {
      if (this.g.removedInitializers.has(i) || inputs.has(t.name) || this.pinned.has(t.name)) return;
      const key = contentKey(this.model.path, t);
      if (!key) return;
      const first = byContent.get(key);
      if (!first) {
        byContent.set(key, t.name);
        return;
      }
      this.rename(t.name, first);
      this.report.initializersDeduplicated++;
    });
  }

  removeUnusedInitializers(): void {
    const used = new Set([...this.g.live().flatMap((n) => n.spec.inputs), ...this.pinned]);
    const inputs = new Set(this.model.graph!.inputs.map((i) => i.name));
    this.model.graph!.initializers.forEach((t, i) => {
      if (used.has(t.name) || inputs.has(t.name) || this.g.removedInitializers.has(i)) return;
      this.g.removedInitializers.add(i);
      this.report.initializersRemoved++;
    });
    this.g.addedInitializers.splice(
      0,
      this.g.addedInitializers.length,
      ...this.g.addedInitializers.filter((t) => used.has(t.name)),
    );
  }
}

/** Identical tensors have the same type, dims and payload bytes (hashed in a stream, never held). */
function contentKey(file: string, t: OnnxTensor): string | undefined {
  if (t.external || t.payloads.length !== 1) return undefined;
  const [p] = t.payloads;
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(Math.min(p.length, 1 << 20));
    for (let done = 0; done < p.length;) {
      const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, p.length - done), p.offset + done);
      if (n === 0) return undefined;
      hash.update(chunk.subarray(0, n));
      done += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return `${t.elemType}|${t.dims.join('x')}|${p.field}|${hash.digest('hex')}`;
}

export function planSimplify(model: OnnxModel): { report: SimplifyReport; graph: WorkGraph } {
  const s = new Simplifier(model);
  // Pass-throughs first: folding then sees through them, and an Identity of a weight is dropped,
  // not copied into a new constant.
  s.removePassThroughs();
  s.foldConstants();
  s.deduplicateInitializers();
  s.removeDeadNodes();
  s.removeUnusedInitializers();
  s.report.nodesAfter = s.g.live().length;
  return { report: s.report, graph: s.g };
}

export function simplifyModel(
  model: OnnxModel,
  outPath?: string,
  options: WriteOptions = {},
): { report: SimplifyReport; written: WriteResult } {
  const { report, graph } = planSimplify(model);
  const written = writeModel(
    model,
    { graph: graph.toGraphEdit() },
    outPath ?? derivedModelPath(model.path, 'simplified'),
    options,
  );
  report.bytesAfter = written.bytes;
  return { report, written };
}

export function formatSimplifyReport(r: SimplifyReport): string {
  const { identity, dropout, dead, folded } = r.removed;
  return [
    `${r.model}: ${r.nodesBefore} -> ${r.nodesAfter} nodes (${r.nodesBefore - r.nodesAfter} removed: ${identity} Identity, ${dropout} Dropout, ${folded} folded into ${r.foldedConstantsAdded} constant(s), ${dead} dead)`,
    `  initializers: ${r.initializersRemoved} removed (${r.initializersDeduplicated} duplicates)`,
    r.bytesAfter !== undefined
      ? `  file: ${r.bytesBefore} -> ${r.bytesAfter} bytes (${r.bytesBefore - r.bytesAfter} removed)`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export type { NodeSpec };
