// The model summary behind `modelready inspect` (its JSON shape is a stable contract).
import { resolveExternalData } from './external-data';
import type { Dim, ModelSummary, TensorSummary } from '../contract/analysis';
import type { OnnxModel, OnnxValueInfo } from './model';
import { indexGraph } from './model-index';

function tensorSummary(info: OnnxValueInfo): TensorSummary {
  const type = info.type;
  if (type && (type.kind === 'tensor' || type.kind === 'sparse_tensor')) {
    return { name: info.name, elemType: type.elemType, shape: type.shape ?? null };
  }
  return { name: info.name, elemType: type ? type.kind.toUpperCase() : 'UNDEFINED', shape: null };
}

export function summarizeModel(model: OnnxModel): ModelSummary {
  const graph = model.graph;
  const index = graph ? indexGraph(graph) : undefined;
  return {
    path: model.path,
    irVersion: model.irVersion ?? null,
    producer: { name: model.producerName ?? '', version: model.producerVersion ?? '' },
    opsetImports: model.opsetImports.map(({ domain, version }) => ({
      domain: domain === 'ai.onnx' ? '' : domain,
      version,
    })),
    graph: {
      nodeCount: graph?.nodes.length ?? 0,
      initializerCount: graph?.initializers.length ?? 0,
      inputs: (graph?.inputs ?? []).map((input) => {
        const summary = tensorSummary(input);
        return index?.tensors.get(input.name)?.initializer ? { ...summary, isInitializer: true } : summary;
      }),
      outputs: (graph?.outputs ?? []).map(tensorSummary),
    },
    opCounts: index?.opCounts ?? {},
    externalData: resolveExternalData(model).map(({ location, bytes, exists }) => ({ location, bytes, exists })),
  };
}

const formatShape = (shape: Dim[] | null) =>
  shape ? `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : '(no shape)';

export function formatSummaryText(s: ModelSummary): string {
  const lines = [
    s.path,
    `  IR version ${s.irVersion ?? '?'}, produced by ${s.producer.name || '?'} ${s.producer.version}`.trimEnd(),
    `  opsets: ${s.opsetImports.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ') || '(none)'}`,
    `  ${s.graph.nodeCount} nodes, ${s.graph.initializerCount} initializers`,
    '  inputs:',
    ...s.graph.inputs
      .filter((i) => !i.isInitializer)
      .map((i) => `    ${i.name}: ${i.elemType} ${formatShape(i.shape)}`),
    '  outputs:',
    ...s.graph.outputs.map((o) => `    ${o.name}: ${o.elemType} ${formatShape(o.shape)}`),
    `  ops: ${Object.entries(s.opCounts)
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
  ];
  for (const e of s.externalData)
    lines.push(`  external data: ${e.location} (${e.bytes} bytes)${e.exists ? '' : ' MISSING'}`);
  return lines.join('\n');
}
