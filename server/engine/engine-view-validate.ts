// The exact shape of every message the engine view may post to its host (checked by server/webview-messages.ts).
import type { EngineViewMessage } from '../contract/engine-view';
import { checkMessage, isId, type Checked, type MessageShapes } from '../webview-messages';

const SHAPES: MessageShapes<EngineViewMessage> = {
  'engine/ready': {},
  'engine/moreLayers': { start: isId },
  'engine/revealInOnnx': { layer: isId },
};

export function checkEngineViewMessage(raw: unknown): Checked<EngineViewMessage> {
  return checkMessage(SHAPES, raw);
}
