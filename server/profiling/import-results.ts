// Turns any mix of trtexec outputs (log, --exportProfile, --exportLayerInfo, --exportTimes, TREx metadata)
// into one result: a run summary plus layers in profile order with their ONNX nodes.
// Used by the CLI (`modelready trtexec import`) and by the remote run after it collects the files.
import fs from 'node:fs/promises';
import { looksLikeTrtexecLog, parseTrtexecLog } from './trtexec-log';
import {
  parseLayerInfoJson,
  parseProfileJson,
  parseTimesJson,
  parseTrexBuildMetadata,
  parseTrexDeviceMetadata,
  parseTrexProfileMetadata,
  TrtexecFormatError,
} from './trtexec-exports';
import { mapLayersToOnnx, type MappingOptions } from './layer-mapping';
import { assertOneRun, factsOfProfile, factsOfSummary, MixedRunsError, type RunFacts } from './run-identity';
import type {
  EngineLayerInfo,
  ImportedRun,
  LayerProfile,
  TrtexecFileKind,
  TrtexecSummary,
} from '../contract/trtexec-results';

/** exportTimes of a long run reach hundreds of MB; beyond this we refuse rather than exhaust memory. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export class TrtexecImportError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface TrtexecInput {
  /** Name used in error messages. */
  file: string;
  text: string;
}

function classifyJson(data: unknown): TrtexecFileKind | undefined {
  if (Array.isArray(data)) {
    const first = data[0] as Record<string, unknown> | undefined;
    if (first && typeof first === 'object') {
      if ('count' in first) return 'profile';
      if ('computeMs' in first) return 'times';
      if ('ComputeCapability' in first) return 'trex-device-metadata';
    }
    return undefined;
  }
  if (data && typeof data === 'object') {
    if ('Layers' in data) return 'layer-info';
    if ('performance_summary' in data) return 'trex-profile-metadata';
    if ('build_options' in data) return 'trex-build-metadata';
  }
  return undefined;
}

/** Merges `extra` into `into` without overwriting what a more direct source (the log) already set. */
function fillSummary(into: TrtexecSummary, extra: Partial<TrtexecSummary>): void {
  for (const [key, value] of Object.entries(extra) as [keyof TrtexecSummary, unknown][]) {
    if (value === undefined) continue;
    if (key === 'warnings') into.warnings.push(...(value as TrtexecSummary['warnings']));
    else if (key === 'device' || key === 'inferenceOptions' || key === 'buildOptions') {
      (into as unknown as Record<string, object>)[key] = {
        ...(value as object),
        ...((into[key] as object | undefined) ?? {}),
      };
    } else if (into[key] === undefined) (into as unknown as Record<string, unknown>)[key] = value;
  }
}

export function importTrtexecTexts(inputs: TrtexecInput[], options: MappingOptions = {}): ImportedRun {
  if (inputs.length === 0) throw new TrtexecImportError('(no files)', 'give at least one trtexec log or export file');
  const summary: ImportedRun['summary'] = { warnings: [], sources: [] };
  const logParts: Partial<TrtexecSummary>[] = [];
  const otherParts: Partial<TrtexecSummary>[] = [];
  let profile: LayerProfile | undefined;
  let layerInfo: EngineLayerInfo | undefined;
  const facts: RunFacts[] = [];
  const summaryPart = (file: string, kind: TrtexecFileKind, part: Partial<TrtexecSummary>) => {
    facts.push(factsOfSummary(file, kind, part));
    return part;
  };

  for (const { file, text } of inputs) {
    let kind: TrtexecFileKind;
    const trimmed = text.trimStart();
    try {
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch (e) {
          // A log line starts with "[" too; only call it broken JSON if it is not a log either.
          if (looksLikeTrtexecLog(text)) data = undefined;
          else throw new TrtexecFormatError(`invalid JSON (${(e as Error).message})`);
        }
        if (data === undefined) {
          kind = 'log';
        } else {
          const jsonKind = classifyJson(data);
          if (!jsonKind)
            throw new TrtexecFormatError(
              'JSON, but not a trtexec export (profile, layer info, times) or TREx metadata',
            );
          kind = jsonKind;
          if (kind === 'profile') {
            if (profile) throw new TrtexecFormatError('a second --exportProfile file; give one profile per import');
            profile = parseProfileJson(data);
            facts.push(factsOfProfile(file, profile));
          } else if (kind === 'layer-info') {
            if (layerInfo) throw new TrtexecFormatError('a second --exportLayerInfo file; give one per import');
            layerInfo = parseLayerInfoJson(data);
            facts.push({ file, kind, engineLayers: layerInfo.layers.map((l) => l.name) });
          } else if (kind === 'times') otherParts.push(parseTimesJson(data));
          else if (kind === 'trex-profile-metadata')
            otherParts.push(summaryPart(file, kind, parseTrexProfileMetadata(data)));
          else if (kind === 'trex-build-metadata')
            otherParts.push(summaryPart(file, kind, parseTrexBuildMetadata(data)));
          else otherParts.push(summaryPart(file, kind, parseTrexDeviceMetadata(data)));
        }
      } else {
        kind = 'log';
      }
      if (kind === 'log') {
        if (!looksLikeTrtexecLog(text))
          throw new TrtexecFormatError(
            'not a trtexec log (no "&&&& … TensorRT.trtexec" line and no "=== Performance summary ===")',
          );
        logParts.push(summaryPart(file, kind, parseTrtexecLog(text)));
      }
    } catch (e) {
      if (e instanceof TrtexecFormatError) throw new TrtexecImportError(file, e.message);
      throw e;
    }
    summary.sources.push({ file, kind });
  }
  try {
    assertOneRun(facts);
  } catch (e) {
    if (e instanceof MixedRunsError) throw new TrtexecImportError(e.files.join(', '), e.message);
    throw e;
  }
  // The log is what trtexec itself computed, so it wins over stats we recompute from --exportTimes.
  for (const part of [...logParts, ...otherParts]) fillSummary(summary, part);
  // Without an --exportProfile file, the table a --dumpProfile log printed is the next best (rounded) source.
  const dumped = summary.dumpedProfile;
  delete summary.dumpedProfile;
  if (profile) summary.profileSource = 'export';
  else if (dumped) {
    profile = dumped;
    summary.profileSource = 'log-dump';
  }

  const mapping = mapLayersToOnnx(profile, layerInfo, options);
  if (profile) summary.profiledIterations = profile.iterations;
  if (profile || layerInfo) summary.unmapped = mapping.unmapped;
  return { summary, layers: mapping.layers };
}

export async function importTrtexecFiles(paths: string[], options: MappingOptions = {}): Promise<ImportedRun> {
  const inputs: TrtexecInput[] = [];
  for (const file of paths) {
    let size: number;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new TrtexecImportError(file, 'not a regular file');
      size = stat.size;
    } catch (e) {
      if (e instanceof TrtexecImportError) throw e;
      throw new TrtexecImportError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (size > MAX_INPUT_BYTES)
      throw new TrtexecImportError(file, `too large (${size} bytes; the limit is ${MAX_INPUT_BYTES})`);
    const bytes = await fs.readFile(file);
    if (bytes.includes(0)) throw new TrtexecImportError(file, 'binary data, not a trtexec log or JSON export');
    inputs.push({ file, text: bytes.toString('utf8') });
  }
  return importTrtexecTexts(inputs, options);
}
