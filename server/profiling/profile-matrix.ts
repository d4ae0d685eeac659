// A profile matrix: trtexec over the cross product hosts × images × shape profiles of one model. Cells whose result is
// already in the run store are not run again (so a matrix cut short resumes where it stopped); the cells of a Slurm
// host go as one job array, the cells of any other host one after the other; at most `concurrency` hosts (and array
// cells) at a time. Every finished cell is stored at once, with its key, before the next is reported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MatrixRow, MatrixTable } from '../contract/profile-matrix';
import type { ProfileHostConfig } from '../contract/profiling';
import type { Profile, ShapeRange } from '../contract/shape-profiles';
import type { ImportedRun } from '../contract/trtexec-results';
import { matrixTable, rowMetrics } from './matrix-table';
import { contentHash } from './model-upload';
import type { RemoteProfileRequest } from './remote-run';
import type { RunStore } from './run-store';
import { runProfileOn, slurmTargetOf } from './run-targets';
import { runSlurmArray, type ArrayCellOutcome } from './slurm-array';
import { ProfileCancelledError } from './trtexec-run';

export interface MatrixProfile {
  name: string;
  shapes?: Record<string, ShapeRange>;
}

export interface MatrixSpec {
  modelPath: string;
  /** The model's files, choices and node names; each cell sets its own shapes. */
  request: RemoteProfileRequest;
  hosts: ProfileHostConfig[];
  /** Container images; empty: each host's own trtexec (or image). */
  images: string[];
  /** Shape profiles; empty: one cell per host and image with the choices as they are. */
  profiles: MatrixProfile[];
  concurrency: number;
}

export interface MatrixCell {
  key: string;
  host: ProfileHostConfig;
  image?: string;
  profile: string;
  request: RemoteProfileRequest;
}

export type CellEvent =
  | { kind: 'stored' }
  | { kind: 'submitted'; slurmJob?: string }
  | { kind: 'pending'; reason?: string }
  | { kind: 'running'; node?: string }
  | { kind: 'done'; row: MatrixRow };

export interface MatrixHooks {
  /** Per-cell progress, in the order things happen. */
  onCell?: (cell: MatrixCell, event: CellEvent) => void;
  signal?: AbortSignal;
}

/** A profile the matrix cannot find among the model's (the message lists the ones there are). */
export class MatrixProfileError extends Error {}

/** The model's shape profiles as the matrix names them (p1, p2, … in `.modelready.json` order). */
export const namedProfiles = (saved: Profile[] | undefined): MatrixProfile[] =>
  (saved ?? []).map((shapes, i) => ({ name: `p${i + 1}`, shapes }));

/** The profiles `names` picks out of `all` (every one when `names` is empty). */
export function pickProfiles(all: MatrixProfile[], names: string[], model: string): MatrixProfile[] {
  if (names.length === 0) return all;
  return names.map((name) => {
    const found = all.find((p) => p.name === name);
    if (!found)
      throw new MatrixProfileError(
        `${path.basename(model)} has no profile "${name}" (profiles: ${all.map((p) => p.name).join(', ') || 'none'})`,
      );
    return found;
  });
}

/** A profile in one line: each input's min → max shape. */
export const profileSummary = (shapes: Profile | undefined): string =>
  Object.entries(shapes ?? {})
    .map(([input, r]) => `${input} ${r.min.join('×')} → ${r.max.join('×')}`)
    .join(', ');

/** A cell's event in words, for progress lines. */
export function describeCellEvent(event: CellEvent): string {
  switch (event.kind) {
    case 'stored':
      return 'already in the run store, not run again';
    case 'submitted':
      return event.slurmJob ? `submitted as Slurm array ${event.slurmJob}` : 'submitted';
    case 'pending':
      return `queued${event.reason ? ` (${event.reason})` : ''}`;
    case 'running':
      return `running${event.node ? ` on ${event.node}` : ''}`;
    case 'done':
      return event.row.ok
        ? `done: p50 ${event.row.p50Ms ?? '?'} ms, ${event.row.throughputQps ?? '?'} qps`
        : `failed: ${event.row.failure}`;
  }
}

/** The cells in row order (host, then image, then profile), each with its run-store key. */
export async function planMatrix(spec: MatrixSpec): Promise<MatrixCell[]> {
  const model = await contentHash(spec.request.files);
  const images = spec.images.length ? spec.images : [undefined];
  const profiles = spec.profiles.length ? spec.profiles : [{ name: 'static' }];
  const cells: MatrixCell[] = [];
  for (const host of spec.hosts)
    for (const image of images)
      for (const profile of profiles) {
        const choices = { ...spec.request.choices, ...(profile.shapes && { shapes: profile.shapes }) };
        const key = crypto
          .createHash('sha256')
          .update(JSON.stringify([model, host, image ?? null, choices]))
          .digest('hex')
          .slice(0, 32);
        cells.push({ key, host, image, profile: profile.name, request: { ...spec.request, choices } });
      }
  return cells;
}

function labelOf(cell: MatrixCell, tensorrtVersion?: string): string {
  const parts = [cell.host.name, cell.image, cell.profile, cell.request.choices.precision ?? 'fp32'];
  return [...parts, tensorrtVersion && `TensorRT ${tensorrtVersion}`].filter(Boolean).join(' · ');
}

const baseRow = (cell: MatrixCell) => ({
  key: cell.key,
  host: cell.host.name,
  image: cell.image,
  profile: cell.profile,
});

/** Runs at most `limit` of `jobs` at a time. */
async function pool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  const queue = [...jobs];
  const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  });
  await Promise.all(workers);
}

export async function runProfileMatrix(
  spec: MatrixSpec,
  store: RunStore,
  hooks: MatrixHooks = {},
): Promise<MatrixTable> {
  const cells = await planMatrix(spec);
  const rows = new Map<string, MatrixRow>();
  const finish = (cell: MatrixCell, row: MatrixRow) => {
    rows.set(cell.key, row);
    hooks.onCell?.(cell, { kind: 'done', row });
  };
  const store1 = (cell: MatrixCell, run: ImportedRun, latencySamplesMs?: number[], tensorrtVersion?: string) =>
    store.save(spec.modelPath, labelOf(cell, tensorrtVersion), run, new Date(), {
      engine: 'trtexec',
      latencySamplesMs,
      matrixCell: cell.key,
    });

  const todo: MatrixCell[] = [];
  for (const cell of cells) {
    const stored = store.findMatrixCell(spec.modelPath, cell.key);
    if (!stored) todo.push(cell);
    else {
      hooks.onCell?.(cell, { kind: 'stored' });
      finish(cell, {
        ...baseRow(cell),
        ok: true,
        fromStore: true,
        ...rowMetrics(stored.run, stored.latencySamplesMs),
        storedRunId: stored.id,
      });
    }
  }
  const byHost = new Map<string, MatrixCell[]>();
  for (const cell of todo) byHost.set(cell.host.name, [...(byHost.get(cell.host.name) ?? []), cell]);

  const sequential = (hostCells: MatrixCell[]) => async () => {
    for (const cell of hostCells) {
      if (hooks.signal?.aborted) throw new ProfileCancelledError('profile matrix cancelled');
      hooks.onCell?.(cell, { kind: 'running' });
      const host = { ...cell.host, containerImage: cell.image ?? cell.host.containerImage };
      try {
        const result = await runProfileOn(host, cell.request, { signal: hooks.signal });
        const saved = store1(cell, result.run, result.latencySamplesMs, result.tensorrtVersion);
        finish(cell, {
          ...baseRow(cell),
          ok: true,
          fromStore: false,
          ...rowMetrics(result.run, result.latencySamplesMs),
          storedRunId: saved.id,
        });
      } catch (error) {
        if (error instanceof ProfileCancelledError) throw error;
        finish(cell, { ...baseRow(cell), ok: false, fromStore: false, failure: messageOf(error) });
      }
    }
  };

  const asArray = (hostCells: MatrixCell[]) => async () => {
    const host = hostCells[0].host;
    const byKey = new Map(hostCells.map((c) => [c.key, c]));
    const journal = store.sideFile(spec.modelPath, `matrix-${hashOf(host.name)}.slurm-journal`);
    fs.mkdirSync(path.dirname(journal), { recursive: true });
    const onCellDone = (key: string, outcome: ArrayCellOutcome) => {
      const cell = byKey.get(key)!;
      const slurmJob = outcome.slurm?.jobId;
      if (!outcome.ok)
        return finish(cell, { ...baseRow(cell), ok: false, fromStore: false, failure: outcome.message, slurmJob });
      const saved = store1(cell, outcome.run, outcome.latencySamplesMs, outcome.run.summary.tensorrtVersion);
      finish(cell, {
        ...baseRow(cell),
        ok: true,
        fromStore: false,
        ...rowMetrics(outcome.run, outcome.latencySamplesMs),
        storedRunId: saved.id,
        slurmJob,
      });
    };
    try {
      await runSlurmArray(
        slurmTargetOf(host),
        hostCells.map((c) => ({ key: c.key, request: c.request, image: c.image })),
        journal,
        {
          signal: hooks.signal,
          onCellDone,
          onSubmitted: (jobId) => hostCells.forEach((c) => hooks.onCell?.(c, { kind: 'submitted', slurmJob: jobId })),
          onCellState: (key, status) => {
            const cell = byKey.get(key)!;
            if (status.state === 'PENDING') hooks.onCell?.(cell, { kind: 'pending', reason: status.reason });
            else if (status.state === 'RUNNING') hooks.onCell?.(cell, { kind: 'running', node: status.node });
          },
        },
        spec.concurrency,
      );
    } catch (error) {
      if (error instanceof ProfileCancelledError) throw error;
      // The host failed as a whole (login refused, sbatch refused, connection lost): its open cells fail with it.
      for (const cell of hostCells)
        if (!rows.has(cell.key))
          finish(cell, { ...baseRow(cell), ok: false, fromStore: false, failure: messageOf(error) });
    }
  };

  await pool(
    [...byHost.values()].map((hostCells) => (hostCells[0].host.kind === 'slurm' ? asArray : sequential)(hostCells)),
    spec.concurrency,
  );
  return matrixTable(
    spec.modelPath,
    cells.map((c) => rows.get(c.key)!),
  );
}

const hashOf = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
