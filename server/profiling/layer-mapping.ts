// Joins engine layers back to the ONNX nodes they came from, so per-layer times can be drawn on the graph.
// Sources, best first: the `Metadata` field (TensorRT 10+, exact), the layer name's fusion syntax
// (`A + B`, `PWN(A, B)`, `{ForeignNode[first...last]}`), and for reformat/copy layers the layer they feed (unless the
// copy is itself named after a node of the graph).
// Time that cannot be attributed is reported as unmapped, never dropped.
import type {
  EngineLayerInfo,
  LayerInfo,
  LayerMapping,
  LayerProfile,
  MappedLayer,
  MappingSource,
} from '../contract/trtexec-results';

export interface MappingOptions {
  /** ONNX node names in graph order. With them, names are checked and ForeignNode ranges expand to every node. */
  onnxNodeNames?: string[];
}

const UNIT_SEPARATOR = '\x1f';

/** "[ONNX Layer: a]\x1f[ONNX Layer: b | f (Func)]" -> ["a", "b"]; the " | …" tail is the local-function stack. */
export function onnxNodesFromMetadata(metadata: string): string[] {
  const names: string[] = [];
  for (const entry of metadata.split(UNIT_SEPARATOR)) {
    const m = /^\s*\[ONNX Layer: (.*?)(?: \| .*)?\]\s*$/s.exec(entry);
    if (m && m[1]) names.push(m[1]);
  }
  return names;
}

const REFORMAT_NAME = /^Reformatting CopyNode for (?:Input|Output) Tensor \d+ to (.+)$/;
const FOREIGN_NODE = /^\{ForeignNode\[(.+?)\.\.\.(.+)\]\}$/;
/** Names TensorRT makes up for layers of its own (unnamed layers, Myelin-generated kernels): never ONNX nodes. */
const UNNAMED = /^(?:\(Unnamed Layer\* \d+\) \[[^\]]*\]|__myl_.*)$/;
/** Layers TensorRT inserts around an original node keep that node's name after one of these prefixes. */
const INSERTED_PREFIX =
  /^(?:copied_squeeze_after_|squeeze_after_|unsqueeze_node_after_|reshape_after_|reshape_before_)(.+)$/;
/** QAT exports fold weights into layer names (`features.0.0.weight + QuantizeLinear_8 + Conv_12`): not nodes. */
const INITIALIZER_LIKE = /\.(?:weight|bias)$/;

/** Splits a fused layer name into the original names it was made of, unwrapping PWN(…) pointwise fusions. */
export function namesFromFusedLayerName(name: string): string[] {
  let text = name;
  for (;;) {
    // Innermost PWN( … ) first; its content may hold one level of other parentheses, e.g. "(Unnamed Layer* 3) [Shuffle]".
    const next = text.replace(/PWN\(((?:[^()]|\([^()]*\))*)\)/g, '$1');
    if (next === text) break;
    text = next;
  }
  return text
    .split(/ \+ | \|\| |, /)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

export function mapLayersToOnnx(
  profile: LayerProfile | undefined,
  info: EngineLayerInfo | undefined,
  options: MappingOptions = {},
): LayerMapping {
  const infoByName = new Map<string, LayerInfo>((info?.layers ?? []).map((l) => [l.name, l]));
  const nodeOrder = options.onnxNodeNames ? new Map(options.onnxNodeNames.map((n, i) => [n, i])) : undefined;

  const rows = profile
    ? profile.layers.map((l) => ({
        name: l.name,
        timeMs: l.timeMs,
        averageMs: l.averageMs,
        medianMs: l.medianMs,
        percentage: l.percentage,
      }))
    : (info?.layers ?? []).map((l) => ({
        name: l.name,
        timeMs: null,
        averageMs: null,
        medianMs: null,
        percentage: null,
      }));

  // Looked up once per reformat layer: a set keeps the whole mapping linear in the number of layers.
  const rowNames = new Set(rows.map((r) => r.name));

  // Which layer reads each tensor: lets a reformat layer without a telling name find its consumer.
  const consumerOfTensor = new Map<string, string>();
  for (const layer of info?.layers ?? [])
    for (const t of layer.inputs) if (!consumerOfTensor.has(t)) consumerOfTensor.set(t, layer.name);

  const keepToken = (token: string): string | undefined => {
    if (UNNAMED.test(token)) return undefined;
    const inserted = INSERTED_PREFIX.exec(token);
    const candidates = inserted ? [token, inserted[1]] : [token];
    if (nodeOrder) return candidates.find((c) => nodeOrder.has(c));
    const last = candidates[candidates.length - 1];
    return UNNAMED.test(last) || INITIALIZER_LIKE.test(last) ? undefined : last;
  };

  const direct = (name: string): { nodes: string[]; by: MappingSource } => {
    const metadata = infoByName.get(name)?.metadata;
    if (metadata) {
      const nodes = onnxNodesFromMetadata(metadata);
      if (nodes.length > 0) return { nodes, by: 'metadata' };
    }
    if (nodeOrder?.has(name)) return { nodes: [name], by: 'name' };
    const foreign = FOREIGN_NODE.exec(name);
    if (foreign) {
      const [first, last] = [foreign[1], foreign[2]];
      const from = nodeOrder?.get(first);
      const to = nodeOrder?.get(last);
      if (options.onnxNodeNames && from !== undefined && to !== undefined && from <= to) {
        return { nodes: options.onnxNodeNames.slice(from, to + 1), by: 'foreign-node' };
      }
      // Without the graph only the two ends of the block are known by name.
      return { nodes: nodeOrder ? [first, last].filter((n) => nodeOrder.has(n)) : [first, last], by: 'foreign-node' };
    }
    const nodes = namesFromFusedLayerName(name).flatMap((t) => keepToken(t) ?? []);
    return { nodes, by: nodes.length > 0 ? 'name' : 'unmapped' };
  };

  const resolve = (name: string, seen: Set<string>): { nodes: string[]; by: MappingSource } => {
    const reformat = REFORMAT_NAME.exec(name);
    const layerType = infoByName.get(name)?.layerType;
    const isCopy = reformat !== null || layerType === 'Reformat' || layerType === 'NoOp';
    if (!isCopy || infoByName.get(name)?.metadata) return direct(name);
    // A copy named after a node of the graph is that node: TensorRT runs an activation's QuantizeLinear as a reformat
    // layer (FP32 -> INT8, `Origin: QDQ`) and names it after the Q node.
    if (reformat === null && nodeOrder?.has(name)) return { nodes: [name], by: 'name' };
    // Reformat/copy layers exist only to feed another layer: their time belongs to that layer's nodes.
    seen.add(name);
    const target =
      reformat?.[1] ??
      infoByName
        .get(name)
        ?.outputs.map((t) => consumerOfTensor.get(t))
        .find((c) => c !== undefined);
    if (target && !seen.has(target)) {
      const viaTarget = infoByName.has(target) || rowNames.has(target) ? resolve(target, seen) : direct(target);
      if (viaTarget.nodes.length > 0) return { nodes: viaTarget.nodes, by: 'consumer' };
    }
    // A reformat's own name is no ONNX node: when its target gives none (or was met already, in a copy chain such as
    // NoOp -> reshape -> output reformat), only the name of the layer it reformats for can.
    return direct(reformat?.[1] ?? name);
  };

  const layers: MappedLayer[] = rows.map((row) => {
    const { nodes, by } = resolve(row.name, new Set());
    const mapped: MappedLayer = {
      ...row,
      onnxNodes: [...new Set(nodes)],
      mappedBy: nodes.length > 0 ? by : 'unmapped',
    };
    const layerType = infoByName.get(row.name)?.layerType;
    if (layerType) mapped.layerType = layerType;
    return mapped;
  });

  const unmappedRows = layers.filter((l) => l.onnxNodes.length === 0);
  return {
    layers,
    unmapped: {
      layers: unmappedRows.map((l) => l.name),
      averageMs: unmappedRows.reduce((s, l) => s + (l.averageMs ?? 0), 0),
      percentage: unmappedRows.reduce((s, l) => s + (l.percentage ?? 0), 0),
    },
  };
}
