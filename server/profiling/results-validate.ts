// Runtime check of every message the results view posts to the host (same policy as the graph view's validator:
// exact shape, known type, no extra fields, bounded strings). Run ids are the run store's own format.
import type { ResultsViewMessage } from '../contract/results-view';

export class InvalidResultsMessage extends Error {}

/** RunStore ids: ISO time with '-' for ':' and '.', then 6 hex digits. */
const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}$/;
const isRunId = (v: unknown): boolean => typeof v === 'string' && RUN_ID.test(v);

const SHAPES: Record<ResultsViewMessage['type'], Record<string, (v: unknown) => boolean>> = {
  'results/ready': {},
  'results/showOnGraph': { runId: isRunId },
  'results/open': { runId: isRunId },
  'results/compare': { baseId: isRunId, otherId: isRunId },
};

export function validateResultsMessage(message: unknown): ResultsViewMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw new InvalidResultsMessage('message is not an object');
  const record = message as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type))
    throw new InvalidResultsMessage(`unknown message type ${JSON.stringify(String(type).slice(0, 80))}`);
  const shape = SHAPES[type as ResultsViewMessage['type']];
  for (const key of Object.keys(record)) {
    if (key !== 'type' && !Object.hasOwn(shape, key))
      throw new InvalidResultsMessage(`${type}: unexpected field "${key.slice(0, 80)}"`);
  }
  for (const [key, check] of Object.entries(shape)) {
    if (!check(record[key])) throw new InvalidResultsMessage(`${type}: field "${key}" is missing or invalid`);
  }
  return message as ResultsViewMessage;
}
