// Finds what is under a text offset: the chain of fields from the root to the innermost one, with the message
// type each lives in (from the schema). Shared by completion, hover and definition.
import type { Field, MessageValue, TextDocument, Value } from '../textformat/ast';
import { ROOT, resolveField, valueMessageType, type FieldSchema } from '../schema';

export interface PathStep {
  field: Field;
  /** Type of the message holding the field. */
  ownerType: string;
  schema?: FieldSchema;
  /** The message the field sits in. */
  owner: MessageValue;
}

export interface Location {
  /** Fields from the root to the innermost one containing the offset. */
  path: PathStep[];
  /** The innermost message containing the offset, and its type (undefined when unknown). */
  message: MessageValue;
  messageType?: string;
}

const contains = (v: { start: number; end: number }, offset: number) => offset >= v.start && offset <= v.end;

export function locate(doc: TextDocument, offset: number): Location {
  const path: PathStep[] = [];
  let message = doc.root;
  let messageType: string | undefined = ROOT;
  for (;;) {
    const field = message.fields.find((f) => contains({ start: f.start, end: f.end }, offset));
    if (!field) break;
    const schema: FieldSchema | undefined = messageType ? resolveField(messageType, field.name) : undefined;
    path.push({ field, ownerType: messageType ?? '', schema, owner: message });
    const inner = innerMessage(field.value, offset);
    if (!inner) break;
    // Inside the braces (not on them): descend.
    if (!(offset > inner.start && offset < inner.end)) break;
    messageType = schema && messageType ? valueMessageType(messageType, schema) : undefined;
    message = inner;
  }
  // The offset may be inside a message value whose field was found but not descended into.
  return { path, message, messageType: message === doc.root ? ROOT : messageType };
}

function innerMessage(value: Value | undefined, offset: number): MessageValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'message') return contains(value, offset) ? value : undefined;
  if (value.kind === 'list') {
    for (const item of value.items) if (item.kind === 'message' && contains(item, offset)) return item;
  }
  return undefined;
}

/** The scalar value of a named field directly inside a message (first occurrence). */
export function scalarField(message: MessageValue, name: string): string | undefined {
  const v = message.fields.find((f) => f.name === name)?.value;
  return v?.kind === 'scalar' ? v.text : undefined;
}
