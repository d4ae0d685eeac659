// Which TensorRT built an engine description. The layer JSON of 8.x–10.x names no version, so the sources are, best
// first: a trtexec log beside the JSON (its "TensorRT version:" line or its "&&&& RUNNING … [TensorRT v8502]"
// banner), then the JSON's own format ("I/O Tensors" exists only from TensorRT 11 on: the major version alone).
// TREx's metadata files (*.metadata.json: device, CUDA, build and inference options) record no TensorRT version, so
// they are no source. Null when nothing says it.
import fs from 'node:fs';
import path from 'node:path';
import { looksLikeTrtexecLog, parseTrtexecLog } from '../profiling/trtexec-log';

export interface EngineVersion {
  version: string;
  /** Where it came from, for the report: a file name and the field or line, or the format rule. */
  source: string;
}

/** The version words the layer JSON's format implies (NVIDIA's 10.x→11.x IEngineInspector migration notes). */
export function versionFromFormat(data: unknown): EngineVersion | null {
  if (typeof data === 'object' && data !== null && Array.isArray((data as Record<string, unknown>)['I/O Tensors']))
    return { version: '11.x', source: 'the "I/O Tensors" field, which replaced "Bindings" in TensorRT 11' };
  return null;
}

/** Logs are read only this far: the version line sits in the first hundred lines of a trtexec log. */
const LOG_HEAD_BYTES = 1024 * 1024;
/** A folder of many files is not searched exhaustively: only this many candidate files are opened. */
const MAX_CANDIDATES = 24;
const LOG_NAME = /\.(?:log|out|txt)$/i;

function head(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(Math.min(LOG_HEAD_BYTES, fs.fstatSync(fd).size));
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** "resnet.onnx.engine.graph.json" -> "resnet.onnx.engine"; "layer_info.json" -> "layer_info". */
function stemOf(file: string): string {
  return path.basename(file).replace(/(?:\.graph)?\.json$/i, '');
}

/**
 * The version from files beside the layer JSON. A log counts when it shares the JSON's stem (TREx names them
 * `<stem>.build.log` / `<stem>.profile.log`) or when its trtexec command line exported this very file
 * (`--exportLayerInfo=<name>`): another model's log in the same folder must not lend its version.
 */
export function versionBeside(layersFile: string): EngineVersion | null {
  const dir = path.dirname(layersFile);
  const base = path.basename(layersFile);
  const stem = stemOf(layersFile);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    return null;
  }
  const mine = entries.filter((e) => e !== base && e.startsWith(`${stem}.`));
  const logs = [
    ...mine.filter((e) => LOG_NAME.test(e)),
    ...entries.filter((e) => LOG_NAME.test(e) && !mine.includes(e)),
  ];
  for (const name of logs.slice(0, MAX_CANDIDATES)) {
    const text = head(path.join(dir, name));
    if (text === null || !looksLikeTrtexecLog(text)) continue;
    if (!mine.includes(name) && !text.includes(`=${base}`)) continue;
    const version = parseTrtexecLog(text).tensorrtVersion;
    if (version) return { version, source: `${name} (trtexec log beside the layer JSON)` };
  }
  return null;
}
