// Reads a parsed text-format document through the ModelConfig schema, reporting what protobuf's parser would
// refuse (unknown field, wrong value, bad enum, a non-repeated field twice, two members of one oneof) in
// protobuf's words, and building the typed CMessage tree the Triton rules run on.
import type { MessageValue, ScalarValue, TextDocument, Value } from '../textformat/ast';
import { fitted } from '../textformat/parser';
import {
  schema,
  resolveField,
  fieldsOfType,
  valueMessageType,
  isIntegerType,
  displayType,
  type FieldSchema,
} from '../schema';
import type { CField, CMessage, Scalar } from './config';
import type { Diagnostic } from './diagnostic';
import type { TritonRuleId } from './rules';
import { closest, didYouMean } from './did-you-mean';

const RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

export function parseIntegerText(text: string): bigint | undefined {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) v = BigInt(body);
  else if (/^0[0-7]+$/.test(body)) v = BigInt('0o' + body.slice(1));
  else if (/^[0-9]+$/.test(body)) v = BigInt(body);
  else return undefined;
  return negative ? -v : v;
}

export function parseFloatText(text: string): number | undefined {
  const t = text.replace(/[fF]$/, '').toLowerCase();
  const negative = t.startsWith('-');
  const body = negative ? t.slice(1) : t;
  let v: number;
  if (body === 'inf' || body === 'infinity') v = Infinity;
  else if (body === 'nan') v = NaN;
  else if (/^0x/.test(body)) v = Number(parseIntegerText(body));
  else v = Number(body);
  if (Number.isNaN(v) && body !== 'nan') return undefined;
  return negative ? -v : v;
}

export function checkSchema(doc: TextDocument): { root: CMessage; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (ruleId: TritonRuleId, message: string, start: number, end: number, suggestion?: string) =>
    diagnostics.push({
      ruleId,
      severity: 'error',
      message,
      start,
      end,
      ...(suggestion ? { fixes: [{ id: 'triton.useSuggestion', title: `Change to "${suggestion}"` }] } : {}),
    });

  function readMessage(type: string, node: MessageValue): CMessage {
    const out: CMessage = { type, node, fields: new Map() };
    let oneofSeen: Map<string, string> | undefined;
    let mapKeys: Map<string, Set<string>> | undefined;
    for (const field of node.fields) {
      const fs = resolveField(type, field.name);
      if (!fs) {
        const names = fieldsOfType(type).map((f) => f.name);
        report(
          'triton/unknown-field',
          `Message type "${displayType(type)}" has no field named "${field.name}".${didYouMean(field.name, names)}`,
          field.nameStart,
          field.nameEnd,
          closest(field.name, names),
        );
        continue;
      }
      let entry = out.fields.get(fs.name);
      if (entry && fs.label !== 'repeated') {
        report(
          'triton/duplicate-field',
          `Non-repeated field "${fs.name}" is specified multiple times.`,
          field.nameStart,
          field.nameEnd,
        );
        continue;
      }
      if (fs.oneof) {
        oneofSeen ??= new Map();
        const other = oneofSeen.get(fs.oneof);
        if (other && other !== fs.name) {
          report(
            'triton/oneof-conflict',
            `Field "${fs.name}" is specified along with field "${other}", another member of oneof "${fs.oneof}".`,
            field.nameStart,
            field.nameEnd,
          );
          continue;
        }
        oneofSeen.set(fs.oneof, fs.name);
      }
      if (!entry) {
        entry = { schema: fs, occurrences: [field], values: [], nodes: [] };
        out.fields.set(fs.name, entry);
      } else {
        entry.occurrences.push(field);
      }
      if (!field.value) continue;
      if (fs.map && field.value.kind === 'message') warnDuplicateKey(fs.name, field.value, (mapKeys ??= new Map()));
      if (field.value.kind === 'list') {
        if (fs.label !== 'repeated') {
          const expected = valueMessageType(type, fs)
            ? 'Expected "{", found "[".'
            : `Expected ${expectedWord(fs)}, got: [`;
          report('triton/syntax', expected, field.value.start, field.value.start + 1);
          continue;
        }
        for (const item of field.value.items) pushValue(entry, type, fs, item);
      } else {
        pushValue(entry, type, fs, field.value);
      }
    }
    // Exact-size value lists (see `fitted`): large configs hold hundreds of thousands of them.
    for (const f of out.fields.values()) {
      f.values = fitted(f.values);
      f.nodes = fitted(f.nodes);
    }
    return out;
  }

  function pushValue(entry: CField, owner: string, fs: FieldSchema, value: Value): void {
    const sub = valueMessageType(owner, fs);
    if (value.kind === 'invalid' || value.kind === 'list') return; // already reported by the parser
    if (sub) {
      if (value.kind === 'message') {
        entry.values.push(readMessage(sub, value));
        entry.nodes.push(value);
      }
      return;
    }
    if (value.kind !== 'scalar') return;
    const v = readScalar(fs, fs.type!, value);
    if (v !== undefined) {
      entry.values.push(v);
      entry.nodes.push(value);
    }
  }

  function readScalar(fs: FieldSchema, type: string, value: ScalarValue): Scalar | undefined {
    const { text, start, end } = value;
    if (type === 'string' || type === 'bytes') return text;
    if (type === 'bool') {
      if (/^(true|t|True|1)$/.test(text)) return true;
      if (/^(false|f|False|0)$/.test(text)) return false;
      report('triton/wrong-type', `Invalid value for boolean field "${fs.name}". Value: "${text}".`, start, end);
      return undefined;
    }
    if (type === 'enum') {
      const values = schema.enums[fs.typeName!]?.values ?? [];
      if (value.tokenKind === 'identifier') {
        if (values.some((e) => e.name === text)) return text;
        const names = values.map((e) => e.name);
        report(
          'triton/bad-enum',
          `Unknown enumeration value of "${text}" for field "${fs.name}".${didYouMean(text, names)}`,
          start,
          end,
          closest(text, names),
        );
        return undefined;
      }
      const n = parseIntegerText(text);
      const match = n === undefined ? undefined : values.find((e) => BigInt(e.number) === n);
      if (match) return match.name;
      report('triton/bad-enum', `Unknown enumeration value of "${text}" for field "${fs.name}".`, start, end);
      return undefined;
    }
    if (type === 'float' || type === 'double') {
      const v = parseFloatText(text);
      if (v === undefined) {
        report('triton/wrong-type', `Expected double, got: ${text}`, start, end);
        return undefined;
      }
      return v;
    }
    if (isIntegerType(type)) {
      const v = parseIntegerText(text);
      if (v === undefined) {
        report('triton/wrong-type', `Expected integer, got: ${text}`, start, end);
        return undefined;
      }
      const [lo, hi] = RANGES[type];
      if (v < lo || v > hi) {
        report('triton/wrong-type', `Integer out of range (${text})`, start, end);
        return undefined;
      }
      return Number(v);
    }
    return text;
  }

  /** Protobuf keeps the last value of a map key written twice; the earlier entry is silently dropped. */
  function warnDuplicateKey(mapName: string, entry: MessageValue, seenKeys: Map<string, Set<string>>): void {
    const key = entry.fields.find((f) => f.name === 'key')?.value;
    if (key?.kind !== 'scalar') return;
    let keys = seenKeys.get(mapName);
    if (!keys) seenKeys.set(mapName, (keys = new Set()));
    const clash = keys.has(key.text);
    keys.add(key.text);
    if (clash) {
      diagnostics.push({
        ruleId: 'triton/duplicate-map-key',
        severity: 'warning',
        message: `Key "${key.text}" appears more than once in map "${mapName}"; protobuf keeps only the last entry.`,
        start: key.start,
        end: key.end,
      });
    }
  }

  const root = readMessage(schema.rootMessage, doc.root);
  return { root, diagnostics };
}

function expectedWord(fs: FieldSchema): string {
  if (fs.type === 'string' || fs.type === 'bytes') return 'string';
  if (fs.type === 'float' || fs.type === 'double') return 'double';
  if (fs.type === 'enum') return 'integer or identifier';
  if (fs.type === 'bool') return 'identifier';
  return 'integer';
}
