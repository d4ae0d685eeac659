// The run store of a model: list its runs, get one (with its graph overlay), compare two; and "Run with ONNX
// Runtime (local)", whose failures become `ort/run-failed` diagnostics of the model.
import path from 'node:path';
import { profilesFor } from '../../config/config';
import type {
  OrtRunLocalParams,
  OrtRunLocalResult,
  RunsCompareParams,
  RunsCompareResult,
  RunsGetParams,
  RunsGetResult,
  RunsListParams,
  RunsListResult,
} from '../../contract/profiling';
import { runOrtLocal, storeOrtRun } from '../../profiling/ort-local';
import { modelReadyHome, OnnxRuntimeMissingError } from '../../profiling/ort-runtime';
import { ortInstallActions } from '../../profiling/prerequisites';
import { runCounterparts } from '../../profiling/run-counterparts';
import { compareRuns, runInfo, runOverlay } from '../../profiling/run-store';
import { configFor, refusal, type ProfilingSession } from './session';

export function listRuns(session: ProfilingSession, params: RunsListParams): RunsListResult {
  const file = session.deps.toPath(params.modelUri);
  if (!file) return { runs: [] };
  const runs = session.store.list(file);
  if (params.otherModels) runs.push(...session.store.listOthers(file));
  return { runs: runs.map(runInfo) };
}

export function getRun(session: ProfilingSession, params: RunsGetParams): RunsGetResult {
  const file = session.deps.toPath(params.modelUri);
  const stored = file && session.store.load(file, params.runId);
  return stored
    ? { ok: true, run: stored, overlay: runOverlay(stored) }
    : { ok: false, message: `no stored run ${params.runId} for ${params.modelUri}` };
}

export function compareStoredRuns(session: ProfilingSession, params: RunsCompareParams): RunsCompareResult {
  const file = session.deps.toPath(params.modelUri);
  const otherFile = params.otherModelUri === undefined ? file : session.deps.toPath(params.otherModelUri);
  const base = file && session.store.load(file, params.baseId);
  const other = otherFile && session.store.load(otherFile, params.otherId);
  if (!base || !other)
    return {
      ok: false,
      message: !base
        ? `no stored run ${params.baseId} for ${params.modelUri}`
        : `no stored run ${params.otherId} for ${params.otherModelUri ?? params.modelUri}`,
    };
  return { ok: true, base, other, comparison: compareRuns(base, other, runCounterparts(base, other)) };
}

export async function runWithOrt(session: ProfilingSession, params: OrtRunLocalParams): Promise<OrtRunLocalResult> {
  const { checkExecution, setRuntimeFindings } = session.deps;
  let file: string;
  try {
    checkExecution('Running the model with ONNX Runtime');
    file = session.modelFile(params.modelUri);
  } catch (error) {
    return refusal(error);
  }
  try {
    let profile = params.profile;
    if (!profile) {
      const config = configFor(file);
      profile = config ? profilesFor(config, file)?.[0] : undefined;
    }
    const result = await runOrtLocal(file, profile ?? {}, { iterations: params.iterations });
    setRuntimeFindings(file, result.findings);
    const stored = storeOrtRun(session.store, file, result);
    return { ok: true, result, overlay: runOverlay(stored), storedRunId: stored.id };
  } catch (error) {
    // ONNX Runtime itself missing says nothing about the model.
    if (error instanceof OnnxRuntimeMissingError)
      return { ...refusal(error), installCommand: error.installCommand, actions: ortInstallActions(modelReadyHome()) };
    // The model does not even load: that is a finding about the file too.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const message = `ONNX Runtime cannot load the model: ${reason}`;
    setRuntimeFindings(file, [{ ruleId: 'ort/run-failed', severity: 'error', message, file }]);
    return { ok: false, message: `ONNX Runtime cannot load ${path.basename(file)}: ${reason}`, inProblems: true };
  }
}
