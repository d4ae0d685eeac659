// The config as typed values: the syntax tree read through the schema. Triton's rules work on this, and every
// value keeps its source offsets so findings land on the right text.
import type { Field, MessageValue, Value } from '../textformat/ast';
import type { FieldSchema } from '../schema';

export type Scalar = string | number | boolean;

/** Scalars: the value (enums as their name, 64-bit integers as numbers). Messages: a CMessage. */
export type CValue = Scalar | CMessage;

export interface CField {
  schema: FieldSchema;
  /** Every occurrence of the field name in the text (a repeated field may be written several times). */
  occurrences: Field[];
  values: CValue[];
  /** The syntax node of each value, parallel to `values` (for positions; no copy of the offsets is kept). */
  nodes: Value[];
}

export interface CMessage {
  type: string;
  node: MessageValue;
  fields: Map<string, CField>;
}

/**
 * Whether the text names the field at all, even with a value that could not be read (already reported):
 * "must specify" checks use this so that one typo gives one finding.
 */
export function written(m: CMessage | undefined, name: string): boolean {
  return !!m?.fields.get(name)?.occurrences.length;
}

/** Read helpers. Missing fields give proto3 defaults, as Triton sees them. */
export function has(m: CMessage | undefined, name: string): boolean {
  return !!m?.fields.get(name)?.values.length;
}

export function str(m: CMessage | undefined, name: string): string {
  const v = m?.fields.get(name)?.values[0];
  return typeof v === 'string' ? v : '';
}

export function num(m: CMessage | undefined, name: string): number {
  const v = m?.fields.get(name)?.values[0];
  return typeof v === 'number' ? v : 0;
}

export function bool(m: CMessage | undefined, name: string): boolean {
  return m?.fields.get(name)?.values[0] === true;
}

export function msg(m: CMessage | undefined, name: string): CMessage | undefined {
  const v = m?.fields.get(name)?.values[0];
  return typeof v === 'object' ? v : undefined;
}

export function msgs(m: CMessage | undefined, name: string): CMessage[] {
  return (m?.fields.get(name)?.values ?? []).filter((x): x is CMessage => typeof x === 'object');
}

export function nums(m: CMessage | undefined, name: string): number[] {
  return (m?.fields.get(name)?.values ?? []).filter((x): x is number => typeof x === 'number');
}

export function strs(m: CMessage | undefined, name: string): string[] {
  return (m?.fields.get(name)?.values ?? []).filter((x): x is string => typeof x === 'string');
}

/** Map fields as key/value pairs. A key written twice keeps its last value, as protobuf's parser does. */
export function mapEntries(
  m: CMessage | undefined,
  name: string,
): { key: Scalar; value: Scalar | CMessage | undefined; entry: CMessage }[] {
  const byKey = new Map<Scalar, { key: Scalar; value: Scalar | CMessage | undefined; entry: CMessage }>();
  for (const entry of msgs(m, name)) {
    const key = (entry.fields.get('key')?.values[0] as Scalar) ?? '';
    byKey.delete(key);
    byKey.set(key, { key, value: entry.fields.get('value')?.values[0], entry });
  }
  return [...byKey.values()];
}

/** Offsets of the most telling text for a field: its first value, or else the message itself. */
export function spanOf(m: CMessage, name?: string): { start: number; end: number } {
  if (name) {
    const f = m.fields.get(name);
    if (f?.values.length) return { start: f.occurrences[0].nameStart, end: f.nodes[0].end };
    if (f?.occurrences.length) return { start: f.occurrences[0].nameStart, end: f.occurrences[0].end };
  }
  return { start: m.node.start, end: m.node.brackets ? m.node.start + 1 : m.node.start };
}

/** Offsets of a field's name (for findings about the field itself, e.g. "should not be specified"). */
export function nameSpanOf(m: CMessage, name: string): { start: number; end: number } {
  const occ = m.fields.get(name)?.occurrences[0];
  return occ ? { start: occ.nameStart, end: occ.nameEnd } : spanOf(m);
}
