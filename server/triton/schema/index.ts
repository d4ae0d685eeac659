// Typed access to the generated ModelConfig schema (model_config.schema.json, made by scripts/gen-triton-schema.mjs).
import schemaJson from './model_config.schema.json';
import type { FieldShape, SchemaHook } from '../textformat/parser';

export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export interface FieldSchema {
  name: string;
  number: number;
  label: 'optional' | 'repeated' | 'required';
  /** Scalar type name, or 'message' / 'enum' with typeName set. Absent for maps. */
  type?: ScalarType | 'message' | 'enum';
  typeName?: string;
  map?: { keyType: ScalarType; valueType: ScalarType | 'message' | 'enum'; valueTypeName?: string };
  oneof?: string;
  deprecated?: boolean;
}

export interface MessageSchema {
  fields: FieldSchema[];
  oneofs?: string[];
}

export interface EnumSchema {
  values: { name: string; number: number; deprecated?: boolean }[];
}

export interface ModelConfigSchema {
  source: { repository: string; path: string; commit: string };
  rootMessage: string;
  messages: Record<string, MessageSchema>;
  enums: Record<string, EnumSchema>;
}

export const schema = schemaJson as ModelConfigSchema;
export const ROOT = schema.rootMessage;

const fieldIndex = new Map<string, Map<string, FieldSchema>>();
for (const [name, message] of Object.entries(schema.messages)) {
  fieldIndex.set(name, new Map(message.fields.map((f) => [f.name, f])));
}

export function fieldOf(messageType: string, name: string): FieldSchema | undefined {
  return fieldIndex.get(messageType)?.get(name);
}

function fieldsOf(messageType: string): FieldSchema[] {
  return schema.messages[messageType]?.fields ?? [];
}

/** A map field is written as repeated `{ key: .. value: .. }` entries; this is the entry's pseudo message type. */
export function mapEntryType(messageType: string, field: FieldSchema): string {
  return `${messageType}.${field.name}#entry`;
}

/** The fields of a map entry pseudo message. */
export function mapEntryFields(field: FieldSchema): FieldSchema[] {
  const m = field.map!;
  return [
    { name: 'key', number: 1, label: 'optional', type: m.keyType },
    {
      name: 'value',
      number: 2,
      label: 'optional',
      type: m.valueType,
      ...(m.valueTypeName ? { typeName: m.valueTypeName } : {}),
    },
  ];
}

// Map-entry pseudo types get their key/value fields indexed too, so resolving any field is one lookup.
for (const [owner, message] of Object.entries(schema.messages)) {
  for (const f of message.fields) {
    if (f.map) fieldIndex.set(mapEntryType(owner, f), new Map(mapEntryFields(f).map((e) => [e.name, e])));
  }
}

/** Resolves a field of a message type or of a map-entry pseudo type. */
export function resolveField(messageType: string, name: string): FieldSchema | undefined {
  return fieldIndex.get(messageType)?.get(name);
}

const entryTypes = new WeakMap<FieldSchema, string>();

/** The message type a field's values have (map fields: their entry type), or undefined for scalars. */
export function valueMessageType(ownerType: string, field: FieldSchema): string | undefined {
  if (field.map) {
    let t = entryTypes.get(field);
    if (t === undefined) entryTypes.set(field, (t = mapEntryType(ownerType, field)));
    return t;
  }
  return field.type === 'message' ? field.typeName : undefined;
}

export function fieldsOfType(messageType: string): FieldSchema[] {
  const hash = messageType.indexOf('#entry');
  if (hash >= 0) {
    const owner = messageType.slice(0, messageType.lastIndexOf('.', hash));
    const mapField = fieldOf(owner, messageType.slice(owner.length + 1, hash));
    return mapField ? mapEntryFields(mapField) : [];
  }
  return fieldsOf(messageType);
}

const INTEGER_TYPES = new Set([
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
]);

export function isIntegerType(t: string | undefined): boolean {
  return t !== undefined && INTEGER_TYPES.has(t);
}

/** The grammar-level shape of a field, for the parser (so its errors are worded as protobuf's). */
export function fieldShape(ownerType: string, field: FieldSchema): FieldShape {
  const messageType = valueMessageType(ownerType, field);
  if (messageType) return { kind: 'message', typeName: messageType };
  const t = field.type!;
  if (t === 'enum') return { kind: 'enum' };
  if (t === 'bool') return { kind: 'bool' };
  if (t === 'string' || t === 'bytes') return { kind: 'string' };
  if (t === 'float' || t === 'double') return { kind: 'float' };
  return { kind: 'integer' };
}

export const modelConfigHook: SchemaHook = {
  rootType: ROOT,
  field(messageType, name) {
    const f = resolveField(messageType, name);
    return f ? fieldShape(messageType, f) : undefined;
  },
};

/** Short protobuf-style name of a message type, as protobuf prints it in errors (`inference.ModelConfig`). */
export function displayType(messageType: string): string {
  return messageType.replace(
    /\.(\w+)#entry$/,
    (_m, f: string) => `.${f[0].toUpperCase()}${f.slice(1).replace(/_(\w)/g, (_x, c: string) => c.toUpperCase())}Entry`,
  );
}
