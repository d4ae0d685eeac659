// Runtime check of every message the webview posts to the host. The webview runs untrusted model strings
// through a browser, so the host treats its messages like network input: exact shape, bounded sizes.
import type { GraphViewMessage } from '../contract/graph-view';

/** An export (SVG/PNG as text or a data URL) larger than this is refused. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const MAX_NAME = 4096;
const MAX_GROUPS_PER_REQUEST = 1_000_000;

export class InvalidViewMessage extends Error {}

type Shape = Record<string, (v: unknown) => boolean>;

const isString =
  (max: number) =>
  (v: unknown): boolean =>
    typeof v === 'string' && v.length <= max;
const isId = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
const oneOf =
  (...values: string[]) =>
  (v: unknown): boolean =>
    typeof v === 'string' && values.includes(v);

const SHAPES: Record<GraphViewMessage['type'], Shape> = {
  'graph/ready': {},
  'graph/requestGroups': {
    graphId: isString(MAX_NAME),
    groupIds: (v) => Array.isArray(v) && v.length <= MAX_GROUPS_PER_REQUEST && v.every(isId),
  },
  'graph/openSubgraph': { graphId: isString(MAX_NAME), nodeId: isId, attribute: isString(MAX_NAME) },
  'graph/requestDocs': { op: isString(MAX_NAME), domain: isString(MAX_NAME) },
  'graph/applyFix': {
    graphId: isString(MAX_NAME),
    nodeName: isString(MAX_NAME),
    ruleId: isString(MAX_NAME),
    fixId: isString(MAX_NAME),
  },
  'graph/export': { format: oneOf('svg', 'png'), data: isString(MAX_EXPORT_CHARS) },
};

/** Returns the message typed, or throws InvalidViewMessage saying what is wrong. Extra fields are refused too. */
export function validateViewMessage(message: unknown): GraphViewMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw new InvalidViewMessage('message is not an object');
  const record = message as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type))
    throw new InvalidViewMessage(`unknown message type ${JSON.stringify(String(type).slice(0, 80))}`);
  const shape = SHAPES[type as GraphViewMessage['type']];
  for (const key of Object.keys(record)) {
    if (key === 'type') continue;
    if (!Object.hasOwn(shape, key)) throw new InvalidViewMessage(`${type}: unexpected field "${key.slice(0, 80)}"`);
  }
  for (const [key, check] of Object.entries(shape)) {
    if (!check(record[key])) throw new InvalidViewMessage(`${type}: field "${key}" is missing or invalid`);
  }
  return message as GraphViewMessage;
}
