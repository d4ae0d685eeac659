// Findings read off one engine report: where the build spent time reformatting, quantization or FP16 casts in the
// ONNX graph that the engine did not honour, Myelin regions and the ONNX nodes they swallowed, plugin layers.
import type { EngineDescription, EngineFinding, EngineLayer } from '../contract/engine';
import type { OnnxNode } from '../onnx/model';

/** What the findings need from the ONNX graph the engine was built from. */
export interface OnnxFacts {
  /** Node names in graph order (ForeignNode ranges expand over it). */
  nodeNames: string[];
  /** Nodes (not Q/DQ themselves) reading a DequantizeLinear output: TensorRT should run them in the quantized type. */
  quantizedNodes: Set<string>;
  /** Nodes reading the output of a Cast to FLOAT16: the graph asks for FP16 there. */
  fp16Nodes: Set<string>;
}

const ONNX_FLOAT16 = 10;
const QDQ_OPS = new Set(['QuantizeLinear', 'DequantizeLinear']);

export function onnxFactsOf(nodes: OnnxNode[]): OnnxFacts {
  const dequantized = new Set<string>();
  const castToHalf = new Set<string>();
  for (const node of nodes) {
    if (node.opType === 'DequantizeLinear') node.outputs.forEach((t) => dequantized.add(t));
    const to = node.attributes.find((a) => a.name === 'to');
    if (node.opType === 'Cast' && to?.i === ONNX_FLOAT16) node.outputs.forEach((t) => castToHalf.add(t));
  }
  const quantizedNodes = new Set<string>();
  const fp16Nodes = new Set<string>();
  for (const node of nodes) {
    if (QDQ_OPS.has(node.opType)) continue;
    if (node.inputs.some((t) => dequantized.has(t))) quantizedNodes.add(node.name);
    if (node.inputs.some((t) => castToHalf.has(t))) fp16Nodes.add(node.name);
  }
  return { nodeNames: nodes.map((n) => n.name), quantizedNodes, fp16Nodes };
}

/** Reformat layers taking more than this share of the profiled time are worth a look. */
export const REFORMAT_SHARE_LIMIT_PERCENT = 10;

const isReformat = (l: EngineLayer) => l.type === 'Reformat' || l.name.startsWith('Reformatting CopyNode for ');
const isMyelin = (l: EngineLayer) => l.type === 'Myelin' || /^\{ForeignNode\[/.test(l.name);
const isPlugin = (l: EngineLayer) => l.type !== null && /Plugin/i.test(l.type);
const COPY_TYPES = new Set(['Reformat', 'NoOp', 'Shuffle']);

function reformatShare(layers: EngineLayer[]): EngineFinding[] {
  const reformats = layers.filter((l) => isReformat(l) && l.percentage !== null);
  const share = reformats.reduce((s, l) => s + (l.percentage ?? 0), 0);
  if (share <= REFORMAT_SHARE_LIMIT_PERCENT) return [];
  return [
    {
      ruleId: 'engine-reformat-share',
      severity: 'warning',
      message: `${reformats.length} reformat layers take ${share.toFixed(1)}% of the engine's time (over ${REFORMAT_SHARE_LIMIT_PERCENT}%): layouts or precisions change between neighbouring layers; align I/O formats (--inputIOFormats/--outputIOFormats) or Q/DQ placement`,
      layers: reformats.map((l) => l.name),
    },
  ];
}

/** Float precisions: a layer computing in one of these did not take the quantization its Q/DQ inputs asked for. */
const FLOAT_PRECISIONS = new Set(['FP32', 'FP16', 'BF16']);

function precisionNotTaken(layers: EngineLayer[], onnx: OnnxFacts | undefined): EngineFinding[] {
  if (!onnx) return [];
  const findings: EngineFinding[] = [];
  const computing = layers.filter((l) => l.type !== null && !COPY_TYPES.has(l.type));
  // With --fp16 --int8 a Q/DQ pair that did not fuse leaves its layer in FP16, not FP32: both are "not taken".
  const quantized = computing.filter(
    (l) => FLOAT_PRECISIONS.has(l.precision ?? '') && l.onnxNodes.some((n) => onnx.quantizedNodes.has(n)),
  );
  if (quantized.length > 0) {
    const precisions = [...new Set(quantized.map((l) => l.precision))].join('/');
    findings.push({
      ruleId: 'engine-quantization-not-taken',
      severity: 'warning',
      message: `${quantized.length} layers run in ${precisions} although their ONNX nodes read DequantizeLinear outputs: the Q/DQ pairs around them did not fuse (quantization that did not take): ${quantized.map((l) => l.name).join(', ')}`,
      layers: quantized.map((l) => l.name),
    });
  }
  const taken = new Set(quantized);
  const half = computing.filter(
    (l) => l.precision === 'FP32' && !taken.has(l) && l.onnxNodes.some((n) => onnx.fp16Nodes.has(n)),
  );
  if (half.length > 0)
    findings.push({
      ruleId: 'engine-fp16-not-taken',
      severity: 'warning',
      message: `${half.length} layers run in FP32 although the ONNX graph casts their inputs to FLOAT16 (build without --fp16, or TensorRT chose FP32 tactics): ${half.map((l) => l.name).join(', ')}`,
      layers: half.map((l) => l.name),
    });
  return findings;
}

function myelinRegions(layers: EngineLayer[]): EngineFinding[] {
  return layers.filter(isMyelin).map((l) => {
    const n = l.onnxNodes;
    const range = n.length === 0 ? 'no known ONNX nodes' : n.length === 1 ? n[0] : `${n[0]} … ${n[n.length - 1]}`;
    return {
      ruleId: 'engine-myelin-region',
      severity: 'info' as const,
      message: `Myelin region "${l.name}" swallowed ${n.length} ONNX nodes (${range}); its inner kernels are not broken down per node`,
      layers: [l.name],
    };
  });
}

function pluginLayers(layers: EngineLayer[]): EngineFinding[] {
  const plugins = layers.filter(isPlugin);
  if (plugins.length === 0) return [];
  return [
    {
      ruleId: 'engine-plugin-layer',
      severity: 'info',
      message: `${plugins.length} plugin layers (${[...new Set(plugins.map((l) => l.type))].join(', ')}): the plugin library must ship with the engine to every deployment`,
      layers: plugins.map((l) => l.name),
    },
  ];
}

export function engineFindings(report: EngineDescription, onnx?: OnnxFacts): EngineFinding[] {
  const { layers } = report;
  return [
    ...reformatShare(layers),
    ...precisionNotTaken(layers, onnx),
    ...myelinRegions(layers),
    ...pluginLayers(layers),
  ];
}
