// Which engine a Triton model folder serves an ONNX file with: TensorRT findings on the model (trt/*) only hold
// when it runs on TensorRT, i.e. the ONNX Runtime backend with the TensorRT execution accelerator (or a
// tensorrt_plan built from it). Served by plain ONNX Runtime, they become info scoped "if you move this model to
// TensorRT".
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings';
import { msg, msgs, str } from './validate/config';
import { parseModelConfig, readConfigFile } from './validate/index';

export type ServingEngine = 'tensorrt' | 'onnxruntime' | 'other';

/** The config of the model folder holding `onnxFile` (<model>/<version>/<file>), and the engine it serves it with. */
export function servingEngineOf(onnxFile: string): { engine: ServingEngine; configPath: string } | undefined {
  const versionDir = path.dirname(path.resolve(onnxFile));
  if (!/^\d+$/.test(path.basename(versionDir))) return undefined;
  const configPath = path.join(path.dirname(versionDir), 'config.pbtxt');
  if (!fs.existsSync(configPath)) return undefined;
  let text: string;
  try {
    text = readConfigFile(configPath);
  } catch {
    return undefined;
  }
  const { config } = parseModelConfig(text);
  const platform = str(config, 'platform');
  const backend = str(config, 'backend');
  if (platform === 'tensorrt_plan' || backend === 'tensorrt') return { engine: 'tensorrt', configPath };
  if (platform !== 'onnxruntime_onnx' && backend !== 'onnxruntime' && (platform || backend))
    return { engine: 'other', configPath };
  const accelerators = msgs(msg(msg(config, 'optimization'), 'execution_accelerators'), 'gpu_execution_accelerator');
  const trt = accelerators.some((a) => str(a, 'name') === 'tensorrt');
  return { engine: trt ? 'tensorrt' : 'onnxruntime', configPath };
}

/** trt/* findings of a model Triton serves without TensorRT, as info scoped to a move to TensorRT. */
export function scopeTensorRtFindings(onnxFile: string, findings: Finding[]): Finding[] {
  const serving = findings.some((f) => f.ruleId.startsWith('trt/')) ? servingEngineOf(onnxFile) : undefined;
  if (!serving || serving.engine === 'tensorrt') return findings;
  const engine =
    serving.engine === 'onnxruntime' ? 'ONNX Runtime without the TensorRT accelerator' : 'a non-TensorRT backend';
  return findings.map((f) =>
    f.ruleId.startsWith('trt/')
      ? {
          ...f,
          severity: 'info',
          message: `if you move this model to TensorRT: ${f.message} (${path.basename(path.dirname(serving.configPath))}/config.pbtxt serves it with ${engine})`,
        }
      : f,
  );
}
