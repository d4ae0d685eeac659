// A deep engine description from a real one: the QAT ResNet-50 engine of the TREx corpus (TensorRT 8.4, A100, 37
// layers) repeated with renamed layers and tensors, each copy fed by the one before (one deep network, as a real
// 2,000-layer engine is), with its --exportProfile rows renamed alike. For the engine view's slicing test and
// bench/engine-open.ts.
import path from 'node:path';
import { readJson, trexRoot } from '../profiling/corpus';

export const QAT_RESNET = path.join(trexRoot, 'examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine');

type RawTensor = { Name: string };
type RawLayer = { Name: string; Inputs: RawTensor[]; Outputs: RawTensor[] };
type ProfileRow = { name: string; percentage: number };

/** `layers` layers of layer info, and `rows` profile rows after the profile's count row. */
export function deepEngine(
  layerCount: number,
  rowCount = layerCount,
): { layerInfo: { Layers: RawLayer[]; Bindings: string[] }; profile: unknown[] } {
  const info = readJson(`${QAT_RESNET}.graph.json`) as { Layers: RawLayer[]; Bindings: string[] };
  const profile = readJson(`${QAT_RESNET}.profile.json`) as [unknown, ...ProfileRow[]];
  const [input, output] = info.Bindings;
  const layers: RawLayer[] = [];
  const rows: unknown[] = [profile[0]];
  const copies = Math.ceil(Math.max(layerCount / info.Layers.length, rowCount / (profile.length - 1)));
  for (let copy = 0; copy < copies; copy++) {
    const rename = (name: string) => `${name} #${copy}`;
    const tensor = (t: RawTensor) => ({
      ...t,
      Name: t.Name === input ? (copy === 0 ? input : `${output} #${copy - 1}`) : rename(t.Name),
    });
    for (const l of info.Layers)
      layers.push({ ...l, Name: rename(l.Name), Inputs: l.Inputs.map(tensor), Outputs: l.Outputs.map(tensor) });
    for (const r of profile.slice(1) as ProfileRow[])
      rows.push({ ...r, name: rename(r.name), percentage: r.percentage / copies });
  }
  return {
    layerInfo: { Layers: layers.slice(0, layerCount), Bindings: info.Bindings },
    profile: rows.slice(0, rowCount + 1),
  };
}
