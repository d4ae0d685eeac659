// Keeps profiling runs per model as JSON files (in the editor's workspace storage or any folder),
// lists and loads them, and compares two runs (e.g. FP16 vs FP32, before/after a fix).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GraphOverlay } from '../contract/graph-view';
import type { LayerDelta, OrtRunDetails, RunComparison, RunEngine, StoredRun, StoredRunInfo } from '../contract/runs';
import type { ImportedRun } from '../contract/trtexec-results';
import { writeFileAtomic } from '../atomic-write';
import { hashFile } from '../file-hash';

/** What a run carries besides its summary and layers, by engine. */
export type RunExtras =
  | { engine: 'trtexec'; latencySamplesMs?: number[]; matrixCell?: string }
  | { engine: 'onnxruntime'; onnxRuntime: OrtRunDetails };

const ENGINES: readonly RunEngine[] = ['trtexec', 'onnxruntime'];

/** Runs kept per model; older ones beyond this are dropped so storage stays bounded. */
export const MAX_RUNS_PER_MODEL = 50;

/**
 * Where runs are kept unless told otherwise, the same for the CLI (`--store`) and the editor
 * (`modelready.profiling.runStore`), so a run or matrix started in one is found by the other: $XDG_CACHE_HOME/modelready,
 * else ~/.cache/modelready. Runs are keyed by the model's absolute path, so one store serves every workspace.
 */
export function defaultRunStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  return path.join(cache ?? path.join(os.homedir(), '.cache'), 'modelready');
}

export class RunStore {
  constructor(private readonly root: string) {}

  private folderFor(modelPath: string): string {
    const key = crypto.createHash('sha256').update(path.resolve(modelPath)).digest('hex').slice(0, 16);
    return path.join(this.root, 'runs', key);
  }

  save(
    modelPath: string,
    label: string,
    run: ImportedRun,
    finishedAt = new Date(),
    extras: RunExtras = { engine: 'trtexec' },
  ): StoredRun {
    const folder = this.folderFor(modelPath);
    fs.mkdirSync(folder, { recursive: true });
    const id = `${finishedAt.toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(3).toString('hex')}`;
    const stored: StoredRun = {
      id,
      modelPath: path.resolve(modelPath),
      finishedAt: finishedAt.toISOString(),
      label,
      run,
      ...extras,
    };
    const modelHash = hashFile(modelPath);
    if (modelHash) stored.modelHash = modelHash;
    const file = path.join(folder, `${id}.json`);
    writeFileAtomic(file, JSON.stringify(stored));
    for (const old of this.list(modelPath).slice(MAX_RUNS_PER_MODEL))
      fs.rmSync(path.join(folder, `${old.id}.json`), { force: true });
    return stored;
  }

  /** Newest first. Files that don't parse (hand-edited, cut short) are skipped, not fatal. */
  list(modelPath: string): StoredRun[] {
    return this.listFolder(this.folderFor(modelPath));
  }

  /** The runs of every other model in the store (other exports, other files), newest first. */
  listOthers(modelPath: string): StoredRun[] {
    const runs = path.join(this.root, 'runs');
    const own = this.folderFor(modelPath);
    if (!fs.existsSync(runs)) return [];
    return fs
      .readdirSync(runs)
      .map((name) => path.join(runs, name))
      .filter((folder) => folder !== own && fs.statSync(folder).isDirectory())
      .flatMap((folder) => this.listFolder(folder))
      .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  }

  private listFolder(folder: string): StoredRun[] {
    if (!fs.existsSync(folder)) return [];
    const runs: StoredRun[] = [];
    for (const name of fs.readdirSync(folder)) {
      if (!name.endsWith('.json')) continue;
      try {
        const stored = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as StoredRun;
        if (!stored || typeof stored.id !== 'string' || !stored.run) continue;
        stored.engine ??= 'trtexec';
        // An engine this version does not know (a newer or hand-edited file) would be drawn wrongly: skip it.
        if (
          ENGINES.includes(stored.engine) &&
          (stored.engine !== 'onnxruntime' || Array.isArray(stored.onnxRuntime?.shapeRuns))
        )
          runs.push(stored);
      } catch {
        // A damaged run file loses that run only.
      }
    }
    return runs.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  }

  load(modelPath: string, id: string): StoredRun | undefined {
    return this.list(modelPath).find((r) => r.id === id);
  }

  /** The newest stored run of a profile-matrix cell, if any. */
  findMatrixCell(modelPath: string, cellKey: string): StoredRun | undefined {
    return this.list(modelPath).find((r) => r.matrixCell === cellKey);
  }

  /** A file in the model's run folder that is not a run (e.g. a matrix's pending-job journal). */
  sideFile(modelPath: string, name: string): string {
    return path.join(this.folderFor(modelPath), name);
  }
}

const change = (base?: number, other?: number): number | undefined =>
  base !== undefined && other !== undefined && base !== 0 ? other / base - 1 : undefined;

/** Row name of the time of layers that map to no ONNX node, when comparing per node. */
export const UNMAPPED_ROW = '(layers mapped to no ONNX node)';

/** What a per-node comparison needs of a layer: its time and the ONNX nodes it was built from. */
export interface TimedLayer {
  averageMs: number | null;
  onnxNodes: string[];
}

/** Average ms per ONNX node: a layer's time split evenly over the nodes it was built from. */
function nodeTimesMs(layers: TimedLayer[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const layer of layers) {
    if (layer.averageMs === null) continue;
    const nodes = layer.onnxNodes.length ? layer.onnxNodes : [UNMAPPED_ROW];
    for (const node of nodes) times.set(node, (times.get(node) ?? 0) + layer.averageMs / nodes.length);
  }
  return times;
}

/** Rows of both sides, biggest absolute change first; a row only one side has carries null on the other. */
function deltas(baseTimes: Map<string, number | null>, otherTimes: Map<string, number | null>): LayerDelta[] {
  const names = [...new Set([...baseTimes.keys(), ...otherTimes.keys()])];
  const rows = names.map((name) => {
    const baseMs = baseTimes.get(name) ?? null;
    const otherMs = otherTimes.get(name) ?? null;
    return { name, baseMs, otherMs, deltaMs: baseMs !== null && otherMs !== null ? otherMs - baseMs : null };
  });
  return rows.sort(
    (a, b) => Math.abs(b.deltaMs ?? b.otherMs ?? b.baseMs ?? 0) - Math.abs(a.deltaMs ?? a.otherMs ?? a.baseMs ?? 0),
  );
}

/** Two sets of layers (two runs, two engines) compared per ONNX node: layer names differ between builds, nodes do not. */
export function compareByOnnxNode(base: TimedLayer[], other: TimedLayer[]): LayerDelta[] {
  return deltas(nodeTimesMs(base), nodeTimesMs(other));
}

/**
 * Two runs compared. `counterparts` (the other run's node name -> the base's, from the model diff) is given when the
 * runs profiled different exports: layer names follow node names, so such runs are compared per ONNX node, the
 * other's nodes under their base names.
 */
export function compareRuns(base: StoredRun, other: StoredRun, counterparts?: Map<string, string>): RunComparison {
  const by = base.engine === other.engine && !counterparts ? 'layer' : 'onnx-node';
  const otherLayers = counterparts
    ? other.run.layers.map((l) => ({ ...l, onnxNodes: l.onnxNodes.map((n) => counterparts.get(n) ?? n) }))
    : other.run.layers;
  const layers =
    by === 'layer'
      ? deltas(
          new Map(base.run.layers.map((l) => [l.name, l.averageMs])),
          new Map(other.run.layers.map((l) => [l.name, l.averageMs])),
        )
      : compareByOnnxNode(base.run.layers, otherLayers);
  const otherNodes = new Set(other.run.layers.flatMap((l) => l.onnxNodes));
  const matched = [...otherNodes].filter((n) => counterparts?.has(n)).length;
  return {
    base: base.id,
    other: other.id,
    by,
    ...(counterparts && { nodeMatching: { matched, unmatched: otherNodes.size - matched } }),
    latencyMedianChange: change(base.run.summary.latency?.medianMs, other.run.summary.latency?.medianMs),
    throughputChange: change(base.run.summary.throughputQps, other.run.summary.throughputQps),
    gpuComputeMedianChange: change(base.run.summary.gpuCompute?.medianMs, other.run.summary.gpuCompute?.medianMs),
    layers,
  };
}

/**
 * Per ONNX node, its share of the profiled time (0..1), for the graph overlay. A layer's time is
 * split evenly over the nodes it was built from; time of unmapped layers is returned separately.
 */
export function nodeTimeShares(run: ImportedRun): { shares: Record<string, number>; unmappedShare: number } {
  const total = run.layers.reduce((sum, l) => sum + (l.averageMs ?? 0), 0);
  const shares: Record<string, number> = {};
  let unmapped = 0;
  if (total <= 0) return { shares, unmappedShare: 0 };
  for (const layer of run.layers) {
    const share = (layer.averageMs ?? 0) / total;
    if (layer.onnxNodes.length === 0) {
      unmapped += share;
      continue;
    }
    for (const node of layer.onnxNodes) shares[node] = (shares[node] ?? 0) + share / layer.onnxNodes.length;
  }
  return { shares, unmappedShare: unmapped };
}

/** The run list's view of a stored run. */
export function runInfo(stored: StoredRun): StoredRunInfo {
  return {
    id: stored.id,
    engine: stored.engine,
    label: stored.label,
    finishedAt: stored.finishedAt,
    latencyMedianMs: stored.run.summary.latency?.medianMs,
    throughputQps: stored.run.summary.throughputQps,
    modelPath: stored.modelPath,
  };
}

/** "Show on graph": colours nodes by their share of the profiled layer time. */
export function runOverlay(stored: StoredRun): GraphOverlay {
  // An ORT run's label already names the engine.
  return {
    title: stored.engine === 'onnxruntime' ? `Time share: ${stored.label}` : `trtexec time share: ${stored.label}`,
    kind: 'numeric',
    values: nodeTimeShares(stored.run).shares,
  };
}
