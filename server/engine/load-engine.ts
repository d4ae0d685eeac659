// Reads the files of `modelready engine` (and the engine view): the engine description, its optional profile and
// ONNX model. Every failure becomes an EngineInputError naming the file and what is wrong.
import fs from 'node:fs';
import type { EngineReport } from '../contract/engine';
import type { LayerProfile } from '../contract/trtexec-results';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { parseProfileJson, TrtexecFormatError } from '../profiling/trtexec-exports';
import { buildEngineReport } from './build-report';
import { onnxFactsOf } from './onnx-facts';
import { parseEngineDescription } from './parse-engine';
import { versionBeside } from './engine-version';

/** Engine descriptions of very large engines stay in the tens of MB; past this we refuse rather than exhaust memory. */
export const MAX_ENGINE_JSON_BYTES = 256 * 1024 * 1024;

export class EngineInputError extends Error {}

function readJson(file: string): unknown {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_ENGINE_JSON_BYTES)
      throw new EngineInputError(`${file}: ${size} bytes, larger than the ${MAX_ENGINE_JSON_BYTES}-byte limit`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof EngineInputError) throw error;
    throw new EngineInputError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EngineInputError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

function withFile<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TrtexecFormatError) throw new EngineInputError(`${file}: ${error.message}`);
    throw error;
  }
}

export interface EngineFiles {
  layers: string;
  profile?: string;
  onnx?: string;
}

export function loadEngineReport(files: EngineFiles): EngineReport {
  const description = withFile(files.layers, () => parseEngineDescription(readJson(files.layers)));
  // A log or metadata file beside the JSON gives the full version; the format alone gives only "11.x".
  const beside = versionBeside(files.layers);
  if (beside) Object.assign(description, { tensorrtVersion: beside.version, tensorrtVersionSource: beside.source });
  const profile: LayerProfile | undefined = files.profile
    ? withFile(files.profile, () => parseProfileJson(readJson(files.profile!)))
    : undefined;
  let onnx;
  if (files.onnx) {
    try {
      onnx = onnxFactsOf(readOnnxModel(files.onnx).graph?.nodes ?? []);
    } catch (error) {
      if (error instanceof OnnxReadError) throw new EngineInputError(error.message);
      throw error;
    }
  }
  return buildEngineReport({ description, profile, onnx });
}
