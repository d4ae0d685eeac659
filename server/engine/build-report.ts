// One engine description + optional --exportProfile times + optional ONNX node names -> the engine report:
// every layer in engine order with its time and the ONNX nodes it came from (profiling/layer-mapping), then findings.
import type { EngineDescription, EngineLayer, EngineReport } from '../contract/engine';
import type { EngineLayerInfo, LayerProfile } from '../contract/trtexec-results';
import { mapLayersToOnnx } from '../profiling/layer-mapping';
import { engineFindings } from './engine-findings';
import type { OnnxFacts } from './onnx-facts';

export interface EngineReportInputs {
  description: EngineDescription;
  profile?: LayerProfile;
  onnx?: OnnxFacts;
}

function layerInfoOf(description: EngineDescription): EngineLayerInfo {
  return {
    layers: description.layers.map((l) => ({
      name: l.name,
      ...(l.type !== null ? { layerType: l.type } : {}),
      ...(l.metadata !== undefined ? { metadata: l.metadata } : {}),
      inputs: l.inputs.map((t) => t.name),
      outputs: l.outputs.map((t) => t.name),
    })),
    bindings: description.ioTensors.map((t) => t.name),
  };
}

export function buildEngineReport({ description, profile, onnx }: EngineReportInputs): EngineReport {
  // Mapping runs over the engine's own layer list (not the profile's), so every layer keeps its place.
  const mapping = mapLayersToOnnx(undefined, layerInfoOf(description), { onnxNodeNames: onnx?.nodeNames });
  const timeByName = new Map((profile?.layers ?? []).map((row) => [row.name, row]));
  const layers: EngineLayer[] = description.layers.map((layer, i) => {
    const time = timeByName.get(layer.name);
    return {
      name: layer.name,
      type: layer.type,
      precision: layer.precision,
      inputs: layer.inputs,
      outputs: layer.outputs,
      tactic: layer.tactic,
      averageMs: time?.averageMs ?? null,
      percentage: time?.percentage ?? null,
      onnxNodes: mapping.layers[i]?.onnxNodes ?? [],
    };
  });
  const report = {
    tensorrtVersion: description.tensorrtVersion,
    tensorrtVersionSource: description.tensorrtVersionSource,
    layers,
    ioTensors: description.ioTensors,
  };
  return { ...report, findings: engineFindings(report, onnx) };
}
