// The exact shape of every message the graph view may post to its host (checked by server/webview-messages.ts).
import type { GraphViewMessage } from '../contract/graph-view';
import {
  checkMessage,
  isArrayOf,
  isId,
  isOneOf,
  isString,
  type Checked,
  type MessageShapes,
} from '../webview-messages';

/** An export (SVG/PNG as text or a data URL) larger than this is refused. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const MAX_NAME = 4096;
const MAX_GROUPS_PER_REQUEST = 1_000_000;

const SHAPES: MessageShapes<GraphViewMessage> = {
  'graph/ready': {},
  'graph/painted': {},
  'graph/requestGroups': { graphId: isString(MAX_NAME), groupIds: isArrayOf(isId, MAX_GROUPS_PER_REQUEST) },
  'graph/openSubgraph': { graphId: isString(MAX_NAME), nodeId: isId, attribute: isString(MAX_NAME) },
  'graph/requestDocs': { op: isString(MAX_NAME), domain: isString(MAX_NAME) },
  'graph/applyFix': {
    graphId: isString(MAX_NAME),
    nodeName: isString(MAX_NAME),
    ruleId: isString(MAX_NAME),
    fixId: isString(MAX_NAME),
  },
  'graph/export': { format: isOneOf('svg', 'png'), data: isString(MAX_EXPORT_CHARS) },
  'graph/revealInEngine': { nodeName: isString(MAX_NAME) },
  'graph/openSource': { graphId: isString(MAX_NAME), nodeId: isId },
  'graph/sideBySide': {},
};

export function checkGraphViewMessage(raw: unknown): Checked<GraphViewMessage> {
  return checkMessage(SHAPES, raw);
}
