// Web Worker entry: lays out one group per message, so the main thread stays free while big graphs lay out.
import { layoutGroup, type LayoutRequest } from '../../common/graph-drawing/layout';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(m: unknown): void;
};
scope.onmessage = (event) => {
  try {
    scope.postMessage({ ok: true, result: layoutGroup(event.data) });
  } catch (error) {
    scope.postMessage({ ok: false, id: event.data.id, message: String(error) });
  }
};
