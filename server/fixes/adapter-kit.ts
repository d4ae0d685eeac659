// What every opset adapter shares: the adapter and refusal types, typed attribute reads and edits of a WorkGraph
// node, and moving INTS attributes to constant inputs and back.
import { isFileAttribute, type AttributeSpec, type NodeSpec } from './node-spec';
import { readIntsAttributeExact } from '../onnx/tensor-values';
import type { WorkGraph, WorkNode } from './work-graph';

export class AdapterRefusal extends Error {}

export interface AdapterEntry {
  op: string;
  from: number;
  to: number;
  kind: string;
  attribute?: string;
  value?: number | string | number[];
  unallowedTypes?: string[];
  /** Extra constructor arguments (AxisInputToAttribute: input index, default axis). */
  args?: number[];
  /** OptionalOpsAdapter: allow optional input, allow non-optional input, allow no input. */
  flags?: boolean[];
}

/** Returns a description of the change, or undefined when the node is unchanged. */
export type Adapter = (g: WorkGraph, node: WorkNode, entry: AdapterEntry) => string | undefined;

/** type_restriction.h: no input or output (or only those `names`) may hold an element type the target refuses. */
export function checkTypes(g: WorkGraph, entry: AdapterEntry, names: string[]): void {
  for (const name of names) {
    const type = g.elemTypes.get(name);
    if (type && entry.unallowedTypes?.includes(type))
      throw new AdapterRefusal(`"${name}" is ${type}, which opset ${entry.to} does not allow for ${entry.op}`);
  }
}

export function attr(spec: NodeSpec, name: string): AttributeSpec | undefined {
  return spec.attributes.find((a) => a.name === name);
}

export function intsOf(a: AttributeSpec | undefined, g?: WorkGraph): (number | bigint)[] | undefined {
  if (!a) return undefined;
  if (isFileAttribute(a)) {
    const ints = a.ints ?? [];
    return g && ints.some((v) => !Number.isSafeInteger(v)) ? readIntsAttributeExact(g.model.path, a.span) : ints;
  }
  return a.type === 'INTS' ? a.ints : undefined;
}

export function intOf(a: AttributeSpec | undefined): number | undefined {
  if (!a) return undefined;
  if (isFileAttribute(a)) return a.i;
  return a.type === 'INT' ? Number(a.i) : undefined;
}

export function floatOf(a: AttributeSpec | undefined): number | undefined {
  if (!a) return undefined;
  if (isFileAttribute(a)) return a.f;
  return a.type === 'FLOAT' ? a.f : undefined;
}

export function stringOf(a: AttributeSpec | undefined): string | undefined {
  if (!a) return undefined;
  if (isFileAttribute(a)) return a.s;
  return a.type === 'STRING' ? a.s : undefined;
}

export function floatsOf(a: AttributeSpec | undefined): number[] | undefined {
  if (!a) return undefined;
  if (isFileAttribute(a)) return a.floats ?? [];
  return a.type === 'FLOATS' ? a.floats : undefined;
}

export function change(node: WorkNode, update: (spec: NodeSpec) => void): void {
  update(node.spec);
  node.changed = true;
}

export function removeAttr(node: WorkNode, name: string): void {
  change(node, (s) => (s.attributes = s.attributes.filter((a) => a.name !== name)));
}

export function setAttr(node: WorkNode, a: AttributeSpec): void {
  change(node, (s) => (s.attributes = [...s.attributes.filter((x) => x.name !== a.name), a]));
}

export function base(node: WorkNode, what: string): string {
  return `${node.spec.name || node.spec.outputs[0] || node.spec.opType}_${what}`;
}

/** Moves an INTS attribute to a new int64 input held by a Constant node (axes, split, starts...). */
export function intsAttributeToInput(
  g: WorkGraph,
  node: WorkNode,
  name: string,
  required: boolean,
): string | undefined {
  const values = intsOf(attr(node.spec, name), g);
  if (values === undefined) {
    if (required) throw new AdapterRefusal(`attribute "${name}" is missing`);
    return undefined;
  }
  const input = g.addConstantBefore(node, base(node, name), {
    elemType: 'INT64',
    dims: [values.length],
    raw: int64Raw(values),
  });
  removeAttr(node, name);
  change(node, (s) => s.inputs.push(input));
  return `attribute ${name}=[${values.join(',')}] becomes input ${input}`;
}

export function int64Raw(values: (number | bigint)[]): Buffer {
  const raw = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), i * 8));
  return raw;
}

export function floatRaw(values: number[]): Buffer {
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return raw;
}

/** Moves a constant int64 input back to an INTS attribute; refuses when the input is computed. */
export function inputToIntsAttribute(g: WorkGraph, node: WorkNode, index: number, name: string): string | undefined {
  const input = node.spec.inputs[index];
  if (input === undefined || input === '') return undefined;
  const values = g.constantValues(input);
  if (!values)
    throw new AdapterRefusal(
      `input ${index} ("${input}") is computed at run time; the older opset needs it as a constant attribute "${name}"`,
    );
  change(node, (s) => s.inputs.splice(index, 1));
  setAttr(node, { name, type: 'INTS', ints: values.values });
  g.dropIfUnused(input);
  return `input ${input} becomes attribute ${name}=[${values.values.join(',')}]`;
}
