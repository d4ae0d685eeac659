// The exact shape of every message the results view may post to its host (checked by server/webview-messages.ts).
// Run ids are the run store's own format.
import type { ResultsViewMessage } from '../contract/results-view';
import { checkMessage, type Check, type Checked, type MessageShapes } from '../webview-messages';

/** RunStore ids: ISO time with '-' for ':' and '.', then 6 hex digits. */
const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}$/;
const isRunId: Check = (v) => typeof v === 'string' && RUN_ID.test(v);

const SHAPES: MessageShapes<ResultsViewMessage> = {
  'results/ready': {},
  'results/showOnGraph': { runId: isRunId },
  'results/open': { runId: isRunId },
  'results/compare': { baseId: isRunId, otherId: isRunId },
  'results/copyMatrixCsv': {},
};

export function checkResultsViewMessage(raw: unknown): Checked<ResultsViewMessage> {
  return checkMessage(SHAPES, raw);
}
