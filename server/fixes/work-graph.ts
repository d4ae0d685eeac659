// An editable view of a model's main graph for the fixes: nodes as specs that remember which
// original node they replace, initializers that can be dropped or added, and the lookups adapters
// and cleanups need (producers, consumers, small constant values, element types and shapes).
// `toGraphEdit` turns it into the writer's edit, touching only the nodes that changed.
import type { Dim, OnnxGraph, OnnxModel, OnnxTensor } from '../onnx/model';
import type { GraphEdit } from './model-writer';
import { constantValueTensor, nodeSpecOf, type NewTensor, type NodeSpec } from './node-spec';
import { readTensorValues, type TensorValues } from '../onnx/tensor-values';

export interface WorkNode {
  spec: NodeSpec;
  /** Index of the original node this one stands at (inserted nodes take their neighbour's). */
  anchor: number;
  /** True for original nodes whose spec no longer matches the file. */
  changed: boolean;
  inserted: boolean;
  removed: boolean;
}

export class WorkGraph {
  readonly graph: OnnxGraph;
  nodes: WorkNode[];
  readonly removedInitializers = new Set<number>();
  readonly addedInitializers: NewTensor[] = [];
  private readonly names = new Set<string>();
  readonly elemTypes = new Map<string, string>();
  readonly shapes = new Map<string, Dim[]>();

  constructor(readonly model: OnnxModel) {
    if (!model.graph) throw new Error(`${model.path}: the model has no graph`);
    this.graph = model.graph;
    this.nodes = this.graph.nodes.map((n, i) => ({
      spec: nodeSpecOf(n),
      anchor: i,
      changed: false,
      inserted: false,
      removed: false,
    }));
    for (const n of this.graph.nodes) for (const name of [...n.inputs, ...n.outputs, n.name]) this.names.add(name);
    for (const v of [...this.graph.inputs, ...this.graph.outputs, ...this.graph.valueInfo]) {
      this.names.add(v.name);
      if (v.type?.kind === 'tensor') {
        this.elemTypes.set(v.name, v.type.elemType);
        if (v.type.shape) this.shapes.set(v.name, v.type.shape);
      }
    }
    for (const t of this.graph.initializers) {
      this.names.add(t.name);
      this.elemTypes.set(t.name, t.elemType);
      this.shapes.set(t.name, t.dims);
    }
  }

  live(): WorkNode[] {
    return this.nodes.filter((n) => !n.removed);
  }

  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  insertBefore(at: WorkNode, spec: NodeSpec): WorkNode {
    const node = { spec, anchor: at.anchor, changed: true, inserted: true, removed: false };
    this.nodes.splice(this.nodes.indexOf(at), 0, node);
    return node;
  }

  insertAfter(at: WorkNode, spec: NodeSpec): WorkNode {
    const node = { spec, anchor: at.anchor, changed: true, inserted: true, removed: false };
    this.nodes.splice(this.nodes.indexOf(at) + 1, 0, node);
    return node;
  }

  remove(node: WorkNode): void {
    node.removed = true;
  }

  /** A Constant node holding `tensor`, inserted before `at`; returns its output name. */
  addConstantBefore(at: WorkNode, base: string, tensor: Omit<NewTensor, 'name'>): string {
    const output = this.uniqueName(base);
    this.insertBefore(at, {
      name: output,
      opType: 'Constant',
      domain: '',
      inputs: [],
      outputs: [output],
      attributes: [{ name: 'value', type: 'TENSOR', t: { ...tensor, name: '' } }],
    });
    return output;
  }

  addInitializer(base: string, tensor: Omit<NewTensor, 'name'>): string {
    const name = this.uniqueName(base);
    this.addedInitializers.push({ ...tensor, name });
    this.elemTypes.set(name, tensor.elemType);
    this.shapes.set(name, tensor.dims);
    return name;
  }

  producer(name: string): WorkNode | undefined {
    return this.live().find((n) => n.spec.outputs.includes(name));
  }

  consumers(name: string): WorkNode[] {
    return this.live().filter((n) => n.spec.inputs.includes(name));
  }

  isGraphOutput(name: string): boolean {
    return this.graph.outputs.some((o) => o.name === name);
  }

  initializerIndex(name: string): number {
    return this.graph.initializers.findIndex((t, i) => t.name === name && !this.removedInitializers.has(i));
  }

  initializer(name: string): OnnxTensor | NewTensor | undefined {
    const i = this.initializerIndex(name);
    return i >= 0 ? this.graph.initializers[i] : this.addedInitializers.find((t) => t.name === name);
  }

  /** Values of a small constant: a Constant node's `value` or an initializer. */
  constantValues(name: string): TensorValues | undefined {
    const producer = this.producer(name);
    if (producer) {
      if (producer.spec.opType !== 'Constant' || producer.spec.domain !== '') return undefined;
      const t = constantValueTensor(producer.spec);
      return t && readTensorValues(this.model.path, t);
    }
    const init = this.initializer(name);
    return init && readTensorValues(this.model.path, init);
  }

  /** Drops the producer of `name` (Constant node or initializer) once nothing uses it any more. */
  dropIfUnused(name: string): void {
    if (this.consumers(name).length > 0 || this.isGraphOutput(name)) return;
    const producer = this.producer(name);
    if (producer) {
      if (producer.spec.opType === 'Constant') this.remove(producer);
      return;
    }
    const i = this.initializerIndex(name);
    if (i >= 0 && !this.graph.inputs.some((v) => v.name === name)) this.removedInitializers.add(i);
  }

  /** The writer's edit: each original node whose group changed is replaced by its group. */
  toGraphEdit(): GraphEdit {
    const groups = new Map<number, WorkNode[]>();
    for (const n of this.nodes) {
      const group = groups.get(n.anchor) ?? [];
      group.push(n);
      groups.set(n.anchor, group);
    }
    const replaceNodes = new Map<number, NodeSpec[]>();
    for (const [anchor, group] of groups) {
      if (group.some((n) => n.changed || n.removed))
        replaceNodes.set(
          anchor,
          group.filter((n) => !n.removed).map((n) => n.spec),
        );
    }
    // Before IR version 4 every initializer must also be a graph input.
    const addInputs = (this.model.irVersion ?? 0) < 4 ? this.addedInitializers : [];
    return {
      replaceNodes,
      removeInitializers: this.removedInitializers,
      addInitializers: this.addedInitializers,
      addInputs,
    };
  }
}
