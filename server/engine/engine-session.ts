// The host side of one engine view, without VS Code: validates each message the view posts, shows the engine report
// and joins the two graphs both ways through the layer mapping: a layer's ONNX nodes go to the ONNX graph
// (revealInOnnx hook), an ONNX node selects the layers built from it (revealNode).
import type { EngineReport } from '../contract/engine';
import type { EngineHostMessage } from '../contract/engine-view';
import { acceptMessage, type WebviewHostHooks } from '../webview-messages';
import { checkEngineViewMessage } from './engine-view-validate';
import { engineShow, layerSlice } from './engine-show';

export interface EngineSessionHooks extends WebviewHostHooks<EngineHostMessage> {
  /** Show these ONNX nodes in the ONNX graph view of the engine's model. */
  revealInOnnx(nodes: string[], layer: string): void;
}

export class EngineSession {
  constructor(
    private readonly title: string,
    private readonly report: EngineReport,
    private readonly hooks: EngineSessionHooks,
  ) {}

  receive(raw: unknown): void {
    const message = acceptMessage(raw, checkEngineViewMessage, this.hooks, (reason): EngineHostMessage => ({
      type: 'engine/error',
      message: `ignored an invalid message from the view: ${reason}`,
    }));
    if (!message) return;
    if (message.type === 'engine/ready') {
      this.hooks.post(engineShow(this.title, this.report));
      return;
    }
    if (message.type === 'engine/moreLayers') {
      const slice = layerSlice(this.report, message.start);
      if (slice) this.hooks.post(slice);
      return;
    }
    const layer = this.report.layers[message.layer];
    if (!layer) {
      this.hooks.post({ type: 'engine/error', message: `no engine layer ${message.layer}` });
    } else if (layer.onnxNodes.length === 0) {
      this.hooks.post({ type: 'engine/error', message: `"${layer.name}" maps to no ONNX node` });
    } else this.hooks.revealInOnnx(layer.onnxNodes, layer.name);
  }

  /** "Reveal in engine" from an ONNX node: selects every layer built from it; false when none was. */
  revealNode(node: string): boolean {
    const layers = this.report.layers.flatMap((l, i) => (l.onnxNodes.includes(node) ? [i] : []));
    if (layers.length === 0) {
      this.hooks.post({ type: 'engine/error', message: `no engine layer was built from ONNX node "${node}"` });
      return false;
    }
    this.hooks.post({ type: 'engine/select', layers, node });
    return true;
  }
}
